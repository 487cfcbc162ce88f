// The report of one run, for machines (JSON) and for the HTML page: delivery to honest
// nodes, T_prop against the shortest-path bound, bytes and duplicates per node per
// message, what the attackers did and how soon they were banned, link faults, the
// invariants, and a sample of the topology. Only virtual-time figures: the same
// scenario, seed and code give the same report byte for byte.
import type { FaultCounts } from '../transport/memory-faults.js'
import type { Attacks } from './attacks.js'
import type { Invariants, Violation, InvariantName } from './invariants.js'
import type { Recorder } from './recorder.js'
import type { Scenario } from './scenario.js'
import type { World } from './world.js'
import { WORLD_REGIONS } from '../sim/regions.js'

/** Spec §10: T_prop ≤ 200 ms. */
export const T_PROP_TARGET_MS = 200
/** Most points in a CDF, blocks in the per-block table and nodes in the topology sample. */
const CDF_POINTS = 200
const MAX_BLOCK_ROWS = 200
const TOPOLOGY_SAMPLE = 400

export interface Percentiles { p50: number, p99: number, max: number }

export interface SimReport {
  kuber_sim: 1
  seed: number
  scenario: Scenario
  passed: boolean
  nodes: { total: number, honest: number, byzantine: number, validators: number, late_joiners: number, up_at_end: number }
  links: number
  /** Blocks published in the safety phase (the ones measured; the chain goes on making blocks in the liveness phase). */
  blocks: { published: number, invalid_published: number, skipped_proposer_down: number, final_height?: number, target_height?: number }
  delivery: { honest_fraction: number, expected: number, delivered: number, txs_delivered: number, votes_delivered: number }
  t_prop_ms: Percentiles
  /** Per block: until every honest node that was up had it. */
  t_prop_all_ms: Percentiles
  bound_ms: Percentiles
  t_prop_vs_bound: { p50: number, p99: number }
  spec_t_prop: { target_ms: number, p99_ms: number, met: boolean, note: string }
  bytes_per_node_per_block: number
  duplicates_per_node_per_message: number
  gossip: { published: number, received_by_honest: number, duplicates_at_honest: number }
  attack: AttackSummary | undefined
  faults: FaultCounts
  invariants: { ok: boolean, first: Violation | undefined, counts: Record<InvariantName, number>, limit_checks: number }
  charts: {
    t_prop_cdf: Array<[number, number]>
    bound_cdf: Array<[number, number]>
    per_block: Array<{ height: number, proposer: number, delivered: number, p50: number, p99: number, max: number, bound_p99: number, bytes: number }>
    ban_timeline: Array<[number, number]>
  }
  topology: { regions: string[], nodes: Array<{ i: number, region: number, role: string }>, edges: Array<[number, number]> }
}

export interface AttackSummary {
  kind: string
  attackers: number
  by_kind: Record<string, number>
  sent: Record<string, number>
  /** Attackers banned by at least one honest node. */
  banned: number
  banned_fraction: number
  /** From the attack's start to each attacker's first ban. */
  time_to_first_ban_ms: Percentiles | undefined
  /** Honest nodes still connected to an attacker at the end, of those an attacker reached. */
  honest_links_to_attackers_at_end: number
  /** Eclipse: the victim's peers at the end, and how many are Sybils. */
  eclipse?: { victim: number, peers: number, sybil_peers: number, outbound: number, sybil_outbound: number }
}

export interface SummaryInput {
  world: World
  recorder: Recorder
  invariants: Invariants
  attacks: Attacks | undefined
  seed: number
  scenario: Scenario
  links: number
  /** The safety phase (virtual ms since the start): blocks published in it are the ones measured. */
  window: { startMs: number, endMs: number }
  bytesSent: number
  gossip: { duplicates: number, published: number, received: number }
  faults: FaultCounts
  skippedBlocks: number
  targetHeight: number
}

