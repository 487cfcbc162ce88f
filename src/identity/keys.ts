// Ed25519 node identity (spec §4): a key pair, its PeerID, signing and verifying.
import { sign, verify, type KeyObject } from 'node:crypto'
import type { Random } from '../runtime/random.js'
import { ErrorCodes, IdentityError } from '../errors.js'
import { assertValidPublicKey } from './ed25519-point.js'
import { peerIdFromPublicKey, type PeerId } from './peer-id.js'
import { importRawPrivateKey, importRawPublicKey, rawPublicKey } from './raw-keys.js'

/** A node's long-term identity. */
export interface Identity {
  readonly peerId: PeerId
  /** Raw 32-byte ed25519 public key. */
  readonly publicKey: Uint8Array
  /** Raw 32-byte ed25519 private seed. Keep secret. */
  readonly privateSeed: Uint8Array
  sign(data: Uint8Array): Uint8Array
}

/** An identity from a 32-byte private seed. */
export function identityFromSeed (seed: Uint8Array): Identity {
  if (seed.length !== 32) throw new IdentityError(ErrorCodes.INVALID_KEY_FILE, `ed25519 seed must be 32 bytes, got ${seed.length}`)
  const privateKey = importRawPrivateKey('Ed25519', seed)
  const publicKey = new Uint8Array(rawPublicKey(privateKey))
  const seedCopy = Uint8Array.from(seed)
  return {
    peerId: peerIdFromPublicKey(publicKey),
    publicKey,
    privateSeed: seedCopy,
    sign: (data) => sign(null, data, privateKey)
  }
}

/** A fresh identity; its seed comes from `random` (the OS CSPRNG in production). */
export function generateIdentity (random: Random): Identity {
  return identityFromSeed(random.bytes(32))
}

const publicKeyCache = new Map<string, KeyObject>()
const PUBLIC_KEY_CACHE_MAX = 4096

/** Verify an ed25519 signature. Invalid keys and signatures give false, never throw. */
export function verifySignature (publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false
  try {
    return verify(null, data, publicKeyObject(publicKey), signature)
  } catch {
    return false
  }
}

function publicKeyObject (publicKey: Uint8Array): KeyObject {
  const hex = Buffer.from(publicKey).toString('hex')
  let key = publicKeyCache.get(hex)
  if (key === undefined) {
    assertValidPublicKey(publicKey)
    key = importRawPublicKey('Ed25519', publicKey)
    if (publicKeyCache.size >= PUBLIC_KEY_CACHE_MAX) publicKeyCache.delete(publicKeyCache.keys().next().value!)
    publicKeyCache.set(hex, key)
  }
  return key
}
