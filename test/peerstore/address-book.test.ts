// The address book: new/tried tables, per-group and per-source limits, the eviction rule,
// and a flood from one source or one /16 that must not push good entries out.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { AddressBook, DEFAULT_BOOK_LIMITS, type BookLimits } from '../../src/peerstore/address-book.js'
import type { KnownPeer } from '../../src/peerstore/known-peer.js'
import { networkGroup } from '../../src/transport/network-group.js'
import type { PeerId } from '../../src/identity/peer-id.js'
import { NOW, addressIn, claim, sourceIn } from '../helpers/peers.js'

function limits (over: Partial<BookLimits>): BookLimits {
  return { ...DEFAULT_BOOK_LIMITS, ...over }
}

/** Every limit of the book, checked against a recount from its entries. */
function assertLimits (book: AddressBook): void {
  const newByGroup = new Map<string, number>()
  const newBySource = new Map<string, number>()
  const triedByGroup = new Map<string, number>()
  let fresh = 0
  for (const p of book.entries()) {
    const g = networkGroup(p.address)
    if (p.table === 'new') {
      fresh++
      newByGroup.set(g, (newByGroup.get(g) ?? 0) + 1)
      newBySource.set(p.source.group, (newBySource.get(p.source.group) ?? 0) + 1)
    } else {
      triedByGroup.set(g, (triedByGroup.get(g) ?? 0) + 1)
    }
  }
  const l = book.limits
  assert.equal(book.newCount, fresh)
  assert.equal(book.triedCount, book.size - fresh)
  assert.ok(book.newCount <= l.maxNew, `new ${book.newCount} > ${l.maxNew}`)
  assert.ok(book.triedCount <= l.maxTried, `tried ${book.triedCount} > ${l.maxTried}`)
  for (const [g, n] of newByGroup) assert.ok(n <= l.maxNewPerGroup, `group ${g}: ${n} new`)
  for (const [s, n] of newBySource) assert.ok(n <= l.maxNewPerSource, `source ${s}: ${n} new`)
  for (const [g, n] of triedByGroup) assert.ok(n <= l.maxTriedPerGroup, `group ${g}: ${n} tried`)
  const summary = book.summary()
  assert.deepEqual(new Map(Object.entries(summary.bySource)), newBySource)
}

test('learned peers go to "new"; a handshake moves them to "tried"; known peers are only refreshed', () => {
  const book = new AddressBook()
  const a = claim(1, addressIn(1, 1))
  assert.equal(book.add(a, sourceIn('v4:9.9'), NOW), 'added')
  assert.equal(book.get(a.peerId)?.table, 'new')
  // someone else cannot move a known peer's address
  assert.equal(book.add({ ...a, address: addressIn(2, 2), lastSeen: NOW + 5 }, sourceIn('v4:8.8'), NOW), 'refreshed')
  assert.equal(book.get(a.peerId)?.address, addressIn(1, 1))
  assert.equal(book.get(a.peerId)?.lastSeen, NOW + 5)
  // the peer itself (its Hello) can, while it is unproven
  assert.equal(book.add({ ...a, address: addressIn(3, 3) }, sourceIn('v4:3.3', a.peerId), NOW), 'refreshed')
  assert.equal(book.get(a.peerId)?.address, addressIn(3, 3))
  book.markGood({ ...a, address: addressIn(3, 3) }, NOW + 10)
  const e = book.get(a.peerId)!
  assert.equal(e.table, 'tried')
  assert.equal(e.lastSuccess, NOW + 10)
  assert.equal(book.newCount, 0)
  assert.equal(book.triedCount, 1)
  assertLimits(book)
})

