// Time as protocol code sees it. Everything above this folder takes a Clock; only this
// file reads the wall clock or arms real timers, so the same code runs on real sockets
// and inside the simulator on virtual time (see virtual-clock.ts).

/** A timer armed by a Clock. cancel() is idempotent. */
export interface Timer {
  cancel(): void
}

export interface Clock {
  /** Wall-clock milliseconds since the Unix epoch (fractional where the clock allows). */
  now(): number
  /** Run fn once after ms milliseconds. */
  setTimeout(fn: () => void, ms: number): Timer
  /** Run fn every ms milliseconds until cancelled. */
  setInterval(fn: () => void, ms: number): Timer
}

/** The real clock. Timers are unref'd: an open listener, not a timer, keeps a node alive. */
export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout (fn, ms) {
    const t = setTimeout(fn, ms)
    t.unref()
    return { cancel: () => clearTimeout(t) }
  },
  setInterval (fn, ms) {
    const t = setInterval(fn, ms)
    t.unref()
    return { cancel: () => clearInterval(t) }
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