export function summarise (x: SummaryInput): SimReport {
  const { world, recorder, invariants, scenario } = x
  const honest = world.nodes.filter((n) => n.honest)
  const tprop: number[] = []
  const ratios: number[] = []
  const bounds: number[] = []
  const allTimes: number[] = []
  let expected = 0
  let delivered = 0
  const perBlock: SimReport['charts']['per_block'] = []
  const measured = recorder.blocks.filter((r) => r.valid && r.final && r.publishedAtMs <= x.window.endMs)
  for (const r of measured) {
    const mine: number[] = []
    const myBounds: number[] = []
    let exp = 0
    let got = 0
    let last = 0
    for (let i = 0; i < r.expected.length; i++) {
      if (r.expected[i] !== 1) continue
      exp++
      const t = r.arrivals[i]!
      if (Number.isNaN(t)) continue
      got++
      last = Math.max(last, t)
      if (r.caughtUp[i] === 1) continue
      mine.push(t)
      const b = r.bound[i]!
      if (Number.isFinite(b)) {
        myBounds.push(b)
        if (b > 0) ratios.push(t / b)
      }
    }
    expected += exp
    delivered += got
    tprop.push(...mine)
    bounds.push(...myBounds)
    if (got === exp && exp > 0) allTimes.push(last)
    if (perBlock.length < MAX_BLOCK_ROWS) {
      const p = percentiles(mine)
      perBlock.push({ height: r.height, proposer: r.proposer, delivered: frac(got, exp), p50: p.p50, p99: p.p99, max: p.max, bound_p99: percentiles(myBounds).p99, bytes: r.boundBytes })
    }
  }
  const t = percentiles(tprop)
  const published = measured.length
  const met = t.p99 <= T_PROP_TARGET_MS && delivered === expected
  const boundP = percentiles(bounds)
  const report: SimReport = {
    kuber_sim: 1,
    seed: x.seed,
    scenario,
    passed: invariants.ok,
    nodes: {
      total: world.nodes.length,
      honest: honest.length,
      byzantine: world.byzantine.size,
      validators: world.validators.length,
      late_joiners: scenario.lateJoin.nodes,
      up_at_end: world.nodes.filter((n) => n.up).length
    },
    links: x.links,
    blocks: {
      published,
      invalid_published: x.attacks?.counts.invalid_blocks ?? 0,
      skipped_proposer_down: x.skippedBlocks,
      ...(scenario.chain ? { final_height: Math.max(0, ...honest.map((n) => n.chain?.tip.height ?? 0)), target_height: x.targetHeight } : {})
    },
    delivery: { honest_fraction: frac(delivered, expected), expected, delivered, txs_delivered: recorder.txDeliveries, votes_delivered: recorder.voteDeliveries },
    t_prop_ms: t,
    t_prop_all_ms: percentiles(allTimes),
    bound_ms: boundP,
    t_prop_vs_bound: { p50: r3(quantile(ratios, 0.5)), p99: r3(quantile(ratios, 0.99)) },
    spec_t_prop: {
      target_ms: T_PROP_TARGET_MS,
      p99_ms: t.p99,
      met,
      note: met
        ? `p99 ${t.p99} ms ≤ ${T_PROP_TARGET_MS} ms`
        : delivered < expected
          ? `${expected - delivered} of ${expected} expected deliveries did not happen`
          : `p99 ${t.p99} ms misses by ${r3(t.p99 - T_PROP_TARGET_MS)} ms; the shortest-path bound's p99 is ${boundP.p99} ms${boundP.p99 > T_PROP_TARGET_MS ? ' (over the target itself: the links are too long for it)' : ''}, T_prop/bound p99 ${r3(quantile(ratios, 0.99))}`
    },
    bytes_per_node_per_block: r3(x.bytesSent / Math.max(1, honest.length) / Math.max(1, published)),
    duplicates_per_node_per_message: r3(x.gossip.duplicates / Math.max(1, honest.length) / Math.max(1, x.gossip.published)),
    gossip: { published: x.gossip.published, received_by_honest: x.gossip.received, duplicates_at_honest: x.gossip.duplicates },
    attack: x.attacks === undefined ? undefined : attackSummary(x),
    faults: x.faults,
    invariants: { ok: invariants.ok, first: invariants.first, counts: { ...invariants.counts }, limit_checks: invariants.limitChecks },
    charts: {
      t_prop_cdf: cdf(tprop),
      bound_cdf: cdf(bounds),
      per_block: perBlock,
      ban_timeline: banTimeline(x)
    },
    topology: topology(world)
  }
  return report
}

