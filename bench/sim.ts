// `npm run bench -- sim`: the simulator at scale. For each size, one run of the
// propagation scenario (six regions, 100 Mbit/s uplinks, each node dialling `degree`
// others: about twice that many links each, `blocks` blocks from rotating proposers) in a
// child process with a large heap; wall time, simulated events per second, peak RSS, and
// T_prop against the shortest-path bound. Wall time depends on the machine's load (the
// load average is recorded), CPU seconds much less; events/s (per wall second) and peak RSS less so.
//
// Flags: --nodes 1000,10000 --blocks 100 --degree 4 --seed 1 --heap-mb 16384
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseFlags } from './lib/stats.js'
import type { BenchResult } from './run.js'
import type { PerfRecord } from '../src/simulator/run.js'

interface Run extends PerfRecord {
  nodes: number
  links: number
  blocks: number
  t_prop_ms: { p50: number, p99: number, max: number }
  bound_ms: { p50: number, p99: number }
  t_prop_vs_bound: { p50: number, p99: number }
  t_prop_p99_vs_bound_p99: number
  delivery: number
  duplicates_per_node_per_message: number
  bytes_per_node_per_block: number
  invariants_ok: boolean
  load_average: [number, number]
}

const CHILD = fileURLToPath(new URL('./lib/sim-child.ts', import.meta.url))

async function runOne (nodes: number, blocks: number, degree: number, seed: number, heapMb: number): Promise<Run> {
  const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, '--max-semi-space-size=32', '--import', 'tsx', CHILD, String(nodes), String(blocks), String(degree), String(seed)], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (d: Buffer) => { out += d.toString() })
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  if (code !== 0) throw new Error(`simulator run of ${nodes} nodes exited with ${code}`)
  const { report: r, perf, load } = JSON.parse(out.trim().split('\n').pop()!)
  return {
    nodes,
    links: r.links,
    blocks: r.blocks.published,
    ...(perf as PerfRecord),
    t_prop_ms: r.t_prop_ms,
    bound_ms: { p50: r.bound_ms.p50, p99: r.bound_ms.p99 },
    t_prop_vs_bound: r.t_prop_vs_bound,
    t_prop_p99_vs_bound_p99: Math.round(r.t_prop_ms.p99 / r.bound_ms.p99 * 1000) / 1000,
    delivery: r.delivery.honest_fraction,
    duplicates_per_node_per_message: r.duplicates_per_node_per_message,
    bytes_per_node_per_block: r.bytes_per_node_per_block,
    invariants_ok: r.passed,
    load_average: load.map((x: number) => Math.round(x * 10) / 10)
  }
}

export async function run (args: string[]): Promise<BenchResult> {
  const f = parseFlags(args, { nodes: '1000,10000', blocks: '100', degree: '4', seed: '1', 'heap-mb': '16384' })
  const runs: Run[] = []
  for (const n of f.nodes!.split(',').map(Number)) {
    process.stderr.write(`sim bench: ${n} nodes, ${f.blocks} blocks\n`)
    runs.push(await runOne(n, Number(f.blocks), Number(f.degree), Number(f.seed), Number(f['heap-mb'])))
  }
  const head = '| nodes | links | blocks | wall s | CPU s | nodes up s | links up s | events/s | peak RSS MB | T_prop p50 / p99 ms | bound p50 / p99 ms | T_prop/bound p50 / p99 | p99 / bound p99 | delivery | dup/node/msg | load avg |'
  const rows = runs.map((x) => `| ${x.nodes.toLocaleString('en')} | ${x.links.toLocaleString('en')} | ${x.blocks} | ${x.wall_s.toFixed(0)} | ${x.cpu_s.toFixed(0)} | ${x.setup_s.toFixed(0)} | ${x.connected_s.toFixed(0)} | ${x.events_per_s.toLocaleString('en')} | ${x.peak_rss_mb.toLocaleString('en')} | ${x.t_prop_ms.p50.toFixed(0)} / ${x.t_prop_ms.p99.toFixed(0)} | ${x.bound_ms.p50.toFixed(0)} / ${x.bound_ms.p99.toFixed(0)} | ${x.t_prop_vs_bound.p50} / ${x.t_prop_vs_bound.p99} | ${x.t_prop_p99_vs_bound_p99} | ${(x.delivery * 100).toFixed(1)}% | ${x.duplicates_per_node_per_message} | ${x.load_average.join(' → ')} |`)
  return {
    json: { bench: 'sim', params: f, runs },
    table: [head, '|' + '---|'.repeat(head.split('|').length - 2), ...rows].join('\n')
  }
}
