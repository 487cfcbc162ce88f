// The pull state machine (fast-check on virtual time): an announced id is asked for only
// after the wait, from announcers that announced it, each at most once, at most
// maxAttempts times, never after it arrived; a peer that cannot be asked is skipped; the
// number of ids waited for never exceeds maxPending.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { VirtualClock } from '../../src/runtime/virtual-clock.js'
import { PendingPulls } from '../../src/gossip/pulls.js'
import { RequestTracker } from '../../src/router/requests.js'
import type { PeerId } from '../../src/identity/peer-id.js'

const pid = (name: string): PeerId => name as PeerId
const limits = (timeoutMs: number, maxAttempts: number, maxPending: number): ConstructorParameters<typeof PendingPulls>[2] =>
  ({ timeoutMs, maxAttempts, maxPending, maxPerPeer: 100, answerTypes: [7], maxAnswerBytes: 1 << 21 })
const tracker = (clock: VirtualClock, penalized: string[] = []): RequestTracker =>
  new RequestTracker({ clock, limits: { maxPerPeer: 100, maxTotal: 1000 }, penalize: (id) => penalized.push(`${clock.now()}:${id}`) })

type Op = { kind: 'announce', key: number, peer: number } | { kind: 'received', key: number } | { kind: 'advance', ms: number }

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('announce' as const), key: fc.nat(6), peer: fc.nat(5) }),
  fc.record({ kind: fc.constant('received' as const), key: fc.nat(6) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.nat(120) })
)

test('pulls ask only announcers, only after the wait, never for what arrived, and stay bounded', async () => {
  await fc.assert(fc.asyncProperty(fc.array(op, { maxLength: 60 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.nat(5), async (ops, maxAttempts, maxPending, unreachable) => {
    const clock = new VirtualClock(0)
    // one log in the order things happened
    const log: Array<{ kind: 'announce' | 'received' | 'ask', key: string, peer?: PeerId, at: number }> = []
    const pulls = new PendingPulls(clock, tracker(clock), limits(50, maxAttempts, maxPending), {
      ask: (key, from) => {
        if (from === pid(`p${unreachable}`)) return 'unavailable'
        log.push({ kind: 'ask', key, peer: from, at: clock.now() })
        return 'asked'
      }
    })
    for (const o of ops) {
      if (o.kind === 'advance') { await clock.advance(o.ms); continue }
      const key = `k${o.key}`
      if (o.kind === 'announce') {
        log.push({ kind: 'announce', key, peer: pid(`p${o.peer}`), at: clock.now() })
        pulls.announce(key, pid(`p${o.peer}`))
      } else {
        log.push({ kind: 'received', key, at: clock.now() })
        pulls.received(key, pid('eager'))
      }
      assert.ok(pulls.size <= maxPending)
      assert.ok(pulls.startedByMost <= Math.max(1, Math.floor(maxPending / 4)), 'one peer starts at most a quarter of the pulls')
    }
    await clock.advance(1000)
    assert.equal(pulls.size, 0, 'every pull ends')
    // an announcement of `key` before log entry n, at least waitMs earlier, with nothing arrived since
    const open = (key: string, n: number, peer: PeerId | undefined, waitMs: number): boolean => log.some((e, i) =>
      i < n && e.kind === 'announce' && e.key === key && (peer === undefined || e.peer === peer) && e.at <= log[n]!.at - waitMs &&
      !log.some((r, j) => j > i && j < n && r.kind === 'received' && r.key === key))
    log.forEach((a, n) => {
      if (a.kind !== 'ask') return
      assert.notEqual(a.peer, pid(`p${unreachable}`))
      assert.ok(open(a.key, n, a.peer, 0), `${a.peer!} had announced ${a.key} and it had not arrived`)
      assert.ok(open(a.key, n, undefined, 50), `${a.key} was waited for first`)
    })
  }), { numRuns: 200 })
})

test('one pull: first ask after the wait, then the next announcer, then give up', async () => {
  const clock = new VirtualClock(0)
  const asks: string[] = []
  const timeouts: string[] = []
  const pulls = new PendingPulls(clock, tracker(clock, timeouts), limits(100, 2, 10), {
    ask: (key, from) => { asks.push(`${clock.now()}:${key}:${from}`); return 'asked' }
  })
  pulls.announce('m', pid('a'))
  pulls.announce('m', pid('b'))
  pulls.announce('m', pid('c'))
  await clock.advance(99)
  assert.deepEqual(asks, [])
  await clock.advance(1)
  assert.deepEqual(asks, ['100:m:a'])
  await clock.advance(100)
  assert.deepEqual(asks, ['100:m:a', '200:m:b'])
  assert.deepEqual(timeouts, ['200:a'])
  await clock.advance(500)
  assert.deepEqual(asks.length, 2, 'maxAttempts')
  assert.equal(pulls.size, 0)
  pulls.announce('n', pid('a'))
  pulls.received('n', pid('a'))
  await clock.advance(500)
  assert.equal(asks.length, 2, 'nothing asked for what arrived')
})

test('a busy announcer is asked again after another wait; an answer from the asked peer is not blamed', async () => {
  const clock = new VirtualClock(0)
  const penalized: string[] = []
  const requests = tracker(clock, penalized)
  let busy = true
  const asks: string[] = []
  const pulls = new PendingPulls(clock, requests, limits(100, 2, 10), {
    ask: (key, from) => {
      if (busy) return 'busy'
      asks.push(`${clock.now()}:${key}:${from}`)
      return 'asked'
    }
  })
  pulls.announce('m', pid('a'))
  await clock.advance(100)
  assert.deepEqual(asks, [])
  assert.equal(requests.size, 0, 'a busy ask holds no request')
  busy = false
  await clock.advance(100)
  assert.deepEqual(asks, ['200:m:a'])
  assert.ok(requests.solicited(pid('a'), 7, 1000), 'the answer is within what was asked')
  assert.ok(!requests.solicited(pid('a'), 7, 1000), 'one answer per ask')
  pulls.received('m', pid('a'))
  await clock.advance(1000)
  assert.deepEqual(penalized, [])
  assert.equal(pulls.size, 0)
})
