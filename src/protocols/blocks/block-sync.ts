// Blocks by height (spec §7.2-7.3): BlockRequest is answered from the application's
// BlockSource with a BlockResponse (no block if we do not have it); requestBlock asks a
// peer that claims the height and resolves with the block once it passes BlockJudge, or
// with undefined (no block, invalid, timed out). Requests go through the node's request
// tracker: bounded per node and per peer, an unanswered one costs SLOW_RESPONSE, a
// response nobody asked for is UNSOLICITED_MESSAGE, and an answer is never charged to the
// responder's message budget. The bytes served to one peer are bounded per second (beyond:
// an empty answer).
import { ErrorCodes, KuberError, ProtocolError } from '../../errors.js'
import type { PeerId } from '../../identity/peer-id.js'
import type { Peer, Protocol } from '../../router/types.js'
import type { RequestKind } from '../../router/requests.js'
import { Reward } from '../../scoring/penalties.js'
import { Messages, MessageType, decodePayload, encodePayload } from '../../wire/codecs.js'
import { encodeFrame } from '../../wire/envelope.js'
import { TokenBucket } from '../../limits/token-bucket.js'
import { DropReason } from '../../session/stats.js'
import type { Block } from '../../wire/gen/kuber.js'
import type { ChainHost } from '../host.js'
import type { BlockJudge } from './block-judge.js'
import type { BlockSource } from './block-source.js'
import { sha256 } from '../../wire/hash.js'

/** Most of our requests outstanding at once. */
const MAX_OUTSTANDING = 256
/** Most of our requests outstanding to one peer. */
const MAX_OUTSTANDING_PER_PEER = 16
/** Most requests from one peer being served at once. */
const MAX_SERVING_PER_PEER = 16

export interface RequestBlockOptions {
  /** Ask this peer (default: a random connected peer whose latest height is at least `height`). */
  peerId?: PeerId
  /** Give up after this long (default: blocks.requestTimeoutMs). */
  timeoutMs?: number
}

export interface BlockSyncOptions {
  /** Default wait for a BlockResponse. */
  timeoutMs: number
  /** Largest frame a peer may answer with. */
  maxFrameBytes: number
  /** Bytes of BlockResponses served to one peer per second, and at once. */
  maxServedBytesPerPeerPerSecond: number
  servedByteBurstPerPeer: number
}

type Resolve = (block: Block | undefined) => void

export class BlockSync implements Protocol {
  readonly name = 'block_sync'
  readonly messageTypes = [MessageType.BLOCK_REQUEST, MessageType.BLOCK_RESPONSE]
  private readonly requests: RequestKind<Resolve>
  private readonly serving = new Map<PeerId, number>()
  /** Bytes each connection may still be served (a Peer is one connection; the entry goes with it). */
  private readonly served = new WeakMap<Peer, TokenBucket>()
  readonly counters = { requested: 0, received: 0, invalid: 0, timeouts: 0, served: 0, servedEmpty: 0, refused: 0, overBudget: 0 }

  constructor (private readonly host: ChainHost, private readonly judge: BlockJudge, private readonly source: BlockSource | undefined, private readonly options: BlockSyncOptions) {
    this.requests = host.requests.kind<Resolve>({
      name: 'block',
      timeoutMs: options.timeoutMs,
      maxTotal: MAX_OUTSTANDING,
      maxPerPeer: MAX_OUTSTANDING_PER_PEER,
      grant: { types: [MessageType.BLOCK_RESPONSE], bytes: options.maxFrameBytes + 4 },
      onTimeout: (r) => {
        this.counters.timeouts++
        r.data(undefined)
      },
      onCancel: (r) => r.data(undefined)
    })
  }

  /** Ask for the block at `height`; resolves undefined when no peer has it or it was not valid. */
  async requestBlock (height: number, options: RequestBlockOptions = {}): Promise<Block | undefined> {
    const peer = options.peerId !== undefined ? this.host.getPeer(options.peerId) : this.pickPeer(height)
    if (peer === undefined) return undefined
    return await new Promise<Block | undefined>((resolve) => {
      if (this.requests.start(peer.peerId, String(height), resolve, { timeoutMs: options.timeoutMs }) === undefined) {
        resolve(undefined)
        return
      }
      this.counters.requested++
      peer.sendMessage(Messages.blockRequest, { height })
    })
  }

