// The reference chain's snapshot chunks on the wire, format 1 (docs/PROTOCOL.md §11.7).
// A chunk of whole buckets [s, e) carries, for each non-empty bucket b in order,
// u32be(b − s) || u32be(len) || the bucket's entries as stored (bucket-codec.ts); a slice
// carries its entries the same way. The proof is its hashes concatenated: the range proof
// of [s, e) in the bucket tree, or for a slice the range proof of its entries in the
// bucket's entry tree, then the proof of the bucket. verifyChunk checks one chunk alone
// against the snapshot's root (authenticated-tree.ts) without copying its data: what it
// returns points into `data`, to be stored as is.
import { hash } from 'node:crypto'
import type { ChunkWithProof } from '../../index.js'
import type { BucketTree } from '../state/bucket-tree.js'
import { Tag } from '../state/buckets.js'
import type { ChunkRange } from '../state/chunks.js'
import { innerHash, rangeProofFrom, rootFromRange, splitPoint } from '../state/merkle.js'
import type { AuthenticatedTree } from './authenticated-tree.js'

export const SNAPSHOT_FORMAT = 1

/** A bucket whose content a chunk proved: its root, entry count and stored encoding. */
export interface ProvenBucket {
  readonly bucket: number
  readonly root: Buffer
  readonly count: number
  readonly blob: Uint8Array
}

export type ProvenChunk =
  | { readonly kind: 'buckets', readonly buckets: readonly ProvenBucket[] }
  /** Entries [start, start + slice count) of a bucket of `count` entries whose root is `root`. */
  | { readonly kind: 'slice', readonly bucket: number, readonly start: number, readonly root: Buffer, readonly count: number, readonly blob: Uint8Array }

/** A chunk of whole buckets [start, end) from the non-empty buckets' stored encodings (in order), proven in `tree`. */
export function bucketsChunk (start: number, end: number, buckets: ReadonlyArray<{ bucket: number, blob: Uint8Array }>, tree: BucketTree): ChunkWithProof {
  return { data: encodeBucketsChunk(start, buckets), proof: concatProof(tree.proof(start, end)) }
}

/** Entries [start, end) of a bucket (its stored encoding and entry tree), proven in `tree`. */
export function sliceChunk (bucket: number, start: number, end: number, entries: EntryTree, tree: BucketTree): ChunkWithProof {
  return {
    data: entries.blob.subarray(entries.offsets[start], entries.offsets[end]),
    proof: concatProof([...entries.proof(start, end), ...tree.proof(bucket, bucket + 1)])
  }
}

/** A bucket's entry tree, for serving its slices: entry offsets and hashes, subtree roots computed once. */
export class EntryTree {
  /** Byte offset of each entry in the blob, and the blob's length last. */
  readonly offsets: number[] = []
  private readonly hashes: Buffer[]
  private readonly memo = new Map<number, Uint8Array>()

  constructor (readonly blob: Buffer) {
    const hashes = entryHashes(blob, this.offsets)
    if (typeof hashes === 'string') throw new Error(`stored bucket does not decode: ${hashes}`)
    this.hashes = hashes
  }

  get count (): number {
    return this.hashes.length
  }

  proof (start: number, end: number): Uint8Array[] {
    return rangeProofFrom(this.count, start, end, (lo, hi) => this.subtree(lo, hi))
  }

  private subtree (lo: number, hi: number): Uint8Array {
    if (hi - lo === 1) return this.hashes[lo]!
    const key = lo * (this.count + 1) + hi
    let root = this.memo.get(key)
    if (root === undefined) {
      const k = splitPoint(hi - lo)
      root = innerHash(Tag.ENTRY_NODE, this.subtree(lo, lo + k), this.subtree(lo + k, hi))
      this.memo.set(key, root)
    }
    return root
  }
}

/** The data of a chunk of whole buckets from `start`: the non-empty buckets' stored encodings, in order. */
export function encodeBucketsChunk (start: number, buckets: ReadonlyArray<{ bucket: number, blob: Uint8Array }>): Buffer {
  let size = 0
  for (const b of buckets) size += 8 + b.blob.length
  const out = Buffer.allocUnsafe(size)
  let at = 0
  for (const b of buckets) {
    out.writeUInt32BE(b.bucket - start, at)
    out.writeUInt32BE(b.blob.length, at + 4)
    out.set(b.blob, at + 8)
    at += 8 + b.blob.length
  }
  return out
}

export function concatProof (hashes: readonly Uint8Array[]): Buffer {
  return Buffer.concat(hashes)
}

