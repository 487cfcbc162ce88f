// The Connection contract over a Node `ws` WebSocket (spec §3, "WebSocket (for light
// clients)"): the byte stream is the concatenation of the binary messages, so a message
// may hold several records and a record may span messages, exactly as TCP chunks do.
// Writes larger than maxMessageBytes go out as several messages. A text message or a
// message over the limit is not part of the stream: the connection ends with a typed
// error (MALFORMED_MESSAGE, FRAME_TOO_LARGE) that the layers above score as on TCP.
import type { WebSocket } from 'ws'
import type { Clock, Timer } from '../runtime/clock.js'
import { ErrorCodes, TransportError, WireError } from '../errors.js'
import type { Connection, ConnectionHandlers } from './types.js'

/** Default largest WebSocket message accepted and sent: 1 MiB (a frame of 2 MiB spans two). */
export const DEFAULT_WS_MAX_MESSAGE_BYTES = 1024 * 1024

/** Settings a WsConnection takes from its transport (see WsTransportOptions). */
export interface WsConnectionSettings {
  clock: Clock
  /** write() returns false at or above this many buffered bytes. */
  highWaterMark: number
  /** Largest message sent; larger writes are split. The peer refuses larger ones. */
  maxMessageBytes: number
  /** How long close() waits for the peer's close frame before destroying the socket. */
  closeTimeoutMs: number
}

/** ws reports an over-long message with this error code (and closes with 1009). */
const WS_TOO_LONG = 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'

export class WsConnection implements Connection {
  private handlers: ConnectionHandlers | undefined
  private readonly held: Uint8Array[] = [] // messages emitted while paused or before setHandlers
  private userPaused = false
  private delivering = false
  private closing = false
  private destroyed = false
  private needDrain = false
  private failure: Error | undefined // what we report in onClose
  private wsClosed = false
  private closeReported = false
  private closeTimer: Timer | undefined
  private readonly onSent = (): void => this.sent()

  constructor (private readonly ws: WebSocket, readonly remoteAddress: string, readonly localAddress: string, private readonly settings: WsConnectionSettings) {
    ws.binaryType = 'nodebuffer'
    ws.pause() // hold incoming messages in the socket until setHandlers
    ws.on('message', (data: Buffer, isBinary: boolean) => this.onMessage(data, isBinary))
    ws.on('error', (err: Error & { code?: string }) => {
      this.failure ??= err.code === WS_TOO_LONG
        ? new WireError(ErrorCodes.FRAME_TOO_LARGE, `WebSocket message from ${remoteAddress} over ${settings.maxMessageBytes} bytes`)
        : new TransportError(ErrorCodes.CONNECTION_CLOSED, `connection to ${remoteAddress} failed: ${err.code ?? err.message}`, { cause: err })
    })
    ws.on('close', () => this.onWsClose())
  }

  get bufferedAmount (): number {
    return this.ws.bufferedAmount
  }

  setHandlers (handlers: ConnectionHandlers): void {
    const first = this.handlers === undefined
    this.handlers = handlers
    if (!first) return
    if (this.wsClosed) queueMicrotask(() => this.resume())
    else if (!this.userPaused) this.resume()
  }

  write (data: Uint8Array): boolean {
    if (this.closing || this.wsClosed) return false
    const max = this.settings.maxMessageBytes
    for (let off = 0; off < data.length; off += max) {
      this.ws.send(off === 0 && data.length <= max ? data : data.subarray(off, off + max), { binary: true }, this.onSent)
    }
    const below = this.ws.bufferedAmount < this.settings.highWaterMark
    if (!below) this.needDrain = true
    return below
  }

  pause (): void {
    this.userPaused = true
    this.ws.pause()
  }

  resume (): void {
    this.userPaused = false
    if (this.handlers === undefined) return
    this.deliverHeld()
    if (this.userPaused || this.held.length > 0) return
    if (this.wsClosed) this.reportClose() // everything received has been delivered
    else this.ws.resume()
  }

  close (): void {
    if (this.closing || this.wsClosed) return
    this.closing = true
    this.ws.close(1000) // after what is queued; the peer answers with its close frame
    this.closeTimer = this.settings.clock.setTimeout(() => {
      this.destroy(new TransportError(ErrorCodes.CONNECTION_CLOSED, `close of connection to ${this.remoteAddress} timed out after ${this.settings.closeTimeoutMs} ms`))
    }, this.settings.closeTimeoutMs)
  }

  destroy (err?: Error): void {
    if (this.wsClosed || this.closeReported) return
    this.closing = true
    this.destroyed = true
    this.failure = err
    this.held.length = 0
    this.ws.terminate()
  }

  private onMessage (data: Buffer, isBinary: boolean): void {
    if (this.destroyed) return
    if (!isBinary) {
      this.destroy(new WireError(ErrorCodes.MALFORMED_MESSAGE, `text WebSocket message from ${this.remoteAddress}: only binary messages carry the stream`))
      return
    }
    if (data.length === 0) return
    if (this.handlers !== undefined && !this.userPaused && this.held.length === 0 && !this.delivering) this.handlers.onData(data)
    else this.held.push(data) // bounded: the socket is paused, only what ws had already read arrives
  }

  private deliverHeld (): void {
    if (this.delivering) return
    this.delivering = true
    try {
      while (this.held.length > 0 && !this.userPaused && this.handlers !== undefined) this.handlers.onData(this.held.shift()!)
    } finally {
      this.delivering = false
    }
  }

  private sent (): void {
    if (this.needDrain && !this.closing && this.ws.bufferedAmount < this.settings.highWaterMark) {
      this.needDrain = false
      this.handlers?.onDrain()
    }
  }

  private onWsClose (): void {
    this.wsClosed = true
    this.closeTimer?.cancel()
    if (this.handlers === undefined) return
    if (this.destroyed) this.reportClose()
    else if (!this.userPaused) this.resume()
  }

  private reportClose (): void {
    if (this.closeReported) return
    this.closeReported = true
    this.handlers!.onClose(this.failure)
  }
}
