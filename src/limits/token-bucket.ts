// A token bucket (spec §13 rule 1): `ratePerSecond` tokens flow in continuously up to
// `capacity`; each admitted event takes one. Pure arithmetic on timestamps the caller
// passes in, so it runs the same on the system clock and in the simulator.

/** Rounding slack: refill arithmetic must not refuse an event that arrives exactly on time. */
const EPSILON = 1e-9

export class TokenBucket {
  private tokens: number
  private updatedAt: number

  /**
   * @param ratePerSecond tokens added per second (> 0)
   * @param capacity most tokens held, i.e. the largest burst (>= 1)
   * @param now the caller's clock, in ms; the bucket starts full
   */
  constructor (readonly ratePerSecond: number, readonly capacity: number, now: number) {
    if (!(ratePerSecond > 0) || !(capacity >= 1)) throw new RangeError(`token bucket needs rate > 0 and capacity >= 1, got ${ratePerSecond}, ${capacity}`)
    this.tokens = capacity
    this.updatedAt = now
  }

  /** Take `n` tokens (default one) at time `now` (ms). False when fewer are left: the event is over the limit, and takes nothing. */
  take (now: number, n = 1): boolean {
    this.refill(now)
    if (this.tokens < n - EPSILON) return false
    this.tokens = Math.max(0, this.tokens - n)
    return true
  }

  /**
   * Spend `n` tokens at time `now` even if fewer are left: the bucket goes into debt (and
   * take() fails) until the refill repays it. Returns the debt after spending (0: none).
   */
  spend (now: number, n: number): number {
    this.refill(now)
    this.tokens -= n
    return this.tokens < 0 ? -this.tokens : 0
  }

  private refill (now: number): void {
    if (now > this.updatedAt) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.updatedAt) * this.ratePerSecond / 1000)
      this.updatedAt = now
    }
  }

  /** Tokens available now (for stats and tests). */
  available (now: number): number {
    return now > this.updatedAt ? Math.min(this.capacity, this.tokens + (now - this.updatedAt) * this.ratePerSecond / 1000) : this.tokens
  }
}
