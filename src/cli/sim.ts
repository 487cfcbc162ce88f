// `kuber-p2p sim`: run a scenario on N simulated nodes in virtual time (src/simulator/),
// print the seed first and a summary at the end, write the JSON and HTML reports, and exit
// 1 when an invariant broke (with the replay command). `--seeds A..B` sweeps seeds and
// names the failed ones, each replayable alone with --seed. `--scenario attacks` runs every
// attack in turn with one seed into one report comparing them.
import { writeFileSync } from 'node:fs'
import { ConfigError, ErrorCodes } from '../errors.js'
import type { PerfRecord } from '../simulator/run.js'
import type { SimReport } from '../simulator/report.js'
import type { Scenario } from '../simulator/scenario.js'

/** Heap a simulated node takes, about (peak RSS over nodes at 1,000 and 10,000 nodes). */
const MB_PER_NODE = 0.6

export interface SimOptions {
  nodes?: number
  seed?: number
  seeds?: string
  scenario: string
  out?: string
  html?: string
  blocks?: number
  attack?: string
  byzantine?: number
  quiet?: boolean
}

export async function simCommand (opts: SimOptions): Promise<void> {
  const { SUITES } = await import('../simulator/scenario.js')
  const suite = SUITES[opts.scenario]
  if (suite !== undefined && opts.seeds !== undefined) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `--seeds: the set "${opts.scenario}" runs with one --seed (sweep one of its scenarios instead: ${suite.join(', ')})`)
  if (suite !== undefined && opts.attack !== undefined) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `--attack: the set "${opts.scenario}" runs each of ${suite.join(', ')} in turn`)
  const scenarios = await Promise.all((suite ?? [opts.scenario]).map(async (name) => await scenarioOf(name, opts)))
  const { getHeapStatistics } = await import('node:v8')
  const heapMb = getHeapStatistics().heap_size_limit / 2 ** 20
  const needMb = Math.max(...scenarios.map((s) => s.nodes)) * MB_PER_NODE
  if (needMb > heapMb) process.stderr.write(`kuber-p2p sim: ${scenarios[0]!.nodes} nodes need about ${Math.ceil(needMb / 1024)} GiB of heap, the limit is ${(heapMb / 1024).toFixed(1)} GiB: run with NODE_OPTIONS=--max-old-space-size=${Math.ceil(needMb * 1.5 / 1024) * 1024}\n`)
  const replay = (name: string, seed: number): string => `kuber-p2p sim --scenario ${name} --nodes ${scenarios[0]!.nodes}${opts.blocks !== undefined ? ` --blocks ${opts.blocks}` : ''}${opts.attack !== undefined ? ` --attack ${opts.attack}` : ''}${opts.byzantine !== undefined ? ` --byzantine ${opts.byzantine}` : ''} --seed ${seed}`
  if (suite !== undefined) await runSet(opts, scenarios, suite, replay)
  else if (opts.seeds !== undefined) await sweep(opts, scenarios[0]!, seedRange(opts.seeds), replay)
  else await runOne(opts, scenarios[0]!, replay)
}

type Replay = (name: string, seed: number) => string

/** A preset or file with the command line's overrides on top. */
async function scenarioOf (name: string, opts: SimOptions): Promise<Scenario> {
  const { loadScenario, ATTACKS } = await import('../simulator/scenario.js')
  const overrides: Record<string, unknown> = {}
  if (opts.nodes !== undefined) overrides.nodes = opts.nodes
  const base = loadScenario(name)
  if (opts.blocks !== undefined) overrides.blocks = { ...base.blocks, count: opts.blocks }
  if (opts.attack !== undefined || opts.byzantine !== undefined) {
    if (opts.attack !== undefined && !(ATTACKS as readonly string[]).includes(opts.attack)) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `--attack: got "${opts.attack}", expected one of ${ATTACKS.join(', ')}`)
    overrides.attack = { ...base.attack, ...(opts.attack === undefined ? {} : { kind: opts.attack }), ...(opts.byzantine === undefined ? {} : { share: opts.byzantine }) }
  }
  return loadScenario(name, overrides)
}

const progressLog = (opts: SimOptions) => (line: string): void => { if (opts.quiet !== true) process.stderr.write(`  ${line}\n`) }

function printPerf (perf: PerfRecord): void {
  process.stdout.write(`wall ${perf.wall_s} s (setup ${perf.setup_s} s), CPU ${perf.cpu_s} s, ${perf.events} events (${perf.events_per_s}/s), peak RSS ${perf.peak_rss_mb} MB\n`)
}

