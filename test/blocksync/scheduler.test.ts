// The block sync scheduler as a state machine (fast-check): whatever order answers,
// partial answers, failures, cancels, departures, refusals and outside progress come in,
// no height is lost (each height between the apply point and the fetch frontier is in
// exactly one place: buffered, in flight or pending), none is applied twice or out of
// order, requests in flight stay within the per-peer cap, and buffered plus reserved bytes
// within their bound; and once peers answer honestly, sync reaches the best peer's height.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { SyncScheduler, type FetchedBlock, type RangeRequest, type SchedulerLimits } from '../../src/protocols/blocksync/scheduler.js'
import { HeightRanges } from '../../src/protocols/blocksync/ranges.js'
import type { PeerId } from '../../src/identity/peer-id.js'
import type { Block } from '../../src/wire/gen/kuber.js'

const limits: SchedulerLimits = { windowBlocks: 64, rangeBlocks: 16, rangeBytes: 4000, maxRequestsPerPeer: 3, maxBufferedBytes: 20_000 }
const PEERS = ["a", "b", "c", "d"] as PeerId[]

/** Block h of the test chain: `size` bytes, and the commit of h − 1 in last_commit. */
function fetched (h: number, size: number, withCommit: boolean): FetchedBlock {
  const block = { header: { height: h }, lastCommit: { height: h - 1 } } as unknown as Block
  return { block, bytes: new Uint8Array(size), commit: withCommit ? { height: h, round: 0, blockHash: new Uint8Array(0), signatures: [] } : undefined }
}

const sizeOf = (h: number): number => 100 + ((h * 7919) % 1200)

/** An honest answer: blocks from r.from within r.maxBytes (one at least), up to what the peer holds. */
function answer (r: RangeRequest, holds: number, limit = Infinity): FetchedBlock[] {
  const out: FetchedBlock[] = []
  let bytes = 0
  for (let h = r.from; h <= Math.min(r.to, holds) && out.length < limit; h++) {
    if (out.length > 0 && bytes + sizeOf(h) > r.maxBytes) break
    bytes += sizeOf(h)
    out.push(fetched(h, sizeOf(h), false))
  }
  if (out.length > 0) out[out.length - 1] = fetched(out[out.length - 1]!.block.header!.height, out[out.length - 1]!.bytes.length, true)
  return out
}

function checkInvariants (s: SyncScheduler): void {
  const p = s.placement()
  for (let h = p.applied + 1; h < p.nextFresh; h++) {
    const places = (p.buffered.includes(h) ? 1 : 0) + p.inflight.filter(([a, b]) => a <= h && h <= b).length + p.pending.filter(([a, b]) => a <= h && h <= b).length
    assert.equal(places, 1, `height ${h} is in ${places} places: ${JSON.stringify(p)}`)
  }
  assert.ok(p.buffered.every((h) => h > p.applied && h < p.nextFresh))
  assert.ok(p.pending.every(([a, b]) => a > p.applied && b < p.nextFresh))
  assert.ok(p.nextFresh <= p.applied + limits.windowBlocks + 1 || p.inflight.length + p.buffered.length + p.pending.length > 0)
  for (const id of PEERS) assert.ok(s.inflightTo(id) <= limits.maxRequestsPerPeer, `${id} has ${s.inflightTo(id)} in flight`)
  assert.ok(s.bufferedBytes + s.reservedBytes <= limits.maxBufferedBytes + limits.rangeBytes, `buffered ${s.bufferedBytes} + reserved ${s.reservedBytes}`)
}

type Op =
  | { op: 'peer', peer: number, height: number, base: number }
  | { op: 'assign' }
  | { op: 'answer', pick: number, limit: number }
  | { op: 'fail', pick: number }
  | { op: 'cancel', pick: number }
  | { op: 'leave', peer: number }
  | { op: 'apply', steps: number }
  | { op: 'refuse' }
  | { op: 'jump', by: number }
  | { op: 'tick', ms: number }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('peer' as const), peer: fc.nat({ max: 3 }), height: fc.nat({ max: 300 }), base: fc.nat({ max: 20 }) }),
  fc.constant({ op: 'assign' as const }),
  fc.record({ op: fc.constant('answer' as const), pick: fc.nat(), limit: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ op: fc.constant('fail' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('leave' as const), peer: fc.nat({ max: 3 }) }),
  fc.record({ op: fc.constant('apply' as const), steps: fc.integer({ min: 1, max: 30 }) }),
  fc.constant({ op: 'refuse' as const }),
  fc.record({ op: fc.constant('jump' as const), by: fc.integer({ min: 1, max: 10 }) }),
  fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 5000 }) })
)

