// Announced-but-missing messages (lazy push, the pull side). An IHAVE for an id we lack
// starts a bounded wait: the eager copy usually arrives meanwhile. If it does not, the
// first announcer is asked (IWANT, a request of the node's tracker, which penalises an
// unanswered one and exempts the answer from the announcer's message budget); if that
// answer does not come in time either, the next announcer is asked, up to maxAttempts. An
// announcer that cannot take more asks now (its per-peer request limit or ask budget) is
// asked again after another wait. A cap on how many ids are waited for (and on how many of
// them one peer's announcements may start: a quarter), and on the announcers remembered per id.
import type { Clock, Timer } from '../runtime/clock.js'
import type { PeerId } from '../identity/peer-id.js'
import type { RequestKind, RequestTracker } from '../router/requests.js'

export interface PullLimits {
  /** Wait before each ask, and for each answer (ms). */
  timeoutMs: number
  /** Announcers asked before giving up. */
  maxAttempts: number
  /** Most ids waited for at once. */
  maxPending: number
  /** Most asks open to one announcer. */
  maxPerPeer: number
  /** Envelope types an answer may have (the topics' types; the array may grow). */
  answerTypes: readonly number[]
  /** Largest answer frame. */
  maxAnswerBytes: number
}

/** asked: sent; unavailable: this announcer cannot be asked (gone, quarantined); busy: not now. */
export type AskResult = 'asked' | 'unavailable' | 'busy'

export interface PullEvents {
  /** Ask `from` for `key` (the request is already recorded). */
  ask(key: string, from: PeerId): AskResult
}

interface Pull {
  readonly key: string
  /** The first is the peer whose announcement started the pull. */
  readonly announcers: PeerId[]
  /** Announcers tried so far (index into announcers). */
  next: number
  attempts: number
  /** Set while waiting before an ask. */
  wait: Timer | undefined
}

export class PendingPulls {
  private readonly pending = new Map<string, Pull>()
  private readonly asks: RequestKind<Pull>
  private withdrawing = false
  /** Pulls started by each peer's announcements. */
  private readonly startedBy = new Map<PeerId, number>()
  /** Announcements dropped because maxPending ids were already awaited (or a quarter of them for that peer). */
  dropped = 0
  /** Asks that were not answered in time. */
  timeouts = 0

  constructor (private readonly clock: Clock, requests: RequestTracker, private readonly limits: PullLimits, private readonly events: PullEvents) {
    this.asks = requests.kind<Pull>({
      name: 'iwant',
      timeoutMs: limits.timeoutMs,
      maxPerPeer: limits.maxPerPeer,
      grant: { types: limits.answerTypes, bytes: limits.maxAnswerBytes },
      onTimeout: (r) => {
        this.timeouts++
        if (this.pending.get(r.key) === r.data) this.askNext(r.data)
      },
      // the asked announcer left: ask the next one now
      onCancel: (r) => { if (!this.withdrawing && this.pending.get(r.key) === r.data) this.askNext(r.data) }
    })
  }

  get size (): number {
    return this.pending.size
  }

  /** The most pulls one peer's announcements have started (for tests and stats). */
  get startedByMost (): number {
    let most = 0
    for (const n of this.startedBy.values()) most = Math.max(most, n)
    return most
  }

  /** `from` announced `key`, which we do not have. False when the announcement was dropped (too many pulls). */
  announce (key: string, from: PeerId): boolean {
    const pull = this.pending.get(key)
    if (pull !== undefined) {
      if (pull.announcers.length < this.limits.maxAttempts && !pull.announcers.includes(from)) pull.announcers.push(from)
      return true
    }
    const started = this.startedBy.get(from) ?? 0
    if (this.pending.size >= this.limits.maxPending || started >= Math.max(1, Math.floor(this.limits.maxPending / 4))) {
      this.dropped++
      return false
    }
    const entry: Pull = { key, announcers: [from], next: 0, attempts: 0, wait: undefined }
    this.pending.set(key, entry)
    this.startedBy.set(from, started + 1)
    this.arm(entry)
    return true
  }

  /** The message arrived from `from`: stop waiting for it (an answer, or the same message by another route). */
  received (key: string, from: PeerId): void {
    const pull = this.pending.get(key)
    if (pull === undefined) return
    this.forget(pull)
    pull.wait?.cancel()
    if (this.asks.take(from, key) === undefined) this.withdraw(pull)
  }

  /** Stop everything (engine stop). */
  clear (): void {
    const pulls = [...this.pending.values()]
    this.pending.clear()
    this.startedBy.clear()
    for (const pull of pulls) {
      pull.wait?.cancel()
      this.withdraw(pull)
    }
  }

  private forget (pull: Pull): void {
    this.pending.delete(pull.key)
    const starter = pull.announcers[0]!
    const n = this.startedBy.get(starter)! - 1
    if (n === 0) this.startedBy.delete(starter)
    else this.startedBy.set(starter, n)
  }

  /** Cancel the open ask of a pull that no longer needs it (no blame). */
  private withdraw (pull: Pull, from = pull.announcers[pull.next - 1]): void {
    const asked = from === undefined ? undefined : this.asks.get(from, pull.key)
    if (asked === undefined) return
    this.withdrawing = true
    this.asks.cancel(asked)
    this.withdrawing = false
  }

  private arm (pull: Pull): void {
    pull.wait = this.clock.setTimeout(() => {
      pull.wait = undefined
      this.askNext(pull)
    }, this.limits.timeoutMs)
  }

  private askNext (pull: Pull): void {
    while (pull.attempts < this.limits.maxAttempts && pull.next < pull.announcers.length) {
      const from = pull.announcers[pull.next]!
      // an announcer whose answer to our earlier ask is late may still send it: never ask it twice
      if (this.asks.timedOutLately(from, pull.key)) {
        pull.next++
        continue
      }
      const request = this.asks.start(from, pull.key, pull)
      const result = request === undefined ? 'busy' : this.events.ask(pull.key, from)
      if (result !== 'busy') pull.next++
      if (result === 'asked') {
        pull.attempts++
        return
      }
      if (request !== undefined) this.withdraw(pull, from)
      if (result === 'busy') {
        this.arm(pull)
        return
      }
    }
    this.forget(pull)
  }
}
