// Compact block relay (in the spirit of Bitcoin's BIP152): a peer that shares our mempool
// sends a block as CompactBlock, its header and transaction hashes. We rebuild the block
// from our mempool and ask the sender (GetBlockTxs) only for the transactions we lack;
// BlockTxs brings them. The rebuilt block then takes the ordinary gossip path (dedupe,
// validation, forwarding) as if the full block had arrived from that peer. A rebuild that
// stalls is dropped after compactTimeoutMs (the peer that did not answer costs SLOW_RESPONSE);
// the block's IHAVE announcements recover it. Rebuilds are bounded in number, per peer and
// in bytes; a GetBlockTxs is answered once per peer and block, its indexes strictly increasing.
import { ErrorCodes, ProtocolError, WireError, type KuberError } from '../../errors.js'
import type { PeerId } from '../../identity/peer-id.js'
import type { Clock, Timer } from '../../runtime/clock.js'
import type { Peer, Protocol } from '../../router/types.js'
import { Messages, MessageType, decodePayload, encodePayload } from '../../wire/codecs.js'
import type { BlockHeader } from '../../wire/gen/kuber.js'
import type { GossipEngine } from '../../gossip/engine.js'
import { TtlCache } from '../../gossip/ttl-cache.js'
import { idKey } from '../../gossip/topic.js'
import type { Mempool } from '../mempool/mempool.js'
import type { BlockRelay } from './block-relay.js'
import { blockHash, sha256 } from './block-hash.js'
import { DropReason } from '../../session/stats.js'

/** Most compact blocks being rebuilt at once, in all and from one peer. */
const MAX_PENDING_REBUILDS = 64
const MAX_REBUILDS_PER_PEER = 8
/** Most bytes of compact blocks held while rebuilding (each keeps a copy of its CompactBlock). */
const MAX_REBUILD_BYTES = 32 * 1024 * 1024
/** Block hashes whose compact senders are remembered (to spot a peer sending the same one again). */
const MAX_SENDER_RECORDS = 1024

interface Rebuild {
  readonly from: PeerId
  readonly header: BlockHeader
  readonly txHashes: Uint8Array[]
  readonly txs: Array<Uint8Array | undefined>
  readonly missing: number[]
  readonly timer: Timer
  /** Bytes of the kept CompactBlock. */
  readonly bytes: number
}

export interface CompactRelayOptions {
  clock: Clock
  /** Give up a rebuild whose missing transactions have not come after this long. */
  timeoutMs: number
  penalize(id: PeerId, err: KuberError): void
  /** Count a discarded message from a peer (drops_by_reason). */
  drop(id: PeerId, reason: DropReason): void
}

export class CompactRelay implements Protocol {
  readonly name = 'compact_blocks'
  readonly messageTypes = [MessageType.COMPACT_BLOCK, MessageType.GET_BLOCK_TXS, MessageType.BLOCK_TXS]
  private readonly rebuilds = new Map<string, Rebuild>()
  private rebuildBytes = 0
  /** Peers (MeshPeer.serial) that sent each recent compact block. */
  private readonly senders: TtlCache<number[]>
  readonly counters = { received: 0, duplicates: 0, rebuiltFromMempool: 0, rebuiltAfterFetch: 0, txsFromMempool: 0, txsFetched: 0, timeouts: 0, dropped: 0, txsServed: 0 }

  constructor (private readonly gossip: GossipEngine, private readonly blocks: BlockRelay, private readonly mempool: Mempool, private readonly options: CompactRelayOptions) {
    this.senders = new TtlCache({ maxEntries: MAX_SENDER_RECORDS, ttlMs: gossip.params.seenTtlMs })
  }

  onMessage (peer: Peer, type: number, payload: Uint8Array): void {
    if (type === MessageType.COMPACT_BLOCK) this.onCompactBlock(peer, payload)
    else if (type === MessageType.GET_BLOCK_TXS) this.onGetBlockTxs(peer, payload)
    else this.onBlockTxs(peer, payload)
  }

  stop (): void {
    for (const r of this.rebuilds.values()) r.timer.cancel()
    this.rebuilds.clear()
    this.rebuildBytes = 0
  }

  stats (): Record<string, unknown> {
    return { ...this.counters, sent: this.blocks.compact.sent, bytes_saved: this.blocks.compact.bytesSaved, rebuilding: this.rebuilds.size, rebuilding_bytes: this.rebuildBytes }
  }

