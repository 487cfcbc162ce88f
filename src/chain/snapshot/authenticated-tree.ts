// What a syncing node knows of the bucket tree of the snapshot it restores: the root, and
// every node a verified chunk has proven since. A chunk's bucket roots are hashed up the
// tree with its proof (merkle.ts order: left siblings top-down, then right siblings
// bottom-up); once the run of nodes is one node already proven, its value must match and
// so must every proof node left above it (their positions are all proven by then), so the
// rest of the walk costs comparisons, not hashes. Accepting and rejecting are exactly as
// for a walk to the root: the cache only saves work. Nodes of empty subtrees are known
// constants and never hashed. Trees above CACHE_MAX_BUCKETS walk to the root every time.
import { EMPTY_BUCKET_ROOT, Tag, bucketBits } from '../state/buckets.js'
import { innerHash } from '../state/merkle.js'

/** Largest tree whose nodes are remembered (2 × buckets × 32 bytes: 16 MiB). */
export const CACHE_MAX_BUCKETS = 1 << 18

export class AuthenticatedTree {
  /** Node values by heap index (root 1, children of h at 2h and 2h + 1, bucket b at buckets + b). */
  private readonly nodes: Buffer | undefined
  private readonly known: Uint8Array | undefined
  /** The root of an empty subtree at each level (0: an empty bucket). */
  private readonly empty: Buffer[] = []
  private readonly levels: number

  constructor (readonly buckets: number, readonly root: Uint8Array) {
    this.levels = bucketBits(buckets)
    let e: Buffer = Buffer.from(EMPTY_BUCKET_ROOT)
    for (let d = 0; d <= this.levels; d++) {
      this.empty.push(e)
      e = innerHash(Tag.BUCKET_NODE, e, e)
    }
    if (buckets <= CACHE_MAX_BUCKETS) {
      this.nodes = Buffer.alloc(2 * buckets * 32)
      this.known = new Uint8Array(2 * buckets)
      this.nodes.set(root, 32)
      this.known[1] = 1
    }
  }

  /** The empty bucket's root, as the object verify() recognises without hashing. */
  get emptyBucket (): Buffer {
    return this.empty[0]!
  }

  /** Do bucket roots `leaves` at [start, start + leaves.length) with `proof` lead to the root? Proven nodes are remembered. */
  verify (start: number, leaves: readonly Uint8Array[], proof: readonly Uint8Array[]): boolean {
    const n = leaves.length
    if (n === 0 || !Number.isInteger(start) || start < 0 || start + n > this.buckets) return false
    const needLeft: boolean[] = []
    const needRight: boolean[] = []
    let lefts = 0
    for (let a = start, b = start + n - 1, d = 0; d < this.levels; d++, a >>= 1, b >>= 1) {
      needLeft.push((a & 1) === 1)
      needRight.push((b & 1) === 0)
      if ((a & 1) === 1) lefts++
    }
    if (proof.length !== lefts + needRight.filter(Boolean).length) return false
    for (const p of proof) if (p.length !== 32) return false
    let li = lefts - 1
    let ri = lefts
    let h = this.buckets + start
    let run: Uint8Array[] = [...leaves]
    const seen: Array<[number, Uint8Array]> = []
    for (let d = 0; d < this.levels; d++) {
      if (run.length === 1 && this.isKnown(h)) {
        if (!this.matches(h, run[0]!)) return false
        for (let up = d; up < this.levels; up++, h >>= 1) {
          if (needLeft[up]! && !this.matches(h - 1, proof[li--]!)) return false
          if (needRight[up]! && !this.matches(h + 1, proof[ri++]!)) return false
        }
        this.remember(seen)
        return true
      }
      if (needLeft[d]!) { run.unshift(proof[li--]!); h-- }
      if (needRight[d]!) run.push(proof[ri++]!)
      for (let i = 0; i < run.length; i++) seen.push([h + i, run[i]!])
      const next: Uint8Array[] = []
      const empty = this.empty[d]!
      for (let i = 0; i < run.length; i += 2) {
        const l = run[i]!
        const r = run[i + 1]!
        next.push(l === empty && r === empty ? this.empty[d + 1]! : innerHash(Tag.BUCKET_NODE, l, r))
      }
      run = next
      h >>= 1
    }
    if (!Buffer.from(this.root).equals(run[0]!)) return false
    this.remember(seen)
    return true
  }

  private isKnown (h: number): boolean {
    return this.known !== undefined && this.known[h] === 1
  }

  private matches (h: number, value: Uint8Array): boolean {
    return this.nodes!.compare(value, 0, 32, h * 32, h * 32 + 32) === 0
  }

  private remember (seen: ReadonlyArray<[number, Uint8Array]>): void {
    if (this.nodes === undefined) return
    for (const [h, v] of seen) {
      if (this.known![h] === 1) continue
      this.nodes.set(v, h * 32)
      this.known![h] = 1
    }
  }
}
