// The persistent peer store: what is committed survives a close and reopen (LevelDB on
// disk), bans and anchors included; damaged values are skipped; limits apply on load;
// the stored-record decoders never throw.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import fc from 'fast-check'
import { PeerStore, createPeerStore } from '../../src/peerstore/peer-store.js'
import { LevelBackend, MemoryBackend } from '../../src/peerstore/backend.js'
import { decodeAnchors, decodeBan, decodeKnownPeer, encodeKnownPeer, type KnownPeer } from '../../src/peerstore/known-peer.js'
import { VirtualClock } from '../../src/runtime/virtual-clock.js'
import type { PeerId } from '../../src/identity/peer-id.js'
import { NOW, addressIn, claim, sourceIn } from '../helpers/peers.js'

async function tempDir (): Promise<string> {
  return await mkdtemp(join(tmpdir(), 'kuber-peerstore-'))
}

test('committed records, bans and anchors survive a close and reopen on disk', async () => {
  const dir = await tempDir()
  const clock = new VirtualClock(NOW)
  try {
    const store = createPeerStore(dir, { clock })
    await store.open()
    for (let i = 0; i < 50; i++) store.book.add(claim(i, addressIn(1 + i, 1)), sourceIn('v4:9.9', 'src'), NOW)
    store.book.markGood(claim(100, addressIn(99, 1)), NOW)
    store.book.markFailure(claim(3, '').peerId, NOW, NOW + 7000)
    store.book.remove(claim(4, '').peerId)
    await store.saveBan({ peerId: claim(7, '').peerId, until: NOW + 60_000, count: 2, reason: 'INVALID_BLOCK' })
    store.setAnchors([{ peerId: claim(100, '').peerId, address: addressIn(99, 1) }])
    const before = [...store.book.entries()].map((p) => encodeKnownPeer(p)).sort()
    await store.close()

    const again = createPeerStore(dir, { clock })
    await again.open()
    assert.deepEqual([...again.book.entries()].map((p) => encodeKnownPeer(p)).sort(), before)
    assert.equal(again.book.size, 50)
    assert.equal(again.book.get(claim(100, '').peerId)?.table, 'tried')
    assert.equal(again.book.get(claim(3, '').peerId)?.retryAt, NOW + 7000)
    assert.deepEqual(await again.loadBans(), [{ peerId: claim(7, '').peerId, until: NOW + 60_000, count: 2, reason: 'INVALID_BLOCK' }])
    assert.deepEqual(again.anchors(), [{ peerId: claim(100, '').peerId, address: addressIn(99, 1) }])
    await again.close()
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('on open: damaged values and long-expired bans are dropped, today\'s limits apply', async () => {
  const backend = new MemoryBackend()
  const clock = new VirtualClock(NOW)
  const first = new PeerStore({ clock, backend })
  await first.open()
  for (let i = 0; i < 20; i++) first.book.add(claim(i, addressIn(7, 7, i)), sourceIn('v4:9.9'), NOW)
  await first.saveBan({ peerId: claim(1, '').peerId, until: NOW - 30 * 24 * 3600_000, count: 1, reason: 'old' })
  await first.saveBan({ peerId: claim(2, '').peerId, until: NOW + 1000, count: 1, reason: 'fresh' })
  await first.close()
  await backend.write([
    { key: `peer/${claim(5, '').peerId}`, value: '{"not":"a record"}' },
    { key: `peer/${claim(6, '').peerId}`, value: encodeKnownPeer({ ...first.book.get(claim(6, '').peerId)!, peerId: claim(99, '').peerId }) },
    { key: 'junk', value: 'x' }
  ])
  const second = new PeerStore({ clock, backend, limits: { maxNewPerGroup: 10 } })
  await second.open()
  assert.equal(second.book.size, 10, 'group limit lowered to 10: the rest are dropped')
  assert.equal(second.book.has(claim(5, '').peerId), false)
  assert.deepEqual((await second.loadBans()).map((b) => b.reason), ['fresh'])
  await second.close()
  const keys = (await backend.readAll()).map(([k]) => k)
  assert.equal(keys.filter((k) => k.startsWith('peer/')).length, 10, 'dropped entries are deleted from disk too')
  assert.ok(!keys.includes('junk'))
})

test('a store written by another format version is refused', async () => {
  const backend = new MemoryBackend()
  await backend.write([{ key: 'meta/format', value: 'kuber-peerstore/99' }])
  const store = new PeerStore({ clock: new VirtualClock(NOW), backend })
  await assert.rejects(store.open(), { code: 'INVALID_CONFIG' })
})

test('a burst of changes in one turn is one batch; flush resolves once it is committed', async () => {
  const writes: number[] = []
  const backend = new MemoryBackend()
  const write = backend.write.bind(backend)
  backend.write = async (batch) => { writes.push(batch.length); await write(batch) }
  const store = new PeerStore({ clock: new VirtualClock(NOW), backend })
  await store.open()
  writes.length = 0
  for (let i = 0; i < 500; i++) store.book.add(claim(i, addressIn(1 + (i % 90), i % 200, i)), sourceIn(`v4:8.${i % 20}`), NOW)
  await store.flush()
  assert.deepEqual(writes, [500])
  assert.equal((await backend.readAll()).filter(([k]) => k.startsWith('peer/')).length, 500)
})

test('a failed write is retried with the next one', async () => {
  const backend = new MemoryBackend()
  const write = backend.write.bind(backend)
  let fail = true
  backend.write = async (batch) => { if (fail && batch.some((w) => w.key.startsWith('peer/'))) throw new Error('disk full'); await write(batch) }
  const errors: unknown[] = []
  const store = new PeerStore({ clock: new VirtualClock(NOW), backend, onWriteError: (err) => errors.push(err) })
  await store.open()
  store.book.add(claim(1, addressIn(1, 1)), sourceIn('v4:9.9'), NOW)
  await assert.rejects(store.flush())
  assert.equal(errors.length, 1)
  fail = false
  store.book.add(claim(2, addressIn(2, 1)), sourceIn('v4:9.9'), NOW)
  await store.flush()
  assert.equal((await backend.readAll()).filter(([k]) => k.startsWith('peer/')).length, 2)
})

const knownPeer = fc.record({
  n: fc.nat(1000),
  address: fc.constantFrom('1.2.3.4:5', '[2001:4860::1]:26656', 'node-1:80'),
  latestHeight: fc.nat(),
  score: fc.double({ min: 0, max: 100, noNaN: true }).map(Math.abs), // JSON has no -0
  flags: fc.nat(0xffff),
  lastSeen: fc.nat(),
  table: fc.constantFrom<'new' | 'tried'>('new', 'tried'),
  failures: fc.nat(20),
  times: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
  source: fc.record({ peerId: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 64 }), group: fc.string({ maxLength: 50 }) })
}).map(({ n, address, times, source, ...rest }): KnownPeer => {
  const c = claim(n, address)
  const [addedAt, lastSuccess, lastAttempt, retryAt] = times as [number, number, number, number]
  return { ...c, ...rest, source: { ...source }, addedAt, lastSuccess, lastAttempt, retryAt }
})

test('property: stored records decode to what was encoded', () => {
  fc.assert(fc.property(knownPeer, (p) => {
    assert.deepEqual(decodeKnownPeer(encodeKnownPeer(p)), p)
  }))
})

test('property: any text decodes to a record, a ban, anchors or nothing, never an exception', () => {
  const jsonish = fc.oneof(fc.string(), fc.json(), knownPeer.map((p) => encodeKnownPeer(p).replace(/"failures":\d+/, '"failures":-1')),
    knownPeer.map((p) => encodeKnownPeer(p).slice(0, 40)))
  fc.assert(fc.property(jsonish, (text) => {
    const p = decodeKnownPeer(text)
    if (p !== undefined) assert.equal(p.publicKey.length, 32)
    decodeBan(text)
    assert.ok(Array.isArray(decodeAnchors(text)))
  }), { numRuns: 500 })
})

test('a record whose key does not hash to its id is not loaded', () => {
  const p = { ...claim(1, '1.1.1.1:1'), table: 'new' as const, source: sourceIn('g'), addedAt: 0, lastSuccess: 0, lastAttempt: 0, failures: 0, retryAt: 0 }
  assert.ok(decodeKnownPeer(encodeKnownPeer(p)) !== undefined)
  assert.equal(decodeKnownPeer(encodeKnownPeer({ ...p, peerId: claim(2, '').peerId as PeerId })), undefined)
})

test('LevelDB backend: a batch is applied whole', async () => {
  const dir = await tempDir()
  try {
    const db = new LevelBackend(dir)
    await db.open()
    await db.write([{ key: 'a', value: '1' }, { key: 'b', value: '2' }])
    await db.write([{ key: 'a', value: undefined }, { key: 'c', value: '3' }])
    assert.deepEqual(await db.readAll(), [['b', '2'], ['c', '3']])
    await db.close()
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('a corrupt store (CURRENT garbled, or naming a manifest that is gone) is moved aside and started empty', async () => {
  for (const garbage of [Buffer.from([0xde, 0xad]), Buffer.from('MANIFEST-999999\n')]) {
    const dir = await tempDir()
    const clock = new VirtualClock(NOW)
    try {
      const store = createPeerStore(dir, { clock })
      await store.open()
      store.book.add(claim(1, addressIn(1, 1)), sourceIn('v4:9.9', 'src'), NOW)
      await store.close()
      await writeFile(join(dir, 'peerstore', 'CURRENT'), garbage)
      const moved: string[] = []
      const again = createPeerStore(dir, { clock, onCorrupt: (to, err) => { moved.push(to); assert.equal((err as { code?: string }).code, 'STORE_CORRUPT') } })
      await again.open()
      assert.equal(again.book.size, 0, 'started empty')
      assert.deepEqual(moved, [join(dir, `peerstore.corrupt-${new Date(NOW).toISOString().replace(/[:.]/g, '-')}`)])
      assert.ok((await readdir(dir)).includes(basename(moved[0]!)), 'the damaged store is kept for inspection')
      again.book.add(claim(2, addressIn(2, 1)), sourceIn('v4:9.9', 'src'), NOW)
      await again.close()
      const third = createPeerStore(dir, { clock })
      await third.open()
      assert.equal(third.book.size, 1, 'the fresh store works')
      await third.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
})

test('bans can be removed one by one or all at once', async () => {
  const store = new PeerStore({ clock: new VirtualClock(NOW), backend: new MemoryBackend() })
  const [a, b] = [claim(1, '').peerId, claim(2, '').peerId]
  await store.open()
  await store.saveBan({ peerId: a, until: NOW + 1000, count: 1, reason: 'X' })
  await store.saveBan({ peerId: b, until: NOW + 1000, count: 1, reason: 'Y' })
  await store.close()
  await store.open()
  assert.deepEqual((await store.removeBans([a])).map((x) => x.peerId), [a])
  await store.close()
  await store.open()
  assert.deepEqual((await store.loadBans()).map((x) => x.peerId), [b])
  assert.deepEqual((await store.removeBans()).map((x) => x.peerId), [b])
  assert.deepEqual(await store.loadBans(), [])
})
