// Per-peer scores and bans for one node (spec §9, §13). Scores live in a bounded LRU map;
// bans escalate with repeat offences (banBaseMs · 2^(n−1), capped at banMaxMs) and are
// written through a BanStore so they survive a restart.
import type { Clock } from '../runtime/clock.js'
import type { ErrorCode } from '../errors.js'
import type { PeerId } from '../identity/peer-id.js'
import { BAN_AT_ONCE, Penalty, SLOWNESS, isPenalised } from './penalties.js'
import {
  DEFAULT_SCORE_PARAMS, band, forceScore, initialScoreState, record, scoreOf, validateScoreParams,
  type ScoreBand, type ScoreParams, type ScoreState
} from './score.js'

export interface BanEntry {
  peerId: PeerId
  /** Banned until this time (ms since epoch). */
  until: number
  /** How many times this peer has been banned (drives the escalation). */
  count: number
  reason: string
}

/** Where bans are kept across restarts. The peer store provides a durable one. */
export interface BanStore {
  loadBans(): Promise<BanEntry[]>
  saveBan(entry: BanEntry): Promise<void>
}

export interface ScorerOptions {
  clock: Clock
  params?: Partial<ScoreParams>
  /** Most peers whose score is remembered (default 10 000; least recently touched forgotten first). */
  maxTracked?: number
  /** Most bans remembered (default 10 000; the one expiring soonest goes first). */
  maxBans?: number
  /** First ban's length (default 10 minutes). */
  banBaseMs?: number
  /** Longest ban (default 24 hours). */
  banMaxMs?: number
  banStore?: BanStore
  /** Called once each time a peer is banned (the node disconnects it). */
  onBan?: (entry: BanEntry) => void
}

/** Outcome of recording something about a peer. */
export interface ScoreUpdate {
  score: number
  band: ScoreBand
  /** Set when this update banned the peer. */
  ban?: BanEntry
}

export class PeerScorer {
  readonly params: ScoreParams
  private readonly states = new Map<PeerId, ScoreState>()
  private readonly banned = new Map<PeerId, BanEntry>()
  /** Peers whose score was below the greylist threshold when it last changed (checked again when asked). */
  private readonly belowGreylist = new Set<PeerId>()
  private readonly maxTracked: number
  private readonly maxBans: number
  private readonly banBaseMs: number
  private readonly banMaxMs: number
  /** Penalties applied, by error code. */
  readonly penaltiesByCode = new Map<string, number>()
  /** Bans issued, by reason. */
  readonly bansByReason = new Map<string, number>()

  constructor (private readonly options: ScorerOptions) {
    this.params = validateScoreParams({ ...DEFAULT_SCORE_PARAMS, ...options.params })
    this.maxTracked = options.maxTracked ?? 10_000
    this.maxBans = options.maxBans ?? 10_000
    this.banBaseMs = options.banBaseMs ?? 10 * 60_000
    this.banMaxMs = options.banMaxMs ?? 24 * 3600_000
  }

  /** Load persisted bans (call once at start). */
  async load (): Promise<void> {
    const now = this.options.clock.wallNow()
    for (const entry of await this.options.banStore?.loadBans() ?? []) {
      if (entry.until > now || entry.count > 0) this.remember(entry)
    }
  }

  score (id: PeerId): number {
    const s = this.states.get(id)
    return s === undefined ? this.params.base : scoreOf(s, this.options.clock.now(), this.params)
  }

  band (id: PeerId): ScoreBand {
    return this.isBanned(id) ? 'banned' : band(this.score(id), this.params)
  }

  /** Record valid behaviour worth `weight` (see Reward). */
  reward (id: PeerId, weight: number): ScoreUpdate {
    return this.apply(id, (s, now) => record(s, weight, now, this.params), 'score')
  }

