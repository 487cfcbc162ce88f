// The plaintext upgrader (benchmarks only): claimed identities, authenticated=false, and
// the same record batching as Noise.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createPlaintextUpgrader } from '../../src/secure/plaintext.js'
import { createNoiseUpgrader } from '../../src/secure/noise-upgrader.js'
import { SeededRandom } from '../../src/runtime/random.js'
import { KuberError } from '../../src/errors.js'
import type { SecureConnection, SecureUpgrader } from '../../src/secure/types.js'
import { Collector, identityFromSeed, memoryLink, patternBytes, proxyConnection, upgradePair } from './helpers/channel-fixtures.js'

const alice = identityFromSeed(1)
const bob = identityFromSeed(2)

function value (r: PromiseSettledResult<SecureConnection>): SecureConnection {
  if (r.status === 'rejected') throw r.reason
  return r.value
}

test('plaintext: identities are exchanged, not proven, and data flows both ways', async () => {
  const link = memoryLink()
  const [out, inn] = await upgradePair(createPlaintextUpgrader({ identity: alice }), createPlaintextUpgrader({ identity: bob }), link)
  const a = value(out)
  const b = value(inn)
  assert.equal(a.remotePeerId, bob.peerId)
  assert.equal(b.remotePeerId, alice.peerId)
  assert.equal(a.authenticated, false)
  assert.equal(b.authenticated, false)
  const atA = new Collector(a.conn)
  const atB = new Collector(b.conn)
  a.conn.write(Buffer.from('ping'))
  b.conn.write(Buffer.from('pong'))
  await link.clock.advance(5)
  assert.equal(atB.bytes.toString(), 'ping')
  assert.equal(atA.bytes.toString(), 'pong')
})

test('plaintext: expectedPeerId is still checked', async () => {
  const [out] = await upgradePair(createPlaintextUpgrader({ identity: alice }), createPlaintextUpgrader({ identity: bob }), memoryLink(), {
    outbound: { expectedPeerId: alice.peerId }
  })
  assert.equal(out.status, 'rejected')
  assert.ok((out as PromiseRejectedResult).reason instanceof KuberError)
  assert.equal((out as PromiseRejectedResult).reason.code, 'PEER_ID_MISMATCH')
})

/** Underlying writes and delivered chunks for one write pattern, plus the bytes on the wire. */
async function batching (make: () => [SecureUpgrader, SecureUpgrader]): Promise<{ writes: number, chunks: number, wireBytes: number }> {
  const link = memoryLink()
  let wireBytes = 0
  let counting = false
  const proxied = proxyConnection(link.a, (d) => { if (counting) wireBytes += d.length; return [d] })
  link.a = proxied
  const [out, inn] = await upgradePair(...make(), link)
  const a = value(out).conn
  const atB = new Collector(value(inn).conn)
  const before = proxied.writes
  counting = true
  for (let i = 0; i < 3000; i++) a.write(patternBytes(256, i)) // 768 000 bytes in one synchronous run
  a.write(patternBytes(1024 * 1024, 7))
  await Promise.resolve()
  a.write(patternBytes(10, 8))
  await link.clock.advance(10)
  assert.equal(atB.bytes.length, 3000 * 256 + 1024 * 1024 + 10)
  return { writes: proxied.writes - before, chunks: atB.chunks.length, wireBytes }
}

test('plaintext and Noise batch identically: same underlying writes, same records, 16 bytes a record apart', async () => {
  const plain = await batching(() => [createPlaintextUpgrader({ identity: alice }), createPlaintextUpgrader({ identity: bob })])
  const noise = await batching(() => [
    createNoiseUpgrader({ identity: alice, random: new SeededRandom(1) }),
    createNoiseUpgrader({ identity: bob, random: new SeededRandom(2) })
  ])
  assert.equal(plain.writes, noise.writes)
  assert.equal(plain.chunks, noise.chunks)
  assert.equal(noise.wireBytes - plain.wireBytes, 16 * noise.chunks)
  // The 256-byte writes fill 11 records of 65 519 bytes, each sealed and written as it fills (the tail waits);
  // the 1 MiB write, a bulk write, is sealed with that tail into 16 full records and a 47 563-byte one, in one
  // underlying write; the 10-byte write after the await goes out alone.
  assert.equal(noise.chunks, 11 + 17 + 1)
  assert.equal(noise.writes, 11 + 1 + 1)
})
