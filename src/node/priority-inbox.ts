// Messages from quarantined peers (score below the greylist threshold, spec §8) are served
// last: instead of being handled as they arrive, they wait in one bounded per-node queue
// that is worked off in small batches from a zero-delay timer, after the I/O that is
// already due, so honest traffic goes first. The queue is bounded in messages and in bytes
// (it holds copies of remote payloads); when full, messages are dropped (counted).
import type { Clock, Timer } from '../runtime/clock.js'
import type { Session } from '../session/session.js'
import { PeerState } from '../session/lifecycle.js'
import { DropReason, type NodeStats } from '../session/stats.js'

/** Messages handled per turn of the queue. */
const BATCH = 32

interface Deferred {
  session: Session
  type: number
  payload: Uint8Array
}

export interface PriorityInboxOptions {
  clock: Clock
  stats: NodeStats
  /** Most messages waiting (dropped beyond). */
  maxQueued: number
  /** Most payload bytes waiting (dropped beyond). */
  maxQueuedBytes: number
  isLowPriority(session: Session): boolean
  /** Handle a message now (the router: never throws). */
  handle(session: Session, type: number, payload: Uint8Array): void
}

export class PriorityInbox {
  private queue: Deferred[] = []
  private head = 0
  private queuedBytes = 0
  private timer: Timer | undefined

  constructor (private readonly options: PriorityInboxOptions) {}

  get queued (): number {
    return this.queue.length - this.head
  }

  /** Payload bytes waiting. */
  get bytes (): number {
    return this.queuedBytes
  }

  /** Handle at once, or queue (with a copy of the payload) if the sender is quarantined. */
  deliver (session: Session, type: number, payload: Uint8Array): void {
    if (!this.options.isLowPriority(session)) {
      this.options.handle(session, type, payload)
      return
    }
    if (this.queued >= this.options.maxQueued || this.queuedBytes + payload.length > this.options.maxQueuedBytes) {
      session.stats.drops.add(DropReason.GREYLIST_QUEUE_FULL)
      this.options.stats.drops.add(DropReason.GREYLIST_QUEUE_FULL)
      return
    }
    this.queuedBytes += payload.length
    this.queue.push({ session, type, payload: Uint8Array.from(payload) })
    this.timer ??= this.options.clock.setTimeout(() => this.drain(), 0)
  }

  stop (): void {
    this.timer?.cancel()
    this.timer = undefined
    this.queue = []
    this.head = 0
    this.queuedBytes = 0
  }

  private drain (): void {
    this.timer = undefined
    const end = Math.min(this.queue.length, this.head + BATCH)
    while (this.head < end) {
      const { session, type, payload } = this.queue[this.head++]!
      this.queuedBytes -= payload.length
      if (session.state === PeerState.DISCONNECT) {
        this.options.stats.drops.add(DropReason.PEER_GONE)
        continue
      }
      this.options.handle(session, type, payload)
    }
    if (this.head === this.queue.length) {
      this.queue = []
      this.head = 0
    } else {
      this.timer = this.options.clock.setTimeout(() => this.drain(), 0)
    }
  }
}
