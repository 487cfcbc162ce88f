// One peer's outgoing messages: a FIFO per send class (send-class.ts) in front of the
// secure connection. While the connection takes writes, a message goes straight through
// (the common case: nothing queued, many small frames share one Noise record). Once it
// pushes back, messages wait in their class, and as it drains the highest non-empty
// class goes first. A large frame is handed down one record at a time. With `prioritised`
// off every class shares one FIFO.
//
// With flow control agreed on (flow-window.ts), frames of every class but consensus are
// handed down only while the peer's window is open, so what the kernel holds ahead of a
// vote stays within that window; and a large non-consensus frame goes as Fragment frames
// (fragments.ts), between which queued frames of higher classes that fit in one record
// go first: a vote then waits for at most one record, not the rest of a 2 MiB block. Our
// own WindowUpdate goes ahead of everything at the next frame boundary, whatever the
// classes, the window and the buffer limit (with one FIFO, or both sides' queues full of
// frames waiting for each other's window, it would otherwise deadlock); a newer one
// replaces one not yet written.
import type { Connection } from '../transport/types.js'
import { MAX_RECORD_PLAINTEXT_BYTES } from '../secure/record-framing.js'
import { FRAME_HEADER_BYTES } from '../wire/frame.js'
import { SEND_CLASS_NAMES, SendClass } from './send-class.js'
import { SendWindow } from './flow-window.js'
import { fragmentDataBytes, fragmentHeader } from './fragments.js'

const CLASSES = SEND_CLASS_NAMES.length
/** Shifted slots a FIFO keeps before compacting. */
const COMPACT_AFTER = 64

/**
 * A FIFO of frames, each with its send class, with amortised O(1) shift. A shifted slot
 * is cleared and the array compacted as it goes, so a queue that never runs empty (a
 * peer kept busy) holds only what waits, not every frame it ever sent.
 */
class FrameFifo {
  private frames: Array<Uint8Array | undefined> = []
  private classes: SendClass[] = []
  private head = 0

  get empty (): boolean {
    return this.head === this.frames.length
  }

  /** The class and the frame at the head (the FIFO is not empty). */
  get headClass (): SendClass {
    return this.classes[this.head]!
  }

  get headFrame (): Uint8Array {
    return this.frames[this.head]!
  }

  push (cls: SendClass, frame: Uint8Array): void {
    this.frames.push(frame)
    this.classes.push(cls)
  }

  shift (): Uint8Array {
    const f = this.frames[this.head]!
    this.frames[this.head++] = undefined
    if (this.head === this.frames.length) {
      this.frames = []
      this.classes = []
      this.head = 0
    } else if (this.head >= COMPACT_AFTER && 2 * this.head >= this.frames.length) {
      this.frames = this.frames.slice(this.head)
      this.classes = this.classes.slice(this.head)
      this.head = 0
    }
    return f
  }
}

export class SendQueue {
  private readonly fifos: FrameFifo[] = Array.from({ length: CLASSES }, () => new FrameFifo())
  /** Bytes waiting here, per FIFO (per class when prioritised). */
  readonly queuedBytes: number[] = new Array<number>(CLASSES).fill(0)
  private queuedTotal = 0
  /** How far the peer lets us go; counts every byte handed down. */
  readonly window = new SendWindow()
  /** Large non-consensus frames go as fragments (the peer agreed on flow control). */
  private fragments = false
  /** The connection pushed back: wait for its drain. */
  private blocked = false
  /** A frame being handed down in record-sized pieces, its class and FIFO, and how far. */
  private current: Uint8Array | undefined
  private currentClass: SendClass = SendClass.CONSENSUS
  private currentFifo = 0
  private currentFragmented = false
  private offset = 0
  /** Our latest WindowUpdate frame not yet written. */
  private windowUpdateFrame: Uint8Array | undefined
  private pumping = false

  constructor (private readonly conn: Connection, private readonly prioritised: boolean) {}

  /** Bytes waiting here plus what the connection still buffers. */
  get bufferedBytes (): number {
    return this.queuedTotal + (this.current === undefined ? 0 : this.current.length - this.offset) + (this.windowUpdateFrame?.length ?? 0) + this.conn.bufferedAmount
  }

  /** The peer agreed on flow control: its window applies, large frames go as fragments. */
  enableFlowControl (): void {
    this.window.enable()
    this.fragments = true
  }

  /** Flow-controlled frames wait for the peer's window to open. */
  get awaitingWindow (): boolean {
    if (this.window.isOpen) return false
    if (this.current !== undefined) return this.currentClass !== SendClass.CONSENSUS
    return this.fifos.some((f) => !f.empty && f.headClass !== SendClass.CONSENSUS)
  }