test('failed dials back off; a new entry is forgotten after maxFailures, a tried one goes back to new', () => {
  const book = new AddressBook(limits({ maxFailures: 3 }))
  const a = claim(1, addressIn(1, 1))
  const b = claim(2, addressIn(2, 1))
  book.add(a, sourceIn('v4:9.9'), NOW)
  book.markGood(b, NOW)
  for (let i = 1; i <= 2; i++) {
    book.markFailure(a.peerId, NOW, NOW + 1000 * i)
    book.markFailure(b.peerId, NOW, NOW + 1000 * i)
  }
  assert.equal(book.get(a.peerId)?.failures, 2)
  assert.equal(book.get(a.peerId)?.retryAt, NOW + 2000)
  book.markFailure(a.peerId, NOW, NOW)
  book.markFailure(b.peerId, NOW, NOW)
  assert.equal(book.has(a.peerId), false, 'new entry forgotten')
  assert.equal(book.get(b.peerId)?.table, 'new', 'tried entry demoted')
  book.markFailure(b.peerId, NOW, NOW)
  assert.equal(book.has(b.peerId), false)
})

test('a full group keeps its entries unless one is terrible; a full source churns only its own entries', () => {
  const book = new AddressBook(limits({ maxNewPerGroup: 2, maxNewPerSource: 3 }))
  const g1 = claim(1, addressIn(5, 5, 1))
  const g2 = claim(2, addressIn(5, 5, 2))
  book.add(g1, sourceIn('v4:1.1'), NOW)
  book.add(g2, sourceIn('v4:2.2'), NOW)
  assert.equal(book.add(claim(3, addressIn(5, 5, 3)), sourceIn('v4:3.3'), NOW), 'group_full')
  // g1 fails three dials and was never reached: terrible, so it makes room
  for (let i = 0; i < 3; i++) book.markFailure(g1.peerId, NOW, NOW)
  assert.equal(book.add(claim(3, addressIn(5, 5, 3)), sourceIn('v4:3.3'), NOW), 'added')
  assert.equal(book.has(g1.peerId), false)
  assert.equal(book.has(g2.peerId), true)
  // source v4:7.7 fills its three slots; its fourth record evicts its own oldest
  for (let i = 10; i < 14; i++) book.add(claim(i, addressIn(10 + i, 1)), sourceIn('v4:7.7'), NOW + i)
  assert.equal(book.has(claim(10, '').peerId), false)
  for (let i = 11; i < 14; i++) assert.equal(book.has(claim(i, '').peerId), true)
  assertLimits(book)
})

/** Good entries: `tried` reached peers and `perSource` records from each of `sources` honest sources, all in distinct /16s. */
function goodBook (book: AddressBook, tried: number, sources: number, perSource: number): PeerId[] {
  const ids: PeerId[] = []
  let n = 0
  for (let i = 0; i < tried; i++) {
    const c = claim(n++, addressIn(20, i))
    book.markGood(c, NOW)
    ids.push(c.peerId)
  }
  for (let s = 0; s < sources; s++) {
    for (let i = 0; i < perSource; i++) {
      const c = claim(n++, addressIn(30 + s, i))
      book.add(c, sourceIn(`v4:40.${s}`, 'honest'), NOW)
      ids.push(c.peerId)
    }
  }
  return ids
}

const FLOOD_LIMITS = limits({ maxNew: 64, maxTried: 32, maxNewPerGroup: 8, maxNewPerSource: 16 })

test('a flood of records from one source does not evict good entries', () => {
  const book = new AddressBook(FLOOD_LIMITS)
  const good = goodBook(book, 10, 5, 4)
  // 10 000 fresh records in 10 000 distinct /16s, all told by one peer
  for (let i = 0; i < 10_000; i++) {
    book.add(claim(100_000 + i, addressIn(1 + (i % 99), Math.floor(i / 99) % 256, i)), sourceIn('v4:66.6', 'attacker'), NOW + i)
  }
  for (const id of good) assert.ok(book.has(id), 'good entry kept')
  assert.equal(book.summary().bySource['v4:66.6'], 16, 'the flood holds its source\'s share only')
  assertLimits(book)
})

