// The Noise upgrader end to end over memory links on a virtual clock: identities proven,
// data both ways, tampering, wrong or forged identities, abort, limits, backpressure.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createNoiseUpgrader, NOISE_PROLOGUE } from '../../src/secure/noise-upgrader.js'
import { XxHandshake } from '../../src/secure/xx-handshake.js'
import { x25519KeyPair } from '../../src/secure/x25519.js'
import { RecordDecoder, frameRecord } from '../../src/secure/record-framing.js'
import { NOISE_STATIC_KEY_SIGNATURE_PREFIX } from '../../src/secure/identity-payload.js'
import { NoiseHandshakePayload } from '../../src/wire/gen/kuber.js'
import { SeededRandom } from '../../src/runtime/random.js'
import { KuberError, errorCode } from '../../src/errors.js'
import type { Identity } from '../../src/identity/keys.js'
import type { Connection } from '../../src/transport/types.js'
import type { SecureConnection } from '../../src/secure/types.js'
import { Collector, identityFromSeed, memoryLink, patternBytes, proxyConnection, upgradePair } from './helpers/channel-fixtures.js'

const alice = identityFromSeed(1)
const bob = identityFromSeed(2)
const mallory = identityFromSeed(3)
const noise = (identity: Identity, seed: number, maxHandshakeMessageBytes?: number) =>
  createNoiseUpgrader({ identity, random: new SeededRandom(seed), maxHandshakeMessageBytes })

function fulfilled (r: PromiseSettledResult<SecureConnection>): SecureConnection {
  if (r.status === 'rejected') throw r.reason
  return r.value
}

function rejectionCode (r: PromiseSettledResult<unknown>): string | undefined {
  assert.equal(r.status, 'rejected', 'expected the upgrade to fail')
  const reason = (r as PromiseRejectedResult).reason
  assert.ok(reason instanceof KuberError, `not a typed error: ${String(reason)}`)
  return reason.code
}

test('handshake proves both PeerIDs and carries data both ways', async () => {
  const link = memoryLink()
  const [out, inn] = await upgradePair(noise(alice, 10), noise(bob, 20), link)
  const a = fulfilled(out)
  const b = fulfilled(inn)
  assert.equal(a.remotePeerId, bob.peerId)
  assert.equal(b.remotePeerId, alice.peerId)
  assert.deepEqual(a.remotePublicKey, bob.publicKey)
  assert.deepEqual(b.remotePublicKey, alice.publicKey)
  assert.ok(a.authenticated && b.authenticated)
  assert.equal(a.conn.remoteAddress, '10.0.0.2:2000')

  const atA = new Collector(a.conn)
  const atB = new Collector(b.conn)
  const big = patternBytes(300_000, 1)
  a.conn.write(Buffer.from('hello '))
  a.conn.write(big)
  b.conn.write(Buffer.from('hi alice'))
  await link.clock.advance(20)
  assert.deepEqual(atB.bytes, Buffer.concat([Buffer.from('hello '), big]))
  assert.equal(atA.bytes.toString(), 'hi alice')

  a.conn.write(Buffer.from('bye'))
  a.conn.close() // close sends what is pending first
  await link.clock.advance(20)
  assert.equal(atB.bytes.subarray(-3).toString(), 'bye')
  assert.ok(atA.closed && atB.closed)
  assert.equal(atA.closeError, undefined)
  assert.equal(atB.closeError, undefined)
})

test('the same seeds give the same bytes on the wire (SeededRandom makes a run reproducible)', async () => {
  const transcript = async (): Promise<string> => {
    const link = memoryLink()
    const wire: string[] = []
    const tap = (tag: string, conn: Connection) => proxyConnection(conn, (d) => { wire.push(tag + Buffer.from(d).toString('hex')); return [d] })
    link.a = tap('a', link.a)
    link.b = tap('b', link.b)
    const [out] = await upgradePair(noise(alice, 10), noise(bob, 20), link)
    fulfilled(out).conn.write(Buffer.from('same'))
    await link.clock.advance(5)
    return wire.join('|')
  }
  const first = await transcript()
  assert.equal(await transcript(), first)
  assert.equal(first.split('|').length, 4) // msg 1, msg 2, msg 3, one transport record
})

