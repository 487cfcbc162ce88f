// X25519 (RFC 7748) for the Noise handshake, on the build's CryptoProvider (or the one
// given): key pairs from 32 raw private bytes (so an injected Random decides every key)
// and Diffie-Hellman on raw public keys, with the peer's bad keys as typed errors.
import { ErrorCodes, SecureChannelError } from '../errors.js'
import { crypto as defaultCrypto } from '../crypto/provider.js'
import type { CryptoProvider, X25519KeyPair } from '../crypto/types.js'

export type { X25519KeyPair } from '../crypto/types.js'

/** Length of an X25519 private key, public key and shared secret (Noise DHLEN). */
export const X25519_KEY_BYTES = 32

/** The key pair of a 32-byte private key (clamped as RFC 7748 says). */
export function x25519KeyPair (privateKeyBytes: Uint8Array, primitives: CryptoProvider = defaultCrypto): X25519KeyPair {
  if (privateKeyBytes.length !== X25519_KEY_BYTES) {
    throw new RangeError(`X25519 private key must be ${X25519_KEY_BYTES} bytes, got ${privateKeyBytes.length}`)
  }
  return primitives.x25519KeyPair(privateKeyBytes)
}

/**
 * DH(privateKey, remotePublicKey). A remote key that is not 32 bytes, or of small order
 * (the shared secret would be all zeros), gives SecureChannelError(INVALID_PUBLIC_KEY).
 */
export function x25519 (keyPair: X25519KeyPair, remotePublicKey: Uint8Array, primitives: CryptoProvider = defaultCrypto): Buffer {
  try {
    return primitives.x25519(keyPair, remotePublicKey)
  } catch (err) {
    throw new SecureChannelError(ErrorCodes.INVALID_PUBLIC_KEY, 'invalid X25519 public key from peer', { cause: err })
  }
}
