// One simulation run: build the world, warm up (handshakes, the gossip tree), run the safety
// phase (traffic, plus the scenario's faults, partition, churn, late joiners and attack),
// stop every fault, run the liveness phase, then check that every honest node converged and
// summarise. Everything runs on one virtual clock from one seed: the report is a function of
// (scenario, seed, code) alone. Wall time and memory go in a separate perf record.
import type { Timer } from '../runtime/clock.js'
import { Attacks } from './attacks.js'
import { Invariants } from './invariants.js'
import { Recorder } from './recorder.js'
import { summarise, type SimReport } from './report.js'
import type { Scenario } from './scenario.js'
import { Workload } from './workload.js'
import { World, type SimNode } from './world.js'

/** Virtual ms for handshakes and the first mesh before the safety phase. */
export const WARMUP_MS = 3000
/** How often each honest node's bounded structures are checked (virtual ms). */
const LIMITS_EVERY_MS = 1000

export interface PerfRecord {
  wall_s: number
  /** CPU seconds of the process (user + system): on a shared machine, the figure wall time is not. */
  cpu_s: number
  /** Nodes created and started. */
  setup_s: number
  /** Until the warm-up's end: every link's handshake done. */
  connected_s: number
  events: number
  events_per_s: number
  peak_rss_mb: number
}

export interface RunResult {
  report: SimReport
  perf: PerfRecord
}

export async function runScenario (scenario: Scenario, seed: number, progress: (line: string) => void = () => {}): Promise<RunResult> {
  const wallStart = performance.now() // allow-nondeterminism: the run's wall time, reported beside virtual time
  const cpuStart = cpuSeconds()
  const world = new World(scenario, seed)
  const invariants = new Invariants(() => world.now)
  const capacity = scenario.nodes + scenario.lateJoin.nodes
  const recorder = new Recorder(world, invariants, capacity)
  const workload = new Workload(world, recorder)
  const attacks = scenario.attack.kind === undefined ? undefined : new Attacks(world, scenario.attack.kind)
  world.onNode = (sn: SimNode) => {
    recorder.attach(sn)
    if (sn.honest) workload.attach(sn)
    else sn.node.on('block', (block) => attacks?.observe(block))
  }
  await world.build()
  const setupS = (performance.now() - wallStart) / 1000 // allow-nondeterminism: the run's wall time, reported beside virtual time
  progress(`${scenario.nodes} nodes started in ${setupS.toFixed(1)} s`)
  await world.sim.run(WARMUP_MS)
  const links = countLinks(world)
  const connectedS = (performance.now() - wallStart) / 1000 // allow-nondeterminism: the run's wall time, reported beside virtual time
  progress(`warm-up done: ${links} links`)

  const clock = world.sim.clock
  const timers: Timer[] = []
  const at = (ms: number, fn: () => void): void => { timers.push(clock.setTimeout(fn, ms)) }
  const safetyMs = scenario.blocks.count * scenario.blocks.intervalMs
  const t0 = world.now
  const bytesBefore = honestBytesSent(world)
  const gossipBefore = gossipTotals(world)

  timers.push(clock.setInterval(() => checkLimits(world, invariants), LIMITS_EVERY_MS))
  workload.start()
  const f = scenario.faults
  if (f.loss + f.reorder + f.duplicate + f.corrupt > 0) world.sim.setFaults(f)
  let partition: { heal: () => void } | undefined
  if (scenario.partition.share > 0) {
    at(scenario.partition.atMs, () => { partition = splitNetwork(world, scenario.partition.share) })
    at(scenario.partition.healMs, () => { partition?.heal(); partition = undefined })
  }
  if (scenario.lateJoin.nodes > 0) at(scenario.lateJoin.atMs, () => { for (let k = 0; k < scenario.lateJoin.nodes; k++) void world.join() })
  if (scenario.churn.everyMs > 0) timers.push(clock.setInterval(() => churn(world, recorder), scenario.churn.everyMs))
  if (attacks !== undefined) at(scenario.attack.startMs, () => attacks.start())

  // in tenths, each reported: a 10,000-node run's safety phase takes many minutes of wall time
  const tenth = Math.max(scenario.blocks.intervalMs, Math.ceil(safetyMs / 10))
  for (let done = 0; done < safetyMs; done += tenth) {
    await world.sim.run(Math.min(tenth, safetyMs - done))
    progress(`safety phase: ${Math.min(safetyMs, done + tenth)} of ${safetyMs} ms virtual, ${recorder.blocks.length} blocks, wall ${((performance.now() - wallStart) / 1000).toFixed(0)} s`) // allow-nondeterminism: the run's wall time, reported beside virtual time
  }
  const safetyEnd = world.now
  const bytesInSafety = honestBytesSent(world) - bytesBefore
  const gossipInSafety = diffGossip(gossipTotals(world), gossipBefore)
  // the faults stop: the liveness phase
  world.sim.setFaults(undefined)
  partition?.heal()
  attacks?.stop()
  for (const t of timers.splice(0)) t.cancel()
  timers.push(clock.setInterval(() => checkLimits(world, invariants), LIMITS_EVERY_MS))
  if (!scenario.chain) workload.stop()
  const targetHeight = chainHeight(world)
  progress(`safety phase done at ${world.now} ms virtual (${recorder.blocks.length} blocks); liveness phase`)
  await world.sim.run(scenario.livenessMs)
  for (const t of timers.splice(0)) t.cancel()
  workload.stop()
  checkLiveness(world, recorder, invariants, targetHeight)
  checkLimits(world, invariants)

  const report = summarise({
    world, recorder, invariants, attacks, seed, scenario, links,
    window: { startMs: t0, endMs: safetyEnd },
    bytesSent: bytesInSafety,
    gossip: gossipInSafety,
    faults: world.sim.network.faultStats,
    skippedBlocks: workload.skipped,
    targetHeight
  })
  const events = clock.fired
  await world.sim.stop()
  const wall = (performance.now() - wallStart) / 1000 // allow-nondeterminism: the run's wall time, reported beside virtual time
  return {
    report,
    perf: { wall_s: round(wall), cpu_s: round(cpuSeconds() - cpuStart), setup_s: round(setupS), connected_s: round(connectedS), events, events_per_s: Math.round(events / wall), peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) }
  }
}