test('a flood from many peers in one /16, or about addresses in one /16, does not evict good entries', () => {
  const book = new AddressBook(FLOOD_LIMITS)
  const good = goodBook(book, 10, 5, 4)
  const honestInTarget = claim(50, addressIn(6, 6, 1))
  book.add(honestInTarget, sourceIn('v4:41.0', 'honest'), NOW)
  // 1000 Sybil peers, all connecting from 66.6.x.x, each sending records
  for (let i = 0; i < 1000; i++) book.add(claim(200_000 + i, addressIn(1 + (i % 99), i % 256, i)), sourceIn('v4:66.6', `sybil-${i}`), NOW)
  // 1000 peers in 1000 different /16s, all advertising addresses inside 6.6.0.0/16
  for (let i = 0; i < 1000; i++) book.add(claim(300_000 + i, addressIn(6, 6, 2 + i)), sourceIn(`v4:${70 + (i % 20)}.${i % 200}`, `spread-${i}`), NOW)
  for (const id of good) assert.ok(book.has(id), 'good entry kept')
  assert.ok(book.has(honestInTarget.peerId), 'the honest entry already in the flooded /16 stays')
  assert.equal(book.summary().byGroup['v4:6.6']?.new, 8)
  assertLimits(book)
})

test('when the table is full, the largest source group gives way, not the smaller honest ones', () => {
  const book = new AddressBook(FLOOD_LIMITS)
  const good = goodBook(book, 0, 5, 4)
  // three attacking /16s, each at its source limit, keep sending: they churn their own entries
  for (let round = 0; round < 50; round++) {
    for (let s = 0; s < 3; s++) {
      for (let i = 0; i < 16; i++) {
        const k = (round * 3 + s) * 16 + i
        book.add(claim(400_000 + k, addressIn(1 + (k % 99), Math.floor(k / 99) % 256, k)), sourceIn(`v4:80.${s}`, `a-${s}`), NOW + k)
      }
    }
  }
  for (const id of good) assert.ok(book.has(id), 'good entry kept')
  assert.equal(book.newCount, 64)
  assertLimits(book)
})

test('gossip never evicts tried entries; a newer tried entry pushes the least recently reached one back to new', () => {
  const book = new AddressBook(limits({ maxTried: 4, maxTriedPerGroup: 2 }))
  for (let i = 0; i < 4; i++) book.markGood(claim(i, addressIn(10 + i, 0)), NOW + i)
  for (let i = 0; i < 2000; i++) book.add(claim(1000 + i, addressIn(1 + (i % 99), i % 256, i)), sourceIn(`v4:9.${i % 256}`), NOW)
  assert.equal(book.triedCount, 4)
  book.markGood(claim(10, addressIn(10, 0, 2)), NOW + 100) // group 10.0 now has two tried
  book.markGood(claim(11, addressIn(10, 0, 3)), NOW + 101) // third in 10.0: the oldest there goes back to new
  assert.equal(book.get(claim(0, '').peerId)?.table, 'new')
  assertLimits(book)
})

interface Op { kind: 'add' | 'good' | 'fail' | 'remove', n: number, a: number, b: number, src: number }

const op = fc.record({
  kind: fc.constantFrom<Op['kind']>('add', 'add', 'add', 'good', 'fail', 'remove'),
  n: fc.nat(60),
  a: fc.integer({ min: 1, max: 4 }),
  b: fc.nat(2),
  src: fc.nat(5)
})

test('property: every limit holds and the change feed mirrors the book under any sequence of operations', () => {
  fc.assert(fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
    const mirror = new Map<PeerId, KnownPeer>()
    const book: AddressBook = new AddressBook(
      limits({ maxNew: 20, maxTried: 8, maxNewPerGroup: 4, maxNewPerSource: 6, maxTriedPerGroup: 2, maxFailures: 3 }),
      (id) => {
        const p = book.get(id)
        if (p === undefined) mirror.delete(id)
        else mirror.set(id, p)
      })
    let now = NOW
    for (const o of ops) {
      now += 1000
      const c = claim(o.n, addressIn(o.a, o.b, o.n))
      if (o.kind === 'add') book.add(c, sourceIn(`v4:50.${o.src}`, `s${o.src}`), now)
      else if (o.kind === 'good') book.markGood(c, now)
      else if (o.kind === 'fail') book.markFailure(c.peerId, now, now + 5000)
      else book.remove(c.peerId)
      assertLimits(book)
    }
    assert.deepEqual(new Set(mirror.keys()), new Set([...book.entries()].map((p) => p.peerId)), 'every change was reported')
  }), { numRuns: 150 })
})
