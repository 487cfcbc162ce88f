// The exact bytes each signature of the reference chain covers (docs/PROTOCOL.md §11.2).
// Every signing string starts with a domain tag naming what is signed and the chain id, so a
// signature for one purpose or one chain is never valid for another:
//   "kuber/<kind>/v1" || 0x00 || u8(len(chain_id)) || chain_id || body
import { sha256 } from '../core.js'

export { sha256 }

const prefixes = new Map<string, Buffer>()

function prefix (kind: 'tx' | 'block' | 'vote', chainId: string): Buffer {
  const cacheKey = `${kind}\0${chainId}`
  let p = prefixes.get(cacheKey)
  if (p === undefined) {
    const id = Buffer.from(chainId, 'utf8')
    if (id.length > 255) throw new RangeError('chain id longer than 255 bytes')
    p = Buffer.concat([Buffer.from(`kuber/${kind}/v1`, 'ascii'), Uint8Array.of(0, id.length), id])
    if (prefixes.size > 64) prefixes.clear()
    prefixes.set(cacheKey, p)
  }
  return p
}

function u64 (n: number): Buffer {
  const b = Buffer.allocUnsafe(8)
  b.writeBigUInt64BE(BigInt(n), 0)
  return b
}

/** body = public_key (32) || u64be(nonce) || u32be(len key) || key || u32be(len value) || value */
export function txSignBytes (chainId: string, tx: { publicKey: Uint8Array, nonce: number, key: Uint8Array, value: Uint8Array }): Buffer {
  return Buffer.concat(txSignParts(chainId, tx))
}

/** The same bytes in parts, in order (the key and value are the transaction's own: copy them once, where they go). */
export function txSignParts (chainId: string, tx: { publicKey: Uint8Array, nonce: number, key: Uint8Array, value: Uint8Array }): Uint8Array[] {
  const lengths = Buffer.allocUnsafe(4)
  lengths.writeUInt32BE(tx.key.length, 0)
  const valueLength = Buffer.allocUnsafe(4)
  valueLength.writeUInt32BE(tx.value.length, 0)
  return [prefix('tx', chainId), tx.publicKey, u64(tx.nonce), lengths, tx.key, valueLength, tx.value]
}

let scratch = Buffer.alloc(0)

/**
 * The same bytes in a buffer reused from call to call (a transaction's value is up to
 * max_tx_bytes: checking one signature allocates no copy of it). Valid until the next
 * call: for a synchronous verify only.
 */
export function txSignBytesScratch (chainId: string, tx: { publicKey: Uint8Array, nonce: number, key: Uint8Array, value: Uint8Array }): Buffer {
  const parts = txSignParts(chainId, tx)
  const length = parts.reduce((n, p) => n + p.length, 0)
  if (scratch.length < length) scratch = Buffer.allocUnsafe(Math.max(length, 2 * scratch.length))
  let off = 0
  for (const p of parts) { scratch.set(p, off); off += p.length }
  return scratch.subarray(0, length)
}

/** body = block hash (32): SHA-256 of the encoded header. */
export function blockSignBytes (chainId: string, blockHash: Uint8Array): Buffer {
  return Buffer.concat([prefix('block', chainId), blockHash])
}

/** body = u64be(height) || u64be(round) || u8(vote_type) || block hash (32) */
export function voteSignBytes (chainId: string, vote: { height: number, round: number, voteType: number, blockHash: Uint8Array }): Buffer {
  return Buffer.concat([prefix('vote', chainId), u64(vote.height), u64(vote.round), Uint8Array.of(vote.voteType), vote.blockHash])
}
