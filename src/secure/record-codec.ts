// What turns plaintext into records on the wire and back: the Noise transport ciphers
// (noise-record-codec in cipher-state.ts) or, for benchmarks, the identity (plaintext).
// The coalescing writer hands a codec the pending writes through a PieceCursor, which
// gathers them straight from the caller's buffers into the outgoing buffer.

/** Reads a queue of buffers front to back: in place when it can, else gathered into an output buffer. */
export class PieceCursor {
  private pieces: Uint8Array[] = []
  private index = 0
  private offset = 0

  /** Start reading `pieces` from the beginning. */
  reset (pieces: Uint8Array[]): void {
    this.pieces = pieces
    this.index = 0
    this.offset = 0
  }

  /** Copy the next `length` bytes (the caller knows that many remain) into out[offset..]. */
  copyInto (out: Uint8Array, offset: number, length: number): void {
    const end = offset + length
    let pos = offset
    while (pos < end) {
      const piece = this.pieces[this.index]!
      const take = Math.min(piece.length - this.offset, end - pos)
      out.set(take === piece.length ? piece : piece.subarray(this.offset, this.offset + take), pos)
      pos += take
      this.offset += take
      if (this.offset === piece.length) {
        this.index++
        this.offset = 0
      }
    }
  }

  /**
   * The next `length` bytes as a subarray when they lie within one piece (no copy), or
   * undefined, reading nothing, when they span pieces.
   */
  contiguous (length: number): Uint8Array | undefined {
    const piece = this.pieces[this.index]!
    if (piece.length - this.offset < length) return undefined
    const slice = piece.subarray(this.offset, this.offset + length)
    this.offset += length
    if (this.offset === piece.length) {
      this.index++
      this.offset = 0
    }
    return slice
  }

  /** The pieces not yet read (the first one trimmed to what is left of it). */
  rest (): Uint8Array[] {
    const rest = this.pieces.slice(this.index)
    if (rest.length > 0 && this.offset > 0) rest[0] = rest[0]!.subarray(this.offset)
    return rest
  }
}

/** Seals outgoing records and opens incoming ones. */
export interface RecordCodec {
  /** Bytes a record carries beyond its plaintext (the AEAD tag: 16 for Noise, 0 for plaintext). */
  readonly overheadBytes: number
  /**
   * Write the sealed record for the next `plaintextBytes` bytes of `source` into
   * out[offset, offset + plaintextBytes + overheadBytes).
   */
  sealRecord(out: Buffer, offset: number, source: PieceCursor, plaintextBytes: number): void
  /** The plaintext of one received record; throws SecureChannelError when it is not valid. */
  openRecord(record: Uint8Array): Uint8Array
  /** True when openRecord's result never shares memory with its argument (so the record buffer may be reused). */
  readonly openedPlaintextIsCopy: boolean
}

/** No encryption: a record is its plaintext (benchmarks only, see plaintext.ts). */
export const plaintextRecordCodec: RecordCodec = {
  overheadBytes: 0,
  sealRecord: (out, offset, source, plaintextBytes) => source.copyInto(out, offset, plaintextBytes),
  openRecord: (record) => record,
  openedPlaintextIsCopy: false
}
