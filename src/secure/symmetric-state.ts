// Noise SymmetricState (Noise spec rev 34 §5.2) with SHA-256: the chaining key ck, the
// handshake hash h, MixKey/MixHash through HKDF over HMAC-SHA256, and Split, on the
// build's CryptoProvider (or the one given).
import { crypto as defaultCrypto } from '../crypto/provider.js'
import type { CryptoProvider } from '../crypto/types.js'
import { CipherState } from './cipher-state.js'

/** SHA-256 output length (Noise HASHLEN). */
export const HASH_BYTES = 32
const EMPTY = Buffer.alloc(0)
const BYTE_1 = Buffer.from([1])
const BYTE_2 = Buffer.from([2])
const BYTE_3 = Buffer.from([3])

/** HKDF(chainingKey, inputKeyMaterial, numOutputs) of Noise spec §4.3. */
export function hkdf (chainingKey: Uint8Array, inputKeyMaterial: Uint8Array, numOutputs: 2 | 3, primitives: CryptoProvider = defaultCrypto): Buffer[] {
  const tempKey = primitives.hmacSha256(chainingKey, inputKeyMaterial)
  const output1 = primitives.hmacSha256(tempKey, BYTE_1)
  const output2 = primitives.hmacSha256(tempKey, output1, BYTE_2)
  if (numOutputs === 2) return [output1, output2]
  return [output1, output2, primitives.hmacSha256(tempKey, output2, BYTE_3)]
}

export class SymmetricState {
  private chainingKey: Buffer
  private hash: Buffer
  private readonly cipher: CipherState

  /** InitializeSymmetric(protocolName). */
  constructor (protocolName: string, private readonly primitives: CryptoProvider = defaultCrypto) {
    this.cipher = new CipherState(undefined, primitives)
    const name = Buffer.from(protocolName, 'ascii')
    this.hash = name.length <= HASH_BYTES ? Buffer.concat([name, Buffer.alloc(HASH_BYTES - name.length)]) : primitives.sha256(name)
    this.chainingKey = this.hash
  }

  /** The handshake hash h (channel binding once the handshake is over). */
  get handshakeHash (): Uint8Array {
    return this.hash
  }

  mixKey (inputKeyMaterial: Uint8Array): void {
    const [chainingKey, tempKey] = hkdf(this.chainingKey, inputKeyMaterial, 2, this.primitives)
    this.chainingKey = chainingKey!
    this.cipher.initializeKey(tempKey!)
  }

  mixHash (data: Uint8Array): void {
    this.hash = this.primitives.sha256(this.hash, data)
  }

  hasKey (): boolean {
    return this.cipher.hasKey()
  }

  encryptAndHash (plaintext: Uint8Array): Buffer {
    const ciphertext = this.cipher.encryptWithAd(this.hash, plaintext)
    this.mixHash(ciphertext)
    return ciphertext
  }

  /** Throws SecureChannelError(NOISE_DECRYPT_FAILED) when the ciphertext does not authenticate. */
  decryptAndHash (ciphertext: Uint8Array): Buffer {
    const plaintext = this.cipher.decryptWithAd(this.hash, ciphertext)
    this.mixHash(ciphertext)
    return plaintext
  }

  /** Split(): the initiator-to-responder and responder-to-initiator cipher states. */
  split (): [CipherState, CipherState] {
    const [key1, key2] = hkdf(this.chainingKey, EMPTY, 2, this.primitives)
    return [new CipherState(key1, this.primitives), new CipherState(key2, this.primitives)]
  }
}
