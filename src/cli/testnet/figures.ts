// The figures of a testnet run, from the hosts' event timelines (one monotonic clock for
// all, see events.ts) and the harness's record of what it did when:
// - per block: propagation, the time from its proposal until every steady host had it
//   (its first valid copy, gossip's job), and finality, until every steady host had it
//   final; p50, p99 and max over the blocks proposed during the run. A host is steady for a
//   block when no perturbation of it (from its start until it was back at the head) falls
//   within a second before the proposal or within AFTER_RECOVERY_MS after: a killed,
//   cut-off, paused, impaired or
//   not-yet-synced host says nothing about propagation. Blocks whose proposer is not steady
//   are left out the same way. Each block also carries how starved its hosts were in the
//   seconds it travelled: the longest event-loop stall and the longest CPU wait (a
//   runnable process given no CPU, from schedstat) of one host in one second. Propagation
//   is given over all blocks and over those whose hosts were not starved (both below
//   STARVED_LOOP_MS and STARVED_CPU_WAIT_MS): on a loaded machine the first measures the
//   machine, the second the network.
// - per host: messages and bytes in and out per block (its traffic counters over the run,
//   summed over restarts, divided by the blocks made in the run).
// - per perturbation: the time from its end (restart, link up, SIGCONT, start of a late
//   host, impairment lifted) until the host was back at the head: the first block it made
//   final after the end at a height at least as high as every other host had (for a
//   raised latency, 0 if it was at the head when it ended: it never left the network; a
//   host that was cut off or paused must have heard from the network again, even if
//   the others stalled without it).

export interface FinalRecord { t: number, h: number, hash: string, app_hash: string, txs: number }
export interface CandidateRecord { t: number, h: number, hash: string, from: string | null }
export interface StatsRecord {
  t: number
  incarnation: number
  msgs_in: number
  msgs_out: number
  bytes_in: number
  bytes_out: number
  loop_p99_ms: number
  /** The longest the event loop ran late in that second (one stall shows here, not in the p99). */
  loop_max_ms: number
  /** How long its main thread waited for a CPU in that second (runnable, but the machine gave it none). */
  cpu_wait_ms: number
  /** Blocks this incarnation made final by block sync (fetched with their commit) so far. */
  final_by_sync: number
}

export interface HostTimeline {
  host: number
  /** 'up' events: when each incarnation started and at which stored height. */
  ups: Array<{ t: number, incarnation: number, height: number }>
  finals: FinalRecord[]
  candidates: CandidateRecord[]
  stats: StatsRecord[]
  snapshots: Array<{ t: number, h: number }>
}

export interface PerturbationRecord {
  kind: 'kill' | 'disconnect' | 'pause' | 'join' | 'impair'
  host: number
  /** Monotonic ms when it was applied, and when it ended (undefined: it never did). */
  startedAt: number
  endedAt: number | undefined
}

export interface Distribution { p50: number, p99: number, max: number, samples: number }

export interface PerturbationFigures {
  /** ms from the end of the perturbation until the host was back at the head (null: never). */
  back_at_head_ms: number | null
  /** The height an incarnation started at (kill: the stored height it resumed from). */
  resumed_height?: number
  /** Blocks the host made final by block sync from the start of the perturbation until it was back at the head (a restarted or late node: all of its incarnation's until then). */
  blocks_by_sync: number
  /** join: how the host caught up (blocks: by block sync from the genesis). */
  synced_by?: 'snapshot' | 'blocks'
  /** join by snapshot: the height of the snapshot it restored. */
  snapshot_height?: number
}

/** One block of the run: who proposed it, and (when every steady host had it) how long it took to reach the last one and to be final on all; how starved its hosts were meanwhile (the worst event-loop stall, the most CPU wait of one host, per second). */
export interface BlockFigures { h: number, proposer: number, txs: number, hosts: number, propagation_ms: number | null, last: number | null, finality_ms: number | null, loop_ms: number | null, cpu_wait_ms: number | null }

export interface RunFigures {
  blocks: {
    count: number
    txs: number
    measured: number
    missing_copies: number
    propagation_ms: Distribution
    /** Over the blocks whose hosts were not starved (event-loop stalls below STARVED_LOOP_MS, CPU waits below STARVED_CPU_WAIT_MS a second). */
    propagation_unstarved_ms: Distribution
    finality_ms: Distribution
    heights: BlockFigures[]
  }
  per_block: Array<{ host: number, msgs_in: number, msgs_out: number, bytes_in: number, bytes_out: number }>
  /** The nodes' event-loop delay during the run: each second's p99, over every steady host and second (how starved the processes were). */
  event_loop_delay_ms: Distribution
  /** How long the nodes' main threads waited for a CPU, each second, over every steady host and second. */
  cpu_wait_ms: Distribution
  perturbations: PerturbationFigures[]
}

