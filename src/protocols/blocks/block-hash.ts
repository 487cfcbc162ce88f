// Block and transaction hashes. A block is named by the SHA-256 of its encoded header; the
// header commits to the transactions through tx_root, the Merkle root of their SHA-256
// hashes (RFC 6962 shape: leaves and inner nodes are domain-separated, an odd node is
// promoted, not duplicated, so no two transaction lists share a root).
import { crypto } from '../../crypto/provider.js'
import { BlockHeader } from '../../wire/gen/kuber.js'
import { sha256, type Digest } from '../../wire/hash.js'

/** SHA-256 of the protobuf encoding of the header. */
export function blockHash (header: BlockHeader): Digest {
  return sha256(BlockHeader.encode(header))
}

const LEAF = Uint8Array.of(0)
const NODE = Uint8Array.of(1)

/** Merkle root of transaction hashes (SHA-256 of the empty string for no transactions). */
export function merkleRoot (hashes: readonly Uint8Array[]): Digest {
  if (hashes.length === 0) return sha256(new Uint8Array(0))
  let level: Digest[] = hashes.map((h) => crypto.sha256(LEAF, h))
  while (level.length > 1) {
    const next: Digest[] = []
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? crypto.sha256(NODE, level[i]!, level[i + 1]!) : level[i]!)
    }
    level = next
  }
  return level[0]!
}
