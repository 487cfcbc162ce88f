// The simulated world of one run: a SimNetwork of real nodes (KuberNode, or ReferenceChain
// nodes on in-memory stores), their roles (validator, full node, Byzantine), where each is
// (region, upload bandwidth, clock skew), and how they connect: each node has `degree`
// static peers drawn at random, so links lost to churn or partitions are redialled by the
// node itself. Nodes start, stop and restart without virtual time passing, so a timer of
// the run may do it (the clock must not be advanced from inside a timer). Without the chain, the application is an oracle: a block is valid when an
// honest proposer made it (the simulator knows), which keeps validation cheap at 10,000 nodes.
import { MemoryLevel } from 'memory-level'
import { blockHash, createNode, type ChainApp, type KuberNode, type NodeConfigInput, type PeerId, type Verdict } from '../index.js'
import { Genesis } from '../chain/genesis.js'
import { ReferenceChain } from '../chain/reference-chain.js'
import type { ChainDb } from '../chain/store/chain-store.js'
import { SimNetwork, type NodeSlot } from '../sim/sim-network.js'
import { WORLD_REGIONS, drawRegion } from '../sim/regions.js'
import type { SeededRandom } from '../runtime/random.js'
import type { Scenario } from './scenario.js'

export type Role = 'validator' | 'full' | 'byzantine'

export interface SimNode {
  readonly index: number
  node: KuberNode
  chain: ReferenceChain | undefined
  /** Its chain's in-memory database (kept across a leave and a rejoin). */
  readonly db: ChainDb | undefined
  readonly config: NodeConfigInput
  readonly role: Role
  readonly honest: boolean
  /** Virtual ms since the run's start when it (last) came up; Infinity while down. */
  upSinceMs: number
  up: boolean
}

/** Which blocks are valid: the honest proposers' (the oracle of runs without the chain). */
export class BlockOracle {
  readonly valid = new Set<string>()
  readonly invalid = new Set<string>()
}

/** Extra hooks a Byzantine node's application uses (set by the attack). */
export interface ByzantineApp {
  verdict?: (kind: 'block' | 'vote' | 'tx') => Verdict | Promise<Verdict>
}

export const SIM_CHAIN_ID = 'kuber-sim'
/** Byte of an honest synthetic transaction (the oracle accepts these). */
export const TX_MARK = 0x5a

export class World {
  readonly sim: SimNetwork
  readonly nodes: SimNode[] = []
  readonly oracle = new BlockOracle()
  readonly byzantine = new Set<number>()
  readonly validators: number[]
  readonly genesis: Genesis | undefined
  readonly byzantineApps = new Map<number, ByzantineApp>()
  private readonly byPeer = new Map<string, number>()
  readonly random: SeededRandom
  readonly startMs: number

  constructor (readonly scenario: Scenario, readonly seed: number) {
    const regions = scenario.regions === 'world' ? WORLD_REGIONS : undefined
    this.sim = new SimNetwork({ seed, regions, latencyMs: scenario.flatLatencyMs, jitterMs: 0, config: { pex: false, ...scenario.config } as Partial<NodeConfigInput> })
    this.random = this.sim.random.fork()
    this.startMs = this.sim.clock.now()
    const n = scenario.nodes
    this.validators = Array.from({ length: scenario.validators }, (_, i) => i)
    const byz = Math.floor(scenario.attack.share * n + 1e-9)
    const candidates = Array.from({ length: n - scenario.validators }, (_, i) => i + scenario.validators)
    for (let k = 0; k < byz && candidates.length > 0; k++) this.byzantine.add(candidates.splice(this.random.int(candidates.length), 1)[0]!)
    this.genesis = undefined
    if (scenario.chain) {
      // validators' keys come from their slots, so the slots are made first
      for (let i = 0; i < n; i++) this.prepareSlot()
      this.genesis = Genesis.parse({
        chain_id: SIM_CHAIN_ID,
        genesis_time: new Date(this.startMs - 1000).toISOString(),
        validators: this.validators.map((i) => ({ name: `v${i}`, public_key: Buffer.from(this.sim.slots[i]!.deps.identity.publicKey).toString('hex') })),
        params: { block_interval_ms: scenario.blocks.intervalMs, state_buckets: 64 }
      })
    }
  }

  /** Virtual ms since the run started. */
  get now (): number {
    return this.sim.clock.now() - this.startMs
  }

  get honest (): SimNode[] {
    return this.nodes.filter((n) => n.honest)
  }

  indexOf (peerId: PeerId | string): number | undefined {
    return this.byPeer.get(peerId)
  }

  /** Build and start the first `scenario.nodes` nodes, each with `degree` random static peers among them. */
  async build (): Promise<void> {
    const n = this.scenario.nodes
    while (this.sim.slots.length < n) this.prepareSlot()
    const peers = this.sim.slots.slice(0, n).map((_, i) => this.pickPeers(i, n))
    for (let i = 0; i < n; i++) await this.addNode(this.sim.slots[i]!, peers[i]!)
  }

  /** A node that joins now, dialling `degree` random nodes that are up. */
  async join (): Promise<SimNode> {
    const slot = this.prepareSlot()
    const up = this.nodes.filter((x) => x.up).map((x) => x.index)
    const peers: number[] = []
    for (let k = 0; k < this.scenario.degree && up.length > 0; k++) peers.push(up.splice(this.random.int(up.length), 1)[0]!)
    return await this.addNode(slot, peers)
  }

