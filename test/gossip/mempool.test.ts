// The mempool's limits and eviction rule (fast-check): never more than maxTxs or maxBytes,
// oldest evicted first, oversized transactions refused, stored bytes are copies.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { Mempool } from '../../src/protocols/mempool/mempool.js'
import { sha256 } from '../../src/wire/hash.js'

test('limits hold and what remains is the newest transactions, in arrival order', () => {
  fc.assert(fc.property(fc.array(fc.tuple(fc.nat(40), fc.nat(120)), { maxLength: 200 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 50, max: 1000 }), (adds, maxTxs, maxBytes) => {
    const pool = new Mempool({ maxTxs, maxBytes, maxTxBytes: 100 })
    const model: Array<{ hash: Buffer, size: number }> = []
    for (const [tag, size] of adds) {
      const tx = Buffer.alloc(size + 1, tag)
      const hash = sha256(tx)
      const result = pool.add(hash, tx)
      if (tx.length > 100 || tx.length > maxBytes) { assert.equal(result, 'too_large'); continue }
      if (model.some((m) => m.hash.equals(hash))) { assert.equal(result, 'duplicate'); continue }
      assert.equal(result, 'added')
      model.push({ hash, size: tx.length })
      while (model.length > maxTxs || model.reduce((s, m) => s + m.size, 0) > maxBytes) model.shift()
      assert.ok(pool.size <= maxTxs && pool.bytes <= maxBytes)
    }
    assert.deepEqual(pool.reap().map((t) => t.hash.toString('hex')), model.map((m) => m.hash.toString('hex')))
  }), { numRuns: 300 })
})

test('stored bytes are copies; remove and reap', () => {
  const pool = new Mempool({ maxTxs: 10, maxBytes: 1000, maxTxBytes: 100 })
  const tx = Buffer.from('hello')
  const hash = sha256(tx)
  pool.add(hash, tx)
  tx[0] = 0
  assert.equal(Buffer.from(pool.get(hash)!).toString(), 'hello')
  pool.add(sha256(Buffer.from('b')), Buffer.from('b'))
  assert.equal(pool.reap(1).length, 1)
  assert.equal(pool.remove([hash]), 1)
  assert.equal(pool.has(hash), false)
  assert.equal(pool.bytes, 1)
})
