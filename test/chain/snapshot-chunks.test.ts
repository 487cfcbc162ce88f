// Properties of the reference chain's snapshot chunks on the wire (format 1): every chunk of
// a planned state, as a server encodes it, verifies alone in any order against the root and
// yields exactly the stored buckets; every forgery of the bytes a peer sends (data, proof,
// another chunk's bytes for this id, another root) is rejected, whether or not the verifier
// has proven other chunks before (its cache of proven nodes changes the cost, never the
// verdict); chunk plans survive their encoding, and malformed plans are refused.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { BucketTree } from '../../src/chain/state/bucket-tree.js'
import { bucketOf, bucketRoot, compareKeys, type StateEntry } from '../../src/chain/state/buckets.js'
import { entryBytes, planChunks, type ChunkRange } from '../../src/chain/state/chunks.js'
import { encodeBucket } from '../../src/chain/store/bucket-codec.js'
import { AuthenticatedTree } from '../../src/chain/snapshot/authenticated-tree.js'
import { EntryTree, bucketsChunk, sliceChunk, verifyChunk, type ProvenChunk } from '../../src/chain/snapshot/chunk-format.js'
import { decodePlan, encodePlan } from '../../src/chain/snapshot/plan.js'
import type { ChunkWithProof } from '../../src/index.js'

interface State { buckets: number, byBucket: Map<number, StateEntry[]>, tree: BucketTree }

function stateOf (pairs: Array<[Uint8Array, Uint8Array]>, buckets: number): State {
  const byKey = new Map(pairs.map(([k, v]) => [Buffer.from(k).toString('hex'), { key: k, value: v }]))
  const byBucket = new Map<number, StateEntry[]>()
  for (const e of byKey.values()) {
    const b = bucketOf(e.key, buckets)
    byBucket.set(b, [...(byBucket.get(b) ?? []), e])
  }
  for (const list of byBucket.values()) list.sort((a, b) => compareKeys(a.key, b.key))
  return { buckets, byBucket, tree: BucketTree.fromRoots(buckets, [...byBucket].map(([b, list]) => [b, bucketRoot(list)])) }
}

function plan (s: State, chunkBytes: number): ChunkRange[] {
  const nonEmpty = [...s.byBucket.keys()].sort((a, b) => a - b).map((bucket) => ({ bucket, entryBytes: s.byBucket.get(bucket)!.map(entryBytes) }))
  return planChunks(s.buckets, nonEmpty, chunkBytes)
}

/** The chunk as a serving node builds it. */
function wireChunk (s: State, r: ChunkRange): ChunkWithProof {
  if (r.kind === 'slice') return sliceChunk(r.bucket, r.start, r.end, new EntryTree(Buffer.from(encodeBucket(s.byBucket.get(r.bucket)!))), s.tree)
  const blobs = []
  for (let b = r.start; b < r.end; b++) if (s.byBucket.has(b)) blobs.push({ bucket: b, blob: encodeBucket(s.byBucket.get(b)!) })
  return bucketsChunk(r.start, r.end, blobs, s.tree)
}

const bytes = (max: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: 1, maxLength: max })
const stateArb = fc.array(fc.tuple(bytes(12), fc.uint8Array({ maxLength: 120 })), { maxLength: 80 })
const bucketsArb = fc.constantFrom(2, 16, 64)
const chunkBytesArb = fc.integer({ min: 40, max: 600 })

const proven = (c: ProvenChunk | string): ProvenChunk => {
  if (typeof c === 'string') throw new Error(c)
  return c
}

test('every chunk verifies alone, in any order, with or without proven nodes, and yields exactly the stored buckets', () => {
  fc.assert(fc.property(stateArb, bucketsArb, chunkBytesArb, fc.nat(), (pairs, buckets, chunkBytes, seed) => {
    const s = stateOf(pairs, buckets)
    const ranges = plan(s, chunkBytes)
    const order = ranges.map((_, i) => i).sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101))
    const warm = new AuthenticatedTree(buckets, s.tree.root)
    const sliced = new Map<number, Buffer[]>()
    for (const i of order) {
      const r = ranges[i]!
      const c = wireChunk(s, r)
      const fresh = proven(verifyChunk(r, c.data, c.proof, new AuthenticatedTree(buckets, s.tree.root)))
      const cached = proven(verifyChunk(r, c.data, c.proof, warm))
      assert.deepEqual(cached, fresh)
      if (fresh.kind === 'buckets') {
        const expected = [...s.byBucket.keys()].filter((b) => b >= (r as { start: number }).start && b < (r as { end: number }).end).sort((a, b) => a - b)
        assert.deepEqual(fresh.buckets.map((b) => b.bucket), expected)
        for (const b of fresh.buckets) {
          assert.deepEqual(Buffer.from(b.blob), Buffer.from(encodeBucket(s.byBucket.get(b.bucket)!)))
          assert.deepEqual(b.root, s.tree.bucket(b.bucket).root)
          assert.equal(b.count, s.byBucket.get(b.bucket)!.length)
        }
      } else {
        assert.deepEqual(fresh.root, s.tree.bucket(fresh.bucket).root)
        sliced.set(fresh.bucket, [...(sliced.get(fresh.bucket) ?? []), Buffer.from(fresh.blob)])
      }
    }
    for (const [b, parts] of sliced) {
      const whole = Buffer.concat(ranges.flatMap((r) => r.kind === 'slice' && r.bucket === b ? [Buffer.from(wireChunk(s, r).data)] : []))
      assert.deepEqual(whole, Buffer.from(encodeBucket(s.byBucket.get(b)!)), `the slices of bucket ${b} make the bucket`)
      assert.equal(parts.length, ranges.filter((r) => r.kind === 'slice' && r.bucket === b).length)
    }
  }), { numRuns: 150 })
})