/** A host is not steady this long before a perturbation of it starts ... */
export const BEFORE_PERTURBATION_MS = 1000
/** ... nor this long after it is back at the head (TCP's retransmission backoff after a cut is still unwinding). */
export const AFTER_RECOVERY_MS = 5000
/** Counters come once a second: the first report after a moment covers it. */
const STATS_SLACK_MS = 1000
/** A process whose event loop ran this late while a block was on its way, or that waited this long for a CPU in one of those seconds, was starved by its machine: the block measures the machine. */
export const STARVED_LOOP_MS = 50
export const STARVED_CPU_WAIT_MS = 50

/** Nearest-rank percentiles (zeros when there are no samples). */
export function distribution (xs: number[]): Distribution {
  if (xs.length === 0) return { p50: 0, p99: 0, max: 0, samples: 0 }
  const s = [...xs].sort((a, b) => a - b)
  const rank = (p: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!
  return { p50: round1(rank(0.5)), p99: round1(rank(0.99)), max: round1(s.at(-1)!), samples: s.length }
}

const round1 = (x: number): number => Math.round(x * 10) / 10

/** The highest height `host` had made final at time t (0 if none). */
function heightAt (host: HostTimeline, t: number): number {
  let h = 0
  for (const f of host.finals) if (f.t <= t && f.h > h) h = f.h
  return h
}

function backAtHead (p: PerturbationRecord, hosts: HostTimeline[]): number | null {
  if (p.endedAt === undefined) return null
  const end = p.endedAt
  const self = hosts.find((h) => h.host === p.host)
  if (self === undefined) return null
  const others = hosts.filter((h) => h.host !== p.host)
  const head = (t: number): number => Math.max(0, ...others.map((o) => heightAt(o, t)))
  if (p.kind === 'impair' && heightAt(self, end) >= head(end)) return 0
  for (const f of [...self.finals].sort((a, b) => a.t - b.t)) {
    if (f.t < end) continue
    if (f.h >= head(f.t)) return Math.round(f.t - end)
  }
  return null
}

/** Blocks `host` made final by block sync between the start of `p` and its return to the head (or the end of its timeline). */
function blocksBySync (host: HostTimeline, p: PerturbationRecord, back: number | null): number {
  const until = p.endedAt === undefined || back === null ? Infinity : p.endedAt + back
  const after = host.stats.filter((s) => s.t >= p.startedAt && s.t <= until + STATS_SLACK_MS).at(-1)
  if (after === undefined) return 0
  const before = host.stats.filter((s) => s.t < p.startedAt && s.incarnation === after.incarnation).at(-1)
  return after.final_by_sync - (before?.final_by_sync ?? 0)
}

export function computeFigures (hosts: HostTimeline[], perturbations: PerturbationRecord[], t0: number, tEnd: number): RunFigures {
  const recoveries = perturbations.map((p) => backAtHead(p, hosts))
  const unsteady = new Map<number, Array<[number, number]>>()
  perturbations.forEach((p, i) => {
    const back = recoveries[i]
    const from = p.kind === 'join' ? -Infinity : p.startedAt
    const until = back === null || p.endedAt === undefined ? Infinity : p.endedAt + back
    unsteady.set(p.host, [...(unsteady.get(p.host) ?? []), [from, until]])
  })
  const steady = (host: HostTimeline, t: number): boolean =>
    host.ups.some((u) => u.t <= t) && !(unsteady.get(host.host) ?? []).some(([a, b]) => a <= t + BEFORE_PERTURBATION_MS && b >= t - AFTER_RECOVERY_MS)

  // the hash each height was made final with (by most hosts)
  const finalHash = new Map<number, Map<string, number>>()
  for (const host of hosts) for (const f of host.finals) {
    const votes = finalHash.get(f.h) ?? new Map<string, number>()
    votes.set(f.hash, (votes.get(f.hash) ?? 0) + 1)
    finalHash.set(f.h, votes)
  }
  const canonical = (h: number): string | undefined => [...(finalHash.get(h) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1])[0]?.[0]

  const heights: BlockFigures[] = []
  let count = 0
  let txs = 0
  let missing = 0
  const proposals = hosts.flatMap((host) => host.candidates.filter((c) => c.from === null && c.t >= t0 && c.t <= tEnd).map((c) => ({ host, c })))
  for (const { host: proposer, c } of proposals) {
    if (canonical(c.h) !== c.hash) continue // a proposal that did not become final
    count++
    const blockTxs = hosts.flatMap((h) => h.finals).find((f) => f.h === c.h)?.txs ?? 0
    txs += blockTxs
    const block: BlockFigures = { h: c.h, proposer: proposer.host, txs: blockTxs, hosts: 0, propagation_ms: null, last: null, finality_ms: null, loop_ms: null, cpu_wait_ms: null }
    heights.push(block)
    if (!steady(proposer, c.t)) continue
    const receivers = hosts.filter((h) => h !== proposer && steady(h, c.t))
    block.hosts = receivers.length + 1
    const had = receivers.map((h) => h.candidates.find((x) => x.hash === c.hash)?.t)
    missing += had.filter((t) => t === undefined).length
    if (had.length > 0 && had.every((t) => t !== undefined)) {
      const lates = had.map((t) => t! - c.t)
      block.propagation_ms = round1(Math.max(...lates))
      block.last = receivers[lates.indexOf(Math.max(...lates))]!.host
    }
    const final = [proposer, ...receivers].map((h) => h.finals.find((f) => f.hash === c.hash)?.t)
    if (final.every((t) => t !== undefined)) block.finality_ms = round1(Math.max(...final.map((t) => t! - c.t)))
    // the worst stall of these hosts' event loops in the seconds the block was on its way (a report covers the second before it)
    const until = c.t + (block.propagation_ms ?? 0) + STATS_SLACK_MS
    const covering = [proposer, ...receivers].map((h) => h.stats.filter((s) => s.t >= c.t && s.t <= until))
    if (covering.every((xs) => xs.length > 0)) {
      block.loop_ms = Math.max(...covering.flat().map((s) => s.loop_max_ms))
      block.cpu_wait_ms = Math.max(...covering.flat().map((s) => s.cpu_wait_ms))
    }
  }
  const propagation = heights.flatMap((b) => b.propagation_ms === null ? [] : [b.propagation_ms])
  const unstarved = heights.flatMap((b) => b.propagation_ms === null || b.loop_ms === null || b.cpu_wait_ms === null || b.loop_ms >= STARVED_LOOP_MS || b.cpu_wait_ms >= STARVED_CPU_WAIT_MS ? [] : [b.propagation_ms])
  const finality = heights.flatMap((b) => b.finality_ms === null ? [] : [b.finality_ms])

  const heightsMade = Math.max(0, ...hosts.map((h) => heightAt(h, tEnd))) - Math.max(0, ...hosts.map((h) => heightAt(h, t0)))
  const perBlock = hosts.map((host) => {
    const sums = { msgs_in: 0, msgs_out: 0, bytes_in: 0, bytes_out: 0 }
    const within = host.stats.filter((s) => s.t >= t0 && s.t <= tEnd)
    for (const inc of new Set(within.map((s) => s.incarnation))) {
      const xs = within.filter((s) => s.incarnation === inc)
      const first = xs[0]!
      const last = xs.at(-1)!
      for (const k of Object.keys(sums) as Array<keyof typeof sums>) sums[k] += last[k] - first[k]
    }
    const per = (x: number): number => heightsMade === 0 ? 0 : Math.round(x / heightsMade)
    return { host: host.host, msgs_in: per(sums.msgs_in), msgs_out: per(sums.msgs_out), bytes_in: per(sums.bytes_in), bytes_out: per(sums.bytes_out) }
  })

  const steadySeconds = hosts.flatMap((h) => h.stats.filter((s) => s.t >= t0 && s.t <= tEnd && steady(h, s.t)))
  const loop = distribution(steadySeconds.map((s) => s.loop_p99_ms))
  const cpuWait = distribution(steadySeconds.map((s) => s.cpu_wait_ms))

  const figures = perturbations.map((p, i): PerturbationFigures => {
    const host = hosts.find((h) => h.host === p.host)
    const out: PerturbationFigures = { back_at_head_ms: recoveries[i]!, blocks_by_sync: host === undefined ? 0 : blocksBySync(host, p, recoveries[i]!) }
    if (p.kind === 'kill' && p.endedAt !== undefined) out.resumed_height = host?.ups.find((u) => u.t >= p.endedAt!)?.height
    if (p.kind === 'join') {
      const snapshot = host?.snapshots[0]
      out.synced_by = snapshot === undefined ? 'blocks' : 'snapshot'
      if (snapshot !== undefined) out.snapshot_height = snapshot.h
    }
    return out
  })

  return {
    blocks: { count, txs, measured: propagation.length, missing_copies: missing, propagation_ms: distribution(propagation), propagation_unstarved_ms: distribution(unstarved), finality_ms: distribution(finality), heights: heights.sort((a, b) => a.h - b.h) },
    per_block: perBlock,
    event_loop_delay_ms: loop,
    cpu_wait_ms: cpuWait,
    perturbations: figures
  }
}
