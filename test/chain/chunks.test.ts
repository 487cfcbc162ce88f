// Properties of state chunks: the planned chunks tile the whole state, stay near the chunk
// size, and each one verifies alone against app_hash; every forgery (an entry dropped,
// added, changed or moved, another range, count or proof, another root) is rejected.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { BucketTree } from '../../src/chain/state/bucket-tree.js'
import { bucketOf, bucketRoot, compareKeys, type StateEntry } from '../../src/chain/state/buckets.js'
import { buildChunk, chunkError, entryBytes, planChunks, type ChunkRange, type StateChunk } from '../../src/chain/state/chunks.js'

const BUCKETS = 16

interface State { byBucket: Map<number, StateEntry[]>, tree: BucketTree }

function stateOf (pairs: Array<[Uint8Array, Uint8Array]>): State {
  const byKey = new Map(pairs.map(([k, v]) => [Buffer.from(k).toString('hex'), { key: k, value: v }]))
  const byBucket = new Map<number, StateEntry[]>()
  for (const e of byKey.values()) {
    const b = bucketOf(e.key, BUCKETS)
    byBucket.set(b, [...(byBucket.get(b) ?? []), e])
  }
  for (const list of byBucket.values()) list.sort((a, b) => compareKeys(a.key, b.key))
  return { byBucket, tree: BucketTree.fromRoots(BUCKETS, [...byBucket].map(([b, list]) => [b, bucketRoot(list)])) }
}

function plan (s: State, chunkBytes: number): ChunkRange[] {
  const nonEmpty = [...s.byBucket.keys()].sort((a, b) => a - b).map((bucket) => ({ bucket, entryBytes: s.byBucket.get(bucket)!.map(entryBytes) }))
  return planChunks(BUCKETS, nonEmpty, chunkBytes)
}

function chunkOf (s: State, range: ChunkRange): StateChunk {
  const entries = range.kind === 'slice'
    ? s.byBucket.get(range.bucket)!
    : Array.from({ length: range.end - range.start }, (_, i) => s.byBucket.get(range.start + i) ?? []).flat()
  return buildChunk(range, entries, s.tree)
}

const bytes = (max: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: 1, maxLength: max })
const stateArb = fc.array(fc.tuple(bytes(12), fc.uint8Array({ maxLength: 120 })), { maxLength: 80 })
const chunkBytesArb = fc.integer({ min: 40, max: 600 })

test('planned chunks tile every bucket and every entry once, stay within the chunk size, and each verifies alone', () => {
  fc.assert(fc.property(stateArb, chunkBytesArb, (pairs, chunkBytes) => {
    const s = stateOf(pairs)
    const ranges = plan(s, chunkBytes)
    let nextBucket = 0
    let entries = 0
    for (const r of ranges) {
      if (r.kind === 'buckets') { assert.equal(r.start, nextBucket); nextBucket = r.end } else if (r.end === r.count) { assert.equal(r.bucket, nextBucket); nextBucket = r.bucket + 1 }
      const chunk = chunkOf(s, r)
      entries += chunk.entries.length
      assert.equal(chunkError(chunk, BUCKETS, s.tree.root), undefined)
      const size = chunk.entries.reduce((a, e) => a + entryBytes(e), 0)
      assert.ok(size <= chunkBytes || chunk.entries.length === 1, `chunk of ${size} bytes for ${chunkBytes}`)
    }
    assert.equal(nextBucket, BUCKETS)
    assert.equal(entries, [...s.byBucket.values()].reduce((a, l) => a + l.length, 0))
  }))
})

test('forged chunks are rejected', () => {
  fc.assert(fc.property(stateArb, chunkBytesArb, fc.nat(), fc.integer({ min: 0, max: 9 }), (pairs, chunkBytes, pick, kind) => {
    const s = stateOf(pairs)
    const ranges = plan(s, chunkBytes)
    const chunk = chunkOf(s, ranges[pick % ranges.length]!)
    const entries = [...chunk.entries]
    const i = pick % Math.max(1, entries.length)
    const r = chunk.range
    let forged: StateChunk
    switch (kind) {
      case 0: if (entries.length === 0) return true; entries.splice(i, 1); forged = { ...chunk, entries }; break
      case 1: if (entries.length === 0) return true; entries[i] = { key: entries[i]!.key, value: Uint8Array.of(...entries[i]!.value, 1) }; forged = { ...chunk, entries }; break
      case 2: if (entries.length === 0) return true; entries.splice(i, 0, entries[i]!); forged = { ...chunk, entries }; break
      case 3: if (entries.length < 2) return true; [entries[0], entries[1]] = [entries[1]!, entries[0]!]; forged = { ...chunk, entries }; break
      case 4: forged = { ...chunk, entries: [...entries, { key: Uint8Array.of(pick & 255, 7, 7, 7), value: Uint8Array.of(1) }] }; break
      case 5: if (chunk.bucketProof.length === 0) return true; forged = { ...chunk, bucketProof: chunk.bucketProof.map((p, j) => j === pick % chunk.bucketProof.length ? Buffer.alloc(32, 9) : p) }; break
      case 6: forged = r.kind === 'buckets' ? { ...chunk, range: { ...r, end: r.end < BUCKETS ? r.end + 1 : r.end - 1 } } : { ...chunk, range: { ...r, count: r.count + 1 } }; if (r.kind === 'buckets' && r.end - r.start === 1 && r.end === BUCKETS) return true; break
      case 7: if (r.kind !== 'slice') return true; forged = { ...chunk, range: { ...r, start: r.start + 1, end: r.end + 1 } }; break
      case 8: if (r.kind !== 'slice' || chunk.entryProof.length === 0) return true; forged = { ...chunk, entryProof: chunk.entryProof.slice(1) }; break
      default: return chunkError(chunk, BUCKETS, Buffer.alloc(32, 1)) !== undefined
    }
    return chunkError(forged, BUCKETS, s.tree.root) !== undefined
  }))
})

test('one bucket far larger than the chunk size is cut into slices, each provable alone', () => {
  const big: Array<[Uint8Array, Uint8Array]> = []
  for (let i = 0; big.length < 40; i++) {
    const key = Buffer.from(`key-${i}`)
    if (bucketOf(key, BUCKETS) === 5) big.push([key, Buffer.alloc(100, i)])
  }
  const s = stateOf(big)
  const ranges = plan(s, 1000)
  const slices = ranges.filter((r) => r.kind === 'slice')
  assert.ok(slices.length >= 4, JSON.stringify(ranges))
  for (const r of ranges) assert.equal(chunkError(chunkOf(s, r), BUCKETS, s.tree.root), undefined)
  assert.deepEqual(ranges[0], { kind: 'buckets', start: 0, end: 5 })
  assert.deepEqual(ranges.at(-1), { kind: 'buckets', start: 6, end: BUCKETS })
})
