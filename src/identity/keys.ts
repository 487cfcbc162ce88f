// Ed25519 node identity (spec §4): a key pair, its PeerID, signing and verifying, on the
// build's CryptoProvider (node:crypto in Node, @noble/curves in the browser).
import type { Random } from '../runtime/random.js'
import { ErrorCodes, IdentityError } from '../errors.js'
import { crypto as defaultCrypto } from '../crypto/provider.js'
import type { CryptoProvider } from '../crypto/types.js'
import { isValidPublicKey } from './ed25519-point.js'
import { peerIdFromPublicKey, type PeerId } from './peer-id.js'

/** A node's long-term identity. */
export interface Identity {
  readonly peerId: PeerId
  /** Raw 32-byte ed25519 public key. */
  readonly publicKey: Uint8Array
  /** Raw 32-byte ed25519 private seed. Keep secret. */
  readonly privateSeed: Uint8Array
  sign(data: Uint8Array): Uint8Array
}

/** An identity from a 32-byte private seed (signing with `primitives`, default this build's). */
export function identityFromSeed (seed: Uint8Array, primitives: CryptoProvider = defaultCrypto): Identity {
  if (seed.length !== 32) throw new IdentityError(ErrorCodes.INVALID_KEY_FILE, `ed25519 seed must be 32 bytes, got ${seed.length}`)
  const publicKey = primitives.ed25519PublicKey(seed)
  return {
    peerId: peerIdFromPublicKey(publicKey),
    publicKey,
    privateSeed: Uint8Array.from(seed),
    sign: primitives.ed25519Signer(seed)
  }
}

/** A fresh identity; its seed comes from `random` (the OS CSPRNG in production). */
export function generateIdentity (random: Random): Identity {
  return identityFromSeed(random.bytes(32))
}

/**
 * Verify an ed25519 signature (RFC 8032) by a valid public key (canonical, on the curve,
 * not of small order). Invalid keys and signatures give false, never throw.
 */
export function verifySignature (publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array, primitives: CryptoProvider = defaultCrypto): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false
  // isValidPublicKey remembers the keys it found valid (the point check costs bigint arithmetic)
  return isValidPublicKey(publicKey) && primitives.ed25519Verify(publicKey, data, signature)
}
