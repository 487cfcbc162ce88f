// The state commitment's lower level (docs/PROTOCOL.md §11.6): every state entry belongs to
// one of a fixed number of buckets (a power of two, fixed in the genesis) chosen by the
// first bits of SHA-256(key); a bucket's root commits to its entries, sorted by key, as a
// Merkle tree of entry hashes together with their count. Pure functions.
import { createHash, hash } from 'node:crypto'
import { merkleRootOf } from './merkle.js'

/** Tag bytes: entry leaf, entry-tree node, bucket root, bucket-tree node. */
export const Tag = { ENTRY: 0x00, ENTRY_NODE: 0x01, BUCKET: 0x02, BUCKET_NODE: 0x03 } as const

/** One key-value pair of the state. */
export interface StateEntry {
  readonly key: Uint8Array
  readonly value: Uint8Array
}

/** A bucket's commitment: its root and how many entries it holds. */
export interface BucketRoot {
  readonly root: Uint8Array
  readonly count: number
}

/** log2 of a bucket count, which must be a power of two in [2, 2^24]. */
export function bucketBits (buckets: number): number {
  const bits = Math.log2(buckets)
  if (!Number.isInteger(bits) || bits < 1 || bits > 24) throw new RangeError(`bucket count must be a power of two in [2, 2^24], got ${buckets}`)
  return bits
}

/** The bucket of a key: the first log2(buckets) bits of SHA-256(key), big-endian. */
export function bucketOf (key: Uint8Array, buckets: number): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) >>> (32 - bucketBits(buckets))
}

function u32 (n: number): Buffer {
  const b = Buffer.allocUnsafe(4)
  b.writeUInt32BE(n, 0)
  return b
}

/** SHA-256(0x00 || u32be(len key) || key || u32be(len value) || value). */
export function entryHash (entry: StateEntry): Buffer {
  const { key, value } = entry
  const b = Buffer.allocUnsafe(9 + key.length + value.length)
  b[0] = Tag.ENTRY
  b.writeUInt32BE(key.length, 1)
  b.set(key, 5)
  b.writeUInt32BE(value.length, 5 + key.length)
  b.set(value, 9 + key.length)
  return hash('sha256', b, 'buffer')
}

/** SHA-256(0x02 || u32be(count) [|| root of the entry tree, when count > 0]). */
export function bucketRootFrom (count: number, entryTreeRoot: Uint8Array | undefined): Buffer {
  const h = createHash('sha256').update(Uint8Array.of(Tag.BUCKET)).update(u32(count))
  if (count > 0) h.update(entryTreeRoot!)
  return h.digest()
}

/** The root of an empty bucket. */
export const EMPTY_BUCKET_ROOT = bucketRootFrom(0, undefined)

/** The root of a bucket holding `entries`, which must be sorted by key with no duplicates. */
export function bucketRoot (entries: readonly StateEntry[]): BucketRoot {
  if (entries.length === 0) return { root: EMPTY_BUCKET_ROOT, count: 0 }
  return { root: bucketRootFrom(entries.length, merkleRootOf(entries.map(entryHash), Tag.ENTRY_NODE)), count: entries.length }
}

/** Byte order of keys (the order entries have inside a bucket). */
export function compareKeys (a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b)
}
