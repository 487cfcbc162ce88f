// An in-memory Connection pair on an injected Clock: ordered, reliable, with latency,
// optional bandwidth, and backpressure that reaches back from a paused reader to the
// writer. The memory transport (memory.ts) and the simulator link nodes with it.
import type { Clock } from '../runtime/clock.js'
import { ErrorCodes, TransportError } from '../errors.js'
import type { Connection, ConnectionHandlers } from './types.js'

export interface LinkOptions {
  /** One-way delay in ms (default 0: delivered on the next clock tick). */
  latencyMs?: number
  /** Bytes per ms the link carries (default unlimited). */
  bandwidthBytesPerMs?: number
  /** write() returns false at or above this many unconsumed bytes (default 1 MiB). */
  highWaterMark?: number
}

const DEFAULT_HWM = 1024 * 1024

/** Two connected endpoints: bytes written on one arrive, in order, on the other. */
export function memoryConnectionPair (clock: Clock, addresses: [string, string], options: LinkOptions = {}): [Connection, Connection] {
  const a = new MemoryConnection(clock, addresses[0], addresses[1], options)
  const b = new MemoryConnection(clock, addresses[1], addresses[0], options)
  a.peer = b
  b.peer = a
  return [a, b]
}

class MemoryConnection implements Connection {
  peer!: MemoryConnection
  private handlers: ConnectionHandlers | undefined
  private readonly inbox: Uint8Array[] = []
  private paused = false
  private closed = false
  private closing = false
  private remoteEnded = false
  private unconsumed = 0 // bytes this side wrote that the peer has not yet handed to its owner
  private needDrain = false
  private lastArrival = 0 // arrival time of the last chunk sent, so delivery stays ordered
  private pendingClose: Error | null | undefined // closed before handlers were set
  private readonly latencyMs: number
  private readonly bandwidth: number
  private readonly hwm: number

  constructor (private readonly clock: Clock, readonly localAddress: string, readonly remoteAddress: string, options: LinkOptions) {
    this.latencyMs = options.latencyMs ?? 0
    this.bandwidth = options.bandwidthBytesPerMs ?? Infinity
    this.hwm = options.highWaterMark ?? DEFAULT_HWM
  }

  get bufferedAmount (): number {
    return this.unconsumed
  }

  setHandlers (handlers: ConnectionHandlers): void {
    this.handlers = handlers
    if (this.pendingClose !== undefined) {
      handlers.onClose(this.pendingClose ?? undefined)
      return
    }
    this.flushInbox()
  }

  write (data: Uint8Array): boolean {
    if (this.closed || this.closing) return false
    if (data.length === 0) return this.unconsumed < this.hwm
    this.unconsumed += data.length
    const now = this.clock.now()
    const arrival = Math.max(now + this.latencyMs + data.length / this.bandwidth, this.lastArrival)
    this.lastArrival = arrival
    const peer = this.peer
    this.clock.setTimeout(() => peer.arrive(data), arrival - now)
    const ok = this.unconsumed < this.hwm
    if (!ok) this.needDrain = true
    return ok
  }

  pause (): void {
    this.paused = true
  }

  resume (): void {
    this.paused = false
    this.flushInbox()
  }

  close (): void {
    if (this.closed || this.closing) return
    this.closing = true
    const peer = this.peer
    const delay = Math.max(this.lastArrival - this.clock.now(), this.latencyMs)
    this.clock.setTimeout(() => { peer.remoteEnded = true; peer.flushInbox() }, delay)
    // the local side is done once everything it wrote has been consumed or the peer is gone
    this.clock.setTimeout(() => this.finish(undefined), delay)
  }

  destroy (err?: Error): void {
    if (this.closed) return
    this.inbox.length = 0
    const peer = this.peer
    this.clock.setTimeout(() => peer.finish(new TransportError(ErrorCodes.CONNECTION_CLOSED, 'connection reset by peer')), this.latencyMs)
    this.finish(err)
  }

  private arrive (chunk: Uint8Array): void {
    if (this.closed) return
    this.inbox.push(chunk)
    this.flushInbox()
  }

  private flushInbox (): void {
    const h = this.handlers
    if (h === undefined || this.closed) return
    while (!this.paused && this.inbox.length > 0 && !this.closed) {
      const chunk = this.inbox.shift()!
      this.peer.consumed(chunk.length)
      h.onData(chunk)
    }
    if (this.remoteEnded && this.inbox.length === 0) this.finish(undefined)
  }

  private consumed (n: number): void {
    this.unconsumed -= n
    if (this.needDrain && this.unconsumed < this.hwm && !this.closed) {
      this.needDrain = false
      this.handlers?.onDrain()
    }
  }

  private finish (err: Error | undefined): void {
    if (this.closed) return
    this.closed = true
    this.inbox.length = 0
    const h = this.handlers
    if (h !== undefined) h.onClose(err)
    else this.pendingClose = err ?? null
  }
}
