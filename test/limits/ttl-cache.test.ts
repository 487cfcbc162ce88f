// TtlCache (seen-cache, message history) against a plain model, under random operations
// and clock steps (fast-check): same answers, and never over its entry or byte limits.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { TtlCache } from '../../src/limits/ttl-cache.js'

type Op = { kind: 'set', key: number, size: number } | { kind: 'get', key: number } | { kind: 'delete', key: number } | { kind: 'tick', ms: number }

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: fc.nat(30), size: fc.nat(60) }),
  fc.record({ kind: fc.constant('get' as const), key: fc.nat(30) }),
  fc.record({ kind: fc.constant('delete' as const), key: fc.nat(30) }),
  fc.record({ kind: fc.constant('tick' as const), ms: fc.nat(40) })
)

test('TtlCache behaves like the model and never exceeds its limits', () => {
  fc.assert(fc.property(fc.array(op, { maxLength: 200 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 30, max: 300 }), (ops, maxEntries, ttlMs, maxBytes) => {
    const cache = new TtlCache<number>({ maxEntries, ttlMs, maxBytes, sizeOf: (v) => v })
    // model: insertion-ordered list of live entries
    let model: Array<{ key: string, value: number, expiresAt: number }> = []
    let now = 0
    const live = (): void => { model = model.filter((e) => e.expiresAt > now) }
    for (const o of ops) {
      if (o.kind === 'tick') { now += o.ms; continue }
      const key = String(o.key)
      live()
      if (o.kind === 'get') {
        assert.equal(cache.get(key, now), model.find((e) => e.key === key)?.value)
      } else if (o.kind === 'delete') {
        cache.delete(key)
        model = model.filter((e) => e.key !== key)
      } else {
        const stored = cache.set(key, o.size, now)
        assert.equal(stored, o.size <= maxBytes)
        if (!stored) continue
        const existing = model.find((e) => e.key === key)
        if (existing !== undefined) existing.value = o.size
        else model.push({ key, value: o.size, expiresAt: now + ttlMs })
        while (model.length > maxEntries || model.reduce((s, e) => s + e.value, 0) > maxBytes) model.shift()
      }
      assert.ok(cache.size <= maxEntries)
      assert.ok(cache.bytes <= maxBytes)
    }
    live()
    for (const e of model) assert.equal(cache.get(e.key, now), e.value)
  }), { numRuns: 300 })
})

test('expire drops exactly the entries older than ttlMs', () => {
  const cache = new TtlCache<true>({ maxEntries: 10, ttlMs: 100 })
  cache.set('a', true, 0)
  cache.set('b', true, 50)
  cache.expire(100)
  assert.equal(cache.size, 1)
  assert.equal(cache.has('b', 100), true)
  assert.equal(cache.has('b', 150), false)
})
