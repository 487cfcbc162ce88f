// Send-side pacing of a peer's transaction class (spec §13 rule 1 seen from the sender): a
// node never sends a peer more than it would accept itself. Receivers charge every message
// to maxMessagesPerSecond and every transaction to mempool.maxTxsPerPeerPerSecond, and an
// honest node gossiping a few hundred transactions at once would overrun both and be
// penalised (RATE_LIMITED). So frames of the transactions class go through a token bucket
// at a share of those limits (txPacing: at most half the message rate, under the
// transaction rate, with a margin for network jitter); the excess waits here, in order,
// counted in the peer's send buffer (so gossip backpressure and the buffer limit see it),
// and the oldest is dropped first when the class's share of the buffer is full. Votes,
// blocks and control are never paced: they do not wait behind transactions, and the half
// of the message rate left is theirs.
import { TokenBucket } from '../limits/token-bucket.js'
import type { Timer } from '../runtime/clock.js'

export interface TxPacing {
  /** Frames of the transactions class per second. */
  perSecond: number
  /** At once above that rate. */
  burst: number
}

/** Share of the receiver's limits a sender uses: below them, for clocks and network jitter. */
const MARGIN = 0.9

/** The pacing a node with these receive limits applies to each peer (the same defaults on both sides). */
export function txPacingFor (limits: { maxMessagesPerSecond: number, messageBurst: number, maxTxsPerPeerPerSecond: number, txBurstPerPeer: number }): TxPacing {
  return {
    perSecond: MARGIN * Math.min(limits.maxMessagesPerSecond / 2, limits.maxTxsPerPeerPerSecond),
    burst: Math.max(1, Math.floor(Math.min(limits.messageBurst, limits.txBurstPerPeer) / 2))
  }
}

export interface PacerHost {
  now(): number
  setTimer(ms: number, fn: () => void): Timer
  /** Hand a frame on to the send queue. */
  release(type: number, frame: Uint8Array): void
}

export class SendPacer {
  private readonly bucket: TokenBucket
  private types: number[] = []
  private frames: Uint8Array[] = []
  private head = 0
  private timer: Timer | undefined
  /** Bytes waiting here. */
  queuedBytes = 0
  /** Frames that had to wait for the bucket. */
  paced = 0
  /** Waiting frames dropped, oldest first, to make room in a full buffer. */
  dropped = 0

  constructor (pacing: TxPacing, private readonly host: PacerHost) {
    this.bucket = new TokenBucket(pacing.perSecond, pacing.burst, host.now())
  }

  get waiting (): number {
    return this.frames.length - this.head
  }

  /** Send now if the bucket allows and nothing waits, else queue behind what waits. */
  push (type: number, frame: Uint8Array): void {
    if (this.waiting === 0 && this.bucket.take(this.host.now())) {
      this.host.release(type, frame)
      return
    }
    this.paced++
    this.types.push(type)
    this.frames.push(frame)
    this.queuedBytes += frame.length
    this.arm()
  }

  /** Drop the oldest waiting frame (the buffer is full); false when none waits. */
  dropOldest (): boolean {
    if (this.waiting === 0) return false
    this.queuedBytes -= this.shift().frame.length
    this.dropped++
    return true
  }

  /** Drop everything waiting (the session ended). */
  clear (): void {
    this.timer?.cancel()
    this.timer = undefined
    this.types = []
    this.frames = []
    this.head = 0
    this.queuedBytes = 0
  }

  private arm (): void {
    if (this.timer !== undefined || this.waiting === 0) return
    const missing = Math.max(0, 1 - this.bucket.available(this.host.now()))
    this.timer = this.host.setTimer(Math.ceil(missing * 1000 / this.bucket.ratePerSecond), () => {
      this.timer = undefined
      this.drain()
    })
  }

  private drain (): void {
    const now = this.host.now()
    while (this.waiting > 0 && this.bucket.take(now)) {
      const { type, frame } = this.shift()
      this.queuedBytes -= frame.length
      this.host.release(type, frame)
    }
    this.arm()
  }

  private shift (): { type: number, frame: Uint8Array } {
    const i = this.head++
    const out = { type: this.types[i]!, frame: this.frames[i]! }
    if (this.head === this.frames.length) {
      this.types = []
      this.frames = []
      this.head = 0
    } else if (this.head >= 64 && 2 * this.head >= this.frames.length) {
      this.types = this.types.slice(this.head)
      this.frames = this.frames.slice(this.head)
      this.head = 0
    }
    return out
  }
}
