// An in-memory Connection pair on an injected Clock: ordered, reliable, with latency,
// optional bandwidth (per connection, and per host uplink shared by all its connections),
// optional faults (memory-faults.ts), and backpressure that reaches back from a paused
// reader to the writer. The memory transport (memory.ts) and the simulator link nodes with it.
//
// Each direction keeps its in-flight chunks in one FIFO with a single armed timer (for
// the head), not one timer per write: a simulator with tens of thousands of links keeps
// the clock's timer heap small. Close mirrors TCP without half-open: close() sends an
// end marker behind the data; the peer, once it has consumed everything, answers with
// its own end marker (behind its own data) and both sides then report onClose().
// Callbacks never run inside write() or close(); setHandlers() and resume() deliver what
// is already held at once, destroy() reports onClose at once, and onDrain runs as the
// peer consumes (callers written against this since the first version rely on it).
import type { Clock, Timer } from '../runtime/clock.js'
import { ErrorCodes, TransportError } from '../errors.js'
import { ChunkQueue } from './chunk-queue.js'
import type { FaultModel } from './memory-faults.js'
import type { Connection, ConnectionHandlers } from './types.js'

/** Told about a link's traffic and end, for counters. Must not throw. */
export interface LinkObserver {
  /** `bytes` were accepted by write() at end `end` (0 = first address of the pair). */
  written?: (end: 0 | 1, bytes: number) => void
  /** `bytes` were handed to the owner of end `end` by onData. */
  delivered?: (end: 0 | 1, bytes: number) => void
  /** End `end` is closed: it holds no more data or timers. */
  closed?: (end: 0 | 1) => void
}

export interface LinkOptions {
  /** One-way delay in ms (default 0: delivered on the next clock tick). */
  latencyMs?: number
  /** Bytes per ms the link carries in each direction (default unlimited). */
  bandwidthBytesPerMs?: number
  /** write() returns false at or above this many unconsumed bytes (default 1 MiB). */
  highWaterMark?: number
  /** Told about bytes and closes (default none). */
  observer?: LinkObserver
  /** The upload link of each end's host, shared by all its connections (default none: unlimited). */
  uplinks?: readonly [Uplink | undefined, Uplink | undefined]
  /** The faults in force, read at every write (default none). */
  faults?: { readonly model: FaultModel | undefined }
}

/** A host's upload link: what it sends on any connection is serialised here, in order. */
export interface Uplink {
  /** Bytes per ms. */
  bytesPerMs: number
  /** When it finishes sending what was written so far. */
  freeMs: number
}

/** Default high-water mark of a memory connection: 1 MiB. */
export const DEFAULT_MEMORY_HIGH_WATER_MARK = 1024 * 1024

/** Marks the end of one direction's byte stream (the FIN of TCP). */
const END = null
type Segment = Uint8Array | typeof END

interface InFlight {
  segment: Segment
  arrivalMs: number
  /** Counts against the writer's unconsumed bytes (false for a raw duplicate's second copy). */
  counted: boolean
}

/** Two connected endpoints: bytes written on one arrive, in order, on the other. */
export function memoryConnectionPair (clock: Clock, addresses: [string, string], options: LinkOptions = {}): [Connection, Connection] {
  const a = new MemoryConnection(clock, 0, addresses[0], addresses[1], options)
  const b = new MemoryConnection(clock, 1, addresses[1], addresses[0], options)
  a.peer = b
  b.peer = a
  return [a, b]
}

class MemoryConnection implements Connection {
  peer!: MemoryConnection
  private handlers: ConnectionHandlers | undefined
  /** Chunks on their way to this end, in arrival order. */
  private readonly inFlight = new ChunkQueue<InFlight>()
  private arrivalTimer: Timer | undefined
  /** Arrived, not yet handed to the owner (paused, or handlers not set). */
  private readonly inbox = new ChunkQueue<InFlight>()
  /** A segment reordered on a raw link: sent after the next one. */
  private heldBack: InFlight | undefined
  private paused = false
  private closing = false // close() called or the peer's end marker processed: no more writes
  private closed = false
  private closeReported = false
  private closeError: Error | undefined
  private unconsumed = 0 // bytes this end wrote that the peer's owner has not consumed yet
  private needDrain = false
  private linkFreeMs = 0 // when this direction finishes serialising what was written so far
  private lastArrivalMs = 0
  private readonly latencyMs: number
  private readonly bandwidth: number
  private readonly hwm: number
  private readonly observer: LinkObserver | undefined
  private readonly uplink: Uplink | undefined
  private readonly faults: { readonly model: FaultModel | undefined } | undefined

  constructor (private readonly clock: Clock, private readonly end: 0 | 1, readonly localAddress: string, readonly remoteAddress: string, options: LinkOptions) {
    this.latencyMs = options.latencyMs ?? 0
    this.bandwidth = options.bandwidthBytesPerMs ?? Infinity
    this.hwm = options.highWaterMark ?? DEFAULT_MEMORY_HIGH_WATER_MARK
    this.observer = options.observer
    this.uplink = options.uplinks?.[end]
    this.faults = options.faults
  }

  get bufferedAmount (): number {
    return this.unconsumed
  }

  setHandlers (handlers: ConnectionHandlers): void {
    this.handlers = handlers
    if (this.closed) this.reportClose()
    else this.flushInbox()
  }

