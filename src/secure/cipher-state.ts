// Noise CipherState (Noise spec rev 34 §5.1) for ChaChaPoly: a 32-byte key and a 64-bit
// nonce counter. The handshake uses encryptWithAd/decryptWithAd; the transport phase
// uses sealRecord/openRecord, which skip needless copies and reuse one nonce buffer. The
// AEAD itself is the build's CryptoProvider (src/crypto/).
import { ErrorCodes, SecureChannelError } from '../errors.js'
import { crypto as defaultCrypto } from '../crypto/provider.js'
import type { CryptoProvider } from '../crypto/types.js'
import type { PieceCursor, RecordCodec } from './record-codec.js'

/** ChaCha20-Poly1305 tag length. */
export const AEAD_TAG_BYTES = 16
export const CIPHER_KEY_BYTES = 32
const UINT32_MAX = 0xffffffff
const EMPTY = Buffer.alloc(0)
export class CipherState {
  private key: Buffer | undefined
  // The nonce n as two uint32 halves; nonce is the 12-byte ChaChaPoly nonce: 4 zero bytes, then n little-endian.
  private nonceLow = 0
  private nonceHigh = 0
  private readonly nonce = Buffer.alloc(12)

  /**
   * @param key 32-byte key; without one the state is empty and encrypt/decrypt pass data through.
   * @param primitives the AEAD (default: this build's provider)
   */
  constructor (key?: Uint8Array, private readonly primitives: CryptoProvider = defaultCrypto) {
    if (key !== undefined) this.initializeKey(key)
  }

  /** InitializeKey(k): set the key and reset the nonce to 0. */
  initializeKey (key: Uint8Array): void {
    if (key.length !== CIPHER_KEY_BYTES) throw new RangeError(`cipher key must be ${CIPHER_KEY_BYTES} bytes, got ${key.length}`)
    this.key = Buffer.from(key)
    this.nonceLow = 0
    this.nonceHigh = 0
  }

  hasKey (): boolean {
    return this.key !== undefined
  }

  /** SetNonce(n), 0 <= n < 2^64. */
  setNonce (n: bigint): void {
    if (n < 0n || n >= 2n ** 64n) throw new RangeError(`nonce out of range: ${n}`)
    this.nonceLow = Number(n & 0xffffffffn)
    this.nonceHigh = Number(n >> 32n)
  }

  /** The current nonce n. */
  get nonceValue (): bigint {
    return (BigInt(this.nonceHigh) << 32n) | BigInt(this.nonceLow)
  }

  /** EncryptWithAd(ad, plaintext): ciphertext || tag, or the plaintext itself when there is no key. */
  encryptWithAd (ad: Uint8Array, plaintext: Uint8Array): Buffer {
    if (this.key === undefined) return Buffer.from(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength)
    const out = Buffer.allocUnsafe(plaintext.length + AEAD_TAG_BYTES)
    this.primitives.chachaSeal(this.key, this.currentNonce(ErrorCodes.CONNECTION_CLOSED), ad, plaintext, out, 0)
    this.incrementNonce()
    return out
  }

  /**
   * DecryptWithAd(ad, ciphertext): the plaintext, or SecureChannelError(NOISE_DECRYPT_FAILED)
   * when the tag does not verify (the nonce then stays where it was, as the spec says).
   */
  decryptWithAd (ad: Uint8Array, ciphertext: Uint8Array): Buffer {
    if (this.key === undefined) return Buffer.from(ciphertext.buffer, ciphertext.byteOffset, ciphertext.byteLength)
    const bodyLength = ciphertext.length - AEAD_TAG_BYTES
    if (bodyLength < 0) throw new SecureChannelError(ErrorCodes.NOISE_DECRYPT_FAILED, `ciphertext of ${ciphertext.length} bytes is shorter than its tag`)
    const nonce = this.currentNonce(ErrorCodes.NOISE_DECRYPT_FAILED)
    let plaintext: Buffer
    try {
      plaintext = this.primitives.chachaOpen(this.key, nonce, ad, ciphertext)
    } catch (err) {
      throw new SecureChannelError(ErrorCodes.NOISE_DECRYPT_FAILED, 'Noise message failed authentication', { cause: err })
    }
    this.incrementNonce()
    return plaintext
  }

  /**
   * Transport encryption of one record (AD empty) straight into `out`, then its tag, with
   * one AEAD call: from the caller's buffer when the record lies within one write
   * (bulk data: no extra copy), else from the pieces gathered in place at out[offset..]
   * (many small writes: each call costs ~4 us in node:crypto as it allocates its output,
   * so one call over gathered bytes beats one call per piece).
   */
  sealRecord (out: Buffer, offset: number, source: PieceCursor, plaintextBytes: number): void {
    const key = this.requireKey()
    const nonce = this.currentNonce(ErrorCodes.CONNECTION_CLOSED)
    let plaintext = source.contiguous(plaintextBytes)
    if (plaintext === undefined) {
      source.copyInto(out, offset, plaintextBytes)
      plaintext = out.subarray(offset, offset + plaintextBytes)
    }
    this.primitives.chachaSeal(key, nonce, EMPTY, plaintext, out, offset)
    this.incrementNonce()
  }

  /** Transport decryption of one record (ciphertext || tag, AD empty). */
  openRecord (record: Uint8Array): Buffer {
    this.requireKey()
    return this.decryptWithAd(EMPTY, record)
  }

  private requireKey (): Buffer {
    if (this.key === undefined) throw new SecureChannelError(ErrorCodes.NOISE_HANDSHAKE_FAILED, 'cipher used before the handshake gave it a key')
    return this.key
  }

  /** The nonce buffer for n; n = 2^64-1 is reserved (spec §5.1), so reaching it ends the channel. */
  private currentNonce (exhaustedCode: typeof ErrorCodes.CONNECTION_CLOSED | typeof ErrorCodes.NOISE_DECRYPT_FAILED): Buffer {
    if (this.nonceLow === UINT32_MAX && this.nonceHigh === UINT32_MAX) {
      throw new SecureChannelError(exhaustedCode, 'Noise nonce exhausted (2^64-1 messages): the channel must be closed')
    }
    this.nonce.writeUInt32LE(this.nonceLow, 4)
    this.nonce.writeUInt32LE(this.nonceHigh, 8)
    return this.nonce
  }

  private incrementNonce (): void {
    if (this.nonceLow === UINT32_MAX) {
      this.nonceLow = 0
      this.nonceHigh++
    } else {
      this.nonceLow++
    }
  }
}

/** The transport codec of a finished Noise handshake: one cipher per direction. */
export function noiseRecordCodec (send: CipherState, receive: CipherState): RecordCodec {
  return {
    overheadBytes: AEAD_TAG_BYTES,
    sealRecord: (out, offset, source, plaintextBytes) => send.sealRecord(out, offset, source, plaintextBytes),
    openRecord: (record) => receive.openRecord(record),
    openedPlaintextIsCopy: true
  }
}
