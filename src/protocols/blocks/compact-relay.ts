// Compact block relay (in the spirit of Bitcoin's BIP152): a peer that shares our mempool
// sends a block as CompactBlock: the block with its transactions replaced by their hashes.
// We rebuild the block from our mempool and ask the sender (GetBlockTxs, a request of the
// node's tracker) only for the transactions we lack; BlockTxs brings them. The rebuilt block
// then takes the ordinary gossip path (dedupe, validation, forwarding) as if the full block
// had arrived from that peer. A rebuild that stalls is dropped after compactTimeoutMs (the
// peer pays SLOW_RESPONSE); the block's IHAVE announcements recover it. Rebuilds are
// bounded in number, per peer and in bytes; the same compact block from the same peer again
// is a repeat; a GetBlockTxs is answered once per peer and block, its indexes strictly increasing.
import { ErrorCodes, ProtocolError, WireError } from '../../errors.js'
import type { PeerId } from '../../identity/peer-id.js'
import type { ProtocolHost } from '../../router/host.js'
import type { RequestKind } from '../../router/requests.js'
import type { Peer, Protocol } from '../../router/types.js'
import { Capability } from '../../session/hello.js'
import { Messages, MessageType, decodePayload, encodePayload } from '../../wire/codecs.js'
import type { Block, CompactBlock } from '../../wire/gen/kuber.js'
import type { GossipEngine } from '../../gossip/engine.js'
import { idKey } from '../../gossip/topic.js'
import { TtlCache } from '../../limits/ttl-cache.js'
import { DropReason } from '../../session/stats.js'
import type { Mempool } from '../mempool/mempool.js'
import type { BlockRelay } from './block-relay.js'
import { blockHash } from './block-hash.js'
import { sha256 } from '../../wire/hash.js'

/** Most compact blocks being rebuilt at once, in all and from one peer. */
const MAX_PENDING_REBUILDS = 64
const MAX_REBUILDS_PER_PEER = 8
/** Most bytes of compact blocks held while rebuilding (each keeps a copy of its CompactBlock). */
const MAX_REBUILD_BYTES = 32 * 1024 * 1024
/** Block hashes whose compact senders are remembered (to spot a peer sending the same one again). */
const MAX_SENDER_RECORDS = 1024

interface Rebuild {
  readonly compact: CompactBlock
  readonly txs: Array<Uint8Array | undefined>
  readonly missing: number[]
  /** Bytes of the kept CompactBlock. */
  readonly bytes: number
}

export interface CompactRelayOptions {
  host: ProtocolHost
  /** Relay compact blocks (advertise COMPACT_BLOCKS). */
  enabled: boolean
  /** Give up a rebuild whose missing transactions have not come after this long. */
  timeoutMs: number
  /** Largest frame a peer may answer with. */
  maxFrameBytes: number
}

export class CompactRelay implements Protocol {
  readonly name = 'compact_blocks'
  readonly messageTypes = [MessageType.COMPACT_BLOCK, MessageType.GET_BLOCK_TXS, MessageType.BLOCK_TXS]
  readonly capabilities: number
  /** Only a peer that said it relays compact blocks may send one. */
  readonly requires = { [MessageType.COMPACT_BLOCK]: Capability.COMPACT_BLOCKS }
  private readonly fetches: RequestKind<Rebuild>
  /** Blocks being rebuilt, and the peer asked for their missing transactions. */
  private readonly rebuilding = new Map<string, PeerId>()
  private rebuildBytes = 0
  /** Peers (MeshPeer.serial) that sent each recent compact block. */
  private readonly senders: TtlCache<number[]>
  private readonly host: ProtocolHost
  readonly counters = { received: 0, duplicates: 0, rebuiltFromMempool: 0, rebuiltAfterFetch: 0, txsFromMempool: 0, txsFetched: 0, timeouts: 0, dropped: 0, txsServed: 0 }

  constructor (private readonly gossip: GossipEngine, private readonly blocks: BlockRelay, private readonly mempool: Mempool, options: CompactRelayOptions) {
    this.capabilities = options.enabled ? Capability.COMPACT_BLOCKS : 0
    this.host = options.host
    this.senders = new TtlCache({ maxEntries: MAX_SENDER_RECORDS, ttlMs: gossip.params.seenTtlMs })
    this.fetches = options.host.requests.kind<Rebuild>({
      name: 'block_txs',
      timeoutMs: options.timeoutMs,
      maxTotal: MAX_PENDING_REBUILDS,
      maxPerPeer: MAX_REBUILDS_PER_PEER,
      grant: { types: [MessageType.BLOCK_TXS], bytes: options.maxFrameBytes + 4 },
      onTimeout: (r) => {
        this.counters.timeouts++
        this.forget(r.key, r.data)
      },
      onCancel: (r) => this.forget(r.key, r.data)
    })
  }

  onMessage (peer: Peer, type: number, payload: Uint8Array): void {
    if (type === MessageType.COMPACT_BLOCK) this.onCompactBlock(peer, payload)
    else if (type === MessageType.GET_BLOCK_TXS) this.onGetBlockTxs(peer, payload)
    else this.onBlockTxs(peer, payload)
  }

  stats (): Record<string, unknown> {
    return { ...this.counters, sent: this.blocks.compact.sent, bytes_saved: this.blocks.compact.bytesSaved, rebuilding: this.fetches.size, rebuilding_bytes: this.rebuildBytes }
  }

