// Time as protocol code sees it. Everything above this folder takes a Clock; only this
// file reads the wall clock or arms real timers, so the same code runs on real sockets
// and inside the simulator on virtual time (see virtual-clock.ts).

/** A timer armed by a Clock. cancel() is idempotent. */
export interface Timer {
  cancel(): void
}

export interface Clock {
  /**
   * Monotonic milliseconds (fractional): never goes back, unaffected by NTP steps or a
   * suspended machine's wall clock. For intervals, timeouts, rates and decay. Its origin
   * is arbitrary (the system clock starts near the epoch), so only differences mean anything.
   */
  now(): number
  /**
   * Wall-clock milliseconds since the Unix epoch. Only for what other machines or a later
   * run read: Hello timestamps, persisted expiries (bans, address-book times).
   */
  wallNow(): number
  /** Run fn once after ms milliseconds. */
  setTimeout(fn: () => void, ms: number): Timer
  /** Run fn every ms milliseconds until cancelled. */
  setInterval(fn: () => void, ms: number): Timer
}

/** Node's timers have unref(); a browser's are numbers. */
function unref (timer: unknown): void {
  (timer as { unref?: () => void }).unref?.()
}

/** The real clock. Timers are unref'd in Node: an open listener, not a timer, keeps a node alive. */
export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  wallNow: () => Date.now(),
  setTimeout (fn, ms) {
    const t = setTimeout(fn, ms)
    unref(t)
    return { cancel: () => clearTimeout(t) }
  },
  setInterval (fn, ms) {
    const t = setInterval(fn, ms)
    unref(t)
    return { cancel: () => clearInterval(t) }
  }
}

/** The same clock with its wall time shifted by offsetMs (a node whose clock is skewed). */
export function withWallOffset (clock: Clock, offsetMs: number): Clock {
  return {
    now: () => clock.now(),
    wallNow: () => clock.wallNow() + offsetMs,
    setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
    setInterval: (fn, ms) => clock.setInterval(fn, ms)
  }
}

/** Resolves after ms on the given clock (rejects with the signal's reason if aborted). */
export function sleep (clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) { reject(signal.reason); return }
    const onAbort = (): void => { timer.cancel(); reject(signal?.reason) }
    const timer = clock.setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve() }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
