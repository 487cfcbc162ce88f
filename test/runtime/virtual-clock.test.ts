// VirtualClock: timers fire in (time, arming order), intervals repeat, cancel works at
// any moment, and cancelled timers do not pile up.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { VirtualClock } from '../../src/runtime/virtual-clock.js'
import { SeededRandom } from '../../src/runtime/random.js'

test('timers fire in time order, ties in arming order, each at its due time', async () => {
  await fc.assert(fc.asyncProperty(fc.array(fc.nat({ max: 1000 }), { maxLength: 40 }), async (delays) => {
    const clock = new VirtualClock(0)
    const fired: Array<[number, number]> = []
    delays.forEach((d, i) => clock.setTimeout(() => fired.push([i, clock.now()]), d))
    await clock.advance(1000)
    const expected = delays.map((d, i) => [i, d] as [number, number]).sort((x, y) => x[1] - y[1] || x[0] - y[0])
    assert.deepEqual(fired, expected)
  }), { numRuns: 50 })
})

test('intervals repeat until cancelled, even from inside their callback', async () => {
  const clock = new VirtualClock(0)
  let n = 0
  const t = clock.setInterval(() => { if (++n === 5) t.cancel() }, 100)
  await clock.advance(10_000)
  assert.equal(n, 5)
  assert.equal(clock.pending, 0)
})

test('cancelled and fired timers are not counted as pending and are compacted', async () => {
  const clock = new VirtualClock(0)
  const timers = Array.from({ length: 5000 }, (_, i) => clock.setTimeout(() => {}, 1000 + i))
  for (const t of timers.slice(0, 4000)) t.cancel()
  assert.equal(clock.pending, 1000)
  await clock.advance(10_000)
  assert.equal(clock.pending, 0)
  for (const t of timers) t.cancel() // after firing: harmless
  assert.equal(clock.pending, 0)
})

test('SeededRandom replays: same seed, same stream; ints stay in range', () => {
  const a = new SeededRandom(42)
  const b = new SeededRandom(42)
  for (let i = 0; i < 100; i++) assert.equal(a.next(), b.next())
  fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 40 }), fc.nat(), (max, seed) => {
    const r = new SeededRandom(seed)
    const v = r.int(max)
    assert.ok(Number.isInteger(v) && v >= 0 && v < max)
    const f = r.float()
    assert.ok(f >= 0 && f < 1)
  }))
})