  /** Queue one frame of class `cls`, or write it at once when nothing waits. */
  push (cls: SendClass, frame: Uint8Array): void {
    if (!this.blocked && this.queuedTotal === 0 && this.current === undefined && frame.length <= MAX_RECORD_PLAINTEXT_BYTES &&
      (cls === SendClass.CONSENSUS || this.window.isOpen)) {
      this.write(frame)
      return
    }
    const c = this.prioritised ? cls : 0
    this.fifos[c]!.push(cls, frame)
    this.queuedBytes[c]! += frame.length
    this.queuedTotal += frame.length
    this.pump(false)
  }

  /** Send our WindowUpdate frame at the next frame boundary, before anything queued. True if it replaced one not yet written. */
  sendWindowUpdate (frame: Uint8Array): boolean {
    const replaced = this.windowUpdateFrame !== undefined
    this.windowUpdateFrame = frame
    this.pump(false)
    return replaced
  }

  /** The peer's WindowUpdate: raise the limit (throws ProtocolError if it is not valid) and hand down more. */
  windowUpdate (limit: number): void {
    this.window.update(limit)
    this.pump(false)
  }

  /** The connection drained: hand down more. */
  drained (): void {
    this.blocked = false
    this.pump(false)
  }

  /** Hand everything queued down at once, whatever the connection's backpressure and the window (before a graceful close). */
  flush (): void {
    this.pump(true)
  }

  /** Drop everything queued (the session ended at once). */
  clear (): void {
    for (let c = 0; c < CLASSES; c++) {
      this.fifos[c] = new FrameFifo()
      this.queuedBytes[c] = 0
    }
    this.queuedTotal = 0
    this.current = undefined
    this.windowUpdateFrame = undefined
  }

  private write (data: Uint8Array): void {
    this.window.sent += data.length
    this.blocked = !this.conn.write(data)
  }

  private pump (force: boolean): void {
    if (this.pumping) return // a write's callbacks may call back in
    this.pumping = true
    try {
      while (force || !this.blocked) {
        if (this.windowUpdateFrame !== undefined && (this.current === undefined || this.currentFragmented)) {
          const update = this.windowUpdateFrame
          this.windowUpdateFrame = undefined
          this.write(update)
          continue
        }
        if (this.current === undefined) {
          if (!this.next(force)) return
        } else if (this.currentFragmented && this.sendHigherWhole(force)) {
          continue
        }
        if (!force && this.currentClass !== SendClass.CONSENSUS && !this.window.isOpen) return
        this.writePiece()
      }
    } finally {
      this.pumping = false
    }
  }

  /** Hand down the next piece of the current frame: a record-sized slice, or a fragment. */
  private writePiece (): void {
    const frame = this.current!
    const room = this.currentFragmented ? fragmentDataBytes(frame.length - FRAME_HEADER_BYTES) : MAX_RECORD_PLAINTEXT_BYTES
    const end = Math.min(frame.length, this.offset + room)
    const piece = this.offset === 0 && end === frame.length ? frame : frame.subarray(this.offset, end)
    this.offset = end
    if (end === frame.length) this.current = undefined
    if (this.currentFragmented) this.write(fragmentHeader(frame.length - FRAME_HEADER_BYTES, piece.length))
    this.write(piece)
  }

  /**
   * Between two fragments: write whole the head of a higher FIFO than the current
   * frame's, if it fits in one record and may go now. True if one was written.
   */
  private sendHigherWhole (force: boolean): boolean {
    for (let c = 0; c < this.currentFifo; c++) {
      const fifo = this.fifos[c]!
      if (fifo.empty) continue
      if (fifo.headFrame.length > MAX_RECORD_PLAINTEXT_BYTES || (!force && fifo.headClass !== SendClass.CONSENSUS && !this.window.isOpen)) return false
      this.write(this.take(c))
      return true
    }
    return false
  }

  /** Take the head of the highest non-empty FIFO as the current frame, if it may go now. */
  private next (force: boolean): boolean {
    for (let c = 0; c < CLASSES; c++) {
      const fifo = this.fifos[c]!
      if (fifo.empty) continue
      const cls = fifo.headClass
      if (!force && cls !== SendClass.CONSENSUS && !this.window.isOpen) return false
      this.current = this.take(c)
      this.currentClass = cls
      this.currentFifo = c
      this.currentFragmented = this.fragments && cls !== SendClass.CONSENSUS && this.current.length > MAX_RECORD_PLAINTEXT_BYTES
      this.offset = this.currentFragmented ? FRAME_HEADER_BYTES : 0
      return true
    }
    return false
  }

  private take (c: number): Uint8Array {
    const frame = this.fifos[c]!.shift()
    this.queuedBytes[c]! -= frame.length
    this.queuedTotal -= frame.length
    return frame
  }
}
