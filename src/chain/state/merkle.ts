// Binary Merkle trees over a list of leaf hashes, and proofs of a contiguous range of
// leaves. The shape is RFC 6962's: a tree of n > 1 leaves splits at the largest power of
// two below n (so a tree of 2^k leaves is perfect). An inner node is
// SHA-256(tag || left || right), the tag byte naming the tree, so the trees of the state
// commitment never share node hashes. Pure functions: the state commitment and chunk
// proofs are built from them (docs/PROTOCOL.md §11.6).
import { hash } from 'node:crypto'

const node = Buffer.alloc(65)

/** SHA-256(tag || left || right) of two 32-byte hashes. */
export function innerHash (tag: number, left: Uint8Array, right: Uint8Array): Buffer {
  node[0] = tag
  node.set(left, 1)
  node.set(right, 33)
  return hash('sha256', node, 'buffer')
}

/** The largest power of two strictly below n (n ≥ 2). */
export function splitPoint (n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/** Root of a tree over leaves[lo, hi) (hi > lo). */
export function merkleRootOf (leaves: readonly Uint8Array[], tag: number, lo = 0, hi = leaves.length): Uint8Array {
  if (hi - lo < 1) throw new RangeError('a Merkle tree needs at least one leaf')
  if (hi - lo === 1) return leaves[lo]!
  const k = splitPoint(hi - lo)
  return innerHash(tag, merkleRootOf(leaves, tag, lo, lo + k), merkleRootOf(leaves, tag, lo + k, hi))
}

/**
 * The proof of leaves [start, end) of a tree of n leaves: the roots of the subtrees that lie
 * wholly outside the range, in the order a left-to-right walk of the tree meets them.
 * `subtree(lo, hi)` gives the root over leaves [lo, hi) (only ever asked for subtrees of the shape).
 */
export function rangeProofFrom (n: number, start: number, end: number, subtree: (lo: number, hi: number) => Uint8Array): Uint8Array[] {
  checkRange(n, start, end)
  const proof: Uint8Array[] = []
  const walk = (lo: number, hi: number): void => {
    if (hi <= start || lo >= end) { proof.push(subtree(lo, hi)); return }
    if (hi - lo === 1) return
    const k = splitPoint(hi - lo)
    walk(lo, lo + k)
    walk(lo + k, hi)
  }
  walk(0, n)
  return proof
}

/** The proof of leaves [start, end) of the tree over `leaves`. */
export function rangeProof (leaves: readonly Uint8Array[], start: number, end: number, tag: number): Uint8Array[] {
  return rangeProofFrom(leaves.length, start, end, (lo, hi) => merkleRootOf(leaves, tag, lo, hi))
}

/**
 * The root that `range` (the leaves at [start, start + range.length)) and `proof` imply for a
 * tree of n leaves, or undefined when the positions or the proof's length do not fit that tree.
 */
export function rootFromRange (n: number, start: number, range: readonly Uint8Array[], proof: readonly Uint8Array[], tag: number): Uint8Array | undefined {
  const end = start + range.length
  if (!Number.isInteger(n) || !Number.isInteger(start) || start < 0 || range.length === 0 || end > n) return undefined
  let next = 0
  const walk = (lo: number, hi: number): Uint8Array | undefined => {
    if (hi <= start || lo >= end) return proof[next++]
    if (hi - lo === 1) return range[lo - start]
    const k = splitPoint(hi - lo)
    const left = walk(lo, lo + k)
    const right = left === undefined ? undefined : walk(lo + k, hi)
    return right === undefined ? undefined : innerHash(tag, left!, right)
  }
  const root = walk(0, n)
  return root !== undefined && next === proof.length && proof.every((p) => p.length === 32) ? root : undefined
}

function checkRange (n: number, start: number, end: number): void {
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= n)) {
    throw new RangeError(`range [${start}, ${end}) is not a non-empty range of ${n} leaves`)
  }
}
