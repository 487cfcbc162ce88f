// Garbage, truncated and oversized handshake input (fast-check): the upgraders only ever
// fail with typed errors, never crash, never throw anything else, never hang once the
// peer has gone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { createNoiseUpgrader } from '../../src/secure/noise-upgrader.js'
import { createPlaintextUpgrader } from '../../src/secure/plaintext.js'
import { SeededRandom } from '../../src/runtime/random.js'
import { KuberError } from '../../src/errors.js'
import type { Connection } from '../../src/transport/types.js'
import type { SecureUpgrader } from '../../src/secure/types.js'
import { Collector, identityFromSeed, memoryLink, proxyConnection, upgradePair } from './helpers/channel-fixtures.js'

const alice = identityFromSeed(1)
const bob = identityFromSeed(2)
const TYPED_HANDSHAKE_FAILURES = new Set([
  'NOISE_HANDSHAKE_FAILED', 'NOISE_DECRYPT_FAILED', 'NOISE_RECORD_TOO_LARGE', 'INVALID_SIGNATURE',
  'INVALID_PUBLIC_KEY', 'PEER_ID_MISMATCH', 'CONNECTION_CLOSED'
])

/** Feed `chunks` from a fake peer to one side of an upgrade, then close; return how the upgrade ended. */
async function feed (upgrader: SecureUpgrader, outbound: boolean, chunks: Uint8Array[]): Promise<PromiseSettledResult<unknown>> {
  const link = memoryLink()
  new Collector(link.b)
  const result = Promise.allSettled([outbound ? upgrader.secureOutbound(link.a) : upgrader.secureInbound(link.a)])
  for (const chunk of chunks) link.b.write(chunk)
  link.b.close()
  await link.clock.advance(20)
  return (await result)[0]
}

function assertTypedFailure (r: PromiseSettledResult<unknown>): void {
  assert.equal(r.status, 'rejected', 'garbage must not complete a handshake')
  const reason = (r as PromiseRejectedResult).reason
  assert.ok(reason instanceof KuberError, `untyped failure: ${String(reason)}`)
  assert.ok(TYPED_HANDSHAKE_FAILURES.has(reason.code), reason.code)
}

const garbage = fc.array(fc.oneof(
  fc.uint8Array({ maxLength: 400 }),
  // a plausible record: a small length header and that many random bytes
  fc.uint8Array({ maxLength: 300 }).map((body) => Buffer.concat([Buffer.from([body.length >> 8, body.length & 0xff]), body]))
), { maxLength: 6 })

test('random garbage to either side of a Noise or plaintext handshake gives only typed errors', async () => {
  const upgraders: SecureUpgrader[] = [
    createNoiseUpgrader({ identity: alice, random: new SeededRandom(10) }),
    createPlaintextUpgrader({ identity: alice })
  ]
  await fc.assert(fc.asyncProperty(garbage, fc.boolean(), fc.constantFrom(0, 1), async (chunks, outbound, which) => {
    assertTypedFailure(await feed(upgraders[which]!, outbound, chunks))
  }), { numRuns: 300 })
})

/** The bytes one side of a real handshake writes (deterministic: the same seeds give the same bytes). */
async function handshakeTranscript (side: 'initiator' | 'responder'): Promise<Buffer> {
  const link = memoryLink()
  const written: Uint8Array[] = []
  const record = (conn: Connection) => proxyConnection(conn, (d) => { written.push(Uint8Array.from(d)); return [d] })
  if (side === 'initiator') link.a = record(link.a)
  else link.b = record(link.b)
  const [out, inn] = await upgradePair(
    createNoiseUpgrader({ identity: alice, random: new SeededRandom(10) }),
    createNoiseUpgrader({ identity: bob, random: new SeededRandom(20) }),
    link
  )
  assert.equal(out.status, 'fulfilled')
  assert.equal(inn.status, 'fulfilled')
  return Buffer.concat(written)
}

test('a replayed handshake succeeds only when whole; any truncation gives CONNECTION_CLOSED', async () => {
  const fromInitiator = await handshakeTranscript('initiator')
  const fromResponder = await handshakeTranscript('responder')
  // Sanity: replaying the whole transcript to an identically seeded peer completes the handshake.
  const whole = await feed(createNoiseUpgrader({ identity: bob, random: new SeededRandom(20) }), false, [fromInitiator])
  assert.equal(whole.status, 'fulfilled')
  await fc.assert(fc.asyncProperty(fc.boolean(), fc.nat(), fc.nat(), async (toResponder, cutSeed, splitSeed) => {
    const transcript = toResponder ? fromInitiator : fromResponder
    const cut = cutSeed % transcript.length
    const split = splitSeed % (cut + 1)
    const upgrader = toResponder
      ? createNoiseUpgrader({ identity: bob, random: new SeededRandom(20) })
      : createNoiseUpgrader({ identity: alice, random: new SeededRandom(10) })
    const r = await feed(upgrader, !toResponder, [transcript.subarray(0, split), transcript.subarray(split, cut)])
    assertTypedFailure(r)
    assert.equal((r as PromiseRejectedResult).reason.code, 'CONNECTION_CLOSED')
  }), { numRuns: 150 })
})

test('a flipped bit anywhere in a replayed handshake fails with a typed error', async () => {
  const fromInitiator = await handshakeTranscript('initiator')
  await fc.assert(fc.asyncProperty(fc.nat(), fc.integer({ min: 0, max: 7 }), async (at, bit) => {
    const tampered = Buffer.from(fromInitiator)
    tampered[at % tampered.length]! ^= 1 << bit
    const r = await feed(createNoiseUpgrader({ identity: bob, random: new SeededRandom(20) }), false, [tampered])
    assertTypedFailure(r)
  }), { numRuns: 150 })
})

test('declared handshake lengths above the limit are refused without buffering, for any limit', async () => {
  await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 65534 }), fc.boolean(), async (limit, outbound) => {
    const declared = limit + 1
    const link = memoryLink()
    new Collector(link.b)
    const upgrader = createNoiseUpgrader({ identity: alice, random: new SeededRandom(10), maxHandshakeMessageBytes: limit })
    const result = Promise.allSettled([outbound ? upgrader.secureOutbound(link.a) : upgrader.secureInbound(link.a)])
    link.b.write(Uint8Array.from([declared >> 8, declared & 0xff])) // header only, link left open
    await link.clock.advance(5)
    const r = (await result)[0]
    assertTypedFailure(r)
    assert.equal((r as PromiseRejectedResult).reason.code, 'NOISE_RECORD_TOO_LARGE')
  }), { numRuns: 60 })
})
