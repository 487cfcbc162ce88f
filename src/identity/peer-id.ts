// PeerID = SHA-256(ed25519 public key) (spec §4, §17), shown as 64 lowercase hex digits.
import { crypto } from '../crypto/provider.js'
import { ErrorCodes, IdentityError } from '../errors.js'
import { assertValidPublicKey } from './ed25519-point.js'

/** A PeerID as 64 lowercase hex characters. Build one with peerIdFromPublicKey or parsePeerId. */
export type PeerId = string & { readonly __brand: 'PeerId' }

export const PEER_ID_BYTES = 32
const HEX_ID = /^[0-9a-f]{64}$/

/** The PeerID of an ed25519 public key (validated first). */
export function peerIdFromPublicKey (publicKey: Uint8Array): PeerId {
  assertValidPublicKey(publicKey)
  return crypto.sha256(publicKey).toString('hex') as PeerId
}

/** Parse a PeerID from its text form; anything but 64 lowercase hex digits is refused. */
export function parsePeerId (text: string): PeerId {
  if (!HEX_ID.test(text)) {
    throw new IdentityError(ErrorCodes.INVALID_PEER_ID, `malformed PeerID: expected 64 lowercase hex digits, got ${JSON.stringify(text.slice(0, 80))}`)
  }
  return text as PeerId
}

/** A PeerID from its 32 wire bytes. */
export function peerIdFromBytes (bytes: Uint8Array): PeerId {
  if (bytes.length !== PEER_ID_BYTES) {
    throw new IdentityError(ErrorCodes.INVALID_PEER_ID, `malformed PeerID: expected ${PEER_ID_BYTES} bytes, got ${bytes.length}`)
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex') as PeerId
}

/** The 32 wire bytes of a PeerID. */
export function peerIdToBytes (id: PeerId): Uint8Array {
  return Buffer.from(id, 'hex')
}

/** True when publicKey hashes to id. */
export function publicKeyMatchesPeerId (publicKey: Uint8Array, id: PeerId): boolean {
  try {
    return peerIdFromPublicKey(publicKey) === id
  } catch {
    return false
  }
}

/** Short form for logs: the first 12 hex digits. */
export function shortPeerId (id: string): string {
  return id.slice(0, 12)
}
