// Block propagation (spec §10, §7.1): blocks are a gossip topic. A block from a peer is
// decoded, its tx_root and the application's validateBlock are checked (BlockJudge) before
// anything is forwarded, the peer's latest_height is raised to the block's height, and an
// accepted block is delivered to the application once (by block hash, whatever encoding or
// route it came by). Peers that announce compact blocks and a mempool get the block as a
// CompactBlock (header and transaction hashes), encoded once per block.
import { ProtocolError, ErrorCodes } from '../../errors.js'
import type { Clock } from '../../runtime/clock.js'
import type { PeerId } from '../../identity/peer-id.js'
import type { Peer } from '../../router/types.js'
import { Capability } from '../../session/hello.js'
import { Reward } from '../../scoring/penalties.js'
import { encodeFrame } from '../../wire/envelope.js'
import { Messages, MessageType, decodePayload, encodePayload } from '../../wire/codecs.js'
import type { Block } from '../../wire/gen/kuber.js'
import type { GossipEngine } from '../../gossip/engine.js'
import { TtlCache } from '../../limits/ttl-cache.js'
import { idKey, type GossipMessage, type GossipTopic, type TypedFrame, type VerdictResult } from '../../gossip/topic.js'
import type { BlockJudge } from './block-judge.js'
import { blockHash } from './block-hash.js'
import { sha256, type Digest } from '../../wire/hash.js'

/** A block with what the node derived from it once. */
export interface DecodedBlock {
  readonly block: Block
  /** SHA-256 of the encoded header. */
  readonly hash: Digest
  readonly txHashes: Digest[]
  /** The CompactBlock frame, encoded the first time a peer needs it. */
  compact?: TypedFrame
  /** Peers (MeshPeer.serial) whose GetBlockTxs for this block we answered. */
  txsServedTo?: number[]
}

/** Both sides relay compact blocks and keep a mempool: a compact block can be rebuilt. */
export const COMPACT_CAPABILITIES = Capability.COMPACT_BLOCKS | Capability.MEMPOOL

export interface BlockRelayOptions {
  clock: Clock
  compactRelay: boolean
  /** Recent blocks kept to answer GetBlockTxs. */
  recentBlocks: number
  /** Called once per accepted block from a peer. */
  onBlock(block: Block, from: PeerId): void
  /** Asked before a block from a peer is judged: true holds it back (block sync keeps it for later; gossip ignores it now). */
  hold?(decoded: DecodedBlock, from: Peer, bytes: number): boolean
}

export class BlockRelay implements GossipTopic {
  readonly type = MessageType.BLOCK
  readonly name = 'block'
  readonly rejectCode = ErrorCodes.INVALID_BLOCK
  readonly capability = Capability.BLOCKS
  readonly reward = Reward.VALID_BLOCK
  /** Block hashes delivered (so a block is delivered once whatever route it takes). */
  private readonly delivered: TtlCache<true>
  private readonly recent: TtlCache<DecodedBlock>
  readonly compact = { sent: 0, bytesSaved: 0 }

  constructor (private readonly gossip: GossipEngine, private readonly judge: BlockJudge, private readonly options: BlockRelayOptions) {
    const ttlMs = gossip.params.seenTtlMs
    this.delivered = new TtlCache({ maxEntries: gossip.params.seenMaxEntries, ttlMs })
    this.recent = new TtlCache({ maxEntries: options.recentBlocks, ttlMs })
    gossip.addTopic(this)
  }

  /** Publish a block made here. Returns its block hash. */
  publish (block: Block): Digest {
    if (block.header === undefined) throw new RangeError('a block needs a header')
    const decoded: DecodedBlock = { block, hash: blockHash(block.header), txHashes: block.txs.map(sha256) }
    this.gossip.publish(this.type, encodePayload(Messages.block, { block }), decoded)
    return decoded.hash
  }

  /** True if the block with this hash was delivered here (or published here). */
  isKnown (hash: Uint8Array): boolean {
    return this.delivered.has(idKey(hash), this.options.clock.now())
  }

  /** A recent block by hash (to answer GetBlockTxs). */
  recentBlock (hash: Uint8Array): DecodedBlock | undefined {
    return this.recent.get(idKey(hash), this.options.clock.now())
  }

  validate (message: GossipMessage, from: Peer): VerdictResult {
    const { block } = decodePayload(Messages.block, message.payload)
    if (block?.header === undefined) throw new ProtocolError(ErrorCodes.INVALID_BLOCK, 'block without a header')
    from.latestHeight = Math.max(from.latestHeight, block.header.height)
    const decoded: DecodedBlock = { block, hash: blockHash(block.header), txHashes: block.txs.map(sha256) }
    if (this.isKnown(decoded.hash)) return 'ignore'
    if (this.options.hold?.(decoded, from, message.payload.length) === true) return 'ignore'
    message.decoded = decoded
    return this.judge.judge(block, decoded.txHashes, from.peerId)
  }

  deliver (message: GossipMessage, from: Peer | undefined): void {
    const decoded = message.decoded as DecodedBlock
    const now = this.options.clock.now()
    const key = idKey(decoded.hash)
    this.delivered.set(key, true, now)
    this.recent.set(key, decoded, now)
    if (from !== undefined) this.options.onBlock(decoded.block, from.peerId)
  }

  /** A block held back at gossip time and accepted later: delivered once, not forwarded (it is old news by now). */
  deliverLate (decoded: DecodedBlock, from: PeerId): void {
    const now = this.options.clock.now()
    const key = idKey(decoded.hash)
    if (this.delivered.has(key, now)) return
    this.delivered.set(key, true, now)
    this.recent.set(key, decoded, now)
    this.options.onBlock(decoded.block, from)
  }

  frameFor (message: GossipMessage, peer: Peer): TypedFrame | undefined {
    const caps = peer.remoteHello?.capabilities ?? 0
    if (!this.options.compactRelay || (caps & COMPACT_CAPABILITIES) !== COMPACT_CAPABILITIES) return undefined
    const decoded = message.decoded as DecodedBlock
    const { header, lastCommit, proposerSignature } = decoded.block
    const payload = (): Uint8Array => encodePayload(Messages.compactBlock, { header, txHashes: decoded.txHashes as Array<Uint8Array<ArrayBuffer>>, lastCommit, proposerSignature })
    decoded.compact ??= { type: MessageType.COMPACT_BLOCK, frame: encodeFrame(MessageType.COMPACT_BLOCK, payload()) }
    this.compact.sent++
    this.compact.bytesSaved += message.frame.length - decoded.compact.frame.length
    return decoded.compact
  }
}
