// What turns plaintext into records on the wire and back: the Noise transport ciphers
// (noise-record-codec in cipher-state.ts) or, for benchmarks, the identity (plaintext).
// The coalescing writer hands a codec the pending writes through a PieceCursor, so a
// record is sealed straight from the caller's buffers into the outgoing buffer.

/** Reads a queue of buffers front to back, in slices, without copying. */
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

  /** The next slice, at most maxBytes long (the caller knows that many bytes remain). */
  take (maxBytes: number): Uint8Array {
    const piece = this.pieces[this.index]!
    const available = piece.length - this.offset
    if (available <= maxBytes) {
      const slice = this.offset === 0 ? piece : piece.subarray(this.offset)
      this.index++
      this.offset = 0
      return slice
    }
    const slice = piece.subarray(this.offset, this.offset + maxBytes)
    this.offset += maxBytes
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
}

/** No encryption: a record is its plaintext (benchmarks only, see plaintext.ts). */
export const plaintextRecordCodec: RecordCodec = {
  overheadBytes: 0,
  sealRecord (out, offset, source, plaintextBytes) {
    let pos = offset
    const end = offset + plaintextBytes
    while (pos < end) {
      const piece = source.take(end - pos)
      out.set(piece, pos)
      pos += piece.length
    }
  },
  openRecord: (record) => record
}
