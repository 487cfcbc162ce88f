// One peer's outgoing messages: a FIFO per send class (send-class.ts) in front of the
// secure connection. While the connection takes writes, a message goes straight through
// (the common case: nothing queued, many small frames share one Noise record). Once it
// pushes back, messages wait in their class, and as it drains the highest non-empty
// class goes first. A large frame is handed down one record at a time, so a message of a
// higher class queued meanwhile waits only for the rest of that frame, never behind the
// frames queued after it. With `prioritised` off every class shares one FIFO.
import type { Connection } from '../transport/types.js'
import { MAX_RECORD_PLAINTEXT_BYTES } from '../secure/record-framing.js'
import { SEND_CLASS_NAMES, type SendClass } from './send-class.js'

const CLASSES = SEND_CLASS_NAMES.length

/** A FIFO of frames with O(1) shift. */
class FrameFifo {
  private items: Uint8Array[] = []
  private head = 0

  get empty (): boolean {
    return this.head === this.items.length
  }

  push (frame: Uint8Array): void {
    this.items.push(frame)
  }

  shift (): Uint8Array {
    const f = this.items[this.head++]!
    if (this.head === this.items.length) {
      this.items = []
      this.head = 0
    }
    return f
  }
}

export class SendQueue {
  private readonly fifos: FrameFifo[] = Array.from({ length: CLASSES }, () => new FrameFifo())
  /** Bytes waiting here, per class. */
  readonly queuedBytes: number[] = new Array<number>(CLASSES).fill(0)
  private queuedTotal = 0
  /** The connection pushed back: wait for its drain. */
  private blocked = false
  /** A frame being handed down in record-sized slices, and how far. */
  private current: Uint8Array | undefined
  private offset = 0
  private pumping = false

  constructor (private readonly conn: Connection, private readonly prioritised: boolean) {}

  /** Bytes waiting here plus what the connection still buffers. */
  get bufferedBytes (): number {
    return this.queuedTotal + (this.current === undefined ? 0 : this.current.length - this.offset) + this.conn.bufferedAmount
  }

  /** Queue one frame of class `cls`, or write it at once when nothing waits. */
  push (cls: SendClass, frame: Uint8Array): void {
    if (!this.blocked && this.queuedTotal === 0 && this.current === undefined && frame.length <= MAX_RECORD_PLAINTEXT_BYTES) {
      this.blocked = !this.conn.write(frame)
      return
    }
    const c = this.prioritised ? cls : 0
    this.fifos[c]!.push(frame)
    this.queuedBytes[c]! += frame.length
    this.queuedTotal += frame.length
    this.pump()
  }

  /** The connection drained: hand down more. */
  drained (): void {
    this.blocked = false
    this.pump()
  }

  /** Hand everything queued down at once, whatever the connection's backpressure (before a graceful close). */
  flush (): void {
    this.blocked = false
    this.pumping = true
    try {
      while (this.current !== undefined || this.next()) {
        this.conn.write(this.offset === 0 ? this.current! : this.current!.subarray(this.offset))
        this.current = undefined
      }
    } finally {
      this.pumping = false
    }
  }

  /** Drop everything queued (the session ended at once). */
  clear (): void {
    for (let c = 0; c < CLASSES; c++) {
      this.fifos[c] = new FrameFifo()
      this.queuedBytes[c] = 0
    }
    this.queuedTotal = 0
    this.current = undefined
  }

  private pump (): void {
    if (this.pumping) return // a write's callbacks may call back in
    this.pumping = true
    try {
      while (!this.blocked) {
        if (this.current === undefined && !this.next()) return
        const frame = this.current!
        const end = Math.min(frame.length, this.offset + MAX_RECORD_PLAINTEXT_BYTES)
        const piece = this.offset === 0 && end === frame.length ? frame : frame.subarray(this.offset, end)
        this.offset = end
        if (end === frame.length) this.current = undefined
        this.blocked = !this.conn.write(piece)
      }
    } finally {
      this.pumping = false
    }
  }

  /** Take the head of the highest non-empty class as the current frame. */
  private next (): boolean {
    for (let c = 0; c < CLASSES; c++) {
      const fifo = this.fifos[c]!
      if (fifo.empty) continue
      const frame = fifo.shift()
      this.queuedBytes[c]! -= frame.length
      this.queuedTotal -= frame.length
      this.current = frame
      this.offset = 0
      return true
    }
    return false
  }
}
