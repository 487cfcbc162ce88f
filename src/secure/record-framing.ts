// Record framing shared by the Noise and plaintext channels: every message on the wire,
// handshake or transport, is a 2-byte big-endian length and then that many bytes (Noise
// spec §3: at most 65535). RecordDecoder splits the incoming byte stream into records.
import { ErrorCodes, SecureChannelError } from '../errors.js'
import { AEAD_TAG_BYTES } from './cipher-state.js'

export const RECORD_HEADER_BYTES = 2
/** Largest record (Noise message) on the wire. */
export const MAX_RECORD_BYTES = 65535
/** Largest plaintext in one transport record: the rest is the AEAD tag. Plaintext mode uses the same size. */
export const MAX_RECORD_PLAINTEXT_BYTES = MAX_RECORD_BYTES - AEAD_TAG_BYTES

/** One handshake message with its length header, ready for Connection.write. */
export function frameRecord (message: Uint8Array): Buffer {
  if (message.length > MAX_RECORD_BYTES) {
    throw new SecureChannelError(ErrorCodes.NOISE_RECORD_TOO_LARGE, `record of ${message.length} bytes exceeds ${MAX_RECORD_BYTES}`)
  }
  const framed = Buffer.allocUnsafe(RECORD_HEADER_BYTES + message.length)
  framed.writeUInt16BE(message.length, 0)
  framed.set(message, RECORD_HEADER_BYTES)
  return framed
}

/**
 * Splits a byte stream, delivered in arbitrary chunks, into records. A record that lies
 * within one chunk is handed out as a subarray of it (no copy); one that straddles
 * chunks is copied once into a buffer of exactly its size. A declared length above
 * maxRecordBytes is refused before any of the record is buffered, so at most one record
 * (and never more than maxRecordBytes) is ever held.
 */
export class RecordDecoder {
  /** Largest record accepted; the channel lowers it during the handshake. */
  maxRecordBytes: number
  /**
   * When true, a record assembled from several chunks is only valid until onRecord
   * returns (one assembly buffer is reused). Set it when the consumer copies what it
   * keeps, as Noise decryption does: it saves an allocation per straddling record.
   */
  reuseAssemblyBuffer = false
  private headerHighByte = -1 // first byte of a length header split across chunks
  private record: Buffer | null = null // record being assembled from several chunks
  private recordFilled = 0
  private assemblyBuffer: Buffer | null = null
  private stopped = false

  /**
   * @param onRecord called once per complete record, in order
   * @param maxRecordBytes largest record accepted (default and maximum 65535)
   */
  constructor (private readonly onRecord: (record: Uint8Array) => void, maxRecordBytes = MAX_RECORD_BYTES) {
    this.maxRecordBytes = maxRecordBytes
  }

  /** True when bytes of a record that has not fully arrived are held. */
  get hasPartialRecord (): boolean {
    return this.headerHighByte >= 0 || this.record !== null
  }

  /** Stop decoding: later pushes, and the rest of the current one, are ignored. */
  stop (): void {
    this.stopped = true
    this.record = null
    this.assemblyBuffer = null
  }

  /** Feed bytes. Throws SecureChannelError(NOISE_RECORD_TOO_LARGE) on a declared length over the limit. */
  push (chunk: Uint8Array): void {
    const end = chunk.length
    let off = 0
    while (off < end && !this.stopped) {
      const partial = this.record
      if (partial !== null) {
        const take = Math.min(end - off, partial.length - this.recordFilled)
        partial.set(chunk.subarray(off, off + take), this.recordFilled)
        this.recordFilled += take
        off += take
        if (this.recordFilled === partial.length) {
          this.record = null
          this.recordFilled = 0
          this.onRecord(partial)
        }
        continue
      }
      let length: number
      if (this.headerHighByte >= 0) {
        length = (this.headerHighByte << 8) | chunk[off]!
        this.headerHighByte = -1
        off += 1
      } else if (end - off >= RECORD_HEADER_BYTES) {
        length = (chunk[off]! << 8) | chunk[off + 1]!
        off += RECORD_HEADER_BYTES
      } else {
        this.headerHighByte = chunk[off]!
        return
      }
      if (length > this.maxRecordBytes) {
        this.stop()
        throw new SecureChannelError(ErrorCodes.NOISE_RECORD_TOO_LARGE, `peer declared a record of ${length} bytes; at most ${this.maxRecordBytes} accepted`)
      }
      if (end - off >= length) {
        const record = chunk.subarray(off, off + length)
        off += length
        this.onRecord(record)
      } else if (this.reuseAssemblyBuffer) {
        this.assemblyBuffer ??= Buffer.allocUnsafe(MAX_RECORD_BYTES)
        this.record = this.assemblyBuffer.subarray(0, length)
      } else {
        this.record = Buffer.allocUnsafe(length)
      }
    }
  }
}
