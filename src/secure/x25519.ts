// X25519 (RFC 7748) on node:crypto for the Noise handshake: key pairs from 32 raw private
// bytes (so an injected Random decides every key) and Diffie-Hellman on raw public keys.
import { diffieHellman, type KeyObject } from 'node:crypto'
import { ErrorCodes, SecureChannelError } from '../errors.js'
import { importRawPrivateKey, importRawPublicKey, rawPublicKey } from '../identity/raw-keys.js'

/** Length of an X25519 private key, public key and shared secret (Noise DHLEN). */
export const X25519_KEY_BYTES = 32

/** An X25519 key pair: the private half stays a KeyObject, the public half is raw bytes. */
export interface X25519KeyPair {
  readonly privateKey: KeyObject
  /** Raw 32-byte public key. */
  readonly publicKey: Uint8Array
}

/** The key pair of a 32-byte private key (clamped by OpenSSL as RFC 7748 says). */
export function x25519KeyPair (privateKeyBytes: Uint8Array): X25519KeyPair {
  if (privateKeyBytes.length !== X25519_KEY_BYTES) {
    throw new RangeError(`X25519 private key must be ${X25519_KEY_BYTES} bytes, got ${privateKeyBytes.length}`)
  }
  const privateKey = importRawPrivateKey('X25519', privateKeyBytes)
  return { privateKey, publicKey: new Uint8Array(rawPublicKey(privateKey)) }
}

/**
 * DH(privateKey, remotePublicKey). A remote key that is not 32 bytes, or of small order
 * (the shared secret would be all zeros, which OpenSSL refuses), gives
 * SecureChannelError(INVALID_PUBLIC_KEY).
 */
export function x25519 (keyPair: X25519KeyPair, remotePublicKey: Uint8Array): Buffer {
  try {
    if (remotePublicKey.length !== X25519_KEY_BYTES) throw new RangeError(`${remotePublicKey.length} bytes`)
    return diffieHellman({ privateKey: keyPair.privateKey, publicKey: importRawPublicKey('X25519', remotePublicKey) })
  } catch (err) {
    throw new SecureChannelError(ErrorCodes.INVALID_PUBLIC_KEY, 'invalid X25519 public key from peer', { cause: err })
  }
}
