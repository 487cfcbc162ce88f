// The Connection contract over a net.Socket: data held (socket paused) until the owner
// sets handlers, Node's Buffers handed to onData without copying, write() backpressure
// from the socket's own high-water mark, a bounded graceful close, and exactly one
// onClose with Node's errors turned into TransportError(CONNECTION_CLOSED).
import { isIPv4, type Socket } from 'node:net'
import type { Clock, Timer } from '../runtime/clock.js'
import { ErrorCodes, TransportError } from '../errors.js'
import { formatHostPort } from './address.js'
import type { Connection, ConnectionHandlers } from './types.js'

/** Settings a TcpConnection takes from its transport (see TcpTransportOptions). */
export interface TcpConnectionSettings {
  clock: Clock
  /** Must equal the socket's writableHighWaterMark, so write() and 'drain' agree with it. */
  highWaterMark: number
  /** Initial delay of TCP keep-alive probes; 0 disables them. */
  keepAliveMs: number
  /** How long close() waits for the peer to finish before destroying the socket. */
  closeTimeoutMs: number
}

/** "host:port" of a socket end; IPv4-mapped IPv6 ("::ffff:1.2.3.4") shown as IPv4. */
export function socketAddress (host: string | undefined, port: number | undefined): string | undefined {
  if (host === undefined || port === undefined) return undefined
  const mapped = host.startsWith('::ffff:') ? host.slice(7) : ''
  return formatHostPort(isIPv4(mapped) ? mapped : host, port)
}

/** A Connection over a connected net.Socket (inbound or dialed); made with TcpConnection.wrap. */
export class TcpConnection implements Connection {
  private handlers: ConnectionHandlers | undefined
  private userPaused = false
  private closing = false // close() or destroy() called, or the peer ended: no more writes
  private destroyedByOwner = false
  private ownerError: Error | undefined
  private socketError: Error | undefined
  private socketClosed = false
  private closeReported = false
  private closeTimer: Timer | undefined

  /**
   * Wrap a connected socket. Returns undefined (and destroys the socket) if it is
   * already gone, which can happen between accept and this call.
   */
  static wrap (socket: Socket, settings: TcpConnectionSettings): TcpConnection | undefined {
    const remote = socketAddress(socket.remoteAddress, socket.remotePort)
    const local = socketAddress(socket.localAddress, socket.localPort)
    if (remote === undefined || local === undefined || socket.destroyed) {
      socket.destroy()
      return undefined
    }
    return new TcpConnection(socket, remote, local, settings)
  }

  private constructor (private readonly socket: Socket, readonly remoteAddress: string, readonly localAddress: string, private readonly settings: TcpConnectionSettings) {
    socket.pause() // hold incoming bytes in the socket until setHandlers
    socket.setNoDelay(true)
    if (settings.keepAliveMs > 0) socket.setKeepAlive(true, settings.keepAliveMs)
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.socketError ??= new TransportError(ErrorCodes.CONNECTION_CLOSED, `connection to ${remoteAddress} failed: ${err.code ?? err.message}`, { cause: err })
    })
    socket.on('end', () => { this.closing = true }) // Node ends our side too (no half-open)
    socket.on('drain', () => { if (!this.closing) this.handlers?.onDrain() })
    socket.on('close', () => this.onSocketClose())
  }

  get bufferedAmount (): number {
    return this.socket.writableLength
  }

  setHandlers (handlers: ConnectionHandlers): void {
    const first = this.handlers === undefined
    this.handlers = handlers
    if (!first) return
    if (this.socketClosed) {
      queueMicrotask(() => this.reportClose())
      return
    }
    // The Buffer Node hands us goes straight to the owner: no copy on the hot path.
    this.socket.on('data', (chunk: Buffer) => this.handlers!.onData(chunk))
    if (!this.userPaused) this.socket.resume()
  }

  write (data: Uint8Array): boolean {
    if (this.closing || this.socket.destroyed) return false
    return this.socket.write(data)
  }

  pause (): void {
    this.userPaused = true
    if (this.handlers !== undefined) this.socket.pause()
  }

  resume (): void {
    this.userPaused = false
    if (this.handlers !== undefined) this.socket.resume()
  }

  close (): void {
    if (this.closing || this.socketClosed) return
    this.closing = true
    this.socket.end() // flushes what is buffered, then sends FIN
    this.closeTimer = this.settings.clock.setTimeout(() => {
      this.destroy(new TransportError(ErrorCodes.CONNECTION_CLOSED, `close of connection to ${this.remoteAddress} timed out after ${this.settings.closeTimeoutMs} ms`))
    }, this.settings.closeTimeoutMs)
  }

  destroy (err?: Error): void {
    if (this.destroyedByOwner || this.socketClosed) return
    this.destroyedByOwner = true
    this.closing = true
    this.ownerError = err
    try {
      this.socket.resetAndDestroy() // RST: queued bytes are dropped, the peer sees a reset
    } catch {
      this.socket.destroy()
    }
  }

  private onSocketClose (): void {
    this.socketClosed = true
    this.closing = true
    this.closeTimer?.cancel()
    if (this.handlers !== undefined) this.reportClose()
  }

  private reportClose (): void {
    if (this.closeReported) return
    this.closeReported = true
    this.handlers!.onClose(this.destroyedByOwner ? this.ownerError : this.socketError)
  }
}