  /** The static peers of node `i` among the first `n` (as an attack changes them). */
  private pickPeers (i: number, n: number): number[] {
    const out = new Set<number>()
    for (let k = 0; k < this.scenario.degree; k++) {
      const j = this.random.int(n)
      if (j !== i) out.add(j)
    }
    return this.staticPeers?.(i, [...out]) ?? [...out]
  }

  /** Node i's static peers instead of the random ones drawn (an eclipse attack's Sybils all dial their victim, which knows one honest node). */
  staticPeers: ((i: number, drawn: number[]) => number[]) | undefined
  /** Node config of node i on top of the scenario's (an attack's Sybils run no discovery). */
  configOf: ((i: number) => Partial<NodeConfigInput>) | undefined
  /** Called with each new node before it starts (an attack registers its protocols). */
  beforeStart: ((sn: SimNode) => void) | undefined

  private prepareSlot (): NodeSlot {
    const s = this.scenario
    const region = s.regions === 'world' ? drawRegion(WORLD_REGIONS, this.random) : 0
    const mbps = typeof s.uploadMbps === 'number' ? s.uploadMbps : drawTier(s.uploadMbps, this.random)
    const clockSkewMs = s.clockSkewMs === 0 ? 0 : Math.round((this.random.float() * 2 - 1) * s.clockSkewMs)
    const slot = this.sim.prepare({ region, uploadBytesPerMs: mbps * 1e6 / 8 / 1000, clockSkewMs })
    this.byPeer.set(slot.deps.identity.peerId, slot.index)
    return slot
  }

  private async addNode (slot: NodeSlot, peerIndexes: number[]): Promise<SimNode> {
    const i = slot.index
    const isByz = this.byzantine.has(i)
    const role: Role = isByz ? 'byzantine' : this.validators.includes(i) ? 'validator' : 'full'
    const peers = peerIndexes.map((j) => `${this.sim.slots[j]!.deps.identity.peerId}@${this.sim.slots[j]!.listen}`)
    const config = { pex: false, ...this.scenario.config, ...this.configOf?.(i), chainId: SIM_CHAIN_ID, listen: [slot.listen], peers } as NodeConfigInput
    let chain: ReferenceChain | undefined
    let node: KuberNode
    let db: ChainDb | undefined
    if (this.genesis !== undefined && !isByz) {
      db = new MemoryLevel<Uint8Array, Uint8Array>({ keyEncoding: 'view', valueEncoding: 'view' }) as unknown as ChainDb
      chain = await this.createChain(slot, config, db)
      node = chain.node
    } else {
      node = await createNode(config, { ...slot.deps, app: isByz ? this.byzantineApp(i) : this.oracleApp() })
    }
    const sn: SimNode = { index: i, node, chain, db, config, role, honest: !isByz, upSinceMs: this.now, up: true }
    this.nodes.push(sn)
    this.onNode?.(sn)
    this.beforeStart?.(sn)
    this.sim.adopt(slot, node)
    await (chain?.start() ?? node.start()) // no virtual time passes: safe inside a timer
    return sn
  }

  /** Stop a node (it leaves: its peers see the connections close). */
  async leave (sn: SimNode): Promise<void> {
    sn.up = false
    sn.upSinceMs = Infinity
    await (sn.chain?.stop() ?? sn.node.stop())
  }

  /**
   * Start a stopped node again: it redials its static peers. A chain node is built anew on
   * its database (as a restarted process would be) and catches up from its store's tip.
   */
  async rejoin (sn: SimNode): Promise<void> {
    if (sn.chain !== undefined) {
      const chain = await this.createChain(this.sim.slots[sn.index]!, sn.config, sn.db!)
      sn.chain = chain
      sn.node = chain.node
      this.sim.nodes[sn.index] = chain.node
      this.onNode?.(sn)
      await chain.start()
    } else {
      await sn.node.start()
    }
    sn.up = true
    sn.upSinceMs = this.now
  }

  /** Told about every node object as it is made (a rejoining chain node is a new one). */
  onNode: ((sn: SimNode) => void) | undefined

  private async createChain (slot: NodeSlot, config: NodeConfigInput, db: ChainDb): Promise<ReferenceChain> {
    return await ReferenceChain.create({ genesis: this.genesis!, node: { ...config, chainId: SIM_CHAIN_ID }, storePath: db, deps: slot.deps })
  }

  private oracleApp (): ChainApp {
    const oracle = this.oracle
    return {
      validateBlock: (block) => oracle.valid.has(blockHash(block.header!).toString('hex')) ? 'accept' : 'reject',
      validateTx: (tx) => tx[0] === TX_MARK ? 'accept' : 'reject',
      validateVote: () => 'accept'
    }
  }

  private byzantineApp (i: number): ChainApp {
    const app: ByzantineApp = {}
    this.byzantineApps.set(i, app)
    const verdict = (kind: 'block' | 'vote' | 'tx'): Verdict | Promise<Verdict> => app.verdict?.(kind) ?? 'accept'
    return { validateBlock: () => verdict('block'), validateTx: () => verdict('tx'), validateVote: () => verdict('vote') }
  }
}

function drawTier (tiers: Array<{ share: number, mbps: number }>, random: SeededRandom): number {
  const total = tiers.reduce((a, t) => a + t.share, 0)
  let x = random.float() * total
  for (const t of tiers) {
    x -= t.share
    if (x < 0) return t.mbps
  }
  return tiers[tiers.length - 1]!.mbps
}
