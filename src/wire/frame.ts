// Length-prefixed frames (spec §7, §13 rule 4): a 4-byte big-endian length, then that
// many bytes (one encoded Message envelope). A declared length above the limit is
// refused before a single byte of the frame is buffered.
import { ErrorCodes, WireError } from '../errors.js'

/** Default and hard cap for one frame's length (2 MiB, spec §13 rule 4). */
export const MAX_FRAME_BYTES = 2 * 1024 * 1024
export const FRAME_HEADER_BYTES = 4

/** Check a configured frame limit: 1 .. MAX_FRAME_BYTES. */
export function validateMaxFrameBytes (n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_FRAME_BYTES) {
    throw new RangeError(`maxFrameBytes must be an integer in [1, ${MAX_FRAME_BYTES}], got ${n}`)
  }
  return n
}

/**
 * Splits a byte stream, delivered in arbitrary chunks, into frames. A frame that lies
 * within one chunk is handed out as a subarray (no copy); one that straddles chunks is
 * copied once into a buffer of exactly its size. After an error the decoder is dead:
 * every later push throws the same error.
 */
export class FrameDecoder {
  private readonly header = new Uint8Array(FRAME_HEADER_BYTES)
  private headerFilled = 0
  private frame: Uint8Array | null = null // partial frame being assembled
  private frameFilled = 0
  private failure: WireError | null = null

  /**
   * @param maxFrameBytes largest frame accepted (default 2 MiB, at most 2 MiB)
   * @param onFrame called once per complete frame, in order
   */
  constructor (private readonly onFrame: (frame: Uint8Array) => void, private readonly maxFrameBytes = MAX_FRAME_BYTES) {
    validateMaxFrameBytes(maxFrameBytes)
  }

  /** Bytes held for a frame not yet complete. */
  get bufferedBytes (): number {
    return this.headerFilled + this.frameFilled
  }

  /** Feed bytes. Throws WireError(FRAME_TOO_LARGE) on a declared length over the limit. */
  push (chunk: Uint8Array): void {
    if (this.failure !== null) throw this.failure
    let off = 0
    const end = chunk.length
    while (off < end) {
      if (this.frame !== null) {
        const take = Math.min(end - off, this.frame.length - this.frameFilled)
        this.frame.set(chunk.subarray(off, off + take), this.frameFilled)
        this.frameFilled += take
        off += take
        if (this.frameFilled === this.frame.length) {
          const done = this.frame
          this.frame = null
          this.frameFilled = 0
          this.onFrame(done)
        }
        continue
      }
      let length: number
      if (this.headerFilled === 0 && end - off >= FRAME_HEADER_BYTES) {
        length = ((chunk[off]! << 24) >>> 0) + (chunk[off + 1]! << 16) + (chunk[off + 2]! << 8) + chunk[off + 3]!
        off += FRAME_HEADER_BYTES
      } else {
        while (this.headerFilled < FRAME_HEADER_BYTES && off < end) this.header[this.headerFilled++] = chunk[off++]!
        if (this.headerFilled < FRAME_HEADER_BYTES) return
        const h = this.header
        length = ((h[0]! << 24) >>> 0) + (h[1]! << 16) + (h[2]! << 8) + h[3]!
        this.headerFilled = 0
      }
      if (length > this.maxFrameBytes) {
        this.failure = new WireError(ErrorCodes.FRAME_TOO_LARGE, `frame of ${length} bytes exceeds the ${this.maxFrameBytes}-byte limit`)
        throw this.failure
      }
      if (end - off >= length) {
        const frame = chunk.subarray(off, off + length)
        off += length
        this.onFrame(frame)
      } else {
        this.frame = new Uint8Array(length)
        this.frameFilled = 0
      }
    }
  }

  /** The stream ended. Throws WireError(FRAME_TRUNCATED) if a frame was cut short. */
  end (): void {
    if (this.failure !== null) return
    if (this.headerFilled > 0 || this.frame !== null) {
      this.failure = new WireError(ErrorCodes.FRAME_TRUNCATED, `stream ended inside a frame (${this.bufferedBytes} bytes pending)`)
      throw this.failure
    }
  }
}
