// Address book fixtures: claims with keys that hash to their PeerIDs (not valid ed25519
// points: the book and the store only hash them), addresses in chosen /16 groups.
import { createHash } from 'node:crypto'
import type { PeerId } from '../../src/identity/peer-id.js'
import type { PeerClaim, RecordSource } from '../../src/peerstore/known-peer.js'

/** A fixed virtual "now" for book tests. */
export const NOW = 1_700_000_000_000

/** The n-th test claim at `address`. */
export function claim (n: number, address: string, over: Partial<PeerClaim> = {}): PeerClaim {
  const publicKey = new Uint8Array(createHash('sha256').update(`test-key-${n}`).digest())
  const peerId = createHash('sha256').update(publicKey).digest('hex') as PeerId
  return { peerId, address, publicKey, latestHeight: n, score: 50, flags: 0, lastSeen: NOW, ...over }
}

/** "a.b.c.d:26656" with the /16 a.b (a in 1..99, so always routable). */
export function addressIn (a: number, b: number, host = 1): string {
  return `${a}.${b}.${(host >> 8) & 255}.${host & 255}:26656`
}

/** A source: the peer that told us and the network group it connects from. */
export function sourceIn (group: string, peerId = ''): RecordSource {
  return { peerId, group }
}