test('small writes in one synchronous run share records and underlying writes', async () => {
  const link = memoryLink()
  const proxied = proxyConnection(link.a, (d) => [d])
  link.a = proxied
  const [out, inn] = await upgradePair(noise(alice, 10), noise(bob, 20), link)
  const atB = new Collector(fulfilled(inn).conn)
  const a = fulfilled(out).conn
  const before = proxied.writes
  const frames = Array.from({ length: 1000 }, (_, i) => patternBytes(100, i))
  for (const f of frames) assert.equal(a.write(f), true)
  assert.equal(a.write(new Uint8Array(0)), true)
  await link.clock.advance(5)
  assert.deepEqual(atB.bytes, Buffer.concat(frames))
  // 100 000 bytes: one full record sealed when 65 519 bytes were pending, the rest in the microtask flush.
  assert.equal(proxied.writes - before, 2)
  assert.equal(atB.chunks.length, 2)
})

test('one tampered ciphertext byte closes the receiver with NOISE_DECRYPT_FAILED and delivers nothing', async () => {
  // A record of 'hello' is 2 header bytes + 5 ciphertext bytes + 16 tag bytes. Flipping header bit 0x04 shortens
  // the declared length from 21 to 17 (a longer length would just wait for bytes that never come).
  const cases: Array<[position: number, mask: number]> = [[1, 0x04], [2, 0x01], [6, 0x80], [7, 0x10], [22, 0x01]]
  for (const [position, mask] of cases) {
    const link = memoryLink()
    let tamper = false
    link.a = proxyConnection(link.a, (d) => {
      if (!tamper) return [d]
      const copy = Buffer.from(d)
      copy[position]! ^= mask
      return [copy]
    })
    const [out, inn] = await upgradePair(noise(alice, 10), noise(bob, 20), link)
    const atA = new Collector(fulfilled(out).conn)
    const atB = new Collector(fulfilled(inn).conn)
    tamper = true
    fulfilled(out).conn.write(Buffer.from('hello'))
    await link.clock.advance(10)
    assert.equal(atB.chunks.length, 0)
    assert.ok(atB.closed, `position ${position}: receiver not closed`)
    assert.equal(errorCode(atB.closeError), 'NOISE_DECRYPT_FAILED', `position ${position}`)
    assert.ok(atA.closed, 'the sender sees the connection reset')
  }
})

test('outbound with expectedPeerId: a different peer fails with PEER_ID_MISMATCH before message 3', async () => {
  const link = memoryLink()
  const [out, inn] = await upgradePair(noise(alice, 10), noise(mallory, 30), link, { outbound: { expectedPeerId: bob.peerId } })
  assert.equal(rejectionCode(out), 'PEER_ID_MISMATCH')
  assert.equal(rejectionCode(inn), 'CONNECTION_CLOSED') // alice reset the connection instead of sending message 3
  const [ok] = await upgradePair(noise(alice, 10), noise(bob, 20), memoryLink(), { outbound: { expectedPeerId: bob.peerId } })
  assert.equal(fulfilled(ok).remotePeerId, bob.peerId)
})

/**
 * A hand-driven XX peer that claims `claimed` but signs with `signer` (over its Noise
 * static key, or over `signedStaticKey` when given).
 */
function forgingPeer (conn: Connection, initiator: boolean, claimed: Identity, signer: Identity, signedStaticKey?: Uint8Array): void {
  const random = new SeededRandom(99)
  const staticKey = x25519KeyPair(random.bytes(32))
  const handshake = new XxHandshake({ initiator, prologue: NOISE_PROLOGUE, staticKey, ephemeralKey: x25519KeyPair(random.bytes(32)) })
  const signature = signer.sign(Buffer.concat([NOISE_STATIC_KEY_SIGNATURE_PREFIX, signedStaticKey ?? staticKey.publicKey]))
  const payload = NoiseHandshakePayload.encode({ identityKey: Uint8Array.from(claimed.publicKey), identitySig: Uint8Array.from(signature) })
  const decoder = new RecordDecoder((record) => {
    handshake.readMessage(record)
    if (handshake.isMyTurn) conn.write(frameRecord(handshake.writeMessage(payload)))
  })
  conn.setHandlers({ onData: (c) => decoder.push(c), onDrain: () => {}, onClose: () => {} })
  if (initiator) conn.write(frameRecord(handshake.writeMessage(new Uint8Array(0))))
}

test('a payload signed by a different key fails with INVALID_SIGNATURE (both directions)', async () => {
  for (const honestIsInitiator of [true, false]) {
    const link = memoryLink()
    const honest = noise(alice, 10)
    const result = Promise.allSettled([honestIsInitiator ? honest.secureOutbound(link.a) : honest.secureInbound(link.a)])
    forgingPeer(link.b, !honestIsInitiator, bob, mallory)
    await link.clock.advance(20)
    assert.equal(rejectionCode((await result)[0]), 'INVALID_SIGNATURE')
  }
})

