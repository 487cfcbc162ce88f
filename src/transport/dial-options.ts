// Option handling shared by the transports (TCP, WebSocket, memory), so all read
// DialOptions and their own options the same way and report an aborted dial with the same error.
import { ConfigError, ErrorCodes, TransportError } from '../errors.js'

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
