// Record framing shared by the Noise and plaintext channels: every message on the wire,
// handshake or transport, is a 2-byte big-endian length and then that many bytes (Noise
// spec §3: at most 65535). RecordDecoder splits the incoming byte stream into records.
import { ErrorCodes, SecureChannelError } from '../errors.js'
import { AEAD_TAG_BYTES } from './cipher-state.js'
import { LengthPrefixedDecoder } from '../wire/length-prefixed.js'

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
 * Splits the incoming byte stream into records (see wire/length-prefixed.ts). A declared
 * length above maxRecordBytes is refused before any of the record is buffered, so at most
 * one record is ever held.
 */
export class RecordDecoder {
  private readonly decoder: LengthPrefixedDecoder

  /**
   * @param onRecord called once per complete record, in order
   * @param maxRecordBytes largest record accepted (default and maximum 65535)
   */
  constructor (onRecord: (record: Uint8Array) => void, maxRecordBytes = MAX_RECORD_BYTES) {
    this.decoder = new LengthPrefixedDecoder(onRecord, {
      headerBytes: RECORD_HEADER_BYTES,
      maxLength: maxRecordBytes,
      tooLarge: (length, max) => new SecureChannelError(ErrorCodes.NOISE_RECORD_TOO_LARGE, `peer declared a record of ${length} bytes; at most ${max} accepted`)
    })
  }

  /** Largest record accepted; the channel raises it after the handshake. */
  get maxRecordBytes (): number {
    return this.decoder.maxLength
  }

  set maxRecordBytes (n: number) {
    this.decoder.maxLength = n
  }

  /**
   * When true, a record assembled from several chunks is valid only until onRecord
   * returns (set it when the consumer copies what it keeps, as decryption does).
   */
  get reuseAssemblyBuffer (): boolean {
    return this.decoder.reuseAssemblyBuffer
  }

  set reuseAssemblyBuffer (on: boolean) {
    this.decoder.reuseAssemblyBuffer = on
  }

  /** True when bytes of a record that has not fully arrived are held. */
  get hasPartialRecord (): boolean {
    return this.decoder.hasPartial
  }

  /** Stop decoding: later pushes are ignored. */
  stop (): void {
    this.decoder.fail(null)
  }

  /** Feed bytes. Throws SecureChannelError(NOISE_RECORD_TOO_LARGE) on a declared length over the limit. */
  push (chunk: Uint8Array): void {
    if (!this.decoder.failed) this.decoder.push(chunk)
  }
}
