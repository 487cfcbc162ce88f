// Fragments (docs/PROTOCOL.md §7, fragments; with the flow-control capability): a message larger
// than one record is sent as Fragment frames, each carrying the next bytes of its
// envelope, so that frames of higher send classes can go between two of them and a vote
// waits for at most one record instead of the rest of a 2 MiB block. At most one
// fragmented message is in progress per direction; the receiver reassembles it into one
// buffer (bounded by maxFrameBytes) and handles it as if it had come as one frame.
import { ErrorCodes, ProtocolError, WireError } from '../errors.js'
import { MessageType } from '../wire/codecs.js'
import { varintLength, writeVarint } from '../wire/envelope.js'
import { FRAME_HEADER_BYTES } from '../wire/frame.js'
import type { Fragment } from '../wire/gen/kuber.js'
import { MAX_RECORD_PLAINTEXT_BYTES } from '../secure/record-framing.js'

/** Every fragment but the last carries at least this many bytes (so a message has at most 129). */
export const MIN_FRAGMENT_BYTES = 16 * 1024
const TAG_TYPE = 0x08
const TAG_PAYLOAD = 0x12
const TAG_TOTAL = 0x08
const TAG_DATA = 0x12

function headerBytes (totalBytes: number, dataBytes: number): number {
  const payload = 1 + varintLength(totalBytes) + 1 + varintLength(dataBytes) + dataBytes
  return FRAME_HEADER_BYTES + 2 + 1 + varintLength(payload) + payload - dataBytes
}

/**
 * Data bytes per fragment we send of an envelope of `totalBytes`: header and data make
 * exactly one record's plaintext, so fragments written at a record boundary stay
 * aligned with records and the receiver gets each one whole (no reassembly copy).
 */
export function fragmentDataBytes (totalBytes: number): number {
  return MAX_RECORD_PLAINTEXT_BYTES - headerBytes(totalBytes, MAX_RECORD_PLAINTEXT_BYTES)
}

/**
 * The frame bytes that come before `dataBytes` bytes of data in a Fragment of an envelope
 * of `totalBytes` bytes: write this, then the data itself (no copy of the data).
 */
export function fragmentHeader (totalBytes: number, dataBytes: number): Uint8Array {
  const payload = 1 + varintLength(totalBytes) + 1 + varintLength(dataBytes) + dataBytes
  const header = Buffer.allocUnsafe(headerBytes(totalBytes, dataBytes))
  header.writeUInt32BE(header.length - FRAME_HEADER_BYTES + dataBytes, 0)
  let off = FRAME_HEADER_BYTES
  header[off++] = TAG_TYPE
  header[off++] = MessageType.FRAGMENT
  header[off++] = TAG_PAYLOAD
  off = writeVarint(header, off, payload)
  header[off++] = TAG_TOTAL
  off = writeVarint(header, off, totalBytes)
  header[off++] = TAG_DATA
  writeVarint(header, off, dataBytes)
  return header
}

function invalid (message: string): ProtocolError {
  return new ProtocolError(ErrorCodes.FRAGMENT_INVALID, message)
}

/** Reassembles the peer's fragmented messages, one at a time. */
export class FragmentAssembler {
  private buffer: Buffer | undefined
  private filled = 0

  constructor (private readonly maxBytes: number) {}

  /** Bytes held for a message not yet complete. */
  get bufferedBytes (): number {
    return this.buffer === undefined ? 0 : this.filled
  }

  /**
   * Add one fragment. Returns the whole envelope once its last bytes are in, else
   * undefined. Throws WireError(FRAME_TOO_LARGE) for a message over maxBytes and
   * ProtocolError(FRAGMENT_INVALID) for anything else wrong; either drops the message.
   */
  push (fragment: Fragment): Uint8Array | undefined {
    const { totalBytes, data } = fragment
    try {
      if (this.buffer === undefined) {
        if (totalBytes > this.maxBytes) throw new WireError(ErrorCodes.FRAME_TOO_LARGE, `fragmented message of ${totalBytes} bytes exceeds the ${this.maxBytes}-byte limit`)
        if (totalBytes === 0) throw invalid('fragment of an empty message')
        this.buffer = Buffer.allocUnsafe(totalBytes)
        this.filled = 0
      } else if (totalBytes !== this.buffer.length) {
        throw invalid(`fragment of a ${totalBytes}-byte message inside one of ${this.buffer.length} bytes`)
      }
      const end = this.filled + data.length
      if (data.length === 0 || end > totalBytes) throw invalid(`fragment of ${data.length} bytes at ${this.filled} of ${totalBytes}`)
      if (end < totalBytes && data.length < MIN_FRAGMENT_BYTES) throw invalid(`fragment of ${data.length} bytes (not the last) is under ${MIN_FRAGMENT_BYTES}`)
      this.buffer.set(data, this.filled)
      this.filled = end
      if (end < totalBytes) return undefined
      const whole = this.buffer
      this.buffer = undefined
      return whole
    } catch (err) {
      this.buffer = undefined
      throw err
    }
  }
}
