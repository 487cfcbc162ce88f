// Networks of real nodes for gossip tests: a seeded random graph (each node dials `degree`
// others) on the simulator's virtual time, with every application delivery (block, vote,
// tx) counted per node, so tests can check "each valid message exactly once everywhere".
import { SimNetwork } from '../../src/sim/sim-network.js'
import type { KuberNode, NodeDeps } from '../../src/node/node.js'
import type { NodeConfigInput } from '../../src/node/config.js'
import type { ChainApp } from '../../src/protocols/app.js'
import { blockHash, merkleRoot } from '../../src/protocols/blocks/block-hash.js'
import { sha256 } from '../../src/wire/hash.js'
import type { Block, VoteMessage } from '../../src/wire/gen/kuber.js'
import type { Random } from '../../src/runtime/random.js'

/** Deliveries seen by one node's application, by kind and id (hex), with counts. */
export interface Deliveries {
  blocks: Map<string, number>
  votes: Map<string, number>
  txs: Map<string, number>
}

export interface ChainNetOptions {
  nodes: number
  /** Peers each node dials (default 4). */
  degree?: number
  seed: number
  config?: Partial<NodeConfigInput>
  /** The app hooks of node i (default none). */
  app?: (i: number) => ChainApp | undefined
  deps?: (i: number) => NodeDeps
}

export interface ChainNet {
  sim: SimNetwork
  nodes: KuberNode[]
  deliveries: Deliveries[]
  random: Random
}

export function countDeliveries (node: KuberNode): Deliveries {
  const d: Deliveries = { blocks: new Map(), votes: new Map(), txs: new Map() }
  const bump = (m: Map<string, number>, key: string): void => { m.set(key, (m.get(key) ?? 0) + 1) }
  node.on('block', (block) => bump(d.blocks, blockHash(block.header!).toString('hex')))
  node.on('vote', (vote) => bump(d.votes, voteKey(vote)))
  node.on('tx', (_tx, hash) => bump(d.txs, hash.toString('hex')))
  return d
}

export async function chainNet (options: ChainNetOptions): Promise<ChainNet> {
  const sim = new SimNetwork({ seed: options.seed, config: { pex: false, ...options.config } })
  for (let i = 0; i < options.nodes; i++) {
    const app = options.app?.(i)
    await sim.addNode({}, { ...(app === undefined ? {} : { app }), ...options.deps?.(i) })
  }
  const random = sim.random.fork()
  const dials: Array<Promise<unknown>> = []
  const n = options.nodes
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < (options.degree ?? 4); k++) {
      const j = random.int(n)
      if (j !== i) dials.push(sim.nodes[i]!.dial(sim.address(j)).catch(() => {}))
    }
  }
  await sim.await(Promise.all(dials))
  await sim.run(1000)
  return { sim, nodes: sim.nodes, deliveries: sim.nodes.map(countDeliveries), random }
}

export function voteKey (vote: VoteMessage): string {
  return Buffer.from(vote.signature).toString('hex')
}

/** A vote whose signature field makes it unique. */
export function makeVote (height: number, tag: number): VoteMessage {
  const signature = Buffer.alloc(64)
  signature.writeUInt32BE(height, 0)
  signature.writeUInt32BE(tag, 4)
  return { height, round: 0, voteType: 1, voter: Buffer.alloc(32, tag & 255), signature, blockHash: Buffer.alloc(32) }
}

/** A block at `height` with these transactions and a correct tx_root; `appHash` lets tests mark it. */
export function makeBlock (height: number, txs: Uint8Array[], appHash: Uint8Array = Buffer.alloc(32)): Block {
  return {
    header: { height, parentHash: Buffer.alloc(32, height & 255), proposer: Buffer.alloc(32, 7), timestamp: 1_700_000_000_000 + height, txRoot: merkleRoot(txs.map(sha256)), appHash, round: 0, lastCommitHash: new Uint8Array(0) },
    txs,
    proposerSignature: new Uint8Array(0)
  } as Block
}

/** A unique transaction of `size` bytes. */
export function makeTx (tag: number, size = 100): Uint8Array {
  const tx = Buffer.alloc(size, tag & 255)
  tx.writeUInt32BE(tag, 0)
  return tx
}

/** True when every node except `except` has exactly one delivery of each key. */
export function deliveredOnce (deliveries: Deliveries[], kind: keyof Deliveries, keys: string[], except: (i: number, key: string) => boolean = () => false): boolean {
  return deliveries.every((d, i) => keys.every((k) => except(i, k) || d[kind].get(k) === 1))
}

/** Messages a test published, by key (hex), with the node each came from. */
export class Published {
  readonly origin = new Map<string, number>()
  readonly keys: string[] = []

  add (key: string, from: number): void {
    this.keys.push(key)
    this.origin.set(key, from)
  }

  /** For deliveredOnce: a node's application does not get its own messages. */
  readonly isOrigin = (i: number, key: string): boolean => this.origin.get(key) === i
}
