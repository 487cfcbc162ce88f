// Announced-but-missing messages (lazy push, the pull side). An IHAVE for an id we lack
// starts a bounded wait: the eager copy usually arrives meanwhile. If it does not, the
// first announcer is asked (IWANT); if that answer does not come in time either, the next
// announcer is asked, up to maxAttempts. One timer per missing id, a cap on how many ids
// are waited for, and a cap on announcers remembered per id.
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
  readonly announcers: PeerId[]
  /** Announcers tried so far (index into announcers). */
  next: number
  attempts: number
  lastAsked: PeerId | undefined
  timer: Timer
}

export class PendingPulls {
  private readonly pending = new Map<string, Pull>()
  /** Announcements dropped because maxPending ids were already awaited. */
  dropped = 0
  /** Asks that were not answered in time. */
  timeouts = 0

  constructor (private readonly clock: Clock, private readonly limits: PullLimits, private readonly events: PullEvents) {}

  get size (): number {
    return this.pending.size
  }

  /** `from` announced `key`, which we do not have. */
  announce (key: string, from: PeerId): void {
    const pull = this.pending.get(key)
    if (pull !== undefined) {
      if (pull.announcers.length < this.limits.maxAttempts && !pull.announcers.includes(from)) pull.announcers.push(from)
      return
    }
    if (this.pending.size >= this.limits.maxPending) {
      this.dropped++
      return
    }
    const entry: Pull = { announcers: [from], next: 0, attempts: 0, lastAsked: undefined, timer: this.arm(key) }
    this.pending.set(key, entry)
  }

  /** The message arrived: stop waiting for it. */
  received (key: string): void {
    const pull = this.pending.get(key)
    if (pull === undefined) return
    pull.timer.cancel()
    this.pending.delete(key)
  }

  /** Stop everything (engine stop). */
  clear (): void {
    for (const pull of this.pending.values()) pull.timer.cancel()
    this.pending.clear()
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
    this.pending.delete(key)
  }
}
