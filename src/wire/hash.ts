// SHA-256, the one hash of the protocol: message ids (msg_hash), transaction hashes,
// block hashes and Merkle roots are all built on it.
import { crypto } from '../crypto/provider.js'

/**
 * A SHA-256 digest: a Buffer over its own ArrayBuffer, so it fits the generated message
 * types' bytes fields (Uint8Array<ArrayBuffer>) as it is (block hashes, tx_root, message ids).
 */
export type Digest = Buffer<ArrayBuffer>

export function sha256 (data: Uint8Array): Digest {
  return crypto.sha256(data)
}
