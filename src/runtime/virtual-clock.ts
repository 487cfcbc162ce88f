// Virtual time for deterministic tests and the simulator: timers fire in (time, arming
// order) order when the test advances the clock, never on their own.
import type { Clock, Timer } from './clock.js'

interface Entry {
  at: number
  seq: number
  fn: () => void
  every: number // 0 = one-shot
  cancelled: boolean
}

export class VirtualClock implements Clock {
  private time: number
  private seq = 0
  private readonly heap: Entry[] = []
  private cancelledCount = 0
  private firedCount = 0

  /** Added to virtual time to give wall time: set it to step the wall clock (an NTP jump, a suspend). */
  wallOffsetMs = 0

  /** @param startMs virtual time at start (default 1.7e12, a plausible epoch ms). */
  constructor (startMs = 1_700_000_000_000) {
    this.time = startMs
  }

  now (): number {
    return this.time
  }

  wallNow (): number {
    return this.time + this.wallOffsetMs
  }

  setTimeout (fn: () => void, ms: number): Timer {
    return this.arm(fn, ms, 0)
  }

  setInterval (fn: () => void, ms: number): Timer {
    return this.arm(fn, ms, Math.max(ms, 1e-3))
  }

  /** Timers fired so far (the simulator's events). */
  get fired (): number {
    return this.firedCount
  }

  /** Number of armed, uncancelled timers. */
  get pending (): number {
    return this.heap.length - this.cancelledCount
  }

  /**
   * Advance virtual time by ms, firing every timer due on the way. Between timers it
   * yields to the real event loop so promise chains that timers start can finish.
   */
  async advance (ms: number): Promise<void> {
    await this.runUntil(this.time + ms)
  }

  /** Advance to absolute virtual time `until` (see advance). */
  async runUntil (until: number): Promise<void> {
    await settle()
    for (;;) {
      const next = this.peek()
      if (next === undefined || next.at > until) break
      this.pop()
      this.time = Math.max(this.time, next.at)
      if (next.every > 0) {
        next.at += next.every
        next.seq = this.seq++
        this.push(next)
      } else {
        next.cancelled = true // fired: a later cancel() is a no-op (it is no longer in the heap)
      }
      this.firedCount++
      next.fn()
      await settle()
    }
    this.time = Math.max(this.time, until)
  }

  private arm (fn: () => void, ms: number, every: number): Timer {
    const entry: Entry = { at: this.time + Math.max(0, ms), seq: this.seq++, fn, every, cancelled: false }
    this.push(entry)
    return {
      cancel: () => {
        if (entry.cancelled) return
        entry.cancelled = true
        entry.fn = noop // release what the callback holds before the entry leaves the heap
        if (++this.cancelledCount > 1024 && this.cancelledCount > this.heap.length / 2) this.compact()
      }
    }
  }

  /** Drop cancelled entries and rebuild the heap. */
  private compact (): void {
    const live = this.heap.filter((e) => !e.cancelled)
    this.heap.length = 0
    this.cancelledCount = 0
    for (const e of live) this.push(e)
  }

  private peek (): Entry | undefined {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) {
      this.pop()
      this.cancelledCount--
    }
    return this.heap[0]
  }

  private push (e: Entry): void {
    const h = this.heap
    h.push(e)
    let i = h.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!before(h[i]!, h[p]!)) break
      ;[h[i], h[p]] = [h[p]!, h[i]!]
      i = p
    }
  }

  private pop (): Entry | undefined {
    const h = this.heap
    const top = h[0]
    const last = h.pop()
    if (h.length > 0 && last !== undefined) {
      h[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < h.length && before(h[l]!, h[m]!)) m = l
        if (r < h.length && before(h[r]!, h[m]!)) m = r
        if (m === i) break
        ;[h[i], h[m]] = [h[m]!, h[i]!]
        i = m
      }
    }
    return top
  }
}

function noop (): void {}

function before (x: Entry, y: Entry): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq)
}

/** Let pending promise callbacks and I/O callbacks run. */
function settle (): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
