// The state commitment's upper level: a perfect binary Merkle tree over the bucket roots,
// whose root is the block header's app_hash. Kept whole in memory (2 × buckets × 32 bytes:
// 4 MiB for 65 536 buckets), so a block costs a path of log2(buckets) hashes per bucket it
// touches, whatever the size of the state.
import { innerHash, rangeProofFrom } from './merkle.js'
import { EMPTY_BUCKET_ROOT, Tag, bucketBits, type BucketRoot } from './buckets.js'

export class BucketTree {
  /** levels[0] holds the bucket roots, levels[d] the nodes d levels up; 32 bytes each. */
  private readonly levels: Buffer[] = []
  private readonly counts: Uint32Array

  /** `filled` false leaves the levels out (clone fills them). */
  constructor (readonly buckets: number, filled = true) {
    const bits = bucketBits(buckets)
    this.counts = new Uint32Array(buckets)
    if (!filled) return
    let emptyRoot: Uint8Array = EMPTY_BUCKET_ROOT
    for (let d = 0; d <= bits; d++) {
      this.levels.push(Buffer.alloc((buckets >> d) * 32).fill(emptyRoot))
      emptyRoot = innerHash(Tag.BUCKET_NODE, emptyRoot, emptyRoot)
    }
  }

  /** A tree from stored bucket roots (absent buckets are empty): only the paths above them are hashed. */
  static fromRoots (buckets: number, roots: Iterable<[number, BucketRoot]>): BucketTree {
    const tree = new BucketTree(buckets)
    tree.apply(new Map(roots))
    return tree
  }

  /** A copy (a snapshot's tree, kept while the live one moves on). */
  clone (): BucketTree {
    const copy = new BucketTree(this.buckets, false)
    for (const level of this.levels) copy.levels.push(Buffer.from(level))
    copy.counts.set(this.counts)
    return copy
  }

  /** app_hash: the root over every bucket. */
  get root (): Buffer {
    return Buffer.from(this.node(this.levels.length - 1, 0))
  }

  bucket (b: number): BucketRoot {
    return { root: Buffer.from(this.node(0, b)), count: this.counts[b]! }
  }

  /** The root the tree would have with these buckets changed (the tree itself is not changed). */
  rootWith (changes: ReadonlyMap<number, BucketRoot>): Buffer {
    let changed = new Map<number, Uint8Array>([...changes].map(([b, r]) => [b, r.root]))
    for (let d = 1; d < this.levels.length; d++) {
      const up = new Map<number, Uint8Array>()
      for (const i of changed.keys()) {
        const parent = i >> 1
        if (up.has(parent)) continue
        const left = changed.get(parent * 2) ?? this.node(d - 1, parent * 2)
        const right = changed.get(parent * 2 + 1) ?? this.node(d - 1, parent * 2 + 1)
        up.set(parent, innerHash(Tag.BUCKET_NODE, left, right))
      }
      changed = up
    }
    return Buffer.from(changed.get(0) ?? this.node(this.levels.length - 1, 0))
  }

  /** Set these buckets' roots and rehash their paths. */
  apply (changes: ReadonlyMap<number, BucketRoot>): void {
    for (const [b, r] of changes) {
      this.levels[0]!.set(r.root, b * 32)
      this.counts[b] = r.count
    }
    let touched = new Set(changes.keys())
    for (let d = 1; d < this.levels.length; d++) {
      const up = new Set<number>()
      for (const i of touched) up.add(i >> 1)
      for (const p of up) this.levels[d]!.set(innerHash(Tag.BUCKET_NODE, this.node(d - 1, 2 * p), this.node(d - 1, 2 * p + 1)), 32 * p)
      touched = up
    }
  }

  /** The proof of buckets [start, end) against root (merkle.ts rangeProofFrom). */
  proof (start: number, end: number): Uint8Array[] {
    return rangeProofFrom(this.buckets, start, end, (lo, hi) => {
      const d = Math.log2(hi - lo)
      return Buffer.from(this.node(d, lo >> d))
    })
  }

  private node (level: number, index: number): Buffer {
    return this.levels[level]!.subarray(index * 32, index * 32 + 32)
  }
}