  private onCompactBlock (peer: Peer, payload: Uint8Array): void {
    const compact = decodePayload(Messages.compactBlock, payload)
    const { header, txHashes } = compact
    if (header === undefined) throw new ProtocolError(ErrorCodes.INVALID_BLOCK, 'compact block without a header')
    this.counters.received++
    peer.latestHeight = Math.max(peer.latestHeight, header.height)
    const hash = blockHash(header)
    const key = idKey(hash)
    const now = this.host.clock.now()
    let from = this.senders.get(key, now)
    if (from === undefined) this.senders.set(key, from = [], now)
    if (this.gossip.sentAgain(peer, from, 'compact block')) return
    if (this.blocks.isKnown(hash) || this.rebuilding.has(key)) {
      this.counters.duplicates++
      this.host.drop(peer.peerId, DropReason.DUPLICATE)
      this.gossip.redundantPush(peer)
      return
    }
    const txs = txHashes.map((h) => this.mempool.get(h))
    const missing: number[] = []
    txs.forEach((tx, i) => { if (tx === undefined) missing.push(i) })
    this.counters.txsFromMempool += txs.length - missing.length
    if (missing.length === 0) {
      this.counters.rebuiltFromMempool++
      this.complete(peer, compact, txs as Uint8Array[])
      return
    }
    if (this.rebuildBytes + payload.length > MAX_REBUILD_BYTES) {
      this.counters.dropped++
      this.host.drop(peer.peerId, DropReason.COMPACT_REBUILDS_FULL)
      return
    }
    // keep our own copy: the decoded fields are views into a receive buffer
    const kept = decodePayload(Messages.compactBlock, Uint8Array.from(payload))
    if (this.fetches.start(peer.peerId, key, { compact: kept, txs, missing, bytes: payload.length }) === undefined) {
      this.counters.dropped++
      this.host.drop(peer.peerId, DropReason.COMPACT_REBUILDS_FULL)
      return
    }
    this.rebuilding.set(key, peer.peerId)
    this.rebuildBytes += payload.length
    peer.sendMessage(Messages.getBlockTxs, { height: header.height, blockHash: hash as Uint8Array<ArrayBuffer>, indexes: missing })
  }

  private onBlockTxs (peer: Peer, payload: Uint8Array): void {
    const reply = decodePayload(Messages.blockTxs, payload)
    const key = idKey(reply.blockHash)
    const asked = this.fetches.answer(peer.peerId, key)
    if (asked === undefined) return // late: the rebuild was given up (IHAVE recovers the block)
    const rebuild = asked.data
    const { missing, txs, compact } = rebuild
    const { txHashes } = compact
    this.forget(key, rebuild)
    if (reply.indexes.length !== missing.length || reply.txs.length !== missing.length) {
      throw new ProtocolError(ErrorCodes.INVALID_BLOCK, 'BlockTxs does not answer the GetBlockTxs')
    }
    for (let j = 0; j < missing.length; j++) {
      const i = missing[j]!
      if (reply.indexes[j] !== i || !sha256(reply.txs[j]!).equals(txHashes[i]!)) {
        throw new ProtocolError(ErrorCodes.TX_HASH_MISMATCH, `BlockTxs transaction ${i} does not match its hash`)
      }
      txs[i] = reply.txs[j]!
    }
    this.counters.txsFetched += missing.length
    this.counters.rebuiltAfterFetch++
    this.complete(peer, compact, txs as Uint8Array[])
  }

  private onGetBlockTxs (peer: Peer, payload: Uint8Array): void {
    const request = decodePayload(Messages.getBlockTxs, payload)
    const recent = this.blocks.recentBlock(request.blockHash)
    if (recent === undefined) {
      // forgotten already: the peer will recover the block by IHAVE
      this.host.drop(peer.peerId, DropReason.BLOCK_TXS_UNKNOWN_BLOCK)
      return
    }
    const { txs } = recent.block
    let previous = -1
    for (const i of request.indexes) {
      if (i >= txs.length) throw new WireError(ErrorCodes.INVALID_FIELD, `GetBlockTxs index ${i} is past the block's ${txs.length} transactions`)
      if (i <= previous) throw new WireError(ErrorCodes.INVALID_FIELD, 'GetBlockTxs indexes must be strictly increasing')
      previous = i
    }
    // one answer per peer and block: asking again is a repeat (counted, spam past the threshold)
    if (this.gossip.sentAgain(peer, recent.txsServedTo ??= [], 'GetBlockTxs')) {
      throw new ProtocolError(ErrorCodes.DUPLICATE_REQUEST, 'GetBlockTxs for a block whose transactions we already sent')
    }
    try {
      peer.sendMessage(Messages.blockTxs, { height: request.height, blockHash: request.blockHash, indexes: request.indexes, txs: request.indexes.map((i) => txs[i]!) })
      this.counters.txsServed += request.indexes.length
    } catch {
      // over the frame limit (a block near 2 MiB): not the asker's fault; it recovers the block by IHAVE
      this.counters.dropped++
    }
  }

  private forget (key: string, rebuild: Rebuild): void {
    if (this.rebuilding.delete(key)) this.rebuildBytes -= rebuild.bytes
  }

  /** Hand the rebuilt block to gossip as if it had come whole from `peer`. */
  private complete (peer: Peer, compact: CompactBlock, txs: Uint8Array[]): void {
    const block: Block = { header: compact.header, txs: txs as Array<Uint8Array<ArrayBuffer>>, lastCommit: compact.lastCommit, proposerSignature: compact.proposerSignature }
    const payload = encodePayload(Messages.block, { block })
    this.gossip.receive(peer, MessageType.BLOCK, payload, true)
  }
}
