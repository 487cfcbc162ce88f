// One simulator run of `npm run bench -- sim`, in its own process (so its peak RSS is its
// own): the propagation scenario at the given size, printed as one JSON line.
import { loadavg } from 'node:os'
import { loadScenario } from '../../src/simulator/scenario.js'
import { runScenario } from '../../src/simulator/run.js'

const [nodes, blocks, degree, seed] = process.argv.slice(2).map(Number) as [number, number, number, number]
const base = loadScenario('propagation')
const scenario = loadScenario('propagation', { nodes, degree, livenessMs: 2000, blocks: { ...base.blocks, count: blocks } })
const loadBefore = loadavg()[0]!
const { report, perf } = await runScenario(scenario, seed, (line) => process.stderr.write(`  [${nodes}] ${line}\n`))
process.stdout.write(JSON.stringify({ report: { ...report, charts: undefined, topology: undefined }, perf, load: [loadBefore, loadavg()[0]!] }) + '\n')
process.exit(0)
