// Peer score maths (spec §9), pure functions:
//   score = clamp(base + α·valid − β·invalid, 0, 100)
// `valid` and `invalid` are weighted event totals that decay exponentially toward zero,
// so a peer's score drifts back toward `base` when nothing happens.

export interface ScoreParams {
  /** Score of a peer we know nothing about (default 50). */
  base: number
  /** Disconnect and ban below this (default 10, spec §9). */
  banThreshold: number
  /** Quarantine below this: no gossip to it, its messages served last (default 25). */
  greylistThreshold: number
  /** Trusted at or above this (default 80). */
  trustedThreshold: number
  /** Weight of one unit of valid behaviour (α, default 1). */
  alpha: number
  /** Weight of one unit of invalid behaviour (β, default 1). */
  beta: number
  /** Half-life of both totals in ms (default 10 minutes). */
  halfLifeMs: number
}

export const DEFAULT_SCORE_PARAMS: Readonly<ScoreParams> = Object.freeze({
  base: 50,
  banThreshold: 10,
  greylistThreshold: 25,
  trustedThreshold: 80,
  alpha: 1,
  beta: 1,
  halfLifeMs: 10 * 60_000
})

/** Validate parameters once, at construction (throws RangeError). */
export function validateScoreParams (p: ScoreParams): ScoreParams {
  const inRange = (x: number): boolean => Number.isFinite(x) && x >= 0 && x <= 100
  if (![p.base, p.banThreshold, p.greylistThreshold, p.trustedThreshold].every(inRange)) throw new RangeError('score thresholds and base must be in [0, 100]')
  if (!(p.banThreshold <= p.greylistThreshold && p.greylistThreshold <= p.trustedThreshold)) throw new RangeError('thresholds must satisfy ban <= greylist <= trusted')
  if (!(p.alpha >= 0 && p.beta >= 0 && p.halfLifeMs > 0)) throw new RangeError('alpha, beta must be >= 0 and halfLifeMs > 0')
  return p
}

export interface ScoreState {
  valid: number
  invalid: number
  /** When the totals were last decayed (ms). */
  at: number
}

export function initialScoreState (now: number): ScoreState {
  return { valid: 0, invalid: 0, at: now }
}

/** The totals decayed to `now`. */
export function decay (s: ScoreState, now: number, p: ScoreParams): ScoreState {
  const dt = now - s.at
  if (dt <= 0) return s
  const k = Math.pow(0.5, dt / p.halfLifeMs)
  return { valid: s.valid * k, invalid: s.invalid * k, at: now }
}

export function scoreOf (s: ScoreState, now: number, p: ScoreParams): number {
  const d = decay(s, now, p)
  return clamp(p.base + p.alpha * d.valid - p.beta * d.invalid)
}

/** Record valid (weight > 0) or invalid (weight < 0) behaviour. */
export function record (s: ScoreState, weight: number, now: number, p: ScoreParams): ScoreState {
  const d = decay(s, now, p)
  if (weight >= 0) {
    // do not bank credit beyond what reaches 100: a long-honest peer cannot buy a free attack
    const room = Math.max(0, (100 - p.base + p.beta * d.invalid) / Math.max(p.alpha, 1e-9) - d.valid)
    return { valid: d.valid + Math.min(weight, room), invalid: d.invalid, at: now }
  }
  return { valid: d.valid, invalid: d.invalid - weight, at: now }
}

/** Set the score to exactly `target` now (spec §13 rule 2 sets it to 0). */
export function forceScore (target: number, now: number, p: ScoreParams): ScoreState {
  const t = clamp(target)
  return t >= p.base
    ? { valid: (t - p.base) / Math.max(p.alpha, 1e-9), invalid: 0, at: now }
    : { valid: 0, invalid: (p.base - t) / Math.max(p.beta, 1e-9), at: now }
}

export type ScoreBand = 'banned' | 'greylisted' | 'normal' | 'trusted'

export function band (score: number, p: ScoreParams): ScoreBand {
  if (score < p.banThreshold) return 'banned'
  if (score < p.greylistThreshold) return 'greylisted'
  if (score >= p.trustedThreshold) return 'trusted'
  return 'normal'
}

function clamp (x: number): number {
  return x < 0 ? 0 : x > 100 ? 100 : x
}