  onMessage (peer: Peer, type: number, payload: Uint8Array): void {
    if (type === MessageType.BLOCK_REQUEST) this.serve(peer, decodePayload(Messages.blockRequest, payload).height)
    else this.onResponse(peer, payload)
  }

  onPeerRemoved (peer: Peer): void {
    this.serving.delete(peer.peerId)
  }

  stats (): Record<string, unknown> {
    return { ...this.counters, outstanding: this.requests.size }
  }

  private pickPeer (height: number): Peer | undefined {
    const candidates = this.host.connectedPeers().filter((p) => p.latestHeight >= height && !this.host.isQuarantined(p.peerId))
    return candidates.length === 0 ? undefined : candidates[this.host.random.int(candidates.length)]
  }

  private serve (peer: Peer, height: number): void {
    const busy = this.serving.get(peer.peerId) ?? 0
    if (busy >= MAX_SERVING_PER_PEER) {
      this.counters.refused++
      throw new ProtocolError(ErrorCodes.RATE_LIMITED, `more than ${MAX_SERVING_PER_PEER} BlockRequests in flight`)
    }
    this.serving.set(peer.peerId, busy + 1)
    const done = (block: Block | undefined): void => {
      const left = (this.serving.get(peer.peerId) ?? 1) - 1
      if (left > 0) this.serving.set(peer.peerId, left)
      else this.serving.delete(peer.peerId)
      let payload = encodePayload(Messages.blockResponse, block === undefined ? { height } : { height, block })
      if (block !== undefined && !this.budgetOf(peer).take(this.host.clock.now(), payload.length)) {
        // over this peer's serving budget: "not now" is an empty answer (it may ask another peer)
        this.counters.overBudget++
        this.host.drop(peer.peerId, DropReason.BLOCK_REQUEST_OVER_BUDGET)
        payload = encodePayload(Messages.blockResponse, { height })
        block = undefined
      }
      if (block === undefined) this.counters.servedEmpty++
      else this.counters.served++
      peer.sendFrame(MessageType.BLOCK_RESPONSE, encodeFrame(MessageType.BLOCK_RESPONSE, payload))
    }
    Promise.resolve(this.source?.getBlock(height)).then(done, (err: unknown) => {
      this.host.log.error({ err, height }, 'block source failed')
      done(undefined)
    })
  }

  private budgetOf (peer: Peer): TokenBucket {
    let bucket = this.served.get(peer)
    if (bucket === undefined) {
      const { maxServedBytesPerPeerPerSecond: rate, servedByteBurstPerPeer: burst } = this.options
      this.served.set(peer, bucket = new TokenBucket(rate, burst, this.host.clock.now()))
    }
    return bucket
  }

  private onResponse (peer: Peer, payload: Uint8Array): void {
    const { height, block } = decodePayload(Messages.blockResponse, payload)
    const resolve = this.requests.answer(peer.peerId, String(height)).data
    if (block === undefined) { resolve(undefined); return }
    this.counters.received++
    if (block.header?.height !== height) {
      this.counters.invalid++
      resolve(undefined)
      throw new ProtocolError(ErrorCodes.INVALID_BLOCK, `BlockResponse for height ${height} holds height ${block.header?.height}`)
    }
    peer.latestHeight = Math.max(peer.latestHeight, height)
    // the block outlives this handler: keep our own copy, not views into a receive buffer
    const own = decodePayload(Messages.blockResponse, Uint8Array.from(payload)).block!
    Promise.resolve(this.judge.judge(own, own.txs.map(sha256), peer.peerId)).then((verdict) => {
      if (verdict === 'accept') this.host.reward(peer.peerId, Reward.VALID_BLOCK)
      if (verdict === 'reject') {
        this.counters.invalid++
        this.host.penalize(peer.peerId, new ProtocolError(ErrorCodes.INVALID_BLOCK, `invalid block at height ${height}`))
      }
      resolve(verdict === 'accept' ? own : undefined)
    }, (err: unknown) => {
      this.counters.invalid++
      if (err instanceof KuberError) this.host.penalize(peer.peerId, err)
      resolve(undefined)
    })
  }
}
