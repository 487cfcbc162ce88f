// What a run observes: every block published and when each node delivered it (the node's
// 'block' event: validated, once), with the physical bound of its propagation computed
// over the links that existed when it was published; on the reference chain also when each
// node made it final, which covers blocks a node fetched to catch up rather than received
// by gossip (they count as delivered, not in T_prop); every transaction and vote delivery
// (to catch a second one); every ban, honest or not. It feeds the invariants as events
// happen, so the first broken one is caught where it broke. A restarted node is a new
// process: what it delivered before does not count against it.
import { blockHash, encodeFrame, encodePayload, Messages, MessageType, type KuberNode, type PeerId, type pb } from '../index.js'
import { sha256 } from '../chain/signing.js'
import type { BanEntry } from '../scoring/scorer.js'
import { earliestArrivals, type BoundGraph } from './bound.js'
import type { Invariants } from './invariants.js'
import type { SimNode, World } from './world.js'

export interface BlockRecord {
  readonly hash: string
  readonly height: number
  readonly proposer: number
  /** Virtual ms since the run's start. */
  readonly publishedAtMs: number
  readonly frameBytes: number
  /** Bytes the bound assumes cross each hop (the compact block when every transaction was gossiped before). */
  readonly boundBytes: number
  /** Delivery time after publication per node (NaN: not delivered). */
  readonly arrivals: Float64Array
  /** Earliest possible arrival per node (Infinity: not reachable when published). */
  readonly bound: Float64Array
  /** 1 for honest nodes up when it was published: they must get it. */
  readonly expected: Uint8Array
  /** 1 where the node got it by catching up (block sync), not by gossip: not a propagation time. */
  readonly caughtUp: Uint8Array
  /** Made by an honest proposer (else an attacker's invalid block). */
  readonly valid: boolean
  /** Final (on the chain, some node made it final; without the chain, every valid block is). */
  final: boolean
}

export interface BanRecord {
  /** Virtual ms of the first ban by an honest node. */
  firstMs: number
  readonly by: Set<number>
}

/** A set of node indexes as bits. */
class NodeBits {
  private readonly bits: Uint8Array
  constructor (capacity: number) { this.bits = new Uint8Array((capacity + 7) >> 3) }
  /** Set bit i; false if it was set already. */
  add (i: number): boolean {
    const b = 1 << (i & 7)
    const had = (this.bits[i >> 3]! & b) !== 0
    this.bits[i >> 3]! |= b
    return !had
  }

  delete (i: number): void {
    this.bits[i >> 3]! &= ~(1 << (i & 7))
  }
}

export class Recorder {
  readonly blocks: BlockRecord[] = []
  private readonly byHash = new Map<string, BlockRecord>()
  private readonly txs = new Map<string, NodeBits>()
  private readonly votes = new Map<string, NodeBits>()
  txDeliveries = 0
  voteDeliveries = 0
  readonly bans = new Map<number, BanRecord>()
  /** Bans of honest nodes by honest nodes. */
  honestBans = 0
  /** Virtual ms of each node's last restart (-Infinity: never restarted). */
  private readonly restartedAt: Float64Array
  private readonly attached = new Set<number>()

  constructor (private readonly world: World, private readonly invariants: Invariants, private readonly capacity: number) {
    this.restartedAt = new Float64Array(capacity).fill(-Infinity)
  }

  /** Listen to a node's deliveries and bans (called for every node object, a rejoined one too). */
  attach (sn: SimNode): void {
    const node = sn.node
    if (!sn.honest) return
    if (this.attached.has(sn.index)) this.restarted(sn.index)
    this.attached.add(sn.index)
    sn.chain?.on('final', (e) => this.madeFinal(sn.index, e.hash))
    node.on('block', (block) => this.delivered(sn.index, block))
    node.on('tx', (_tx, hash) => this.once(this.txs, sn.index, Buffer.from(hash).toString('hex'), 'transaction') && this.txDeliveries++)
    node.on('vote', (vote) => this.once(this.votes, sn.index, Buffer.from(vote.signature).toString('hex'), 'vote') && this.voteDeliveries++)
    node.on('peer:banned', (ban) => this.banned(sn.index, ban))
    if (sn.chain !== undefined && sn.role === 'validator') this.watchPublications(sn, node)
  }