function attackSummary (x: SummaryInput): AttackSummary {
  const { world, recorder, attacks, scenario } = x
  const byKind: Record<string, number> = {}
  for (const k of attacks!.kindOf.values()) byKind[k] = (byKind[k] ?? 0) + 1
  const firstBans: number[] = []
  for (const r of recorder.bans.values()) firstBans.push(r.firstMs - x.window.startMs - scenario.attack.startMs)
  let stillLinked = 0
  for (const sn of world.nodes) {
    if (!sn.honest) continue
    if (sn.node.connectedPeers().some((p) => world.byzantine.has(world.indexOf(p.peerId) ?? -1))) stillLinked++
  }
  return {
    kind: scenario.attack.kind!,
    attackers: world.byzantine.size,
    by_kind: byKind,
    sent: { ...attacks!.counts },
    banned: recorder.bans.size,
    banned_fraction: frac(recorder.bans.size, world.byzantine.size),
    time_to_first_ban_ms: firstBans.length === 0 ? undefined : percentiles(firstBans),
    honest_links_to_attackers_at_end: stillLinked,
    ...(attacks!.victim === undefined ? {} : { eclipse: attacks!.eclipseState() })
  }
}

function banTimeline (x: SummaryInput): Array<[number, number]> {
  const times = [...x.recorder.bans.values()].map((r) => r3(r.firstMs - x.window.startMs)).sort((a, b) => a - b)
  return times.map((t, k) => [t, k + 1])
}

function topology (world: World): SimReport['topology'] {
  const step = Math.max(1, Math.ceil(world.nodes.length / TOPOLOGY_SAMPLE))
  const picked = new Set<number>()
  for (let i = 0; i < world.nodes.length; i += step) picked.add(i)
  const nodes = [...picked].map((i) => ({ i, region: world.sim.slots[i]!.region, role: world.nodes[i]!.role }))
  const edges: Array<[number, number]> = []
  for (const i of picked) {
    for (const p of world.nodes[i]!.node.connectedPeers()) {
      const j = world.indexOf(p.peerId)
      if (j !== undefined && j > i && picked.has(j)) edges.push([i, j])
    }
  }
  return { regions: world.scenario.regions === 'world' ? [...WORLD_REGIONS.names] : ['flat'], nodes, edges }
}

function r3 (x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1000) / 1000 : 0
}

function frac (a: number, b: number): number {
  return b === 0 ? 1 : r3(a / b)
}

function quantile (values: number[], q: number): number {
  if (values.length === 0) return 0
  const sorted = Float64Array.from(values).sort()
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

export function percentiles (values: number[]): Percentiles {
  if (values.length === 0) return { p50: 0, p99: 0, max: 0 }
  const sorted = Float64Array.from(values).sort()
  const at = (q: number): number => r3(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!)
  return { p50: at(0.5), p99: at(0.99), max: r3(sorted[sorted.length - 1]!) }
}

/** [value, fraction ≤ value] at up to CDF_POINTS evenly spaced ranks. */
function cdf (values: number[]): Array<[number, number]> {
  if (values.length === 0) return []
  const sorted = Float64Array.from(values).sort()
  const out: Array<[number, number]> = []
  const n = sorted.length
  const points = Math.min(CDF_POINTS, n)
  for (let k = 1; k <= points; k++) {
    const idx = Math.ceil((k / points) * n) - 1
    out.push([r3(sorted[idx]!), r3((idx + 1) / n)])
  }
  return out
}