test('a valid signature over another Noise static key (replayed payload) fails with INVALID_SIGNATURE', async () => {
  const link = memoryLink()
  const result = Promise.allSettled([noise(alice, 10).secureOutbound(link.a)])
  forgingPeer(link.b, false, bob, bob, noise(bob, 20).staticPublicKey)
  await link.clock.advance(20)
  assert.equal(rejectionCode((await result)[0]), 'INVALID_SIGNATURE')
})

test('an invalid identity key in the payload fails with INVALID_PUBLIC_KEY', async () => {
  const link = memoryLink()
  const result = Promise.allSettled([noise(alice, 10).secureOutbound(link.a)])
  const badKey = { ...bob, publicKey: new Uint8Array(32) } // all zeros: small order, refused
  forgingPeer(link.b, false, badKey, bob)
  await link.clock.advance(20)
  assert.equal(rejectionCode((await result)[0]), 'INVALID_PUBLIC_KEY')
})

test('abort: an aborted signal fails the upgrade with ABORTED and destroys the connection', async () => {
  const link = memoryLink()
  const atB = new Collector(link.b) // never answers
  const controller = new AbortController()
  const result = Promise.allSettled([noise(alice, 10).secureOutbound(link.a, { signal: controller.signal })])
  await link.clock.advance(5)
  controller.abort(new Error('handshake timeout'))
  assert.equal(rejectionCode((await result)[0]), 'ABORTED')
  await link.clock.advance(5)
  assert.ok(atB.closed, 'the peer sees the connection go away')

  const link2 = memoryLink()
  const atB2 = new Collector(link2.b)
  const early = await Promise.allSettled([noise(alice, 10).secureInbound(link2.a, { signal: AbortSignal.abort() })])
  assert.equal(rejectionCode(early[0]), 'ABORTED')
  await link2.clock.advance(5)
  assert.ok(atB2.closed)
})

test('a declared handshake length above the limit is refused before its body is buffered', async () => {
  const link = memoryLink()
  new Collector(link.b)
  const result = Promise.allSettled([noise(bob, 20, 1024).secureInbound(link.a)])
  link.b.write(Uint8Array.from([0x04, 0x01])) // declares 1025 bytes; no body follows and the link stays open
  await link.clock.advance(5)
  assert.equal(rejectionCode((await result)[0]), 'NOISE_RECORD_TOO_LARGE')
  assert.throws(() => noise(bob, 20, 70_000), RangeError)
})

test('the peer closing mid-handshake fails with CONNECTION_CLOSED', async () => {
  const link = memoryLink()
  new Collector(link.b)
  const result = Promise.allSettled([noise(alice, 10).secureOutbound(link.a)])
  link.b.write(Uint8Array.from([0x00, 0x50, 1, 2, 3])) // a message that never completes
  link.b.close()
  await link.clock.advance(5)
  assert.equal(rejectionCode((await result)[0]), 'CONNECTION_CLOSED')
})

test('backpressure: write() returns false at the high-water mark and onDrain follows once the peer reads', async () => {
  const link = memoryLink()
  const [out, inn] = await upgradePair(noise(alice, 10), noise(bob, 20), link)
  const a = fulfilled(out).conn
  const atA = new Collector(a)
  const b = fulfilled(inn).conn
  const atB = new Collector(b)
  b.pause()
  const chunk = patternBytes(64 * 1024, 3)
  let written = 0
  while (a.write(chunk)) written++
  written++
  assert.ok(a.bufferedAmount >= 1024 * 1024)
  assert.ok(written >= 15 && written <= 17, `wrote ${written} chunks before false`)
  await link.clock.advance(10)
  assert.equal(atB.chunks.length, 0, 'a paused reader gets nothing')
  assert.equal(atA.drains, 0)
  b.resume()
  await link.clock.advance(10)
  assert.equal(atA.drains, 1)
  assert.equal(atB.bytes.length, written * chunk.length)
})

test('data that arrives before the owner sets handlers is held, in order, and so is the close', async () => {
  const link = memoryLink()
  const [out, inn] = await upgradePair(noise(alice, 10), noise(bob, 20), link)
  const a = fulfilled(out).conn
  new Collector(a)
  a.write(Buffer.from('early '))
  a.write(Buffer.from('bird'))
  a.close()
  await link.clock.advance(20)
  const atB = new Collector(fulfilled(inn).conn)
  assert.equal(atB.bytes.toString(), 'early bird')
  assert.ok(atB.closed)
  assert.equal(atB.closeError, undefined)
})