  write (data: Uint8Array): boolean {
    if (this.closing || this.closed) return false
    if (data.length === 0) return this.unconsumed < this.hwm
    this.unconsumed += data.length
    this.observer?.written?.(this.end, data.length)
    this.send(data)
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
    if (this.closing || this.closed) return
    this.closing = true
    this.send(END)
  }

  destroy (err?: Error): void {
    if (this.closed) return
    const peer = this.peer
    this.clock.setTimeout(() => peer.finish(new TransportError(ErrorCodes.CONNECTION_CLOSED, 'connection reset by peer')), this.latencyMs)
    this.finish(err)
  }

  /** Put a segment on the wire towards the peer, behind everything sent before it. */
  private send (segment: Segment): void {
    const now = this.clock.now()
    const model = segment === END ? undefined : this.faults?.model
    if (model === undefined) {
      if (segment === END) this.releaseHeldBack()
      this.transmit(segment, segment === END ? 0 : segment.length, 0, now)
      this.releaseHeldBack()
      return
    }
    const data = segment as Uint8Array
    const fate = model.fate(this.latencyMs)
    const arrivalMs = this.transmit(undefined, data.length * fate.copies, fate.delayMs, now)
    if (fate.deliveries === 0) { // lost on a raw link: its bytes leave the writer's buffer when they would have arrived
      this.clock.setTimeout(() => this.consumed(data.length), arrivalMs - now)
      return
    }
    const delivered = fate.corrupt ? model.flipBit(data) : data
    const items: InFlight[] = [{ segment: delivered, arrivalMs, counted: true }]
    if (fate.deliveries === 2) items.push({ segment: delivered, arrivalMs, counted: false })
    if (fate.swapWithNext && this.heldBack === undefined) {
      this.heldBack = items[0]
      items.shift()
    }
    for (const item of items) this.peer.enqueueArrival(item)
    if (items.length > 0) this.releaseHeldBack()
  }

  /**
   * Serialise `bytes` on this direction and the host's uplink; the segment (if given)
   * arrives one latency (plus `extraDelayMs`) later, never before what was sent earlier.
   */
  private transmit (segment: Segment | undefined, bytes: number, extraDelayMs: number, now: number): number {
    const up = this.uplink
    const start = Math.max(now, this.linkFreeMs, up?.freeMs ?? 0)
    let sent = start
    if (up !== undefined) {
      sent = start + bytes / up.bytesPerMs
      up.freeMs = sent
    }
    this.linkFreeMs = Math.max(sent, start + bytes / this.bandwidth)
    const arrivalMs = Math.max(this.linkFreeMs + this.latencyMs + extraDelayMs, this.lastArrivalMs)
    this.lastArrivalMs = arrivalMs
    if (segment !== undefined) this.peer.enqueueArrival({ segment, arrivalMs, counted: true })
    return arrivalMs
  }

  private releaseHeldBack (): void {
    const held = this.heldBack
    if (held === undefined) return
    this.heldBack = undefined
    held.arrivalMs = this.lastArrivalMs
    this.peer.enqueueArrival(held)
  }

  private enqueueArrival (item: InFlight): void {
    if (this.closed) return
    this.inFlight.push(item)
    if (this.arrivalTimer === undefined) this.armArrivalTimer()
  }

  private armArrivalTimer (): void {
    const head = this.inFlight.peek()
    if (head === undefined) { this.arrivalTimer = undefined; return }
    this.arrivalTimer = this.clock.setTimeout(() => this.onArrival(), head.arrivalMs - this.clock.now())
  }

  private onArrival (): void {
    this.arrivalTimer = undefined
    if (this.closed) return
    // The timer was armed for the head, so the head has arrived even if the clock's
    // reading is a hair early; anything else due by now comes along with it.
    const now = this.clock.now()
    this.inbox.push(this.inFlight.shift()!)
    while (this.inFlight.length > 0 && this.inFlight.peek()!.arrivalMs <= now) this.inbox.push(this.inFlight.shift()!)
    this.armArrivalTimer()
    this.flushInbox()
  }

  private flushInbox (): void {
    const h = this.handlers
    while (h !== undefined && !this.paused && !this.closed && this.inbox.length > 0) {
      const { segment, counted } = this.inbox.shift()!
      if (segment === END) {
        this.onPeerEnded()
        return
      }
      if (counted) this.peer.consumed(segment.length)
      this.observer?.delivered?.(this.end, segment.length)
      h.onData(segment)
    }
  }

  /** The peer's end marker reached the owner: answer with ours (if not sent) and close. */
  private onPeerEnded (): void {
    if (!this.closing) {
      this.closing = true
      this.send(END)
    }
    this.finish(undefined)
  }

  private consumed (n: number): void {
    this.unconsumed -= n
    if (this.needDrain && this.unconsumed < this.hwm && !this.closed) {
      this.needDrain = false
      this.handlers?.onDrain()
    }
  }

  /** Close this end now and report onClose (or, without handlers yet, on setHandlers). */
  private finish (err: Error | undefined): void {
    if (this.closed) return
    this.closed = true
    this.closing = true
    this.closeError = err
    this.arrivalTimer?.cancel()
    this.arrivalTimer = undefined
    this.inFlight.clear()
    this.inbox.clear()
    this.heldBack = undefined
    this.observer?.closed?.(this.end)
    this.reportClose()
  }

  private reportClose (): void {
    if (this.closeReported || this.handlers === undefined) return
    this.closeReported = true
    this.handlers.onClose(this.closeError)
  }
}
