// The write side of a secure channel, shared by the Noise and plaintext modes so both
// batch identically: writes made in one synchronous run are collected and sealed in one
// microtask (or at once when a full record's worth is pending) into records of at most
// 65519 plaintext bytes, each sealed by one codec call, all of one flush written into a
// single buffer with one underlying write(). Many small application frames thus share
// one AEAD record and one syscall.
import type { Connection } from '../transport/types.js'
import { afterCurrentRun } from '../runtime/next-tick.js'
import { PieceCursor, type RecordCodec } from './record-codec.js'
import { MAX_RECORD_PLAINTEXT_BYTES, RECORD_HEADER_BYTES } from './record-framing.js'

/** Default high-water mark of a secure connection (pending plaintext + underlying buffer). */
export const DEFAULT_HIGH_WATER_MARK_BYTES = 1024 * 1024

export interface CoalescingWriterEvents {
  /** The buffer fell below the high-water mark after write() returned false. */
  onDrain(): void
  /** Sealing failed (nonce exhausted): the channel cannot go on. */
  onError(err: unknown): void
}

export class CoalescingRecordWriter {
  private pieces: Uint8Array[] = []
  private pendingBytes = 0
  private flushQueued = false
  private needDrain = false
  private stopped = false
  private readonly cursor = new PieceCursor()
  private readonly flushQueuedWrites = (): void => {
    this.flushQueued = false
    this.flush()
  }

  /**
   * @param raw the connection records are written to
   * @param codec seals each record
   * @param highWaterMarkBytes write() returns false at or above this many bytes pending
   *   here plus buffered in `raw`. Keep it at or above raw's own mark (both default to
   *   1 MiB): drain is learnt from raw's onDrain.
   */
  constructor (
    private readonly raw: Connection,
    private readonly codec: RecordCodec,
    private readonly highWaterMarkBytes: number,
    private readonly events: CoalescingWriterEvents
  ) {}

  /** Plaintext not yet sealed plus what the underlying connection still buffers. */
  get bufferedAmount (): number {
    return this.pendingBytes + this.raw.bufferedAmount
  }

  /** Queue bytes; false once bufferedAmount is at or above the high-water mark. */
  write (data: Uint8Array): boolean {
    if (this.stopped) return false
    if (data.length > 0) {
      this.pieces.push(data)
      this.pendingBytes += data.length
      // A full record's worth is pending: seal it now. After a bulk write (a record or more) seal the tail too,
      // saving a second underlying write; after small writes keep it to share a record with the writes to come.
      if (this.pendingBytes >= MAX_RECORD_PLAINTEXT_BYTES) this.flush(data.length < MAX_RECORD_PLAINTEXT_BYTES)
      if (this.pendingBytes > 0 && !this.flushQueued) {
        this.flushQueued = true
        afterCurrentRun(this.flushQueuedWrites)
      }
    }
    const below = this.bufferedAmount < this.highWaterMarkBytes
    if (!below) this.needDrain = true
    return below
  }

  /**
   * Seal and send what is pending in one underlying write: everything, or with
   * wholeRecordsOnly just the full records, keeping the tail to share a record with the
   * next writes.
   */
  flush (wholeRecordsOnly = false): void {
    if (this.stopped) return
    const pending = this.pendingBytes
    const records = wholeRecordsOnly ? Math.floor(pending / MAX_RECORD_PLAINTEXT_BYTES) : Math.ceil(pending / MAX_RECORD_PLAINTEXT_BYTES)
    if (records === 0) return
    const plaintextBytes = wholeRecordsOnly ? records * MAX_RECORD_PLAINTEXT_BYTES : pending
    const overhead = this.codec.overheadBytes
    const out = Buffer.allocUnsafe(plaintextBytes + records * (RECORD_HEADER_BYTES + overhead))
    this.cursor.reset(this.pieces)
    let pos = 0
    let remaining = plaintextBytes
    try {
      while (remaining > 0) {
        const recordPlaintext = Math.min(MAX_RECORD_PLAINTEXT_BYTES, remaining)
        const recordLength = recordPlaintext + overhead
        out[pos] = recordLength >>> 8
        out[pos + 1] = recordLength & 0xff
        pos += RECORD_HEADER_BYTES
        this.codec.sealRecord(out, pos, this.cursor, recordPlaintext)
        pos += recordLength
        remaining -= recordPlaintext
      }
    } catch (err) {
      this.stop()
      this.events.onError(err)
      return
    }
    this.pieces = plaintextBytes === pending ? [] : this.cursor.rest()
    this.pendingBytes = pending - plaintextBytes
    this.raw.write(out)
  }

  /** The underlying connection drained: tell the owner if it was waiting and we are below the mark. */
  handleRawDrain (): void {
    if (this.needDrain && !this.stopped && this.bufferedAmount < this.highWaterMarkBytes) {
      this.needDrain = false
      this.events.onDrain()
    }
  }

  /** Drop what is pending and accept no more writes. */
  stop (): void {
    this.stopped = true
    this.pieces = []
    this.pendingBytes = 0
  }
}