test('forged chunks on the wire are rejected, whether or not other chunks were proven before', () => {
  fc.assert(fc.property(stateArb, bucketsArb, chunkBytesArb, fc.nat(), fc.integer({ min: 0, max: 8 }), fc.boolean(), (pairs, buckets, chunkBytes, pick, kind, warmFirst) => {
    const s = stateOf(pairs, buckets)
    const ranges = plan(s, chunkBytes)
    const i = pick % ranges.length
    const r = ranges[i]!
    const c = wireChunk(s, r)
    const tree = new AuthenticatedTree(buckets, s.tree.root)
    if (warmFirst) for (const [j, other] of ranges.entries()) if (j !== i) proven(verifyChunk(other, wireChunk(s, other).data, wireChunk(s, other).proof, tree))
    const data = Buffer.from(c.data)
    const proof = Buffer.from(c.proof)
    let forged: [Uint8Array, Uint8Array, Uint8Array?]
    switch (kind) {
      case 0: if (data.length === 0) return true; data[pick % data.length] ^= 1 << (pick % 8); forged = [data, proof]; break
      case 1: if (proof.length === 0) return true; proof[pick % proof.length] ^= 1 << (pick % 8); forged = [data, proof]; break
      case 2: if (data.length === 0) return true; forged = [data.subarray(0, pick % data.length), proof]; break
      case 3: forged = [Buffer.concat([data, Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 7])]), proof]; break
      case 4: if (proof.length === 0) return true; forged = [data, proof.subarray(32)]; break
      case 5: forged = [data, Buffer.concat([proof, Buffer.alloc(32, 5)])]; break
      case 6: { // another chunk's bytes under this chunk's id
        if (ranges.length < 2) return true
        const other = wireChunk(s, ranges[(i + 1 + (pick % (ranges.length - 1))) % ranges.length]!)
        if (Buffer.from(other.data).equals(data) && Buffer.from(other.proof).equals(proof)) return true
        forged = [other.data, other.proof]; break
      }
      case 7: forged = [data, proof, Buffer.alloc(32, 1)]; break
      default: if (proof.length === 0) return true; forged = [data, Buffer.concat([proof.subarray(0, proof.length - 32), Buffer.alloc(32)])]
    }
    const [d, p, root] = forged
    const verifier = root === undefined ? tree : new AuthenticatedTree(buckets, root)
    return typeof verifyChunk(r, d, p, verifier) === 'string'
  }), { numRuns: 400 })
})

test('one bucket far larger than a chunk is served in slices that verify alone and rebuild the bucket', () => {
  const pairs: Array<[Uint8Array, Uint8Array]> = []
  for (let i = 0; pairs.length < 60; i++) {
    const key = Buffer.from(`key-${i}`)
    if (bucketOf(key, 16) === 9) pairs.push([key, Buffer.alloc(100, i)])
  }
  const s = stateOf(pairs, 16)
  const ranges = plan(s, 700)
  const slices = ranges.filter((r) => r.kind === 'slice')
  assert.ok(slices.length >= 8)
  const tree = new AuthenticatedTree(16, s.tree.root)
  const blobs = slices.map((r) => proven(verifyChunk(r, wireChunk(s, r).data, wireChunk(s, r).proof, tree)))
  assert.deepEqual(Buffer.concat(blobs.map((b) => Buffer.from((b as { blob: Uint8Array }).blob))), Buffer.from(encodeBucket(s.byBucket.get(9)!)))
})

test('chunk plans survive their encoding; plans that do not tile the buckets are refused', () => {
  fc.assert(fc.property(stateArb, bucketsArb, chunkBytesArb, (pairs, buckets, chunkBytes) => {
    const ranges = plan(stateOf(pairs, buckets), chunkBytes)
    const bytes = encodePlan(ranges)
    assert.deepEqual(decodePlan(bytes, buckets, ranges.length), ranges)
    assert.equal(typeof decodePlan(bytes, buckets, ranges.length + 1), 'string')
    assert.equal(typeof decodePlan(bytes, buckets * 2, ranges.length), 'string')
    if (bytes.length > 1) assert.equal(typeof decodePlan(bytes.subarray(0, bytes.length - 1), buckets, ranges.length), 'string')
  }))
  fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), fc.integer({ min: 1, max: 20 }), (junk, chunks) => {
    const out = decodePlan(junk, 16, chunks)
    if (typeof out === 'string') return true
    let next = 0
    for (const r of out) {
      if (r.kind === 'buckets') { assert.equal(r.start, next); next = r.end } else if (r.end === r.count) next = r.bucket + 1
    }
    return next === 16 && out.length === chunks
  }))
})
