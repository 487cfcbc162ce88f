// Checking received PeerRecords: every rule, and properties over arbitrary records
// (never throws; accepted records always carry a key that hashes to their id).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { checkPeerRecord, toPeerRecord, type RecordContext } from '../../src/discovery/peer-record.js'
import { SeededRandom } from '../../src/runtime/random.js'
import { generateIdentity } from '../../src/identity/keys.js'
import { peerIdFromPublicKey } from '../../src/identity/peer-id.js'
import { validRecord } from './helpers.js'
import { isRoutableHost } from '../../src/transport/network-group.js'

const NOW = 1_700_000_000_000
const random = new SeededRandom(51)
const local = generateIdentity(random)

function ctx (over: Partial<RecordContext> = {}): RecordContext {
  return { now: NOW, localPeerId: local.peerId, ownAddresses: new Set(['8.8.8.8:26656']), acceptsHost: isRoutableHost, isBanned: () => false, knownKey: () => undefined, ...over }
}

test('each rule: id, key, key hash, address, self, banned, routability', () => {
  const r = validRecord(random, '1.2.3.4:26656', NOW)
  assert.equal(checkPeerRecord(r, ctx()).ok, true)
  const reason = (over: Partial<typeof r>, c = ctx()): string | undefined => {
    const v = checkPeerRecord({ ...r, ...over }, c)
    return v.ok ? undefined : v.reason
  }
  assert.equal(reason({ peerId: new Uint8Array(31) as Uint8Array<ArrayBuffer> }), 'invalid_peer_id')
  assert.equal(reason({ publicKey: new Uint8Array(5) as Uint8Array<ArrayBuffer> }), 'invalid_public_key')
  assert.equal(reason({ publicKey: generateIdentity(random).publicKey as Uint8Array<ArrayBuffer> }), 'key_mismatch')
  assert.equal(reason({ address: '1.2.3.4' }), 'invalid_address')
  assert.equal(reason({ address: '1.2.3.4:0' }), 'invalid_address')
  assert.equal(reason({ address: `${'a'.repeat(400)}:1` }), 'invalid_address')
  assert.equal(reason({ address: '8.8.8.8:26656' }), 'self')
  assert.equal(reason({}, ctx({ localPeerId: peerIdFromPublicKey(r.publicKey) })), 'self')
  assert.equal(reason({}, ctx({ isBanned: () => true })), 'banned')
  assert.equal(reason({ address: '10.0.0.1:26656' }), 'unroutable')
  assert.equal(reason({ address: 'seed.example.com:26656' }), 'unroutable')
  assert.equal(reason({ address: '10.0.0.1:26656' }, ctx({ acceptsHost: () => true })), undefined)
  assert.equal(reason({ address: 'quic://1.2.3.4:26656' }), 'invalid_address')
  assert.equal(reason({ address: 'tcp://8.8.8.8:26656' }), 'self', 'tcp:// is the bare address')
  const claimed = (address: string): string | undefined => { const v = checkPeerRecord({ ...r, address }, ctx()); return v.ok ? v.claim.address : undefined }
  assert.equal(claimed('tcp://1.2.3.4:26656'), '1.2.3.4:26656', 'stored in the canonical form')
  assert.equal(claimed('ws://1.2.3.4:443'), 'ws://1.2.3.4:443')
})

test('fields are sanitised: a record cannot claim to be fresher than now, scores stay in [0, 100]', () => {
  const r = { ...validRecord(random, '1.2.3.4:26656', NOW), lastSeen: NOW + 1e9, score: 1e9, latestHeight: -5 }
  const v = checkPeerRecord(r, ctx())
  assert.ok(v.ok)
  assert.equal(v.claim.lastSeen, NOW)
  assert.equal(v.claim.score, 100)
  assert.equal(v.claim.latestHeight, 0)
})

test('a key already stored for the id skips the point check but must still match byte for byte', () => {
  const r = validRecord(random, '1.2.3.4:26656', NOW)
  const other = generateIdentity(random).publicKey
  assert.equal(checkPeerRecord(r, ctx({ knownKey: () => r.publicKey })).ok, true)
  const v = checkPeerRecord({ ...r, publicKey: other as Uint8Array<ArrayBuffer> }, ctx({ knownKey: () => r.publicKey }))
  assert.deepEqual(v, { ok: false, reason: 'key_mismatch' })
})

test('property: any record is accepted or rejected, never throws; accepted keys hash to their ids', () => {
  const bytes = (n: number): fc.Arbitrary<Uint8Array<ArrayBuffer>> => fc.uint8Array({ minLength: n, maxLength: n }) as fc.Arbitrary<Uint8Array<ArrayBuffer>>
  const real = fc.nat(1000).map((seed) => validRecord(new SeededRandom(seed), '1.2.3.4:26656', NOW))
  const record = fc.oneof(
    fc.record({ peerId: fc.oneof(bytes(32), bytes(31)), address: fc.string({ maxLength: 60 }), publicKey: fc.oneof(bytes(32), bytes(0)), latestHeight: fc.double(), score: fc.double(), flags: fc.integer(), lastSeen: fc.double() }),
    fc.tuple(real, fc.oneof(fc.constantFrom('1.2.3.4:26656', '10.0.0.1:5', '[2001:4860::1]:1', '8.8.8.8:26656'), fc.string({ maxLength: 30 })), fc.double(), fc.double()).map(([r, address, score, lastSeen]) => ({ ...r, address, score, lastSeen }))
  )
  let accepted = 0
  fc.assert(fc.property(record, fc.boolean(), (r, strict) => {
    const v = checkPeerRecord(r, ctx({ acceptsHost: strict ? isRoutableHost : () => true }))
    if (!v.ok) return
    accepted++
    assert.equal(peerIdFromPublicKey(v.claim.publicKey), v.claim.peerId)
    assert.ok(v.claim.score >= 0 && v.claim.score <= 100)
    assert.ok(v.claim.lastSeen <= NOW)
    // what we would send on is accepted by the next node too
    const back = toPeerRecord({ ...v.claim, table: 'new', source: { peerId: '', group: '' }, addedAt: 0, lastSuccess: 0, lastAttempt: 0, failures: 0, retryAt: 0 })
    assert.equal(checkPeerRecord(back, ctx({ acceptsHost: strict ? isRoutableHost : () => true })).ok, true)
  }), { numRuns: 300 })
  assert.ok(accepted > 20, `the property saw accepted records too: ${accepted}`)
})
