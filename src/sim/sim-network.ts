// A deterministic network of real Kuber nodes for tests and the simulator: every node
// runs the production code on the in-memory transport, one VirtualClock drives all time,
// and one seed derives every key, port, latency and random choice. The seed is printed
// so a failing run can be replayed exactly (TigerBeetle's VOPR in spirit). Nodes can be
// placed in regions (a latency table), given an upload bandwidth and a skewed wall clock,
// stopped, restarted and partitioned; links can lose, reorder, duplicate and corrupt.
import { pino, type Logger } from 'pino'
import { VirtualClock } from '../runtime/virtual-clock.js'
import { withWallOffset } from '../runtime/clock.js'
import { SeededRandom } from '../runtime/random.js'
import { MemoryNetwork, type MemoryNetworkOptions, type Partition } from '../transport/memory.js'
import type { LinkFaults } from '../transport/memory-faults.js'
import { generateIdentity } from '../identity/keys.js'
import { createNode, type KuberNode, type NodeDeps } from '../node/node.js'
import type { NodeConfigInput } from '../node/config.js'
import { checkRegionTable, drawRegion, type RegionTable } from './regions.js'

export interface SimOptions {
  seed: number
  /** One-way latency of every link (default 5 ms; not with `regions`). */
  latencyMs?: number
  /** Extra per-pair latency in [0, jitterMs) (default 5 ms; not with `regions`). */
  jitterMs?: number
  /** Place nodes in regions: link latency from the table, plus its per-pair jitter. */
  regions?: RegionTable
  /** Bytes per ms of each direction of each connection (default unlimited). */
  bandwidthBytesPerMs?: MemoryNetworkOptions['bandwidthBytesPerMs']
  /** Upload bytes per ms of each node over all its connections (default unlimited; per node with addNode's placement). */
  uploadBytesPerMs?: number
  /** Config shared by every node (chainId defaults to "kuber-sim"). */
  config?: Partial<NodeConfigInput>
  logger?: Logger
}

/** Where a node is and what its machine is like. */
export interface Placement {
  /** Region index in the table (default: drawn by its weights). */
  region?: number
  /** Upload bytes per ms (default SimOptions.uploadBytesPerMs). */
  uploadBytesPerMs?: number
  /** Its wall clock runs this many ms ahead (negative: behind) of the others (default 0). */
  clockSkewMs?: number
}

/** A node's slot before its node exists: the deps a node on this host needs. */
export interface NodeSlot {
  readonly index: number
  readonly host: string
  /** Its P2P listen address ("host:port"). */
  readonly listen: string
  readonly region: number
  readonly uploadBytesPerMs: number | undefined
  readonly clockSkewMs: number
  /** Clock (skewed if asked), Random, transport, identity and logger for the node. */
  readonly deps: Required<Pick<NodeDeps, 'clock' | 'random' | 'transport' | 'identity' | 'logger'>>
}

export const SIM_PORT = 26656

export class SimNetwork {
  readonly clock = new VirtualClock()
  readonly random: SeededRandom
  readonly network: MemoryNetwork
  readonly nodes: KuberNode[] = []
  /** Each node's slot (host, region, bandwidth, skew), by index. */
  readonly slots: NodeSlot[] = []
  private readonly logger: Logger
  private readonly regionOfHost = new Map<string, number>()
  private readonly latencyRandom: SeededRandom | undefined

  constructor (readonly options: SimOptions) {
    this.random = new SeededRandom(options.seed)
    if (options.regions !== undefined) checkRegionTable(options.regions)
    const regions = options.regions
    this.latencyRandom = regions === undefined ? undefined : this.random.fork()
    this.network = new MemoryNetwork({
      clock: this.clock,
      random: this.random.fork(),
      latencyMs: options.latencyMs ?? 5,
      jitterMs: options.jitterMs ?? 5,
      latency: regions === undefined ? undefined : (a, b) => this.regionLatencyMs(regions, a, b),
      bandwidthBytesPerMs: options.bandwidthBytesPerMs
    })
    this.logger = options.logger ?? pino({ level: 'silent' })
  }

  /** Host name of node i ("10.<i%256>.<i/256>.1": distinct /16 groups for up to 256 nodes, distinct hosts for 65 536). */
  static host (i: number): string {
    return `10.${i % 256}.${Math.floor(i / 256) % 256}.1`
  }

  /** Address of node i. */
  address (i: number): string {
    return `${this.nodes[i]!.peerId}@${SimNetwork.host(i)}:${SIM_PORT}`
  }

