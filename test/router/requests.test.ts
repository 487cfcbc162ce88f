// The request tracker on virtual time: ids, keys, limits per kind, per peer and per node,
// one penalty rule (unanswered: SLOW_RESPONSE once per slow episode; a late answer taken
// without blame; answer to nothing: UNSOLICITED_MESSAGE),
// adaptive timeouts, and the answer budget each request grants (by count and by bytes,
// gone with the request). A property: whatever happens, a peer is never let off more
// answers than the requests open to it granted.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { VirtualClock } from '../../src/runtime/virtual-clock.js'
import { RequestTracker } from '../../src/router/requests.js'
import type { PeerId } from '../../src/identity/peer-id.js'
import type { KuberError } from '../../src/errors.js'

const A = 'a' as PeerId
const B = 'b' as PeerId
const ANSWER = 9

function setup (limits: { maxPerPeer: number, maxTotal: number, lateMs?: number } = { maxPerPeer: 3, maxTotal: 4 }): { clock: VirtualClock, tracker: RequestTracker, penalties: string[] } {
  const clock = new VirtualClock(0)
  const penalties: string[] = []
  const tracker = new RequestTracker({ clock, limits, penalize: (id: PeerId, err: KuberError) => penalties.push(`${id}:${err.code}`) })
  return { clock, tracker, penalties }
}

test('requests: matched by peer and key, limited, timed out with SLOW_RESPONSE, unsolicited answers refused', async () => {
  const { clock, tracker, penalties } = setup()
  const timedOut: string[] = []
  const kind = tracker.kind<string>({ name: 'thing', timeoutMs: 100, maxPerPeer: 2, grant: { types: [ANSWER] }, onTimeout: (r) => timedOut.push(r.data) })
  const r1 = kind.start(A, '1', 'one')!
  assert.ok(kind.start(A, '1', 'again') === undefined, 'one open request per peer and key')
  assert.ok(kind.start(A, '2', 'two') !== undefined)
  assert.ok(kind.start(A, '3', 'three') === undefined, 'kind limit per peer')
  assert.ok(kind.start(B, '1', 'b1') !== undefined)
  assert.ok(kind.start(B, '2', 'b2') !== undefined)
  assert.ok(kind.start(B, '3', 'b3') === undefined, 'node limit')
  assert.equal(tracker.size, 4)
  assert.notEqual(r1.id, kind.get(A, '2')!.id)
  assert.equal(kind.answer(A, '1')?.data, 'one')
  assert.throws(() => kind.answer(A, '1'), (err: KuberError) => err.code === 'UNSOLICITED_MESSAGE')
  assert.equal(kind.take(A, '9'), undefined, 'take: no blame')
  await clock.advance(100)
  assert.deepEqual(timedOut.sort(), ['b1', 'b2', 'two'])
  assert.deepEqual(penalties.sort(), ['a:SLOW_RESPONSE', 'b:SLOW_RESPONSE'], 'once per slow episode: b\'s two timeouts cost one')
  assert.equal(tracker.size, 0)
  kind.start(A, '4', 'four')
  tracker.peerRemoved(A)
  await clock.advance(1000)
  assert.equal(penalties.length, 2, 'a peer that left is not blamed for what it could not answer')
})

test('slowness costs SLOW_RESPONSE once per episode, and a late answer is taken without blame', async () => {
  const { clock, tracker, penalties } = setup({ maxPerPeer: 500, maxTotal: 500, lateMs: 1000 })
  const kind = tracker.kind<number>({ name: 'iwant', timeoutMs: 100 })
  for (let i = 0; i < 300; i++) kind.start(A, String(i), i)
  await clock.advance(100)
  assert.deepEqual(penalties, ['a:SLOW_RESPONSE'], '300 ids timed out in one episode: one penalty')
  for (let i = 0; i < 300; i++) assert.equal(kind.answer(A, String(i)), undefined, 'a late answer: no request, no blame')
  assert.throws(() => kind.answer(A, '0'), (err: KuberError) => err.code === 'UNSOLICITED_MESSAGE', 'the same late answer twice is unsolicited')
  kind.start(A, 'x', 0)
  await clock.advance(100)
  assert.equal(penalties.length, 1, 'still the same episode: nothing answered in time since')
  kind.start(A, 'y', 0)
  kind.answer(A, 'y')
  kind.start(A, 'z', 0)
  await clock.advance(100)
  assert.equal(penalties.length, 2, 'an answer in time ended the episode; the next timeout starts another')
  await clock.advance(1000)
  assert.throws(() => kind.answer(A, 'z'), (err: KuberError) => err.code === 'UNSOLICITED_MESSAGE', 'past lateMs an answer is unsolicited')
  assert.equal(tracker.counters.late, 300)
})