  /** Record the misbehaviour an error code stands for; bans when the score falls below the threshold. */
  penalize (id: PeerId, code: ErrorCode): ScoreUpdate {
    if (!isPenalised(code)) return { score: this.score(id), band: this.band(id) }
    this.penaltiesByCode.set(code, (this.penaltiesByCode.get(code) ?? 0) + 1)
    if (BAN_AT_ONCE.has(code)) {
      const now = this.options.clock.now()
      this.touch(id, forceScore(0, now, this.params))
      return { score: 0, band: 'banned', ban: this.ban(id, code) }
    }
    let weight = Penalty[code] ?? 0
    if (SLOWNESS.has(code)) weight = Math.min(weight, Math.max(0, this.score(id) - this.params.greylistThreshold) / Math.max(this.params.beta, 1e-9))
    return this.apply(id, (s, now) => record(s, -weight, now, this.params), code)
  }

  /** Set a peer's score outright (spec §13 rule 2: two invalid blocks → 0). */
  setScore (id: PeerId, score: number, reason: string): ScoreUpdate {
    return this.apply(id, (_s, now) => forceScore(score, now, this.params), reason)
  }

  /**
   * Below the greylist threshold or banned (spec §8: quarantined). Cheap for the common
   * case, a peer in good standing: one set lookup, so the message path can ask per message.
   */
  isQuarantined (id: PeerId): boolean {
    if (this.belowGreylist.has(id)) {
      if (this.score(id) < this.params.greylistThreshold) return true
      this.belowGreylist.delete(id) // decayed back above the threshold
    }
    return this.banned.size > 0 && this.isBanned(id)
  }

  isBanned (id: PeerId): boolean {
    const b = this.banned.get(id)
    return b !== undefined && b.until > this.options.clock.wallNow()
  }

  banInfo (id: PeerId): BanEntry | undefined {
    const b = this.banned.get(id)
    return b !== undefined && b.until > this.options.clock.wallNow() ? b : undefined
  }

  /** Ban a peer now; the length grows with each repeat offence. */
  ban (id: PeerId, reason: string): BanEntry {
    const now = this.options.clock.wallNow()
    const previous = this.banned.get(id)
    const count = (previous?.count ?? 0) + 1
    const length = Math.min(this.banBaseMs * 2 ** (count - 1), this.banMaxMs)
    const entry: BanEntry = { peerId: id, until: now + length, count, reason }
    this.remember(entry)
    this.bansByReason.set(reason, (this.bansByReason.get(reason) ?? 0) + 1)
    this.options.banStore?.saveBan(entry).catch(() => {})
    this.options.onBan?.(entry)
    return entry
  }

  /** Bans still in force. */
  activeBans (): BanEntry[] {
    const now = this.options.clock.wallNow()
    return [...this.banned.values()].filter((b) => b.until > now)
  }

  /** Number of peers whose score is tracked. */
  get tracked (): number {
    return this.states.size
  }

  private apply (id: PeerId, f: (s: ScoreState, now: number) => ScoreState, reason: string): ScoreUpdate {
    const now = this.options.clock.now()
    const next = f(this.states.get(id) ?? initialScoreState(now), now)
    this.touch(id, next)
    const score = scoreOf(next, now, this.params)
    if (score < this.params.banThreshold && !this.isBanned(id)) {
      return { score, band: 'banned', ban: this.ban(id, reason) }
    }
    return { score, band: this.isBanned(id) ? 'banned' : band(score, this.params) }
  }

  private touch (id: PeerId, s: ScoreState): void {
    this.states.delete(id)
    this.states.set(id, s)
    if (scoreOf(s, s.at, this.params) < this.params.greylistThreshold) this.belowGreylist.add(id)
    else this.belowGreylist.delete(id)
    if (this.states.size > this.maxTracked) {
      const oldest = this.states.keys().next().value!
      this.states.delete(oldest)
      this.belowGreylist.delete(oldest)
    }
  }

  private remember (entry: BanEntry): void {
    this.banned.delete(entry.peerId)
    this.banned.set(entry.peerId, entry)
    if (this.banned.size > this.maxBans) {
      let soonest: BanEntry | undefined
      for (const b of this.banned.values()) if (soonest === undefined || b.until < soonest.until) soonest = b
      this.banned.delete(soonest!.peerId)
    }
  }
}
