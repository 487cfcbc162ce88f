// Benchmark runner: `npm run bench -- NAME [flags]` runs bench/NAME.ts, prints its table
// and writes bench/results/<file>.json. Benchmarks are never timed tests.
import { writeFileSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export interface BenchResult {
  /** File name under bench/results/, without .json (default: the bench name). */
  file?: string
  json: unknown
  table: string
}

const benches: Record<string, () => Promise<{ run(args: string[]): Promise<BenchResult> }>> = {
  blocksync: async () => await import('./blocksync.js'),
  channel: async () => await import('./channel.js'),
  gossip: async () => await import('./gossip.js'),
  priority: async () => await import('./priority.js'),
  light: async () => await import('./light.js'),
  sim: async () => await import('./sim.js'),
  statesync: async () => await import('./statesync.js')
}

const [name, ...args] = process.argv.slice(2)
const load = name === undefined ? undefined : benches[name]
if (load === undefined) {
  process.stderr.write(`usage: npm run bench -- NAME [flags]\nbenchmarks: ${Object.keys(benches).join(', ')}\n`)
  process.exit(2)
}
const result = await (await load()).run(args)
const dir = fileURLToPath(new URL('./results/', import.meta.url))
mkdirSync(dir, { recursive: true })
const path = `${dir}${result.file ?? name}.json`
writeFileSync(path, JSON.stringify(result.json, null, 2) + '\n')
process.stdout.write(result.table + '\n')
process.stderr.write(`wrote ${path}\n`)
process.exit(0)
