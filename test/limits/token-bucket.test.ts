// The token bucket of spec §13 rule 1 (fast-check): over any run of events it admits at
// most capacity + rate·elapsed, and events spaced at the rate or slower are all admitted.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { TokenBucket } from '../../src/limits/token-bucket.js'

test('admits at most capacity + rate × elapsed, whatever the arrival pattern', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 400 }), fc.array(fc.nat(50), { minLength: 1, maxLength: 500 }), (rate, capacity, gaps) => {
    const bucket = new TokenBucket(rate, capacity, 0)
    let now = 0
    let admitted = 0
    for (const gap of gaps) {
      now += gap / 10
      if (bucket.take(now)) admitted++
      assert.ok(admitted <= capacity + (rate * now) / 1000 + 1e-9, `${admitted} admitted by ${now} ms`)
      assert.ok(bucket.available(now) >= 0 && bucket.available(now) <= capacity)
    }
  }), { numRuns: 300 })
})

test('events no faster than the rate are never refused', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 50 }), fc.array(fc.nat(100), { maxLength: 300 }), (rate, capacity, extra) => {
    const bucket = new TokenBucket(rate, capacity, 0)
    let now = 0
    for (const e of extra) {
      now += 1000 / rate + e
      assert.ok(bucket.take(now))
    }
  }), { numRuns: 200 })
})

test('200/s with a burst of 200: a 2 000-message second admits about 400', () => {
  const bucket = new TokenBucket(200, 200, 0)
  let admitted = 0
  for (let i = 0; i < 2000; i++) if (bucket.take(i / 2)) admitted++
  assert.ok(admitted >= 398 && admitted <= 400, String(admitted))
  assert.throws(() => new TokenBucket(0, 1, 0), RangeError)
})
