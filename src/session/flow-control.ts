// One session's flow control (docs/PROTOCOL.md §7, flow control and fragments): the window we grant the peer
// (flow-window.ts, auto-tuned from quiet ping round trips), the window it grants us (kept
// by the send queue), fragment reassembly, and how long our messages have waited for a
// window update (a peer that never grants one is a slow reader). Off until both Hellos
// carry the capability; the session feeds it what it reads and sends.
import { ErrorCodes, ProtocolError } from '../errors.js'
import { Messages, decodePayload } from '../wire/codecs.js'
import { FLOW_MIN_UPDATE_BYTES, ReceiveWindow } from './flow-window.js'
import { FragmentAssembler } from './fragments.js'
import type { SendQueue } from './send-queue.js'

export interface FlowControlOptions {
  /** Window granted at first and at least (0: flow control off). */
  windowBytes: number
  /** Auto-tuning limit. */
  maxWindowBytes: number
  /** Largest message reassembled from fragments. */
  maxFrameBytes: number
}

export class FlowControl {
  /**
   * Smallest round trip of a ping on a quiet connection (less than FLOW_MIN_UPDATE_BYTES
   * went either way besides ping and pong, and nothing waited to be sent), so not
   * lengthened by traffic queued ahead of either.
   */
  minRttMs: number | undefined
  private readonly receive: ReceiveWindow
  private fragments: FragmentAssembler | undefined
  private stalledSince: number | undefined
  /** Since when a fragmented message has been in progress (undefined: none is); it must complete within frameTimeoutMs like a frame. */
  partialMessageSince: number | undefined
  /** Frame bytes received, and that count and our sent count when our ping went out (-1: not quiet then). */
  private receivedFrameBytes = 0
  private receivedAtPing = 0
  private sentAtPing = -1

  constructor (private readonly queue: SendQueue, private readonly options: FlowControlOptions, now: number) {
    this.receive = new ReceiveWindow(options, now)
  }

  /** Both Hellos carry the capability. */
  get enabled (): boolean {
    return this.fragments !== undefined
  }

  /** The window we grant the peer now. */
  get windowBytes (): number {
    return this.receive.window
  }

  /** Both Hellos carry the capability: windows and fragments from now on, both ways. */
  enable (): void {
    this.queue.enableFlowControl()
    this.receive.enable()
    this.fragments = new FragmentAssembler(this.options.maxFrameBytes)
  }

  /** A frame of `bytes` (header included) arrived. */
  frameReceived (bytes: number): void {
    this.receivedFrameBytes += bytes
  }

  /** `bytes` more of the peer's stream were handled at `now`: the WindowUpdate limit to send, if one is due. */
  consumed (bytes: number, now: number): number | undefined {
    return this.receive.consume(bytes, now, this.minRttMs)
  }

  /** A Fragment arrived at `now`: the whole envelope once it is complete. Throws typed errors. */
  fragment (payload: Uint8Array, now: number): Uint8Array | undefined {
    if (this.fragments === undefined) throw new ProtocolError(ErrorCodes.FRAGMENT_INVALID, 'Fragment from a peer that did not agree on flow control')
    const fragment = decodePayload(Messages.fragment, payload)
    this.partialMessageSince ??= now
    try {
      const whole = this.fragments.push(fragment)
      if (whole !== undefined) this.partialMessageSince = undefined
      return whole
    } catch (err) {
      this.partialMessageSince = undefined
      throw err
    }
  }

  /** A WindowUpdate arrived. Throws ProtocolError(FLOW_CONTROL_VIOLATION) if it breaks a rule. */
  windowUpdate (payload: Uint8Array): void {
    this.queue.windowUpdate(decodePayload(Messages.windowUpdate, payload).limit)
    this.stalledSince = undefined
  }

  /** Our ping is about to go out. */
  pingSent (): void {
    this.receivedAtPing = this.receivedFrameBytes
    this.sentAtPing = this.queue.bufferedBytes < FLOW_MIN_UPDATE_BYTES ? this.queue.window.sent : -1
  }

  /** Its pong came back after rttMs. */
  pongReceived (rttMs: number): void {
    const quiet = this.sentAtPing >= 0 &&
      this.queue.window.sent - this.sentAtPing < FLOW_MIN_UPDATE_BYTES &&
      this.receivedFrameBytes - this.receivedAtPing < FLOW_MIN_UPDATE_BYTES
    if (quiet) this.minRttMs = Math.min(this.minRttMs ?? Infinity, rttMs)
  }

  /**
   * How long our messages have waited for a window update (0: not waiting). Called on
   * every liveness tick; a valid update starts the count again.
   */
  stall (now: number): number {
    if (!this.queue.awaitingWindow) {
      this.stalledSince = undefined
      return 0
    }
    this.stalledSince ??= now
    return now - this.stalledSince
  }
}