test('answers within what was asked are let off, by count and by bytes, until the request ends', async () => {
  const { clock, tracker } = setup({ maxPerPeer: 10, maxTotal: 10 })
  const bulk = tracker.kind({ name: 'bulk', timeoutMs: 100, grant: { types: [ANSWER], messages: 2, bytes: 1000 } })
  assert.equal(tracker.solicited(A, ANSWER, 10), false, 'nothing asked')
  bulk.start(A, 'x', null)
  assert.equal(tracker.solicited(B, ANSWER, 10), false, 'asked of another peer')
  assert.equal(tracker.solicited(A, ANSWER + 1, 10), false, 'another type')
  assert.equal(tracker.solicited(A, ANSWER, 1001), false, 'more bytes than granted')
  assert.equal(tracker.solicited(A, ANSWER, 600), true)
  assert.equal(tracker.solicited(A, ANSWER, 600), false, 'the bytes left are 400')
  assert.equal(tracker.solicited(A, ANSWER, 400), true)
  assert.equal(tracker.solicited(A, ANSWER, 1), false, 'two messages granted')
  bulk.start(A, 'y', null)
  await clock.advance(100)
  assert.equal(tracker.solicited(A, ANSWER, 1), false, 'the grant expires with the request')
})

test('adaptive timeouts follow the peer\'s answer times within bounds', async () => {
  const { clock, tracker } = setup({ maxPerPeer: 10, maxTotal: 10 })
  const kind = tracker.kind({ name: 'sync', timeoutMs: 1000, adaptive: { minMs: 50, maxMs: 5000 } })
  assert.equal(kind.start(A, '0', null)!.timeoutMs, 1000, 'no sample yet')
  kind.take(A, '0')
  for (let i = 1; i <= 20; i++) {
    kind.start(A, String(i), null)
    await clock.advance(20)
    kind.answer(A, String(i))
  }
  const fast = kind.start(A, 'next', null)!.timeoutMs
  assert.ok(fast >= 50 && fast < 200, `a peer answering in 20 ms gets a short timeout (${fast})`)
  assert.equal(kind.start(B, 'next', null)!.timeoutMs, 1000, 'another peer keeps the default')
})

test('property: a peer is never let off more answers than its open requests granted', async () => {
  type Op = { op: 'start', key: number, peer: number } | { op: 'answer', key: number, peer: number } | { op: 'in', peer: number, bytes: number } | { op: 'advance', ms: number } | { op: 'leave', peer: number }
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constant('start' as const), key: fc.nat(5), peer: fc.nat(2) }),
    fc.record({ op: fc.constant('answer' as const), key: fc.nat(5), peer: fc.nat(2) }),
    fc.record({ op: fc.constant('in' as const), peer: fc.nat(2), bytes: fc.nat(700) }),
    fc.record({ op: fc.constant('advance' as const), ms: fc.nat(80) }),
    fc.record({ op: fc.constant('leave' as const), peer: fc.nat(2) })
  )
  await fc.assert(fc.asyncProperty(fc.array(op, { maxLength: 80 }), async (ops) => {
    const { clock, tracker } = setup({ maxPerPeer: 4, maxTotal: 8 })
    const kind = tracker.kind({ name: 'k', timeoutMs: 100, grant: { types: [ANSWER], messages: 2, bytes: 1000 } })
    const peer = (n: number): PeerId => `p${n}` as PeerId
    // per peer: answers granted by requests started so far, and answers let off
    const granted = new Map<PeerId, number>()
    const letOff = new Map<PeerId, number>()
    for (const o of ops) {
      if (o.op === 'start') {
        if (kind.start(peer(o.peer), String(o.key), null) !== undefined) granted.set(peer(o.peer), (granted.get(peer(o.peer)) ?? 0) + 2)
      } else if (o.op === 'answer') {
        kind.take(peer(o.peer), String(o.key))
      } else if (o.op === 'in') {
        if (tracker.solicited(peer(o.peer), ANSWER, o.bytes)) letOff.set(peer(o.peer), (letOff.get(peer(o.peer)) ?? 0) + 1)
      } else if (o.op === 'leave') {
        tracker.peerRemoved(peer(o.peer))
      } else {
        await clock.advance(o.ms)
      }
      for (const [p, n] of letOff) assert.ok(n <= (granted.get(p) ?? 0))
      assert.ok(tracker.size <= 8)
    }
    await clock.advance(100)
    assert.equal(tracker.size, 0, 'every request ends')
    for (let n = 0; n <= 2; n++) assert.equal(tracker.solicited(peer(n), ANSWER, 1), false, 'and nothing is let off after')
  }), { numRuns: 200 })
})
