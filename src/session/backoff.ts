// Exponential backoff with jitter for redials: attempt n waits about base·2^n, capped,
// with "equal jitter" (half fixed, half random) so peers that failed together do not
// all retry in the same instant.
import type { Random } from '../runtime/random.js'

export interface BackoffOptions {
  /** Delay before the first retry (default 1 000 ms). */
  baseMs: number
  /** Longest delay (default 60 000 ms). */
  maxMs: number
}

export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = Object.freeze({ baseMs: 1000, maxMs: 60_000 })

/** Delay before retry number `attempt` (0-based), in [cap/2, cap] where cap = min(max, base·2^attempt). */
export function backoffDelay (attempt: number, options: BackoffOptions, random: Random): number {
  const cap = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(attempt, 30))
  return cap / 2 + random.float() * (cap / 2)
}
