// The Connection contract over a WHATWG WebSocket: a browser's, or the `ws` package's
// in Node (the light client runs the same code in both). The byte stream is the
// concatenation of the binary messages, as on the node's side (ws-connection.ts); a text
// message ends the connection with MALFORMED_MESSAGE. A WHATWG WebSocket cannot be told
// to stop reading, so pause() holds what arrives, up to maxHeldBytes (then the
// connection fails), and drain is learnt by polling bufferedAmount on the injected clock.
import type { Clock, Timer } from '../runtime/clock.js'
import { ErrorCodes, TransportError, WireError } from '../errors.js'
import { ChunkQueue } from './chunk-queue.js'
import type { Connection, ConnectionHandlers } from './types.js'

/** What this file needs of a WebSocket (the WHATWG interface; `ws` implements it too). */
export interface WhatwgWebSocket {
  binaryType: string
  readonly bufferedAmount: number
  readonly readyState: number
  send(data: Uint8Array): void
  close(code?: number, reason?: string): void
  addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (event: any) => void): void
}

export type WhatwgWebSocketConstructor = new (url: string) => WhatwgWebSocket

export interface WebSocketConnectionOptions {
  clock: Clock
  /** write() returns false at or above this many buffered bytes (default 1 MiB). */
  highWaterMark?: number
  /** Largest message sent; larger writes are split (default 1 MiB, what nodes accept). */
  maxMessageBytes?: number
  /** Most bytes held while paused or before setHandlers; more ends the connection (default 4 MiB). */
  maxHeldBytes?: number
  /** How often bufferedAmount is checked while a writer waits for drain (default 20 ms). */
  drainPollMs?: number
  /** Give up opening after this long (default 10 000 ms). */
  openTimeoutMs?: number
}

const OPEN = 1

/** Open `url` and resolve with the connection; rejects with TransportError(DIAL_FAILED or DIAL_TIMEOUT). */
export async function openWebSocket (WebSocketImpl: WhatwgWebSocketConstructor, url: string, options: WebSocketConnectionOptions): Promise<Connection> {
  let ws: WhatwgWebSocket
  try {
    ws = new WebSocketImpl(url)
  } catch (err) {
    throw new TransportError(ErrorCodes.DIAL_FAILED, `cannot open ${url}: ${(err as Error).message}`, { cause: err })
  }
  ws.binaryType = 'arraybuffer'
  const conn = new WebSocketConnection(ws, url, options)
  await new Promise<void>((resolve, reject) => {
    const timer = options.clock.setTimeout(() => {
      reject(new TransportError(ErrorCodes.DIAL_TIMEOUT, `opening ${url} timed out`))
      ws.close()
    }, options.openTimeoutMs ?? 10_000)
    ws.addEventListener('open', () => { timer.cancel(); resolve() })
    ws.addEventListener('close', () => { timer.cancel(); reject(new TransportError(ErrorCodes.DIAL_FAILED, `cannot open ${url}`)) })
  })
  return conn
}

export class WebSocketConnection implements Connection {
  readonly localAddress = 'browser'
  private handlers: ConnectionHandlers | undefined
  private readonly held = new ChunkQueue<Uint8Array>()
  private heldBytes = 0
  private paused = false
  private closing = false
  private finished = false
  private ended = false // the socket closed; held bytes may still wait for the owner
  private failure: Error | undefined
  private drainTimer: Timer | undefined
  private readonly highWaterMark: number
  private readonly maxMessageBytes: number
  private readonly maxHeldBytes: number

  constructor (private readonly ws: WhatwgWebSocket, readonly remoteAddress: string, private readonly options: WebSocketConnectionOptions) {
    this.highWaterMark = options.highWaterMark ?? 1024 * 1024
    this.maxMessageBytes = options.maxMessageBytes ?? 1024 * 1024
    this.maxHeldBytes = options.maxHeldBytes ?? 4 * 1024 * 1024
    ws.addEventListener('message', (event: { data: unknown }) => this.onMessage(event.data))
    ws.addEventListener('error', () => { this.failure ??= new TransportError(ErrorCodes.CONNECTION_CLOSED, `connection to ${remoteAddress} failed`) })
    ws.addEventListener('close', () => this.onClose())
  }

  get bufferedAmount (): number {
    return this.ws.bufferedAmount
  }

  setHandlers (handlers: ConnectionHandlers): void {
    this.handlers = handlers
    this.deliverHeld()
  }

  write (data: Uint8Array): boolean {
    if (this.closing || this.finished || this.ws.readyState !== OPEN) return false
    for (let off = 0; off < data.length; off += this.maxMessageBytes) this.ws.send(data.subarray(off, off + this.maxMessageBytes))
    const below = this.ws.bufferedAmount < this.highWaterMark
    if (!below) this.pollDrain()
    return below
  }

  pause (): void {
    this.paused = true
  }

  resume (): void {
    this.paused = false
    this.deliverHeld()
  }

  close (): void {
    if (this.closing || this.finished) return
    this.closing = true
    this.ws.close(1000)
  }

  destroy (err?: Error): void {
    if (this.finished) return
    this.failure = err
    this.closing = true
    this.ws.close(1000)
    this.finish() // a WHATWG socket closes asynchronously; the owner hears of it now
  }

  private onMessage (data: unknown): void {
    if (this.finished) return
    if (!(data instanceof ArrayBuffer)) {
      this.destroy(new WireError(ErrorCodes.MALFORMED_MESSAGE, `text WebSocket message from ${this.remoteAddress}`))
      return
    }
    const bytes = new Uint8Array(data)
    if (bytes.length === 0) return
    if (this.handlers !== undefined && !this.paused && this.held.length === 0) {
      this.handlers.onData(bytes)
      return
    }
    this.heldBytes += bytes.length
    if (this.heldBytes > this.maxHeldBytes) {
      this.destroy(new TransportError(ErrorCodes.CONNECTION_CLOSED, `more than ${this.maxHeldBytes} bytes from ${this.remoteAddress} while not reading`))
      return
    }
    this.held.push(bytes)
  }

  private deliverHeld (): void {
    while (this.held.length > 0 && this.handlers !== undefined && !this.paused && !this.finished) {
      const chunk = this.held.shift()!
      this.heldBytes -= chunk.length
      this.handlers.onData(chunk)
    }
    if (this.held.length === 0 && this.ended) this.finish()
  }

  private onClose (): void {
    this.ended = true
    if (this.held.length === 0 || this.handlers === undefined) this.finish()
  }

  private pollDrain (): void {
    if (this.drainTimer !== undefined) return
    this.drainTimer = this.options.clock.setInterval(() => {
      if (this.finished) { this.drainTimer?.cancel(); return }
      if (this.ws.bufferedAmount >= this.highWaterMark) return
      this.drainTimer?.cancel()
      this.drainTimer = undefined
      this.handlers?.onDrain()
    }, this.options.drainPollMs ?? 20)
  }

  private finish (): void {
    if (this.finished || this.handlers === undefined) return
    this.finished = true
    this.drainTimer?.cancel()
    this.handlers.onClose(this.failure)
  }
}
