// Rates and timers block sync keeps, on the caller's clock. DeliveryRate is one peer's
// blocks per second counted only while we had requests in flight to it (CometBFT drops
// peers below a minimum receive rate; in blocks, not bytes, so a peer serving a chain of
// empty blocks is not taken for a slow one). A window closes only once it holds an answer:
// blocks come in whole answers, and a peer that answers nothing is the request timeout's
// business. AnswerTimer is a peer's range request timeout. Throughput is the node's
// applied blocks and bytes per second over the last few seconds (progress bar, /p2p/info).
import { RttEstimator } from '../../router/rtt.js'

export class DeliveryRate {
  private busyMs = 0
  private blocks = 0
  private answers = 0
  private lastAt: number
  /** The last full window's rate, in blocks per second. */
  last: number | undefined

  constructor (now: number) {
    this.lastAt = now
  }

  /** Count the time since the last call as asking when `busy` (requests were in flight). */
  tick (now: number, busy: boolean): void {
    if (busy) this.busyMs += now - this.lastAt
    this.lastAt = now
  }

  /** An answer with this many blocks. */
  delivered (blocks: number): void {
    this.blocks += blocks
    this.answers++
  }

  /** Once `windowMs` of asking and an answer have passed: the rate over them (blocks/s), and a new window starts. */
  sample (windowMs: number): number | undefined {
    if (this.busyMs < windowMs || this.answers === 0) return undefined
    this.last = (this.blocks * 1000) / this.busyMs
    this.busyMs = 0
    this.blocks = 0
    this.answers = 0
    return this.last
  }
}

/**
 * One peer's range answer times, as TCP's retransmission timer: the timeout follows its
 * answers (RttEstimator, RFC 6298), `initialMs` before the first, and doubles with each
 * timeout until an answer comes (§5.5). Range answers get their own timer: small messages
 * answered at once would make it far too short for 1 MiB answers.
 */
export class AnswerTimer {
  private readonly rtt = new RttEstimator()
  private backoff = 0

  constructor (private readonly initialMs: number, private readonly minMs: number, private readonly maxMs: number) {}

  timeout (): number {
    return Math.min(this.maxMs, this.rtt.timeout(this.initialMs, this.minMs, this.maxMs) * 2 ** this.backoff)
  }

  answered (rttMs: number): void {
    this.backoff = 0
    this.rtt.sample(rttMs)
  }

  timedOut (): void {
    this.backoff = Math.min(this.backoff + 1, 6)
  }
}

interface Sample { at: number, blocks: number, bytes: number }

export class Throughput {
  private readonly samples: Sample[] = []
  private blocks = 0
  private bytes = 0

  constructor (private readonly windowMs: number) {}

  add (blocks: number, bytes: number): void {
    this.blocks += blocks
    this.bytes += bytes
  }

  /** Record the totals at `now` (call regularly); returns blocks/s and bytes/s over the window. */
  tick (now: number): { blocksPerSecond: number, bytesPerSecond: number } {
    this.samples.push({ at: now, blocks: this.blocks, bytes: this.bytes })
    while (this.samples.length > 2 && now - this.samples[1]!.at >= this.windowMs) this.samples.shift()
    return this.rate()
  }

  rate (): { blocksPerSecond: number, bytesPerSecond: number } {
    const first = this.samples[0]
    const last = this.samples[this.samples.length - 1]
    if (first === undefined || last === undefined || last.at <= first.at) return { blocksPerSecond: 0, bytesPerSecond: 0 }
    const s = (last.at - first.at) / 1000
    return { blocksPerSecond: (last.blocks - first.blocks) / s, bytesPerSecond: (last.bytes - first.bytes) / s }
  }
}
