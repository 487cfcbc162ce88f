// `kuber-p2p sim`: run a scenario on N simulated nodes in virtual time (src/simulator/),
// print the seed first and a summary at the end, write the JSON and HTML reports, and exit
// 1 when an invariant broke (with the replay command). `--seeds A..B` sweeps seeds and
// names the failed ones, each replayable alone with --seed.
import { writeFileSync } from 'node:fs'
import { ConfigError, ErrorCodes } from '../errors.js'

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
  const { loadScenario, ATTACKS } = await import('../simulator/scenario.js')
  const { runScenario } = await import('../simulator/run.js')
  const overrides: Record<string, unknown> = {}
  if (opts.nodes !== undefined) overrides.nodes = opts.nodes
  const base = loadScenario(opts.scenario)
  if (opts.blocks !== undefined) overrides.blocks = { ...base.blocks, count: opts.blocks }
  if (opts.attack !== undefined || opts.byzantine !== undefined) {
    if (opts.attack !== undefined && !(ATTACKS as readonly string[]).includes(opts.attack)) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `--attack: got "${opts.attack}", expected one of ${ATTACKS.join(', ')}`)
    overrides.attack = { ...base.attack, ...(opts.attack === undefined ? {} : { kind: opts.attack }), ...(opts.byzantine === undefined ? {} : { share: opts.byzantine }) }
  }
  const scenario = loadScenario(opts.scenario, overrides)
  const { getHeapStatistics } = await import('node:v8')
  const heapMb = getHeapStatistics().heap_size_limit / 2 ** 20
  const needMb = scenario.nodes * MB_PER_NODE
  if (needMb > heapMb) process.stderr.write(`kuber-p2p sim: ${scenario.nodes} nodes need about ${Math.ceil(needMb / 1024)} GiB of heap, the limit is ${(heapMb / 1024).toFixed(1)} GiB: run with NODE_OPTIONS=--max-old-space-size=${Math.ceil(needMb * 1.5 / 1024) * 1024}\n`)
  const log = (line: string): void => { if (opts.quiet !== true) process.stderr.write(`  ${line}\n`) }
  const seeds = opts.seeds !== undefined ? seedRange(opts.seeds) : [opts.seed ?? 1]
  const replay = (seed: number): string => `kuber-p2p sim --scenario ${opts.scenario} --nodes ${scenario.nodes}${opts.blocks !== undefined ? ` --blocks ${opts.blocks}` : ''}${opts.attack !== undefined ? ` --attack ${opts.attack}` : ''}${opts.byzantine !== undefined ? ` --byzantine ${opts.byzantine}` : ''} --seed ${seed}`

  if (seeds.length === 1) {
    const seed = seeds[0]!
    process.stdout.write(`kuber sim: seed ${seed}, scenario ${scenario.name}, ${scenario.nodes} nodes\n`)
    const { report, perf } = await runScenario(scenario, seed, log)
    const { renderHtml } = await import('../simulator/html.js')
    if (opts.out !== undefined) writeFileSync(opts.out, JSON.stringify(report, null, 2) + '\n')
    if (opts.html !== undefined) writeFileSync(opts.html, renderHtml(report))
    const { summaryLines } = await import('../simulator/summary.js')
    for (const line of summaryLines(report)) process.stdout.write(`${line}\n`)
    process.stdout.write(`wall ${perf.wall_s} s (setup ${perf.setup_s} s), ${perf.events} events (${perf.events_per_s}/s), peak RSS ${perf.peak_rss_mb} MB\n`)
    if (!report.passed) {
      const v = report.invariants.first!
      process.stdout.write(`FAILED seed ${seed}: ${v.invariant} at ${v.atMs} ms, node ${v.node}: ${v.detail}\nreplay: ${replay(seed)}\n`)
      process.exitCode = 1
    }
    return
  }

  process.stdout.write(`kuber sim: seeds ${seeds[0]}..${seeds[seeds.length - 1]}, scenario ${scenario.name}, ${scenario.nodes} nodes\n`)
  const results: Array<{ seed: number, passed: boolean, first: unknown }> = []
  for (const seed of seeds) {
    const { report } = await runScenario(scenario, seed)
    const v = report.invariants.first
    results.push({ seed, passed: report.passed, first: v })
    process.stdout.write(`seed ${seed}: ${report.passed ? 'passed' : `FAILED ${v!.invariant} at ${v!.atMs} ms, node ${v!.node}: ${v!.detail}`} (delivery ${report.delivery.honest_fraction}, T_prop p99 ${report.t_prop_ms.p99} ms)\n`)
  }
  const failed = results.filter((r) => !r.passed)
  if (opts.out !== undefined) writeFileSync(opts.out, JSON.stringify({ scenario, seeds: results }, null, 2) + '\n')
  process.stdout.write(`${results.length - failed.length} passed, ${failed.length} failed\n`)
  for (const r of failed) process.stdout.write(`replay: ${replay(r.seed)}\n`)
  if (failed.length > 0) process.exitCode = 1
}

/** "A..B" (inclusive) as a list of seeds. */
export function seedRange (text: string): number[] {
  const m = /^(\d+)\.\.(\d+)$/.exec(text)
  if (m === null) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `--seeds: got "${text}", expected A..B (e.g. 1..20)`)
  const [a, b] = [Number(m[1]), Number(m[2])]
  if (b < a || b - a >= 10_000) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `--seeds: ${text} must be increasing and hold at most 10 000 seeds`)
  return Array.from({ length: b - a + 1 }, (_, k) => a + k)
}
