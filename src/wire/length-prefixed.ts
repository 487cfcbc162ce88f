// Splits a byte stream, delivered in arbitrary chunks, into length-prefixed messages: a
// big-endian length of `headerBytes` bytes, then that many bytes. Used for frames (4-byte
// header, wire/frame.ts) and for secure-channel records (2-byte header,
// secure/record-framing.ts). A message within one chunk is handed out as a subarray (no
// copy); one that straddles chunks is copied once. A declared length above the limit is
// refused before any of the message is buffered.

export interface LengthPrefixedOptions {
  /** 2 or 4. */
  headerBytes: 2 | 4
  /** Largest message accepted (may be changed later, e.g. after a handshake). */
  maxLength: number
  /** Build the error thrown for a declared length over the limit. */
  tooLarge: (length: number, max: number) => Error
  /**
   * When true, a message assembled from several chunks is only valid until onMessage
   * returns (one assembly buffer of maxLength bytes is reused). Set it only when the
   * consumer copies what it keeps. May be changed later (default false).
   */
  reuseAssemblyBuffer?: boolean
}

export class LengthPrefixedDecoder {
  maxLength: number
  reuseAssemblyBuffer: boolean
  private readonly headerBytes: number
  private headerValue = 0
  private headerFilled = 0
  private partial: Uint8Array | null = null // message being assembled from several chunks
  private partialFilled = 0
  private assembly: Uint8Array | null = null
  private failure: Error | null = null

  constructor (private readonly onMessage: (message: Uint8Array) => void, private readonly options: LengthPrefixedOptions) {
    this.headerBytes = options.headerBytes
    this.maxLength = options.maxLength
    this.reuseAssemblyBuffer = options.reuseAssemblyBuffer ?? false
  }

  /** True when bytes of a message that has not fully arrived are held. */
  get hasPartial (): boolean {
    return this.headerFilled > 0 || this.partial !== null
  }

  /** Bytes held for a message not yet complete. */
  get bufferedBytes (): number {
    return this.headerFilled + this.partialFilled
  }

  /** Stop for good: later pushes throw `failure` (or are ignored when none is given). */
  fail (failure: Error | null): void {
    this.failure = failure ?? new Error('decoder stopped')
    this.partial = null
    this.assembly = null
  }

  get failed (): boolean {
    return this.failure !== null
  }

  /** Feed bytes. Throws options.tooLarge(...) on a declared length over the limit. */
  push (chunk: Uint8Array): void {
    if (this.failure !== null) throw this.failure
    const end = chunk.length
    let off = 0
    while (off < end && this.failure === null) {
      const partial = this.partial
      if (partial !== null) {
        const take = Math.min(end - off, partial.length - this.partialFilled)
        partial.set(chunk.subarray(off, off + take), this.partialFilled)
        this.partialFilled += take
        off += take
        if (this.partialFilled === partial.length) {
          this.partial = null
          this.partialFilled = 0
          this.onMessage(partial)
        }
        continue
      }
      let length: number
      if (this.headerFilled === 0 && end - off >= this.headerBytes) {
        length = this.headerBytes === 4
          ? ((chunk[off]! << 24) >>> 0) + (chunk[off + 1]! << 16) + (chunk[off + 2]! << 8) + chunk[off + 3]!
          : (chunk[off]! << 8) | chunk[off + 1]!
        off += this.headerBytes
      } else {
        while (this.headerFilled < this.headerBytes && off < end) {
          this.headerValue = this.headerValue * 256 + chunk[off++]!
          this.headerFilled++
        }
        if (this.headerFilled < this.headerBytes) return
        length = this.headerValue
        this.headerValue = 0
        this.headerFilled = 0
      }
      if (length > this.maxLength) {
        const err = this.options.tooLarge(length, this.maxLength)
        this.fail(err)
        throw err
      }
      if (end - off >= length) {
        const message = chunk.subarray(off, off + length)
        off += length
        this.onMessage(message)
      } else if (this.reuseAssemblyBuffer) {
        if (this.assembly === null || this.assembly.length < length) this.assembly = new Uint8Array(Math.max(length, this.maxLength))
        this.partial = this.assembly.subarray(0, length)
      } else {
        this.partial = new Uint8Array(length)
      }
    }
  }
}
