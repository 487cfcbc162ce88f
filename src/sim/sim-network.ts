// A deterministic network of real Kuber nodes for tests and the simulator: every node
// runs the production code on the in-memory transport, one VirtualClock drives all time,
// and one seed derives every key, port, latency and random choice. The seed is printed
// so a failing run can be replayed exactly (TigerBeetle's VOPR in spirit).
import { pino, type Logger } from 'pino'
import { VirtualClock } from '../runtime/virtual-clock.js'
import { SeededRandom } from '../runtime/random.js'
import { MemoryNetwork, type MemoryNetworkOptions } from '../transport/memory.js'
import { generateIdentity } from '../identity/keys.js'
import { createNode, type KuberNode, type NodeDeps } from '../node/node.js'
import type { NodeConfigInput } from '../node/config.js'

export interface SimOptions {
  seed: number
  /** One-way latency of every link (default 5 ms). */
  latencyMs?: number
  /** Extra per-pair latency in [0, jitterMs) (default 5 ms). */
  jitterMs?: number
  bandwidthBytesPerMs?: MemoryNetworkOptions['bandwidthBytesPerMs']
  /** Config shared by every node (chainId defaults to "kuber-sim"). */
  config?: Partial<NodeConfigInput>
  logger?: Logger
}

export const SIM_PORT = 26656

export class SimNetwork {
  readonly clock = new VirtualClock()
  readonly random: SeededRandom
  readonly network: MemoryNetwork
  readonly nodes: KuberNode[] = []
  private readonly logger: Logger

  constructor (readonly options: SimOptions) {
    this.random = new SeededRandom(options.seed)
    this.network = new MemoryNetwork({
      clock: this.clock,
      random: this.random.fork(),
      latencyMs: options.latencyMs ?? 5,
      jitterMs: options.jitterMs ?? 5,
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

  /** Create and start one more node; returns its index. */
  async addNode (config: Partial<NodeConfigInput> = {}, deps: NodeDeps = {}): Promise<number> {
    const i = this.nodes.length
    const host = SimNetwork.host(i)
    const random = this.random.fork()
    const node = await createNode(
      { chainId: 'kuber-sim', listen: [`${host}:${SIM_PORT}`], ...this.options.config, ...config },
      { clock: this.clock, random, transport: this.network.transport(host), identity: generateIdentity(random), logger: this.logger, ...deps }
    )
    await this.await(node.start())
    this.nodes.push(node)
    return i
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
}
