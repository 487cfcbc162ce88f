// The identity proof carried in Noise handshake messages 2 and 3 (NoiseHandshakePayload
// in proto/kuber.proto): the sender's ed25519 key and its signature over the sender's
// Noise static key, which binds the Noise channel to a PeerID (spec §4, §17).
import { ErrorCodes, SecureChannelError, type KuberError } from '../errors.js'
import { verifySignature, type Identity } from '../identity/keys.js'
import { peerIdFromPublicKey, type PeerId } from '../identity/peer-id.js'
import { checkBounds } from '../wire/bounds.js'
import { NoiseHandshakePayload } from '../wire/gen/kuber.js'

/** Domain separation for identity_sig: Ed25519-Sign(identity, prefix || Noise static public key). */
export const NOISE_STATIC_KEY_SIGNATURE_PREFIX = Buffer.from('kuber-noise-static-key:', 'ascii')

/** The remote identity a handshake established. */
export interface RemoteIdentity {
  /** Raw 32-byte ed25519 public key. */
  readonly publicKey: Uint8Array
  readonly peerId: PeerId
}

/** The encoded payload proving that `identity` owns the Noise static key `noiseStaticPublicKey`. */
export function encodeSignedIdentity (identity: Identity, noiseStaticPublicKey: Uint8Array): Uint8Array {
  const signature = identity.sign(Buffer.concat([NOISE_STATIC_KEY_SIGNATURE_PREFIX, noiseStaticPublicKey]))
  return NoiseHandshakePayload.encode({ identityKey: Uint8Array.from(identity.publicKey), identitySig: Uint8Array.from(signature) })
}

/** The encoded payload naming `identity` with no signature (plaintext mode). */
export function encodeUnsignedIdentity (identity: Identity): Uint8Array {
  return NoiseHandshakePayload.encode({ identityKey: Uint8Array.from(identity.publicKey) })
}

/**
 * Decode a peer's payload and check that its identity key signed `remoteNoiseStaticKey`.
 * Throws SecureChannelError: NOISE_HANDSHAKE_FAILED (undecodable), INVALID_PUBLIC_KEY,
 * INVALID_SIGNATURE.
 */
export function verifySignedIdentity (payload: Uint8Array, remoteNoiseStaticKey: Uint8Array): RemoteIdentity {
  const decoded = decodeIdentityPayload(payload)
  const remote = remoteIdentity(decoded.identityKey)
  const signed = Buffer.concat([NOISE_STATIC_KEY_SIGNATURE_PREFIX, remoteNoiseStaticKey])
  if (!verifySignature(remote.publicKey, signed, decoded.identitySig)) {
    throw new SecureChannelError(ErrorCodes.INVALID_SIGNATURE, `peer ${remote.peerId.slice(0, 12)} did not sign its Noise static key`)
  }
  return remote
}

/** Decode a peer's payload and take its identity key at its word (plaintext mode). */
export function decodeUnsignedIdentity (payload: Uint8Array): RemoteIdentity {
  return remoteIdentity(decodeIdentityPayload(payload).identityKey)
}

/** Throws SecureChannelError(PEER_ID_MISMATCH) when an expected PeerID is set and differs. */
export function assertExpectedPeer (remote: RemoteIdentity, expectedPeerId: PeerId | undefined): void {
  if (expectedPeerId !== undefined && remote.peerId !== expectedPeerId) {
    throw new SecureChannelError(ErrorCodes.PEER_ID_MISMATCH, `expected peer ${expectedPeerId.slice(0, 12)}, the remote proved ${remote.peerId.slice(0, 12)}`)
  }
}

/** Decode and bound-check a NoiseHandshakePayload. Throws SecureChannelError only. */
export function decodeIdentityPayload (payload: Uint8Array): NoiseHandshakePayload {
  let decoded: NoiseHandshakePayload
  try {
    decoded = NoiseHandshakePayload.decode(payload)
  } catch (err) {
    throw new SecureChannelError(ErrorCodes.NOISE_HANDSHAKE_FAILED, 'undecodable handshake payload', { cause: err })
  }
  try {
    checkBounds('NoiseHandshakePayload', decoded)
  } catch (err) {
    // a key or signature of the wrong length: INVALID_PUBLIC_KEY / INVALID_SIGNATURE
    throw new SecureChannelError((err as KuberError).code, (err as Error).message, { cause: err })
  }
  return decoded
}

function remoteIdentity (identityKey: Uint8Array): RemoteIdentity {
  try {
    return { publicKey: Uint8Array.from(identityKey), peerId: peerIdFromPublicKey(identityKey) }
  } catch (err) {
    throw new SecureChannelError(ErrorCodes.INVALID_PUBLIC_KEY, `invalid identity key in handshake payload (${identityKey.length} bytes)`, { cause: err })
  }
}
