// Receiver-driven flow control (docs/PROTOCOL.md §7, flow control; as yamux's stream windows and
// QUIC's MAX_DATA): once both Hellos carry the flow-control capability, each side's
// sender keeps at most about one window of non-consensus traffic in flight (handed to
// the connection but not yet reported consumed by the peer), so a vote sent behind a
// bulk transfer waits for that window, not for the kernel's socket buffers. Offsets
// count every plaintext stream byte from the first byte of the Hello frame, in both
// directions, so both sides count the same bytes without knowing each other's send
// classes. Consensus frames bypass the window (and still count). Pure state: the session
// feeds it bytes and updates; it does no I/O.
import { ErrorCodes, ProtocolError } from '../errors.js'

/** Every sender's limit before the first WindowUpdate (yamux's initial stream window). */
export const FLOW_INITIAL_LIMIT_BYTES = 256 * 1024
/** Each WindowUpdate raises the limit by at least this; less is a violation (so updates are at most one per 16 KiB sent). */
export const FLOW_MIN_UPDATE_BYTES = 16 * 1024
/** A limit more than this beyond what the sender has sent is absurd: a violation. */
export const FLOW_MAX_WINDOW_BYTES = 64 * 1024 * 1024
/** Smallest window a receiver may be configured with (half of it is more than FLOW_MIN_UPDATE_BYTES). */
export const FLOW_MIN_WINDOW_BYTES = 4 * FLOW_MIN_UPDATE_BYTES

/** The send side: how far the peer lets us go. */
export class SendWindow {
  /** Plaintext bytes handed to the connection since the session began (every class). */
  sent = 0
  /** Flow-controlled frames start only while sent < limit (Infinity: no flow control with this peer). */
  limit = Infinity

  /** Flow control was agreed on: the initial limit applies. */
  enable (): void {
    this.limit = FLOW_INITIAL_LIMIT_BYTES
  }

  get enabled (): boolean {
    return this.limit !== Infinity
  }

  /** May a flow-controlled frame or fragment start now? */
  get isOpen (): boolean {
    return this.sent < this.limit
  }

  /** Apply a WindowUpdate. Throws ProtocolError(FLOW_CONTROL_VIOLATION) and changes nothing if it is not valid. */
  update (limit: number): void {
    if (!this.enabled) throw violation('WindowUpdate from a peer that did not agree on flow control')
    if (!Number.isSafeInteger(limit) || limit > this.sent + FLOW_MAX_WINDOW_BYTES) {
      throw violation(`WindowUpdate limit ${limit} is more than ${FLOW_MAX_WINDOW_BYTES} bytes beyond the ${this.sent} sent`)
    }
    if (limit < this.limit + FLOW_MIN_UPDATE_BYTES) {
      throw violation(`WindowUpdate limit ${limit} raises ${this.limit} by less than ${FLOW_MIN_UPDATE_BYTES} bytes`)
    }
    this.limit = limit
  }
}

function violation (message: string): ProtocolError {
  return new ProtocolError(ErrorCodes.FLOW_CONTROL_VIOLATION, message)
}

export interface ReceiveWindowOptions {
  /** The window granted at first and the least ever granted (bytes, at least FLOW_MIN_WINDOW_BYTES). */
  windowBytes: number
  /** Auto-tuning doubles the window up to this (equal to windowBytes: a fixed window). */
  maxWindowBytes: number
}

/**
 * The receive side: counts what we consumed of the peer's stream and says when to grant
 * more. An update is due once it can raise the limit by half the window (as yamux). The
 * window doubles (up to maxWindowBytes) when half of it or more was consumed in less
 * than twice the smallest round trip seen, scaled: that is, while the window is less
 * than twice the bandwidth-delay product, the sender would idle waiting for updates.
 */
export class ReceiveWindow {
  /** Bytes of the peer's stream we have consumed (handled) since the session began. */
  consumed = 0
  /** The last limit we granted (the initial one until our first update). */
  granted = FLOW_INITIAL_LIMIT_BYTES
  /** The current window: each update grants consumed + window. */
  window: number
  private enabled = false
  private epochStartedAt: number
  private epochStartOffset = 0

  constructor (private readonly options: ReceiveWindowOptions, now: number) {
    this.window = options.windowBytes
    this.epochStartedAt = now
  }

  /** Flow control was agreed on: from now on consume() may ask for updates. */
  enable (): void {
    this.enabled = true
  }

  /**
   * `bytes` more of the peer's stream were consumed at `now`. Returns the limit to send in
   * a WindowUpdate, or undefined when none is due. minRttMs: the smallest ping round trip
   * seen, if any (auto-tuning waits for one).
   */
  consume (bytes: number, now: number, minRttMs: number | undefined): number | undefined {
    this.consumed += bytes
    if (!this.enabled || this.consumed + this.window - this.granted < this.window / 2) return undefined
    this.autotune(now, minRttMs)
    this.granted = this.consumed + this.window
    return this.granted
  }

  private autotune (now: number, minRttMs: number | undefined): void {
    const inEpoch = this.consumed - this.epochStartOffset
    if (inEpoch < this.window / 2) return
    if (minRttMs !== undefined && this.window < this.options.maxWindowBytes && now - this.epochStartedAt < 2 * minRttMs * (inEpoch / this.window)) {
      this.window = Math.min(2 * this.window, this.options.maxWindowBytes)
    }
    this.epochStartedAt = now
    this.epochStartOffset = this.consumed
  }
}
