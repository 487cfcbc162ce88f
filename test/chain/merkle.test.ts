// Properties of the state commitment's Merkle code: range proofs verify for every range of
// every tree, and every forgery (other leaves, positions, sizes, proof nodes) is rejected;
// the in-memory bucket tree agrees with a tree hashed from scratch.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { merkleRootOf, rangeProof, rootFromRange } from '../../src/chain/state/merkle.js'
import { BucketTree } from '../../src/chain/state/bucket-tree.js'
import { EMPTY_BUCKET_ROOT, Tag, type BucketRoot } from '../../src/chain/state/buckets.js'

const leaf = (i: number, salt = 0): Buffer => createHash('sha256').update(`${salt}:${i}`).digest()
const leaves = (n: number, salt = 0): Buffer[] => Array.from({ length: n }, (_, i) => leaf(i, salt))
const eq = (a: Uint8Array | undefined, b: Uint8Array): boolean => a !== undefined && Buffer.from(a).equals(b)

/** A tree size and a non-empty range of it. */
const treeAndRange = fc.integer({ min: 1, max: 70 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 })).chain(([n, s]) => fc.tuple(fc.constant(n), fc.constant(s), fc.integer({ min: s + 1, max: n }))))

test('a range proof leads to the root for every range of every tree', () => {
  fc.assert(fc.property(treeAndRange, ([n, s, e]) => {
    const l = leaves(n)
    const root = merkleRootOf(l, Tag.ENTRY_NODE)
    return eq(rootFromRange(n, s, l.slice(s, e), rangeProof(l, s, e, Tag.ENTRY_NODE), Tag.ENTRY_NODE), root)
  }))
})

// A bare root does not bind the tree's size (a bucket root binds its entry count for that
// reason; chunks.test.ts forges counts), so the size is not forged here.
test('forged range proofs are rejected: a changed leaf, proof node, position, tag, or a proof too long or too short', () => {
  fc.assert(fc.property(treeAndRange, fc.nat(), fc.integer({ min: 0, max: 7 }), ([n, s, e], pick, kind) => {
    const l = leaves(n)
    const root = merkleRootOf(l, Tag.ENTRY_NODE)
    const range = l.slice(s, e)
    const proof = rangeProof(l, s, e, Tag.ENTRY_NODE)
    let forged: Uint8Array | undefined
    switch (kind) {
      case 0: { const r = [...range]; r[pick % r.length] = leaf(pick, 1); forged = rootFromRange(n, s, r, proof, Tag.ENTRY_NODE); break }
      case 1: {
        if (proof.length === 0) return true
        const p = [...proof]; p[pick % p.length] = leaf(pick, 2); forged = rootFromRange(n, s, range, p, Tag.ENTRY_NODE); break
      }
      case 2: if (s + range.length >= n) return true; forged = rootFromRange(n, s + 1, range, proof, Tag.ENTRY_NODE); break
      case 3: if (s === 0) return true; forged = rootFromRange(n, s - 1, range, proof, Tag.ENTRY_NODE); break
      case 4: forged = rootFromRange(n, s, range, [...proof, leaf(0, 3)], Tag.ENTRY_NODE); break
      case 5: if (proof.length === 0) return true; forged = rootFromRange(n, s, range, proof.slice(1), Tag.ENTRY_NODE); break
      case 6: if (n === 1) return true; forged = rootFromRange(n, s, range, proof, Tag.BUCKET_NODE); break
      default: if (range.length === 1) return true; forged = rootFromRange(n, s, range.slice(1), proof, Tag.ENTRY_NODE)
    }
    return !eq(forged, root)
  }))
})

test('bucket tree: incremental updates and rootWith agree with hashing every bucket from scratch; its proofs verify', () => {
  const bucketRoots = fc.array(fc.tuple(fc.nat(63), fc.nat(1000)), { maxLength: 20 })
  fc.assert(fc.property(bucketRoots, bucketRoots, (first, second) => {
    const tree = new BucketTree(64)
    const current = new Map<number, BucketRoot>()
    for (const batch of [first, second]) {
      const changes = new Map(batch.map(([b, v]) => [b, { root: leaf(v, 9), count: v }]))
      const predicted = tree.rootWith(changes)
      tree.apply(changes)
      for (const [b, r] of changes) current.set(b, r)
      const all = Array.from({ length: 64 }, (_, b) => current.get(b)?.root ?? EMPTY_BUCKET_ROOT)
      const scratch = merkleRootOf(all, Tag.BUCKET_NODE)
      if (!tree.root.equals(scratch) || !predicted.equals(scratch)) return false
      if (!BucketTree.fromRoots(64, current).root.equals(scratch)) return false
      const s = batch[0]?.[0] ?? 0
      const e = Math.min(64, s + 1 + ((batch[0]?.[1] ?? 0) % 9))
      if (!eq(rootFromRange(64, s, all.slice(s, e), tree.proof(s, e), Tag.BUCKET_NODE), scratch)) return false
    }
    return true
  }))
})