test('scheduler: no height lost, none applied twice or out of order, in flight and buffered bytes bounded; honest peers finish the sync', () => {
  fc.assert(fc.property(fc.array(opArb, { maxLength: 120 }), fc.integer({ min: 0, max: 50 }), (ops, start) => {
    const s = new SyncScheduler(limits, start)
    const holds = new Map<PeerId, number>()
    let now = 0
    let chain = start // what the "chain" has applied, in order
    const pick = (n: number): RangeRequest | undefined => { const all = s.requests(); return all.length === 0 ? undefined : all[n % all.length] }
    for (const o of ops) {
      switch (o.op) {
        case 'peer': { const id = PEERS[o.peer]!; holds.set(id, o.height); s.setPeer(id, o.height, Math.min(o.base, o.height)); break }
        case 'assign': for (const r of s.assign(now)) { assert.ok(r.from > s.height && r.to >= r.from && r.to - r.from < limits.rangeBlocks && r.to <= (holds.get(r.peer) ?? 0)) } break
        case 'answer': { const r = pick(o.pick); if (r !== undefined) s.received(r, answer(r, holds.get(r.peer) ?? 0, o.limit)); break }
        case 'fail': { const r = pick(o.pick); if (r !== undefined) s.failed(r, now, 1000); break }
        case 'cancel': { const r = pick(o.pick); if (r !== undefined) s.cancel(r); break }
        case 'leave': { const id = PEERS[o.peer]!; s.removePeer(id); holds.delete(id); break }
        case 'apply':
          for (let i = 0; i < o.steps; i++) {
            const next = s.next()
            if (next === undefined) break
            assert.equal(next.height, chain + 1, 'applied in order, once')
            chain = next.height
            s.advance(chain)
          }
          break
        case 'refuse': { const next = s.next(); if (next !== undefined) assert.equal(s.rejected(next.height), next.peer); break }
        case 'jump': chain = Math.max(chain, s.height) + o.by; s.advance(chain); break // consensus made blocks final meanwhile
        case 'tick': now += o.ms; break
      }
      assert.ok(s.height <= chain)
      checkInvariants(s)
    }
    // now every peer holds its whole chain and answers honestly: sync reaches the best height held
    for (const [id, h] of holds) s.setPeer(id, h, 1)
    const best = Math.max(0, ...holds.values())
    for (let round = 0; round < 2000 && s.height < best; round++) {
      now += 5000
      for (const r of s.assign(now)) s.received(r, answer(r, holds.get(r.peer) ?? 0))
      for (const r of s.requests()) s.received(r, answer(r, holds.get(r.peer) ?? 0))
      for (let next = s.next(); next !== undefined; next = s.next()) {
        assert.equal(next.height, Math.max(chain, s.height) + 1)
        chain = next.height
        s.advance(chain)
      }
      checkInvariants(s)
    }
    assert.ok(best <= Math.max(start, chain) || s.height >= best, `stuck at ${s.height} of ${best}`)
  }), { numRuns: 300 })
})

test('height ranges: add merges, take carves the lowest run inside bounds, dropThrough trims', () => {
  fc.assert(fc.property(fc.array(fc.tuple(fc.nat({ max: 200 }), fc.nat({ max: 20 })), { maxLength: 30 }), fc.nat({ max: 200 }), fc.nat({ max: 50 }), (adds, lo, span) => {
    const r = new HeightRanges()
    const model = new Set<number>()
    for (const [a, len] of adds) { r.add(a, a + len); for (let h = a; h <= a + len; h++) model.add(h) }
    assert.equal(r.size, model.size)
    const ivs = r.intervals
    for (let i = 1; i < ivs.length; i++) assert.ok(ivs[i]![0] > ivs[i - 1]![1] + 1, 'disjoint and not adjacent')
    const hi = lo + span
    const got = r.take(lo, hi, 5)
    const inBounds = [...model].filter((h) => h >= lo && h <= hi).sort((a, b) => a - b)
    if (inBounds.length === 0) assert.equal(got, undefined)
    else {
      assert.equal(got![0], inBounds[0])
      for (let h = got![0]; h <= got![1]; h++) { assert.ok(model.delete(h)); assert.ok(!r.has(h)) }
      assert.ok(got![1] - got![0] < 5)
    }
    r.dropThrough(100)
    assert.equal(r.size, [...model].filter((h) => h > 100).length)
  }), { numRuns: 300 })
})
