// The mempool (spec §12): valid transactions waiting for a block, bounded by count and by
// bytes, and shared fairly between the peers they came from. Each transaction is charged
// to its origin (the peer that first delivered it, or this node for submitted ones). A peer
// holds at most maxTxsPerPeer transactions and maxBytesPerPeer bytes: beyond that its own
// oldest give way to its newest. When the whole pool is full, the origin holding the most
// (by count when the count limit binds, by bytes when the byte limit does) gives up its
// oldest, so a flood from a few identities can only displace their own transactions, never
// an honest peer's. Transactions larger than maxTxBytes are refused. Stored bytes are copies.
import { z } from 'zod'
import type { PeerId } from '../../identity/peer-id.js'
import { idKey } from '../../gossip/topic.js'
import type { Digest } from '../../wire/hash.js'

export const MempoolConfigSchema = z.object({
  /** Most transactions held (default 10 000). */
  maxTxs: z.number().int().positive().default(10_000),
  /** Most transaction bytes held (default 64 MiB). */
  maxBytes: z.number().int().positive().default(64 * 1024 * 1024),
  /** Largest transaction accepted (default 1 MiB); a peer sending a larger one is penalised as a spammer. */
  maxTxBytes: z.number().int().positive().default(1024 * 1024),
  /** Most transactions charged to one peer; its oldest give way beyond (default 2 500, a quarter of the pool). */
  maxTxsPerPeer: z.number().int().positive().default(2500),
  /** Most transaction bytes charged to one peer (default 16 MiB, a quarter of the pool). */
  maxBytesPerPeer: z.number().int().positive().default(16 * 1024 * 1024),
  /** Transactions one peer may send per second, duplicates included; the excess is dropped unchecked and penalised (spec §13 rule 3, default 100). */
  maxTxsPerPeerPerSecond: z.number().positive().default(100),
  /** Transactions one peer may send at once above that rate (default 200). */
  txBurstPerPeer: z.number().int().positive().default(200)
}).strict()

export type MempoolConfig = z.output<typeof MempoolConfigSchema>
/** The limits the pool itself enforces (the rate limit is the relay's). */
export type MempoolLimits = Pick<MempoolConfig, 'maxTxs' | 'maxBytes' | 'maxTxBytes'> & Partial<Pick<MempoolConfig, 'maxTxsPerPeer' | 'maxBytesPerPeer'>>

export interface MempoolTx {
  /** SHA-256(bytes). */
  readonly hash: Digest
  readonly bytes: Uint8Array
  /** The peer it came from; undefined when submitted here. */
  readonly origin: PeerId | undefined
}

/** What happened to a transaction offered to the pool. */
export type AddResult = 'added' | 'duplicate' | 'too_large'

/** One origin's share: its transactions' keys, oldest first, and their totals. */
interface Share {
  readonly keys: Set<string>
  bytes: number
}

/** The share key of transactions submitted here (no PeerID is empty). */
const LOCAL = ''

export class Mempool {
  private readonly txs = new Map<string, MempoolTx>()
  private readonly shares = new Map<string, Share>()
  private totalBytes = 0
  private readonly maxTxsPerPeer: number
  private readonly maxBytesPerPeer: number
  /** Transactions evicted because the pool was full (from the origin holding the most). */
  evicted = 0
  /** Transactions evicted because their origin was over its own share. */
  evictedOverShare = 0

  constructor (readonly limits: MempoolLimits) {
    this.maxTxsPerPeer = limits.maxTxsPerPeer ?? Infinity
    this.maxBytesPerPeer = limits.maxBytesPerPeer ?? Infinity
  }

  get size (): number {
    return this.txs.size
  }

  get bytes (): number {
    return this.totalBytes
  }

  /** Origins holding transactions now. */
  get origins (): number {
    return this.shares.size
  }

  has (hash: Uint8Array): boolean {
    return this.txs.has(idKey(hash))
  }

  /** The transaction's bytes, or undefined. */
  get (hash: Uint8Array): Uint8Array | undefined {
    return this.txs.get(idKey(hash))?.bytes
  }

  /** Transactions and bytes charged to a peer (undefined: submitted here). */
  shareOf (origin: PeerId | undefined): { txs: number, bytes: number } {
    const share = this.shares.get(origin ?? LOCAL)
    return { txs: share?.keys.size ?? 0, bytes: share?.bytes ?? 0 }
  }

  /**
   * Add a transaction (its bytes are copied) charged to `origin` (undefined: submitted
   * here, not held to a peer's share). Makes room first: the origin's own oldest if it is
   * over its share, then the oldest of whichever origin holds the most while the pool is full.
   */
  add (hash: Uint8Array, bytes: Uint8Array, origin?: PeerId): AddResult {
    const { maxTxs, maxBytes, maxTxBytes } = this.limits
    if (bytes.length > maxTxBytes || bytes.length > maxBytes) return 'too_large'
    const key = idKey(hash)
    if (this.txs.has(key)) return 'duplicate'
    const shareKey = origin ?? LOCAL
    let share = this.shares.get(shareKey)
    if (origin !== undefined && share !== undefined) {
      while (share.keys.size > 0 && (share.keys.size >= this.maxTxsPerPeer || share.bytes + bytes.length > this.maxBytesPerPeer)) {
        this.delete(share.keys.values().next().value!)
        this.evictedOverShare++
      }
    }
    while (this.txs.size >= maxTxs || this.totalBytes + bytes.length > maxBytes) {
      const largest = this.largestShare(this.txs.size >= maxTxs)
      this.delete(largest.keys.values().next().value!)
      this.evicted++
    }
    share = this.shares.get(shareKey)
    if (share === undefined) this.shares.set(shareKey, share = { keys: new Set(), bytes: 0 })
    this.txs.set(key, { hash: Buffer.from(hash), bytes: Uint8Array.from(bytes), origin })
    share.keys.add(key)
    share.bytes += bytes.length
    this.totalBytes += bytes.length
    return 'added'
  }

  /** Remove transactions (e.g. once a block includes them). Returns how many were there. */
  remove (hashes: Iterable<Uint8Array>): number {
    let n = 0
    for (const hash of hashes) if (this.delete(idKey(hash))) n++
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

  /** The origin holding the most transactions (byCount) or bytes; the pool is not empty. */
  private largestShare (byCount: boolean): Share {
    let largest: Share | undefined
    for (const share of this.shares.values()) {
      if (largest === undefined || (byCount ? share.keys.size > largest.keys.size : share.bytes > largest.bytes)) largest = share
    }
    return largest!
  }

  private delete (key: string): boolean {
    const tx = this.txs.get(key)
    if (tx === undefined) return false
    this.txs.delete(key)
    this.totalBytes -= tx.bytes.length
    const shareKey = tx.origin ?? LOCAL
    const share = this.shares.get(shareKey)!
    share.keys.delete(key)
    share.bytes -= tx.bytes.length
    if (share.keys.size === 0) this.shares.delete(shareKey)
    return true
  }
}
