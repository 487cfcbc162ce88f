// PeerRecords on the wire (spec §4, §5) to and from address book claims. A received record
// is checked before it is stored: the PeerID must be 32 bytes, the public key a valid
// ed25519 key that hashes to it, the address host:port with a non-zero port. Records that
// fail these are invalid (their source is penalised); records about ourselves, banned
// peers or addresses the address policy does not keep (addrBookStrict) are merely ignored.
import { peerIdFromBytes, peerIdToBytes, publicKeyMatchesPeerId, type PeerId } from '../identity/peer-id.js'
import { isValidPublicKey } from '../identity/ed25519-point.js'
import { formatTransportAddress, parseTransportAddress } from '../transport/address.js'
import type { PeerRecord } from '../wire/gen/kuber.js'
import type { KnownPeer, PeerClaim } from '../peerstore/known-peer.js'

/** Why a record was not taken. The first four make it invalid: the sender is penalised. */
export type RecordRejection = 'invalid_peer_id' | 'invalid_public_key' | 'key_mismatch' | 'invalid_address' | 'self' | 'banned' | 'unroutable'

/** Rejections that mean the sender broke the rules (penalised), not merely a record we do not keep. */
export const INVALID_REJECTIONS: ReadonlySet<RecordRejection> = new Set(['invalid_peer_id', 'invalid_public_key', 'key_mismatch', 'invalid_address'])

/** A record accepted (as a claim for the book) or rejected with its reason. */
export type RecordVerdict = { ok: true, claim: PeerClaim } | { ok: false, reason: RecordRejection }

/** What checking a record needs to know about us. */
export interface RecordContext {
  now: number
  localPeerId: PeerId
  /** Our own addresses (a record naming one of them is about us). */
  ownAddresses: ReadonlySet<string>
  /** Whether the book keeps addresses on this host (addrBookStrict, see address-policy.ts). */
  acceptsHost(host: string): boolean
  isBanned(id: PeerId): boolean
  /** The key already stored for this PeerID (checked then), to skip the costly point check. */
  knownKey(id: PeerId): Uint8Array | undefined
}

const MAX_ADDRESS_LENGTH = 300

/** Check one received record. Never throws. */
export function checkPeerRecord (r: PeerRecord, ctx: RecordContext): RecordVerdict {
  let peerId: PeerId
  try {
    peerId = peerIdFromBytes(r.peerId)
  } catch {
    return { ok: false, reason: 'invalid_peer_id' }
  }
  const known = ctx.knownKey(peerId)
  if (known === undefined || !Buffer.from(known).equals(r.publicKey)) {
    if (!isValidPublicKey(r.publicKey)) return { ok: false, reason: 'invalid_public_key' }
    if (!publicKeyMatchesPeerId(r.publicKey, peerId)) return { ok: false, reason: 'key_mismatch' }
  }
  let host: string
  let address: string
  try {
    if (r.address.length > MAX_ADDRESS_LENGTH) return { ok: false, reason: 'invalid_address' }
    const a = parseTransportAddress(r.address)
    if (a.port === 0) return { ok: false, reason: 'invalid_address' }
    host = a.host
    address = formatTransportAddress(a.scheme, a.hostPort)
  } catch {
    return { ok: false, reason: 'invalid_address' }
  }
  if (peerId === ctx.localPeerId || ctx.ownAddresses.has(address)) return { ok: false, reason: 'self' }
  if (ctx.isBanned(peerId)) return { ok: false, reason: 'banned' }
  if (!ctx.acceptsHost(host)) return { ok: false, reason: 'unroutable' }
  return {
    ok: true,
    claim: {
      peerId,
      address,
      publicKey: Uint8Array.from(r.publicKey),
      latestHeight: Number.isSafeInteger(r.latestHeight) && r.latestHeight > 0 ? r.latestHeight : 0,
      score: Number.isFinite(r.score) ? Math.min(100, Math.max(0, r.score)) : 0,
      flags: r.flags >>> 0,
      // a sender cannot make a record fresher than now
      lastSeen: Number.isFinite(r.lastSeen) ? Math.min(Math.max(0, r.lastSeen), ctx.now) : 0
    }
  }
}

/** Our entry as a wire record. */
export function toPeerRecord (p: KnownPeer): PeerRecord {
  return {
    peerId: peerIdToBytes(p.peerId) as Uint8Array<ArrayBuffer>,
    address: p.address,
    publicKey: p.publicKey as Uint8Array<ArrayBuffer>,
    latestHeight: p.latestHeight,
    score: p.score,
    flags: p.flags,
    lastSeen: p.lastSeen
  }
}
