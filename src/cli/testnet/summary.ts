// What a testnet run reports: the JSON summary's shape, and the short table it prints (the
// run, one line per host, the block figures, each perturbation and how long the host took
// to be back at the head, convergence and what was left behind).
import { STARVED_CPU_WAIT_MS, STARVED_LOOP_MS, type RunFigures } from './figures.js'
import type { LinkSettings, Perturbation } from './manifest.js'
import type { LoadCounts } from './events.js'

export interface HostSummary {
  host: number
  address: string
  validator: boolean
  peer_id: string | undefined
  link: LinkSettings
  joined_at_s: number
  restarts: number
  /** With loss by iptables: this host's packets the kernel dropped on the way (over the whole run). */
  packets_dropped?: number
  height: number
  hash: string | undefined
  app_hash: string | undefined
  per_block: { msgs_in: number, msgs_out: number, bytes_in: number, bytes_out: number }
}

export interface RunSummary {
  run: {
    prefix: string
    hosts: number
    validators: number
    seconds: number
    block_interval_ms: number
    tx_rate: number
    bandwidth: string
    /** How delay and jitter were made, and loss. */
    impairment: 'netem' | 'wrapper'
    loss_by: 'netem' | 'iptables' | 'wrapper'
    impairment_note: string
    /** Whether the nodes sync state by snapshot (a late host restores one) or only by blocks. */
    state_sync: boolean
    state_sync_note: string
    kernel: string
    cores: number
    load_average: { start: number, end: number }
  }
  hosts: HostSummary[]
  blocks: RunFigures['blocks']
  event_loop_delay_ms: RunFigures['event_loop_delay_ms']
  cpu_wait_ms: RunFigures['cpu_wait_ms']
  perturbations: Array<Perturbation & RunFigures['perturbations'][number]>
  converged: { all_equal: boolean, height: number | null, hash: string | null, app_hash: string | null, detail: string }
  load: LoadCounts
  /** What was still there after the teardown (all empty when the cleanup worked). */
  left_behind: { netns: string[], links: string[], processes: number[] }
}

const ms = (x: number | null | undefined): string => x === null || x === undefined ? 'never' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`
const short = (h: string | undefined | null): string => h === undefined || h === null ? '-' : h.slice(0, 12)

export function formatSummary (s: RunSummary): string {
  const r = s.run
  const lines: string[] = []
  lines.push(`kuber testnet ${r.prefix}: ${r.hosts} hosts (${r.validators} validators), ${r.seconds} s, a block every ${r.block_interval_ms} ms, ${r.tx_rate} tx/s, ${r.bandwidth} per host`)
  lines.push(`${r.impairment_note}; load average ${r.load_average.start} → ${r.load_average.end} on ${r.cores} cores`)
  if (s.perturbations.some((p) => p.kind === 'join')) lines.push(r.state_sync_note)
  lines.push('')
  const drops = s.hosts.some((h) => h.packets_dropped !== undefined)
  lines.push(`host  address      role       delay      loss   ${drops ? 'dropped ' : ''}joined  restarts  height  app_hash      msgs/block in/out  bytes/block in/out`)
  for (const h of s.hosts) {
    const link = `${h.link.delayMs}±${h.link.jitterMs} ms`
    lines.push(`h${String(h.host).padEnd(4)}${h.address.padEnd(13)}${(h.validator ? 'validator' : 'full').padEnd(11)}${link.padEnd(11)}${String(h.link.loss).padEnd(7)}${drops ? String(h.packets_dropped ?? '-').padEnd(8) : ''}${`${h.joined_at_s} s`.padEnd(8)}${String(h.restarts).padEnd(10)}${String(h.height).padEnd(8)}${short(h.app_hash).padEnd(14)}${`${h.per_block.msgs_in}/${h.per_block.msgs_out}`.padEnd(19)}${h.per_block.bytes_in}/${h.per_block.bytes_out}`)
  }
  const b = s.blocks
  lines.push('')
  lines.push(`blocks: ${b.count} made in the run (${b.txs} txs), ${b.propagation_ms.samples} measured with every steady host${b.missing_copies > 0 ? `, ${b.missing_copies} copies never seen` : ''}`)
  lines.push(`  propagation to all hosts: p50 ${ms(b.propagation_ms.p50)}, p99 ${ms(b.propagation_ms.p99)}, max ${ms(b.propagation_ms.max)}`)
  const u = b.propagation_unstarved_ms
  lines.push(`    of which ${u.samples} with no host starved (no event-loop stall of ${STARVED_LOOP_MS} ms, no CPU wait of ${STARVED_CPU_WAIT_MS} ms a second on the way): p50 ${ms(u.p50)}, p99 ${ms(u.p99)}, max ${ms(u.max)}`)
  lines.push(`  final on all hosts:       p50 ${ms(b.finality_ms.p50)}, p99 ${ms(b.finality_ms.p99)}, max ${ms(b.finality_ms.max)}`)
  const loop = s.event_loop_delay_ms
  const cpu = s.cpu_wait_ms
  lines.push(`  nodes' event-loop delay (each second's p99): p50 ${ms(loop.p50)}, p99 ${ms(loop.p99)}, max ${ms(loop.max)}; CPU wait a second: p50 ${ms(cpu.p50)}, p99 ${ms(cpu.p99)}${loop.p99 >= STARVED_LOOP_MS || cpu.p50 >= STARVED_CPU_WAIT_MS ? ' (the machine is starving the nodes: figures include that wait)' : ''}`)
  if (s.perturbations.length > 0) {
    lines.push('perturbations (back at head: from its end until the host had the head again):')
    for (const p of s.perturbations) {
      const span = 'for' in p ? ` for ${p.for} s` : ''
      const synced = p.blocks_by_sync > 0 ? `, ${p.blocks_by_sync} blocks by block sync` : ''
      const extra = p.resumed_height !== undefined ? ` (resumed from stored height ${p.resumed_height}${synced})` : p.synced_by !== undefined ? ` (synced by ${p.synced_by === 'snapshot' ? `snapshot of height ${p.snapshot_height}` : 'blocks'}${synced})` : synced === '' ? '' : ` (${synced.slice(2)})`
      lines.push(`  ${String(p.at).padStart(5)} s  ${`${p.kind} h${p.host}${span}`.padEnd(24)} back at head after ${ms(p.back_at_head_ms)}${extra}`)
    }
  }
  lines.push(`converged: ${s.converged.all_equal ? 'yes' : 'NO'}: ${s.converged.detail}${s.converged.app_hash === null ? '' : ` (hash ${short(s.converged.hash)}, app_hash ${short(s.converged.app_hash)})`}`)
  lines.push(`load: ${s.load.submitted} submitted, ${s.load.accepted} accepted, ${s.load.refused} refused, ${s.load.failed} failed (node unreachable)`)
  const left = s.left_behind
  const leftCount = left.netns.length + left.links.length + left.processes.length
  lines.push(`left behind: ${leftCount === 0 ? 'nothing' : `namespaces ${left.netns.join(' ') || '-'}, links ${left.links.join(' ') || '-'}, processes ${left.processes.join(' ') || '-'}`}`)
  return lines.join('\n')
}
