// The mempool's limits and eviction rule (fast-check, against a plain model): never more
// than maxTxs or maxBytes, no peer over its share, a peer over its share loses its own
// oldest, a full pool evicts the oldest transaction of the origin holding the most;
// oversized transactions refused; stored bytes are copies.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { Mempool } from '../../src/protocols/mempool/mempool.js'
import { sha256 } from '../../src/wire/hash.js'
import type { PeerId } from '../../src/identity/peer-id.js'

interface ModelTx { hash: string, size: number, origin: string }

const ORIGINS = ['a', 'b', 'c', ''] // '' = submitted here

/** The documented rule, on plain arrays; ties between origins go to the one holding transactions longest. */
function modelAdd (model: ModelTx[], order: string[], tx: ModelTx, limits: { maxTxs: number, maxBytes: number, maxTxsPerPeer: number, maxBytesPerPeer: number }): void {
  const of = (origin: string): ModelTx[] => model.filter((m) => m.origin === origin)
  const drop = (m: ModelTx): void => {
    model.splice(model.indexOf(m), 1)
    if (of(m.origin).length === 0) order.splice(order.indexOf(m.origin), 1)
  }
  const bytes = (ms: ModelTx[]): number => ms.reduce((s, m) => s + m.size, 0)
  if (tx.origin !== '') {
    while (of(tx.origin).length > 0 && (of(tx.origin).length >= limits.maxTxsPerPeer || bytes(of(tx.origin)) + tx.size > limits.maxBytesPerPeer)) drop(of(tx.origin)[0]!)
  }
  while (model.length >= limits.maxTxs || bytes(model) + tx.size > limits.maxBytes) {
    const byCount = model.length >= limits.maxTxs
    let largest = ''
    let most = -1
    for (const origin of order) {
      const v = byCount ? of(origin).length : bytes(of(origin))
      if (v > most) { most = v; largest = origin }
    }
    drop(of(largest)[0]!)
  }
  if (!order.includes(tx.origin)) order.push(tx.origin)
  model.push(tx)
}

test('limits and shares hold, and what remains is what the documented eviction rule keeps', () => {
  const add = fc.tuple(fc.nat(60), fc.nat(120), fc.constantFrom(...ORIGINS))
  fc.assert(fc.property(fc.array(add, { maxLength: 150 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 50, max: 1000 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 100, max: 600 }),
    (adds, maxTxs, maxBytes, maxTxsPerPeer, maxBytesPerPeer) => {
      const limits = { maxTxs, maxBytes, maxTxBytes: 100, maxTxsPerPeer, maxBytesPerPeer }
      const pool = new Mempool(limits)
      const model: ModelTx[] = []
      const order: string[] = []
      for (const [tag, size, origin] of adds) {
        const tx = Buffer.alloc(size + 1, tag)
        const hash = sha256(tx).toString('hex')
        const result = pool.add(sha256(tx), tx, origin === '' ? undefined : origin as PeerId)
        if (tx.length > 100 || tx.length > maxBytes) { assert.equal(result, 'too_large'); continue }
        if (model.some((m) => m.hash === hash)) { assert.equal(result, 'duplicate'); continue }
        assert.equal(result, 'added')
        modelAdd(model, order, { hash, size: tx.length, origin }, limits)
        assert.ok(pool.size <= maxTxs && pool.bytes <= maxBytes)
        for (const o of ORIGINS.slice(0, 3)) {
          const share = pool.shareOf(o as PeerId)
          assert.ok(share.txs <= maxTxsPerPeer && share.bytes <= Math.max(maxBytesPerPeer, 101), `share of ${o}`)
        }
      }
      assert.deepEqual(pool.reap().map((t) => t.hash.toString('hex')), model.map((m) => m.hash))
    }), { numRuns: 300 })
})

test('a flood from a few origins evicts their own transactions, never those of an origin holding less', () => {
  const pool = new Mempool({ maxTxs: 100, maxBytes: 1 << 20, maxTxBytes: 1000, maxTxsPerPeer: 40, maxBytesPerPeer: 1 << 20 })
  const honest: Buffer[] = []
  for (let i = 0; i < 2000; i++) {
    const spam = Buffer.from(`spam-${i}`)
    pool.add(sha256(spam), spam, `spammer-${i % 3}` as PeerId)
    if (i % 100 === 0) {
      const tx = Buffer.from(`honest-${i}`)
      honest.push(tx)
      pool.add(sha256(tx), tx, 'honest' as PeerId)
    }
  }
  assert.equal(pool.size, 100)
  for (const tx of honest) assert.ok(pool.has(sha256(tx)), 'every honest transaction survived')
  assert.ok(pool.evicted > 0)
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
  assert.equal(pool.origins, 1)
})
