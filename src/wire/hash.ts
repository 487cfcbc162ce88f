// SHA-256, the one hash of the protocol: message ids (msg_hash), transaction hashes,
// block hashes and Merkle roots are all built on it.
import { createHash } from 'node:crypto'

export function sha256 (data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest()
}