  /** Region name of node i (undefined without regions). */
  regionName (i: number): string | undefined {
    return this.options.regions?.names[this.slots[i]!.region]
  }

  /** Reserve the next node's slot: host, placement, and the deps a node there needs. */
  prepare (placement: Placement = {}): NodeSlot {
    const index = this.slots.length
    const host = SimNetwork.host(index)
    const random = this.random.fork()
    const regions = this.options.regions
    const region = placement.region ?? (regions === undefined ? 0 : drawRegion(regions, random))
    const uploadBytesPerMs = placement.uploadBytesPerMs ?? this.options.uploadBytesPerMs
    const clockSkewMs = placement.clockSkewMs ?? 0
    this.regionOfHost.set(host, region)
    this.network.setUploadBandwidth(host, uploadBytesPerMs)
    const clock = clockSkewMs === 0 ? this.clock : withWallOffset(this.clock, clockSkewMs)
    const slot: NodeSlot = {
      index, host, listen: `${host}:${SIM_PORT}`, region, uploadBytesPerMs, clockSkewMs,
      deps: { clock, random, transport: this.network.transport(host), identity: generateIdentity(random), logger: this.logger }
    }
    this.slots.push(slot)
    return slot
  }

  /** Add a node built on `slot` (by createNode, or an application such as the reference chain) and start it with `start`. */
  async attach (slot: NodeSlot, node: KuberNode, start: () => Promise<void> = async () => await node.start()): Promise<number> {
    this.adopt(slot, node)
    await this.await(start())
    return slot.index
  }

  /** Count a node built on `slot` as this network's (not started: for code that runs inside a timer, where advancing the clock is not allowed). */
  adopt (slot: NodeSlot, node: KuberNode): void {
    if (slot.index !== this.nodes.length) throw new Error(`slot ${slot.index} added out of order (next is ${this.nodes.length})`)
    this.nodes.push(node)
  }

  /** Create and start one more node; returns its index. */
  async addNode (config: Partial<NodeConfigInput> = {}, deps: NodeDeps = {}, placement: Placement = {}): Promise<number> {
    const slot = this.prepare(placement)
    const node = await createNode(
      { chainId: 'kuber-sim', listen: [slot.listen], ...this.options.config, ...config },
      { ...slot.deps, ...deps }
    )
    return await this.attach(slot, node)
  }

  /** One-way latency in ms between nodes i and j. */
  latencyMs (i: number, j: number): number {
    return this.network.linkLatencyMs(SimNetwork.host(i), SimNetwork.host(j))
  }

  /** Split nodes `a` from nodes `b` until healed (connections between them die; dials time out). */
  partition (a: Iterable<number>, b: Iterable<number>): Partition {
    return this.network.partition([...a].map(SimNetwork.host), [...b].map(SimNetwork.host))
  }

  /** Put faults on every link from now on (undefined: none). */
  setFaults (faults: LinkFaults | undefined): void {
    this.network.setFaults(faults, this.random.fork())
  }

  /** Advance virtual time (timers fire, messages flow). */
  async run (ms: number): Promise<void> {
    await this.clock.advance(ms)
  }

  /** Advance in steps until `cond` holds; returns false if `maxMs` of virtual time pass first. */
  async runUntil (cond: () => boolean, maxMs: number, stepMs = 10): Promise<boolean> {
    const end = this.clock.now() + maxMs
    while (!cond()) {
      if (this.clock.now() >= end) return false
      await this.clock.advance(stepMs)
    }
    return true
  }

  /** Await a promise that needs virtual time to settle (a dial, a handshake), advancing the clock meanwhile. */
  async await<T> (promise: Promise<T>, maxMs = 60_000, stepMs = 10): Promise<T> {
    let done = false
    const tracked = promise.finally(() => { done = true })
    tracked.catch(() => {})
    await new Promise((resolve) => setImmediate(resolve)) // what settles without time passing takes none
    await this.runUntil(() => done, maxMs, stepMs)
    return await tracked
  }

  async stop (): Promise<void> {
    await Promise.all(this.nodes.map(async (n) => await n.stop()))
    await this.clock.advance(1000)
  }

  private regionLatencyMs (t: RegionTable, a: string, b: string): number {
    const ra = this.regionOfHost.get(a) ?? 0
    const rb = this.regionOfHost.get(b) ?? 0
    return t.oneWayMs[ra]![rb]! + this.latencyRandom!.float() * t.jitterMs
  }
}