/** Check a chunk alone: its data must be exactly the state of `range` that `tree`'s root commits to. A string says why not. */
export function verifyChunk (range: ChunkRange, data: Uint8Array, proof: Uint8Array, tree: AuthenticatedTree): ProvenChunk | string {
  if (proof.length % 32 !== 0) return `proof of ${proof.length} bytes`
  const hashes: Uint8Array[] = []
  for (let at = 0; at < proof.length; at += 32) hashes.push(proof.subarray(at, at + 32))
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  if (range.kind === 'buckets') {
    const width = range.end - range.start
    const leaves: Uint8Array[] = new Array<Uint8Array>(width).fill(tree.emptyBucket)
    const buckets: ProvenBucket[] = []
    let at = 0
    let last = -1
    while (at < view.length) {
      if (view.length - at < 8) return 'truncated bucket header'
      const offset = view.readUInt32BE(at)
      const len = view.readUInt32BE(at + 4)
      if (offset <= last || offset >= width) return `bucket offset ${offset} after ${last}, in a range of ${width}`
      if (len === 0 || view.length - at - 8 < len) return `bucket ${range.start + offset}: ${len} bytes of ${view.length - at - 8}`
      const blob = view.subarray(at + 8, at + 8 + len)
      const hashesOf = entryHashes(blob)
      if (typeof hashesOf === 'string') return `bucket ${range.start + offset}: ${hashesOf}`
      const root = bucketRootOf(hashesOf.length, rootOf(hashesOf))
      leaves[offset] = root
      buckets.push({ bucket: range.start + offset, root, count: hashesOf.length, blob })
      last = offset
      at += 8 + len
    }
    return tree.verify(range.start, leaves, hashes) ? { kind: 'buckets', buckets } : 'proof does not lead to the snapshot root'
  }
  const { bucket, start, end, count } = range
  const hashesOf = entryHashes(view)
  if (typeof hashesOf === 'string') return hashesOf
  if (hashesOf.length !== end - start) return `slice of ${end - start} entries carries ${hashesOf.length}`
  const used = rangeProofLength(count, start, end)
  if (hashes.length < used) return `proof of ${hashes.length} hashes, the slice needs ${used} and more`
  const entryRoot = rootFromRange(count, start, hashesOf, hashes.slice(0, used), Tag.ENTRY_NODE)
  if (entryRoot === undefined) return 'entry proof does not fit the bucket'
  const root = bucketRootOf(count, entryRoot)
  if (!tree.verify(bucket, [root], hashes.slice(used))) return 'proof does not lead to the snapshot root'
  return { kind: 'slice', bucket, start, root, count, blob: view }
}

/** How many hashes the range proof of [start, end) in a tree of n leaves has. */
export function rangeProofLength (n: number, start: number, end: number): number {
  const walk = (lo: number, hi: number): number => {
    if (hi <= start || lo >= end) return 1
    if (hi - lo === 1) return 0
    const k = splitPoint(hi - lo)
    return walk(lo, lo + k) + walk(lo + k, hi)
  }
  return walk(0, n)
}

const scratch = { buffer: Buffer.alloc(64 * 1024) }
const bucketPreimage = Buffer.alloc(37)

/** SHA-256(0x00 || entry) of each stored entry (u32be(len key) || key || u32be(len value) || value), their offsets pushed to `offsets`; a string if the bytes are not entries. */
function entryHashes (blob: Buffer, offsets?: number[]): Buffer[] | string {
  const out: Buffer[] = []
  let at = 0
  while (at < blob.length) {
    offsets?.push(at)
    if (blob.length - at < 8) return 'truncated entry'
    const keyLength = blob.readUInt32BE(at)
    if (keyLength === 0 || blob.length - at - 8 < keyLength) return 'bad key length'
    const valueLength = blob.readUInt32BE(at + 4 + keyLength)
    const size = 8 + keyLength + valueLength
    if (blob.length - at < size) return 'bad value length'
    if (scratch.buffer.length < size + 1) scratch.buffer = Buffer.alloc(2 * (size + 1))
    const s = scratch.buffer
    s[0] = Tag.ENTRY
    blob.copy(s, 1, at, at + size)
    out.push(hash('sha256', s.subarray(0, size + 1), 'buffer'))
    at += size
  }
  offsets?.push(at)
  return out
}

/** The root of the entry tree over these hashes (bottom-up pairs, the odd one promoted: RFC 6962's shape). */
function rootOf (leaves: Buffer[]): Buffer | undefined {
  if (leaves.length === 0) return undefined
  let level = leaves
  while (level.length > 1) {
    const next: Buffer[] = []
    for (let i = 0; i + 1 < level.length; i += 2) next.push(innerHash(Tag.ENTRY_NODE, level[i]!, level[i + 1]!))
    if (level.length % 2 === 1) next.push(level[level.length - 1]!)
    level = next
  }
  return level[0]
}

/** SHA-256(0x02 || u32be(count) [|| entry tree root]). */
function bucketRootOf (count: number, entryRoot: Uint8Array | undefined): Buffer {
  bucketPreimage[0] = Tag.BUCKET
  bucketPreimage.writeUInt32BE(count, 1)
  if (count === 0) return hash('sha256', bucketPreimage.subarray(0, 5), 'buffer')
  bucketPreimage.set(entryRoot!, 5)
  return hash('sha256', bucketPreimage, 'buffer')
}