  /** An honest proposer publishes `block` (recorded before it leaves). */
  published (proposer: number, block: pb.Block, valid = true, txsGossiped = false): BlockRecord {
    const hash = blockHash(block.header!).toString('hex')
    const frameBytes = encodeFrame(MessageType.BLOCK, encodePayload(Messages.block, { block })).length
    const compactBytes = encodeFrame(MessageType.COMPACT_BLOCK, encodePayload(Messages.compactBlock, {
      header: block.header, txHashes: block.txs.map((t) => sha256(t)), lastCommit: block.lastCommit, proposerSignature: block.proposerSignature
    })).length
    const boundBytes = txsGossiped && block.txs.length > 0 ? Math.min(frameBytes, compactBytes) : frameBytes
    const expected = new Uint8Array(this.capacity)
    for (const sn of this.world.nodes) if (sn.honest && sn.up && sn.index !== proposer) expected[sn.index] = 1
    const record: BlockRecord = {
      hash, height: block.header!.height, proposer, publishedAtMs: this.world.now, frameBytes, boundBytes,
      arrivals: new Float64Array(this.capacity).fill(NaN), bound: valid ? earliestArrivals(this.graph(), proposer, boundBytes) : new Float64Array(0), expected,
      caughtUp: new Uint8Array(this.capacity), valid, final: valid && this.world.genesis === undefined
    }
    this.blocks.push(record)
    this.byHash.set(hash, record)
    return record
  }

  private delivered (i: number, block: pb.Block): void {
    const hash = blockHash(block.header!).toString('hex')
    const r = this.byHash.get(hash)
    if (r === undefined) return // a block no proposer published through the recorder (an old one fetched again, say)
    if (!r.valid) {
      this.invariants.fail('no_invalid_block', i, `delivered invalid block ${hash.slice(0, 12)} at height ${r.height}`)
      return
    }
    if (r.caughtUp[i] === 1) {
      // made final first (a chain node finalises a block whose votes came first while validating it, before the event): gossip brought it
      if (r.publishedAtMs + r.arrivals[i]! === this.world.now) r.caughtUp[i] = 0
      return
    }
    if (!Number.isNaN(r.arrivals[i]!)) {
      if (r.publishedAtMs + r.arrivals[i]! >= this.restartedAt[i]!) this.invariants.fail('delivered_once', i, `delivered block ${hash.slice(0, 12)} (height ${r.height}) a second time`)
      return
    }
    r.arrivals[i] = this.world.now - r.publishedAtMs
  }

  /** A chain node made a block final: delivered, if gossip did not bring it first. */
  private madeFinal (i: number, hash: string): void {
    const r = this.byHash.get(hash)
    if (r === undefined) return
    r.final = true
    if (!Number.isNaN(r.arrivals[i]!) || i === r.proposer) return
    r.arrivals[i] = this.world.now - r.publishedAtMs
    r.caughtUp[i] = 1
  }

  /** Node i left: without the chain nothing brings it what it missed, so blocks it has not got are no longer expected of it. */
  left (i: number): void {
    if (this.world.genesis !== undefined) return
    for (const r of this.blocks) if (Number.isNaN(r.arrivals[i]!)) r.expected[i] = 0
  }

  /** Node i runs again as a new process: what it delivered before may come again. */
  private restarted (i: number): void {
    this.restartedAt[i] = this.world.now
    for (const bits of this.txs.values()) bits.delete(i)
    for (const bits of this.votes.values()) bits.delete(i)
  }

  private once (sets: Map<string, NodeBits>, i: number, key: string, what: string): boolean {
    let bits = sets.get(key)
    if (bits === undefined) sets.set(key, bits = new NodeBits(this.capacity))
    if (bits.add(i)) return true
    this.invariants.fail('delivered_once', i, `delivered ${what} ${key.slice(0, 12)} a second time`)
    return false
  }

  private banned (by: number, ban: BanEntry): void {
    const target = this.world.indexOf(ban.peerId)
    if (target === undefined) return
    const sn = this.world.nodes[target]
    if (sn?.honest === true) {
      this.honestBans++
      this.invariants.fail('no_honest_ban', by, `banned honest node ${target} (${ban.reason})`)
      return
    }
    let r = this.bans.get(target)
    if (r === undefined) this.bans.set(target, r = { firstMs: this.world.now, by: new Set() })
    r.by.add(by)
  }

  /** A chain validator's own blocks are recorded as its consensus publishes them. */
  private watchPublications (sn: SimNode, node: KuberNode): void {
    const publish = node.publishBlock.bind(node)
    node.publishBlock = (block: pb.Block) => {
      if (!this.byHash.has(blockHash(block.header!).toString('hex'))) this.published(sn.index, block, true, true)
      return publish(block)
    }
  }

  /** The links among honest nodes that are up, as they are now. */
  graph (): BoundGraph {
    const w = this.world
    const adjacency: number[][] = Array.from({ length: this.capacity }, () => [])
    for (const sn of w.nodes) {
      if (!sn.honest || !sn.up) continue
      for (const p of sn.node.connectedPeers()) {
        const j = w.indexOf(p.peerId as PeerId)
        if (j !== undefined && w.nodes[j]?.honest === true) adjacency[sn.index]!.push(j)
      }
    }
    const slots = w.sim.slots
    return {
      n: this.capacity,
      neighbours: (i) => adjacency[i]!,
      latencyMs: (i, j) => w.sim.latencyMs(i, j),
      uploadBytesPerMs: (i) => slots[i]?.uploadBytesPerMs ?? Infinity
    }
  }
}
