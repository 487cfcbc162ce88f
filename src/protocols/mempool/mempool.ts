// The mempool (spec §12): valid transactions waiting for a block, bounded by count and by
// bytes. Eviction rule: first in, first out. When a new transaction does not fit, the
// oldest transactions are evicted until it does; a transaction larger than maxTxBytes is
// refused. Without fee information age is the only fair order, and a flood of new
// transactions cannot grow the pool beyond its limits. Stored bytes are always copies.
import { z } from 'zod'
import { idKey } from '../../gossip/topic.js'
import type { Digest } from '../../wire/hash.js'

export const MempoolConfigSchema = z.object({
  /** Most transactions held (default 10 000). */
  maxTxs: z.number().int().positive().default(10_000),
  /** Most transaction bytes held (default 64 MiB). */
  maxBytes: z.number().int().positive().default(64 * 1024 * 1024),
  /** Largest transaction accepted (default 1 MiB); a peer sending a larger one is penalised as a spammer. */
  maxTxBytes: z.number().int().positive().default(1024 * 1024)
}).strict()

export type MempoolConfig = z.output<typeof MempoolConfigSchema>

export interface MempoolTx {
  /** SHA-256(bytes). */
  readonly hash: Digest
  readonly bytes: Uint8Array
}

/** What happened to a transaction offered to the pool. */
export type AddResult = 'added' | 'duplicate' | 'too_large'

export class Mempool {
  private readonly txs = new Map<string, MempoolTx>()
  private totalBytes = 0
  /** Transactions evicted to make room. */
  evicted = 0

  constructor (readonly limits: MempoolConfig) {}

  get size (): number {
    return this.txs.size
  }

  get bytes (): number {
    return this.totalBytes
  }

  has (hash: Uint8Array): boolean {
    return this.txs.has(idKey(hash))
  }

  /** The transaction's bytes, or undefined. */
  get (hash: Uint8Array): Uint8Array | undefined {
    return this.txs.get(idKey(hash))?.bytes
  }

  /** Add a transaction (its bytes are copied), evicting the oldest ones if it does not fit. */
  add (hash: Uint8Array, bytes: Uint8Array): AddResult {
    if (bytes.length > this.limits.maxTxBytes || bytes.length > this.limits.maxBytes) return 'too_large'
    const key = idKey(hash)
    if (this.txs.has(key)) return 'duplicate'
    while (this.txs.size >= this.limits.maxTxs || this.totalBytes + bytes.length > this.limits.maxBytes) {
      const [oldest, tx] = this.txs.entries().next().value!
      this.delete(oldest, tx)
      this.evicted++
    }
    this.txs.set(key, { hash: Buffer.from(hash), bytes: Uint8Array.from(bytes) })
    this.totalBytes += bytes.length
    return 'added'
  }

  /** Remove transactions (e.g. once a block includes them). Returns how many were there. */
  remove (hashes: Iterable<Uint8Array>): number {
    let n = 0
    for (const hash of hashes) {
      const key = idKey(hash)
      const tx = this.txs.get(key)
      if (tx !== undefined) { this.delete(key, tx); n++ }
    }
    return n
  }

  /** Transactions, oldest first, up to maxTxs and maxBytes (for a block proposer). */
  reap (maxTxs = Infinity, maxBytes = Infinity): MempoolTx[] {
    const out: MempoolTx[] = []
    let bytes = 0
    for (const tx of this.txs.values()) {
      if (out.length >= maxTxs || bytes + tx.bytes.length > maxBytes) break
      out.push(tx)
      bytes += tx.bytes.length
    }
    return out
  }

  private delete (key: string, tx: MempoolTx): void {
    this.txs.delete(key)
    this.totalBytes -= tx.bytes.length
  }
}
