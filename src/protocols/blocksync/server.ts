// The serving side of block sync: BlockRequest answered from the chain's store, and
// BlockStatus. A single-height request (count 0, spec §7.2) is answered with
// BlockResponse.block from the application's BlockSource; a range request with the
// encoded blocks as stored (never decoded and encoded again), at most count
// (≤ MAX_RANGE_BLOCKS) blocks and max_bytes, within one frame, with the commit of the last
// one and our latest height and base. Each peer has at most maxServingPerPeer requests
// being answered at once, and is served at most blocks.maxServedBytesPerPeerPerSecond;
// beyond either, a range answer is `busy` ("ask again later": the asker does not take it
// for withholding) and a single-height answer has no block.
import type { PeerId } from '../../identity/peer-id.js'
import { TokenBucket } from '../../limits/token-bucket.js'
import type { ProtocolHost } from '../../router/host.js'
import type { Peer } from '../../router/types.js'
import { DropReason } from '../../session/stats.js'
import { MAX_RANGE_BLOCKS, Messages, MessageType, encodePayload } from '../../wire/codecs.js'
import { encodeFrame } from '../../wire/envelope.js'
import type { BlockRequest, BlockResponse } from '../../wire/gen/kuber.js'
import type { BlockSource } from '../blocks/block-source.js'
import { RANGE_FRAME_SLACK, type BlockSyncConfig } from './config.js'
import type { BlockSyncProvider } from './provider.js'

/** What a range answer says of the responder besides its blocks. */
interface Held { latestHeight: number, base: number }

export class BlockServer {
  private readonly serving = new Map<PeerId, number>()
  /** Bytes each connection may still be served (a Peer is one connection; the entry goes with it). */
  private readonly budgets = new WeakMap<Peer, TokenBucket>()
  readonly counters = { served: 0, servedEmpty: 0, ranges: 0, rangeBlocks: 0, rangeBytes: 0, busy: 0, overBudget: 0, status: 0 }

  constructor (
    private readonly host: ProtocolHost,
    private readonly source: BlockSource | undefined,
    private readonly provider: BlockSyncProvider | undefined,
    private readonly config: BlockSyncConfig,
    /** Bytes served to one peer per second, and at once (blocks.maxServedBytesPerPeerPerSecond, servedByteBurstPerPeer). */
    private readonly budget: { readonly rate: number, readonly burst: number },
    private readonly maxFrameBytes: number
  ) {}

  onRequest (peer: Peer, request: BlockRequest): void {
    const { height } = request
    const busy = this.serving.get(peer.peerId) ?? 0
    if (busy >= this.config.maxServingPerPeer) {
      this.counters.busy++
      this.send(peer, this.encode({ height, busy: true, ...this.held() }))
      return
    }
    this.serving.set(peer.peerId, busy + 1)
    const work = request.count === 0 ? this.one(peer, height) : this.range(peer, request)
    work.then((payload) => this.send(peer, payload)).catch((err: unknown) => {
      this.host.log.error({ err, height }, 'serving blocks failed')
      this.send(peer, this.encode({ height, busy: true, ...this.held() }))
    }).finally(() => {
      const left = (this.serving.get(peer.peerId) ?? 1) - 1
      if (left > 0) this.serving.set(peer.peerId, left)
      else this.serving.delete(peer.peerId)
    })
  }

  onStatusRequest (peer: Peer): void {
    this.counters.status++
    peer.sendMessage(Messages.blockStatus, this.status())
  }

  peerRemoved (peer: Peer): void {
    this.serving.delete(peer.peerId)
  }

  /** What we can serve: our latest final height and the lowest height held. */
  status (): { height: number, base: number } {
    return this.provider === undefined ? { height: 0, base: 0 } : { height: this.provider.height(), base: this.provider.base() }
  }

  private held (): Held {
    const { height, base } = this.status()
    return { latestHeight: height, base }
  }

  private async one (peer: Peer, height: number): Promise<Uint8Array> {
    const block = await this.source?.getBlock(height)
    if (block === undefined) {
      this.counters.servedEmpty++
      return this.encode({ height })
    }
    const payload = this.encode({ height, block })
    if (!this.budgetOf(peer).take(this.host.clock.now(), payload.length)) {
      // over this peer's serving budget: "not now" is an empty answer (it may ask another peer)
      this.overBudget(peer)
      this.counters.servedEmpty++
      return this.encode({ height })
    }
    this.counters.served++
    return payload
  }

  private async range (peer: Peer, request: BlockRequest): Promise<Uint8Array> {
    const held = this.held()
    const { height: from } = request
    const to = Math.min(from + Math.min(request.count, MAX_RANGE_BLOCKS) - 1, held.latestHeight)
    if (this.provider === undefined || from < Math.max(1, held.base) || from > to) return this.encode({ height: from, ...held })
    const budget = this.budgetOf(peer)
    const want = request.maxBytes === 0 ? this.config.rangeBytes : request.maxBytes
    const maxBytes = Math.min(want, this.maxFrameBytes - RANGE_FRAME_SLACK, Math.floor(budget.available(this.host.clock.now())))
    if (maxBytes <= 0) return this.overBudget(peer, from, held)
    const blocks = await this.provider.blocks(from, to, maxBytes)
    let bytes = 0
    for (const b of blocks) bytes += b.length
    if (blocks.length > 0 && !budget.take(this.host.clock.now(), bytes)) return this.overBudget(peer, from, held)
    const commit = blocks.length === 0 ? undefined : await this.provider.commit(from + blocks.length - 1)
    this.counters.ranges++
    this.counters.rangeBlocks += blocks.length
    this.counters.rangeBytes += bytes
    const answer: Partial<BlockResponse> = { height: from, blocks: blocks as Array<Uint8Array<ArrayBuffer>>, commit, ...held }
    const payload = this.encode(answer)
    // a block near the frame limit leaves no room for its commit: the asker takes it from the next block
    return payload.length > this.maxFrameBytes - 16 && commit !== undefined ? this.encode({ ...answer, commit: undefined }) : payload
  }

  /** Over the peer's byte budget: counted, and for a range, a busy answer. */
  private overBudget (peer: Peer, from?: number, held?: Held): Uint8Array {
    this.counters.overBudget++
    this.host.drop(peer.peerId, DropReason.BLOCK_REQUEST_OVER_BUDGET)
    return this.encode({ height: from, busy: true, ...held })
  }

  private encode (response: Partial<BlockResponse>): Uint8Array {
    return encodePayload(Messages.blockResponse, response)
  }

  private send (peer: Peer, payload: Uint8Array): void {
    peer.sendFrame(MessageType.BLOCK_RESPONSE, encodeFrame(MessageType.BLOCK_RESPONSE, payload))
  }

  private budgetOf (peer: Peer): TokenBucket {
    let bucket = this.budgets.get(peer)
    if (bucket === undefined) this.budgets.set(peer, bucket = new TokenBucket(this.budget.rate, this.budget.burst, this.host.clock.now()))
    return bucket
  }
}
