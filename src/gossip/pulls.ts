// Announced-but-missing messages (lazy push, the pull side). An IHAVE for an id we lack
// starts a bounded wait: the eager copy usually arrives meanwhile. If it does not, the
// first announcer is asked (IWANT); if that answer does not come in time either, the next
// announcer is asked, up to maxAttempts. One timer per missing id, a cap on how many ids
// are waited for (and on how many of them one peer's announcements may start: a quarter),
// and a cap on announcers remembered per id.
import type { Clock, Timer } from '../runtime/clock.js'
import type { PeerId } from '../identity/peer-id.js'

export interface PullLimits {
  /** Wait before each ask (ms). */
  timeoutMs: number
  /** Announcers asked before giving up. */
  maxAttempts: number
  /** Most ids waited for at once. */
  maxPending: number
}

export interface PullEvents {
  /** Ask `from` for `key`. False if it cannot be asked now (gone, quarantined): the next announcer is tried. */
  ask(key: string, from: PeerId): boolean
  /** `asked` did not deliver `key` in time. */
  timedOut(key: string, asked: PeerId): void
}

interface Pull {
  /** The first is the peer whose announcement started the pull. */
  readonly announcers: PeerId[]
  /** Announcers tried so far (index into announcers). */
  next: number
  attempts: number
  lastAsked: PeerId | undefined
  timer: Timer
}

export class PendingPulls {
  private readonly pending = new Map<string, Pull>()
  /** Pulls started by each peer's announcements. */
  private readonly startedBy = new Map<PeerId, number>()
  /** Announcements dropped because maxPending ids were already awaited (or a quarter of them for that peer). */
  dropped = 0
  /** Asks that were not answered in time. */
  timeouts = 0

  constructor (private readonly clock: Clock, private readonly limits: PullLimits, private readonly events: PullEvents) {}

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
    const entry: Pull = { announcers: [from], next: 0, attempts: 0, lastAsked: undefined, timer: this.arm(key) }
    this.pending.set(key, entry)
    this.startedBy.set(from, started + 1)
    return true
  }

  /** The message arrived: stop waiting for it. */
  received (key: string): void {
    const pull = this.pending.get(key)
    if (pull === undefined) return
    pull.timer.cancel()
    this.forget(key, pull)
  }

  /** Stop everything (engine stop). */
  clear (): void {
    for (const pull of this.pending.values()) pull.timer.cancel()
    this.pending.clear()
    this.startedBy.clear()
  }

  private forget (key: string, pull: Pull): void {
    this.pending.delete(key)
    const starter = pull.announcers[0]!
    const n = this.startedBy.get(starter)! - 1
    if (n === 0) this.startedBy.delete(starter)
    else this.startedBy.set(starter, n)
  }

  private arm (key: string): Timer {
    return this.clock.setTimeout(() => this.fire(key), this.limits.timeoutMs)
  }

  private fire (key: string): void {
    const pull = this.pending.get(key)
    if (pull === undefined) return
    if (pull.lastAsked !== undefined) {
      this.timeouts++
      this.events.timedOut(key, pull.lastAsked)
    }
    while (pull.attempts < this.limits.maxAttempts && pull.next < pull.announcers.length) {
      const from = pull.announcers[pull.next++]!
      if (!this.events.ask(key, from)) continue
      pull.attempts++
      pull.lastAsked = from
      pull.timer = this.arm(key)
      return
    }
    this.forget(key, pull)
  }
}
