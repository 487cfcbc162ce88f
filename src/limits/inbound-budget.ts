// A peer's inbound budgets, charged in one place for every message it sends once
// established: a message rate (spec §13 rule 1: a token bucket whose excess is dropped and
// penalised) and a byte rate with a burst. The byte budget may go into debt: the message
// that overdraws it has already been read, so it is handled, but the connection is then
// not read again until the debt is repaid (the peer's TCP window fills and its writes
// back up, as CometBFT's receive rate limit does). A peer that stays over its byte budget
// for penaltyAfterMs is told so once per such period (the session penalises it).
import { TokenBucket } from './token-bucket.js'

export interface InboundBudgetLimits {
  /** Messages per second (default 200). */
  maxMessagesPerSecond: number
  /** Messages at once above that rate (default 200). */
  messageBurst: number
  /** Bytes per second (frame bytes, header included). */
  maxBytesPerSecond: number
  /** Bytes at once above that rate. */
  byteBurst: number
  /** Continuous time over the byte budget before it counts as persistent. */
  byteBudgetPenaltyAfterMs: number
}

export class InboundBudget {
  private readonly messages: TokenBucket
  private readonly bytes: TokenBucket
  /** Since when the peer has been over its byte budget without a break (undefined: it is not). */
  private overSince: number | undefined
  /** Set by charge(): how long reading must pause to repay the byte debt (0: no pause). */
  pauseMs = 0
  /** Set by charge(): the peer has now been over its byte budget for byteBudgetPenaltyAfterMs (again). */
  persistent = false

  constructor (private readonly limits: InboundBudgetLimits, now: number) {
    this.messages = new TokenBucket(limits.maxMessagesPerSecond, limits.messageBurst, now)
    this.bytes = new TokenBucket(limits.maxBytesPerSecond, limits.byteBurst, now)
  }

  /** Charge one message of `frameBytes` at `now`. False when it is over the message rate (drop it). */
  charge (now: number, frameBytes: number): boolean {
    const debt = this.bytes.spend(now, frameBytes)
    this.persistent = false
    if (debt === 0) {
      this.overSince = undefined
      this.pauseMs = 0
    } else {
      this.pauseMs = debt * 1000 / this.limits.maxBytesPerSecond
      this.overSince ??= now
      if (now - this.overSince >= this.limits.byteBudgetPenaltyAfterMs) {
        this.persistent = true
        this.overSince = now
      }
    }
    return this.messages.take(now)
  }
}
