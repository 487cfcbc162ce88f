// Length-prefixed frames (spec §7, §13 rule 4): a 4-byte big-endian length, then that
// many bytes (one encoded Message envelope). A declared length above the limit is
// refused before a single byte of the frame is buffered.
import { ErrorCodes, WireError } from '../errors.js'
import { LengthPrefixedDecoder } from './length-prefixed.js'

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
 * Splits a byte stream into frames (zero-copy when a frame lies within one chunk). After
 * an error the decoder is dead: every later push throws the same error.
 */
export class FrameDecoder {
  private readonly decoder: LengthPrefixedDecoder

  /**
   * @param onFrame called once per complete frame, in order
   * @param maxFrameBytes largest frame accepted (default 2 MiB, at most 2 MiB)
   */
  constructor (onFrame: (frame: Uint8Array) => void, maxFrameBytes = MAX_FRAME_BYTES) {
    this.decoder = new LengthPrefixedDecoder(onFrame, {
      headerBytes: FRAME_HEADER_BYTES,
      maxLength: validateMaxFrameBytes(maxFrameBytes),
      tooLarge: (length, max) => new WireError(ErrorCodes.FRAME_TOO_LARGE, `frame of ${length} bytes exceeds the ${max}-byte limit`)
    })
  }

  /** Largest frame accepted from now on (the session raises it once the handshake is done). */
  set maxFrameBytes (n: number) {
    this.decoder.maxLength = validateMaxFrameBytes(n)
  }

  /** Bytes held for a frame not yet complete. */
  get bufferedBytes (): number {
    return this.decoder.bufferedBytes
  }

  /** True while part of a frame (even just its length) has arrived and the rest has not. */
  get hasPartial (): boolean {
    return this.decoder.hasPartial
  }

  /** Feed bytes. Throws WireError(FRAME_TOO_LARGE) on a declared length over the limit. */
  push (chunk: Uint8Array): void {
    this.decoder.push(chunk)
  }

  /** The stream ended. Throws WireError(FRAME_TRUNCATED) if a frame was cut short. */
  end (): void {
    if (this.decoder.failed || !this.decoder.hasPartial) return
    const err = new WireError(ErrorCodes.FRAME_TRUNCATED, `stream ended inside a frame (${this.decoder.bufferedBytes} bytes pending)`)
    this.decoder.fail(err)
    throw err
  }
}
