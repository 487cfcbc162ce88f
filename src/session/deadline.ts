// One deadline for a whole connection setup (dial, secure channel, Hello) on the injected
// clock, exposed as an AbortSignal for the layers below and as callbacks for the session.
import type { Clock, Timer } from '../runtime/clock.js'
import { ErrorCodes, HandshakeError } from '../errors.js'

/** One deadline for a whole connection setup, on the injected clock, as an AbortSignal. */
export class Deadline {
  private readonly controller = new AbortController()
  private readonly timer: Timer
  private readonly callbacks: Array<() => void> = []
  /** True when the deadline itself (not the caller's signal) fired. */
  timedOut = false

  constructor (clock: Clock, ms: number, parent?: AbortSignal) {
    this.timer = clock.setTimeout(() => this.expire(`connection setup took longer than ${ms} ms`), ms)
    parent?.addEventListener('abort', () => this.fire(parent.reason), { once: true })
  }

  get signal (): AbortSignal {
    return this.controller.signal
  }

  onFire (fn: () => void): void {
    this.callbacks.push(fn)
  }

  cancel (): void {
    this.timer.cancel()
  }

  /** Fire now as if the time were up (an earlier stage deadline, or the connection was evicted). */
  expire (why: string): void {
    if (this.controller.signal.aborted) return
    this.timedOut = true
    this.fire(new HandshakeError(ErrorCodes.HANDSHAKE_TIMEOUT, why))
  }

  private fire (reason: unknown): void {
    if (this.controller.signal.aborted) return
    this.controller.abort(reason)
    for (const fn of this.callbacks) fn()
  }
}

