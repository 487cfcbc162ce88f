// Snapshot chunks of the state, each provable alone against app_hash (docs/PROTOCOL.md
// §11.6). A chunk is either a run of whole buckets (their entries, in bucket then key
// order, and the proof of that bucket range in the bucket tree) or, for a bucket too large
// for one chunk, a slice of its entries (with the proof of the slice in the bucket's entry
// tree, then the proof of the bucket). planChunks cuts a state into chunks of about
// chunkBytes. Pure functions, for state sync (issue 12).
import { Tag, bucketOf, bucketRootFrom, bucketRoot, compareKeys, entryHash, type StateEntry } from './buckets.js'
import type { BucketTree } from './bucket-tree.js'
import { rangeProof, rootFromRange } from './merkle.js'

export type ChunkRange =
  /** Whole buckets [start, end). */
  | { readonly kind: 'buckets', readonly start: number, readonly end: number }
  /** Entries [start, end) of `bucket`, which holds `count` entries. */
  | { readonly kind: 'slice', readonly bucket: number, readonly start: number, readonly end: number, readonly count: number }

export interface StateChunk {
  readonly range: ChunkRange
  /** The range's entries: by bucket, then by key. */
  readonly entries: readonly StateEntry[]
  /** A slice's proof inside its bucket's entry tree (empty for whole buckets). */
  readonly entryProof: readonly Uint8Array[]
  /** The proof of the range's buckets in the bucket tree. */
  readonly bucketProof: readonly Uint8Array[]
}

/** The bytes an entry counts for when chunks are cut. */
export function entryBytes (entry: { key: Uint8Array, value: Uint8Array }): number {
  return entry.key.length + entry.value.length + 8
}

/** A non-empty bucket: its index and the sizes of its entries (entryBytes), in key order. */
export interface BucketSizes {
  readonly bucket: number
  readonly entryBytes: readonly number[]
}

/**
 * Cut a state into chunks of at most about chunkBytes: consecutive buckets are packed whole
 * while they fit; a bucket larger than chunkBytes is cut into slices (an entry larger than
 * chunkBytes is a slice alone). `nonEmpty` lists the non-empty buckets in increasing order.
 * The chunks tile every bucket in [0, buckets) in order.
 */
export function planChunks (buckets: number, nonEmpty: Iterable<BucketSizes>, chunkBytes: number): ChunkRange[] {
  const out: ChunkRange[] = []
  let start = 0
  let bytes = 0
  for (const { bucket, entryBytes: sizes } of nonEmpty) {
    const size = sizes.reduce((a, b) => a + b, 0)
    if (size > chunkBytes) {
      if (bucket > start) out.push({ kind: 'buckets', start, end: bucket })
      let from = 0
      let sliceBytes = 0
      sizes.forEach((s, i) => {
        if (i > from && sliceBytes + s > chunkBytes) {
          out.push({ kind: 'slice', bucket, start: from, end: i, count: sizes.length })
          from = i
          sliceBytes = 0
        }
        sliceBytes += s
      })
      out.push({ kind: 'slice', bucket, start: from, end: sizes.length, count: sizes.length })
      start = bucket + 1
      bytes = 0
    } else if (bytes + size > chunkBytes && bucket > start) {
      out.push({ kind: 'buckets', start, end: bucket })
      start = bucket
      bytes = size
    } else {
      bytes += size
    }
  }
  if (start < buckets) out.push({ kind: 'buckets', start, end: buckets })
  return out
}

/**
 * Build a chunk from the tree it is proven against and the entries of its buckets (every
 * entry of every bucket in the range, by bucket then key; for a slice, the whole bucket).
 */
export function buildChunk (range: ChunkRange, bucketEntries: readonly StateEntry[], tree: BucketTree): StateChunk {
  if (range.kind === 'buckets') return { range, entries: bucketEntries, entryProof: [], bucketProof: tree.proof(range.start, range.end) }
  if (bucketEntries.length !== range.count) throw new RangeError(`slice of a bucket of ${range.count} entries built from ${bucketEntries.length}`)
  return {
    range,
    entries: bucketEntries.slice(range.start, range.end),
    entryProof: rangeProof(bucketEntries.map(entryHash), range.start, range.end, Tag.ENTRY_NODE),
    bucketProof: tree.proof(range.bucket, range.bucket + 1)
  }
}

/** Why the chunk is not a part of the state committed to by appHash, or undefined if it is. */
export function chunkError (chunk: StateChunk, buckets: number, appHash: Uint8Array): string | undefined {
  const { range, entries } = chunk
  const bucketOfEntry = entries.map((e) => bucketOf(e.key, buckets))
  for (let i = 1; i < entries.length; i++) {
    const order = bucketOfEntry[i]! - bucketOfEntry[i - 1]! || compareKeys(entries[i]!.key, entries[i - 1]!.key)
    if (order <= 0) return `entry ${i} is not after entry ${i - 1} in bucket and key order`
  }
  let roots: Uint8Array[]
  let first: number
  if (range.kind === 'buckets') {
    if (!(Number.isInteger(range.start) && Number.isInteger(range.end) && range.start >= 0 && range.start < range.end && range.end <= buckets)) return 'bucket range out of bounds'
    if (chunk.entryProof.length > 0) return 'a chunk of whole buckets has no entry proof'
    if (bucketOfEntry.some((b) => b < range.start || b >= range.end)) return 'an entry lies outside the chunk\'s buckets'
    roots = []
    let i = 0
    for (let b = range.start; b < range.end; b++) {
      const from = i
      while (i < entries.length && bucketOfEntry[i] === b) i++
      roots.push(bucketRoot(entries.slice(from, i)).root)
    }
    first = range.start
  } else {
    const { bucket, start, end, count } = range
    if (!(Number.isInteger(bucket) && bucket >= 0 && bucket < buckets)) return 'bucket out of bounds'
    if (!(Number.isInteger(start) && Number.isInteger(end) && Number.isInteger(count) && start >= 0 && start < end && end <= count)) return 'slice out of bounds'
    if (entries.length !== end - start) return `slice [${start}, ${end}) carries ${entries.length} entries`
    if (bucketOfEntry.some((b) => b !== bucket)) return 'an entry lies outside the slice\'s bucket'
    const entryRoot = rootFromRange(count, start, entries.map(entryHash), chunk.entryProof, Tag.ENTRY_NODE)
    if (entryRoot === undefined) return 'entry proof does not fit the bucket'
    roots = [bucketRootFrom(count, entryRoot)]
    first = bucket
  }
  const root = rootFromRange(buckets, first, roots, chunk.bucketProof, Tag.BUCKET_NODE)
  if (root === undefined) return 'bucket proof does not fit the bucket tree'
  return Buffer.from(root).equals(appHash) ? undefined : 'proof does not lead to app_hash'
}
