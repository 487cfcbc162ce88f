// Option handling shared by the transports (TCP, WebSocket, memory), so all read
// DialOptions and their own options the same way and report an aborted dial with the same error.
import { ConfigError, ErrorCodes, TransportError } from '../errors.js'
import type { Clock, Timer } from '../runtime/clock.js'
import type { DialOptions } from './types.js'

/** Longest timer Node can arm (about 24.8 days); longer timeouts are clamped to it. */
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * The dial timeout to use: `requested` if given, else `fallback`. Infinity is clamped to
 * the longest timer; a negative or NaN value throws ConfigError(INVALID_CONFIG).
 */
export function dialTimeoutMs (requested: number | undefined, fallback: number): number {
  const ms = requested ?? fallback
  if (Number.isNaN(ms) || ms < 0) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `dial timeoutMs must be >= 0, got ${ms}`)
  return Math.min(ms, MAX_TIMER_MS)
}

/** TransportError(ABORTED) for a dial whose signal fired; the signal's reason is the cause. */
export function abortedError (address: string, signal: AbortSignal): TransportError {
  return new TransportError(ErrorCodes.ABORTED, `dial ${address} aborted`, { cause: signal.reason })
}

/** value if it is a positive safe integer; else ConfigError(INVALID_CONFIG) naming the option. */
export function positiveInteger (name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `${name} must be a positive integer, got ${value}`)
  return value
}

/** value if it is a finite number >= 0; else ConfigError(INVALID_CONFIG) naming the option. */
export function nonNegative (name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `${name} must be a finite number >= 0, got ${value}`)
  return value
}

/** One connection attempt under way, as dialWithDeadline drives it. */
export interface DialAttempt {
  /** Stop listening to the attempt's events (it settled). */
  detach(): void
  /** Give the attempt up: destroy what it opened (a late error from it has nobody to tell). */
  abandon(): void
}

/**
 * Run a dial under the timeout (on `clock`) and the abort signal, for every transport:
 * `open` starts connecting and calls `done` once with the connection or a TransportError.
 * Rejects with DIAL_TIMEOUT, ABORTED, or what `open` reports (DIAL_FAILED).
 */
export async function dialWithDeadline<T> (address: string, options: DialOptions, clock: Clock, defaultTimeoutMs: number, open: (done: (result: T | TransportError) => void) => DialAttempt): Promise<T> {
  const timeoutMs = dialTimeoutMs(options.timeoutMs, defaultTimeoutMs)
  const signal = options.signal
  if (signal?.aborted === true) throw abortedError(address, signal)
  return await new Promise<T>((resolve, reject) => {
    let timer: Timer | undefined
    let attempt: DialAttempt | undefined
    let settled = false
    const done = (result: T | TransportError): void => {
      if (settled) return
      settled = true
      timer?.cancel()
      signal?.removeEventListener('abort', onAbort)
      attempt?.detach()
      if (!(result instanceof TransportError)) { resolve(result); return }
      attempt?.abandon()
      reject(result)
    }
    const onAbort = (): void => { done(abortedError(address, signal!)) }
    try {
      attempt = open(done)
    } catch (err) {
      done(new TransportError(ErrorCodes.DIAL_FAILED, `dial ${address} failed: ${(err as Error).message}`, { cause: err }))
      return
    }
    if (settled) { attempt.detach(); return }
    timer = clock.setTimeout(() => { done(new TransportError(ErrorCodes.DIAL_TIMEOUT, `dial ${address} timed out after ${timeoutMs} ms`)) }, timeoutMs)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