function cpuSeconds (): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

function round (x: number): number {
  return Math.round(x * 1000) / 1000
}

function countLinks (world: World): number {
  let n = 0
  for (const sn of world.nodes) n += sn.node.connectedPeers().length
  return n / 2
}

function honestBytesSent (world: World): number {
  let bytes = 0
  for (const sn of world.nodes) if (sn.honest) bytes += world.sim.network.hostStats(world.sim.slots[sn.index]!.host).bytesSent
  return bytes
}

interface GossipTotals { duplicates: number, published: number, received: number }

function gossipTotals (world: World): GossipTotals {
  const t: GossipTotals = { duplicates: 0, published: 0, received: 0 }
  for (const sn of world.nodes) {
    const c = sn.node.chain.gossip.counters
    t.published += c.published
    if (!sn.honest) continue
    t.duplicates += c.duplicates
    t.received += c.received
  }
  return t
}

function diffGossip (a: GossipTotals, b: GossipTotals): GossipTotals {
  return { duplicates: a.duplicates - b.duplicates, published: a.published - b.published, received: a.received - b.received }
}

function chainHeight (world: World): number {
  let h = 0
  for (const sn of world.nodes) if (sn.chain !== undefined && sn.up) h = Math.max(h, sn.chain.tip.height)
  return h
}

/** Every bounded structure of every honest node that is up, against its configured limit. */
function checkLimits (world: World, inv: Invariants): void {
  for (const sn of world.nodes) {
    if (!sn.honest || !sn.up) continue
    const { node } = sn
    const c = node.config
    const g = node.chain.gossip.sizes
    inv.limit(sn.index, 'gossip seen-cache entries', g.seen, c.gossip.seenMaxEntries)
    inv.limit(sn.index, 'gossip history messages', g.history, c.gossip.historyMaxMessages)
    inv.limit(sn.index, 'gossip history bytes', g.historyBytes, c.gossip.historyMaxBytes)
    inv.limit(sn.index, 'gossip pending pulls', g.pendingPulls, c.gossip.maxPendingPulls)
    inv.limit(sn.index, 'gossip eager peers', g.eager, c.gossip.maxEagerPeers)
    inv.limit(sn.index, 'mempool transactions', node.mempool.size, c.mempool.maxTxs)
    inv.limit(sn.index, 'mempool bytes', node.mempool.bytes, c.mempool.maxBytes)
    inv.limit(sn.index, 'open requests', node.requests.size, c.maxRequests)
    inv.limit(sn.index, 'inbound peers', node.inboundCount(), c.maxInbound)
    for (const p of node.connectedPeers()) inv.limit(sn.index, `send buffer to ${p.peerId.slice(0, 12)}`, p.sendBufferedBytes, c.maxSendBufferBytes + c.maxFrameBytes)
  }
}

/** After the liveness phase: every honest node has what it must have. */
function checkLiveness (world: World, recorder: Recorder, inv: Invariants, targetHeight: number): void {
  if (world.scenario.chain) {
    // every honest node must have reached the height of when the faults stopped (so it holds every final block up to it)
    for (const sn of world.nodes) {
      if (sn.honest && sn.up && sn.chain!.tip.height < targetHeight) inv.fail('liveness', sn.index, `final height ${sn.chain!.tip.height}, behind ${targetHeight} (the height when the faults stopped)`)
    }
    return
  }
  for (const r of recorder.blocks) {
    if (!r.valid || !r.final) continue
    for (const sn of world.nodes) {
      const i = sn.index
      // a node that left after the block was published may have missed it: only nodes up since then must have it
      if (r.expected[i] === 1 && sn.up && sn.upSinceMs <= r.publishedAtMs && Number.isNaN(r.arrivals[i]!)) {
        inv.fail('liveness', i, `never got block ${r.hash.slice(0, 12)} (height ${r.height}, published at ${Math.round(r.publishedAtMs)} ms)`)
      }
    }
  }
}

function splitNetwork (world: World, share: number): { heal: () => void } {
  const nodes = world.nodes.map((n) => n.index)
  const a = new Set<number>()
  const size = Math.floor(nodes.length * share)
  while (a.size < size) a.add(nodes[world.random.int(nodes.length)]!)
  return world.sim.partition(a, nodes.filter((i) => !a.has(i)))
}

function churn (world: World, recorder: Recorder): void {
  const { churn: c } = world.scenario
  const candidates = world.nodes.filter((n) => n.honest && n.up && n.role === 'full')
  for (let k = 0; k < c.nodes && candidates.length > 0; k++) {
    const sn = candidates.splice(world.random.int(candidates.length), 1)[0]!
    recorder.left(sn.index)
    void world.leave(sn).then(() => { world.sim.clock.setTimeout(() => { void world.rejoin(sn) }, c.downMs) })
  }
}