function failure (report: SimReport): string {
  const v = report.invariants.first!
  return `${v.invariant} at ${v.atMs} ms, node ${v.node}: ${v.detail}`
}

async function runOne (opts: SimOptions, scenario: Scenario, replay: Replay): Promise<void> {
  const { runScenario } = await import('../simulator/run.js')
  const seed = opts.seed ?? 1
  process.stdout.write(`kuber sim: seed ${seed}, scenario ${scenario.name}, ${scenario.nodes} nodes\n`)
  const { report, perf } = await runScenario(scenario, seed, progressLog(opts))
  await writeReports(opts, report, [report])
  const { summaryLines } = await import('../simulator/summary.js')
  for (const line of summaryLines(report)) process.stdout.write(`${line}\n`)
  printPerf(perf)
  if (!report.passed) {
    process.stdout.write(`FAILED seed ${seed}: ${failure(report)}\nreplay: ${replay(opts.scenario, seed)}\n`)
    process.exitCode = 1
  }
}

/** Every scenario of a set (`attacks`) with one seed: one line each, one JSON and one HTML report comparing them. */
async function runSet (opts: SimOptions, scenarios: Scenario[], names: string[], replay: Replay): Promise<void> {
  const { runScenario } = await import('../simulator/run.js')
  const { setLine } = await import('../simulator/summary.js')
  const seed = opts.seed ?? 1
  process.stdout.write(`kuber sim: seed ${seed}, set ${opts.scenario} (${names.join(', ')}), ${scenarios[0]!.nodes} nodes each\n`)
  const reports: SimReport[] = []
  let wall = 0
  for (const scenario of scenarios) {
    const { report, perf } = await runScenario(scenario, seed, progressLog(opts))
    reports.push(report)
    wall += perf.wall_s
    process.stdout.write(`${setLine(report)}\n`)
  }
  await writeReports(opts, { kuber_sim: 1, set: opts.scenario, seed, runs: reports }, reports)
  const failed = reports.filter((r) => !r.passed)
  process.stdout.write(`${reports.length - failed.length} passed, ${failed.length} failed (wall ${wall.toFixed(1)} s)\n`)
  for (const [k, r] of reports.entries()) if (!r.passed) process.stdout.write(`FAILED ${names[k]}: ${failure(r)}\nreplay: ${replay(names[k]!, seed)}\n`)
  if (failed.length > 0) process.exitCode = 1
}

async function sweep (opts: SimOptions, scenario: Scenario, seeds: number[], replay: Replay): Promise<void> {
  const { runScenario } = await import('../simulator/run.js')
  process.stdout.write(`kuber sim: seeds ${seeds[0]}..${seeds[seeds.length - 1]}, scenario ${scenario.name}, ${scenario.nodes} nodes\n`)
  const results: Array<{ seed: number, passed: boolean, first: unknown }> = []
  for (const seed of seeds) {
    const { report } = await runScenario(scenario, seed)
    results.push({ seed, passed: report.passed, first: report.invariants.first })
    process.stdout.write(`seed ${seed}: ${report.passed ? 'passed' : `FAILED ${failure(report)}`} (delivery ${report.delivery.honest_fraction}, T_prop p99 ${report.t_prop_ms.p99} ms)\n`)
  }
  const failed = results.filter((r) => !r.passed)
  if (opts.out !== undefined) writeFileSync(opts.out, JSON.stringify({ scenario, seeds: results }, null, 2) + '\n')
  process.stdout.write(`${results.length - failed.length} passed, ${failed.length} failed\n`)
  for (const r of failed) process.stdout.write(`replay: ${replay(opts.scenario, r.seed)}\n`)
  if (failed.length > 0) process.exitCode = 1
}

async function writeReports (opts: SimOptions, json: unknown, reports: SimReport[]): Promise<void> {
  if (opts.out !== undefined) writeFileSync(opts.out, JSON.stringify(json, null, 2) + '\n')
  if (opts.html !== undefined) writeFileSync(opts.html, (await import('../simulator/html.js')).renderHtml(reports))
}

/** "A..B" (inclusive) as a list of seeds. */
export function seedRange (text: string): number[] {
  const m = /^(\d+)\.\.(\d+)$/.exec(text)
  if (m === null) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `--seeds: got "${text}", expected A..B (e.g. 1..20)`)
  const [a, b] = [Number(m[1]), Number(m[2])]
  if (b < a || b - a >= 10_000) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `--seeds: ${text} must be increasing and hold at most 10 000 seeds`)
  return Array.from({ length: b - a + 1 }, (_, k) => a + k)
}
