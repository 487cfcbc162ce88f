// The serving side of block sync: BlockRequest answered from the chain's store, and
// BlockStatus. A single-height request (count 0, spec §7.2) is answered with
// BlockResponse.block from the application's BlockSource; a range request with the
// encoded blocks as stored (never decoded and encoded again), at most count
// (≤ MAX_RANGE_BLOCKS) blocks and max_bytes, within one frame, with the commit of the last
// one and our latest height and base. Each peer is served at most maxServingPerPeer ranges
// at once and servedBytesPerPeerPerSecond; beyond either, the answer is `busy` ("ask again
// later": the asker does not take it for withholding).
import type { PeerId } from '../../identity/peer-id.js'
import { TokenBucket } from '../../limits/token-bucket.js'
import type { ProtocolHost } from '../../router/host.js'
import type { Peer } from '../../router/types.js'
import { MAX_RANGE_BLOCKS, Messages } from '../../wire/codecs.js'
import type { Block, BlockRequest, BlockResponse } from '../../wire/gen/kuber.js'
import type { BlockSource } from '../blocks/block-source.js'
import { RANGE_FRAME_SLACK, type BlockSyncConfig } from './config.js'
import type { BlockSyncProvider } from './provider.js'

export class BlockServer {
  private readonly serving = new Map<PeerId, number>()
  /** Bytes each connection may still be served (a Peer is one connection; the entry goes with it). */
  private readonly budgets = new WeakMap<Peer, TokenBucket>()
  readonly counters = { served: 0, servedEmpty: 0, ranges: 0, rangeBlocks: 0, rangeBytes: 0, busy: 0, status: 0 }

  constructor (
    private readonly host: ProtocolHost,
    private readonly source: BlockSource | undefined,
    private readonly provider: BlockSyncProvider | undefined,
    private readonly config: BlockSyncConfig,
    private readonly maxFrameBytes: number
  ) {}

  onRequest (peer: Peer, request: BlockRequest): void {
    const busy = this.serving.get(peer.peerId) ?? 0
    if (busy >= this.config.maxServingPerPeer) {
      this.counters.busy++
      this.send(peer, { height: request.height, busy: true, ...this.held() })
      return
    }
    this.serving.set(peer.peerId, busy + 1)
    const work = request.count === 0 ? this.one(request.height) : this.range(peer, request)
    work.then((response) => this.send(peer, response)).catch((err: unknown) => {
      this.host.log.error({ err, height: request.height }, 'serving blocks failed')
      this.send(peer, { height: request.height, busy: true, ...this.held() })
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

  /** The same, as a range answer carries it. */
  private held (): { latestHeight: number, base: number } {
    const { height, base } = this.status()
    return { latestHeight: height, base }
  }

  private async one (height: number): Promise<Partial<BlockResponse>> {
    const block: Block | undefined = await this.source?.getBlock(height)
    if (block === undefined) this.counters.servedEmpty++
    else this.counters.served++
    return block === undefined ? { height } : { height, block }
  }

  private async range (peer: Peer, request: BlockRequest): Promise<Partial<BlockResponse>> {
    const held = this.held()
    const { height: from } = request
    const to = Math.min(from + Math.min(request.count, MAX_RANGE_BLOCKS) - 1, held.latestHeight)
    if (this.provider === undefined || from < Math.max(1, held.base) || from > to) return { height: from, ...held }
    const budget = this.budgetOf(peer)
    const now = this.host.clock.now()
    const want = request.maxBytes === 0 ? this.config.rangeBytes : request.maxBytes
    const maxBytes = Math.min(want, this.maxFrameBytes - RANGE_FRAME_SLACK, Math.floor(budget.available(now)))
    if (maxBytes <= 0) return this.busy(from, held)
    const blocks = await this.provider.blocks(from, to, maxBytes)
    let bytes = 0
    for (const b of blocks) bytes += b.length
    if (blocks.length > 0 && !budget.take(this.host.clock.now(), bytes)) return this.busy(from, held)
    const commit = blocks.length === 0 ? undefined : await this.provider.commit(from + blocks.length - 1)
    this.counters.ranges++
    this.counters.rangeBlocks += blocks.length
    this.counters.rangeBytes += bytes
    return { height: from, blocks: blocks as Array<Uint8Array<ArrayBuffer>>, commit, ...held }
  }

  private busy (from: number, held: { latestHeight: number, base: number }): Partial<BlockResponse> {
    this.counters.busy++
    return { height: from, busy: true, ...held }
  }

  private send (peer: Peer, response: Partial<BlockResponse>): void {
    try {
      peer.sendMessage(Messages.blockResponse, response)
    } catch (err) {
      // a block near the frame limit leaves no room for its commit: the asker takes it from the next block
      if (response.commit === undefined) throw err
      peer.sendMessage(Messages.blockResponse, { ...response, commit: undefined })
    }
  }

  private budgetOf (peer: Peer): TokenBucket {
    let bucket = this.budgets.get(peer)
    if (bucket === undefined) {
      const { servedBytesPerPeerPerSecond: rate, servedByteBurstPerPeer: burst } = this.config
      this.budgets.set(peer, bucket = new TokenBucket(rate, burst, this.host.clock.now()))
    }
    return bucket
  }
}