  private onCompactBlock (peer: Peer, payload: Uint8Array): void {
    const { header, txHashes } = decodePayload(Messages.compactBlock, payload)
    if (header === undefined) throw new ProtocolError(ErrorCodes.INVALID_BLOCK, 'compact block without a header')
    this.counters.received++
    peer.latestHeight = Math.max(peer.latestHeight, header.height)
    const hash = blockHash(header)
    const key = idKey(hash)
    const now = this.options.clock.now()
    let from = this.senders.get(key, now)
    if (from === undefined) this.senders.set(key, from = [], now)
    if (this.gossip.sentAgain(peer, from, 'compact block')) return
    if (this.blocks.isKnown(hash) || this.rebuilds.has(key)) {
      this.counters.duplicates++
      this.options.drop(peer.peerId, DropReason.DUPLICATE)
      this.gossip.redundantPush(peer)
      return
    }
    const txs = txHashes.map((h) => this.mempool.get(h))
    const missing: number[] = []
    txs.forEach((tx, i) => { if (tx === undefined) missing.push(i) })
    this.counters.txsFromMempool += txs.length - missing.length
    if (missing.length === 0) {
      this.counters.rebuiltFromMempool++
      this.complete(peer, header, txs as Uint8Array[])
      return
    }
    if (this.rebuilds.size >= MAX_PENDING_REBUILDS || this.rebuildBytes + payload.length > MAX_REBUILD_BYTES || this.rebuildsFrom(peer.peerId) >= MAX_REBUILDS_PER_PEER) {
      this.counters.dropped++
      this.options.drop(peer.peerId, DropReason.COMPACT_REBUILDS_FULL)
      return
    }
    // keep our own copy: the decoded fields are views into a receive buffer
    const kept = decodePayload(Messages.compactBlock, Uint8Array.from(payload))
    const timer = this.options.clock.setTimeout(() => {
      const stalled = this.rebuilds.get(key)
      if (stalled === undefined) return
      this.forget(key, stalled)
      this.counters.timeouts++
      this.options.penalize(stalled.from, new ProtocolError(ErrorCodes.SLOW_RESPONSE, `no BlockTxs within ${this.options.timeoutMs} ms`))
    }, this.options.timeoutMs)
    this.rebuilds.set(key, { from: peer.peerId, header: kept.header!, txHashes: kept.txHashes, txs, missing, timer, bytes: payload.length })
    this.rebuildBytes += payload.length
    peer.sendMessage(Messages.getBlockTxs, { height: header.height, blockHash: hash as Uint8Array<ArrayBuffer>, indexes: missing })
  }

  private onBlockTxs (peer: Peer, payload: Uint8Array): void {
    const reply = decodePayload(Messages.blockTxs, payload)
    const key = idKey(reply.blockHash)
    const rebuild = this.rebuilds.get(key)
    if (rebuild === undefined || rebuild.from !== peer.peerId) throw new ProtocolError(ErrorCodes.UNSOLICITED_MESSAGE, 'BlockTxs for no block we asked about')
    rebuild.timer.cancel()
    this.forget(key, rebuild)
    const { missing, txs, txHashes } = rebuild
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
    this.complete(peer, rebuild.header, txs as Uint8Array[])
  }

  private onGetBlockTxs (peer: Peer, payload: Uint8Array): void {
    const request = decodePayload(Messages.getBlockTxs, payload)
    const recent = this.blocks.recentBlock(request.blockHash)
    if (recent === undefined) {
      // forgotten already: the peer will recover the block by IHAVE
      this.options.drop(peer.peerId, DropReason.BLOCK_TXS_UNKNOWN_BLOCK)
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

  private rebuildsFrom (id: PeerId): number {
    let n = 0
    for (const r of this.rebuilds.values()) if (r.from === id) n++
    return n
  }

  private forget (key: string, rebuild: Rebuild): void {
    this.rebuilds.delete(key)
    this.rebuildBytes -= rebuild.bytes
  }

  /** Hand the rebuilt block to gossip as if it had come whole from `peer`. */
  private complete (peer: Peer, header: BlockHeader, txs: Uint8Array[]): void {
    const payload = encodePayload(Messages.block, { block: { header, txs: txs as Array<Uint8Array<ArrayBuffer>> } })
    this.gossip.receive(peer, MessageType.BLOCK, payload, true)
  }
}
