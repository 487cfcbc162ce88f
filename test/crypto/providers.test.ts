// The two crypto providers (node:crypto for Node, @noble/* for the browser) are
// interchangeable: each reproduces every docs/PROTOCOL.md vector (the full Noise
// transcript with identity signatures), a handshake between one side on each completes,
// and on random inputs (fast-check) they agree byte for byte on SHA-256, HMAC, X25519,
// ChaCha20-Poly1305 and Ed25519, and on what they refuse.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { nodeCrypto } from '../../src/crypto/node-crypto.js'
import { nobleCrypto } from '../../src/crypto/noble-crypto.js'
import type { CryptoProvider } from '../../src/crypto/types.js'
import { XxHandshake } from '../../src/secure/xx-handshake.js'
import { x25519KeyPair } from '../../src/secure/x25519.js'
import { NOISE_PROLOGUE } from '../../src/secure/noise-upgrader.js'
import { protocolVectors } from '../wire/protocol-vectors.js'

const providers = [nodeCrypto, nobleCrypto]
const bytes = (n: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: n, maxLength: n })

test('both providers reproduce every test vector of docs/PROTOCOL.md (keys, signatures, the Noise transcript, the first record)', () => {
  const doc = readFileSync(new URL('../../docs/PROTOCOL.md', import.meta.url), 'utf8')
  const published = new Map(/```vectors\n([\s\S]*?)```/.exec(doc)![1]!.trim().split('\n').map((line) => line.split(': ') as [string, string]))
  for (const crypto of providers) {
    for (const [name, value] of protocolVectors(crypto)) assert.equal(value, published.get(name), `${crypto.name}: ${name}`)
  }
})

/** A full XX handshake, initiator on one provider and responder on another; the transcript and both transport directions. */
function handshake (init: CryptoProvider, resp: CryptoProvider, keys: Uint8Array[], payloads: Uint8Array[]): Buffer[] {
  const initiator = new XxHandshake({ initiator: true, prologue: NOISE_PROLOGUE, staticKey: x25519KeyPair(keys[0]!, init), ephemeralKey: x25519KeyPair(keys[1]!, init), crypto: init })
  const responder = new XxHandshake({ initiator: false, prologue: NOISE_PROLOGUE, staticKey: x25519KeyPair(keys[2]!, resp), ephemeralKey: x25519KeyPair(keys[3]!, resp), crypto: resp })
  const m1 = initiator.writeMessage(new Uint8Array(0))
  responder.readMessage(m1)
  const m2 = responder.writeMessage(payloads[0]!)
  assert.deepEqual(initiator.readMessage(m2), Buffer.from(payloads[0]!))
  const m3 = initiator.writeMessage(payloads[1]!)
  assert.deepEqual(responder.readMessage(m3), Buffer.from(payloads[1]!))
  assert.deepEqual(Buffer.from(initiator.handshakeHash), Buffer.from(responder.handshakeHash))
  const a = initiator.split()
  const b = responder.split()
  const up = a.send.encryptWithAd(new Uint8Array(0), payloads[2]!)
  assert.deepEqual(b.receive.decryptWithAd(new Uint8Array(0), up), Buffer.from(payloads[2]!))
  const down = b.send.encryptWithAd(new Uint8Array(0), payloads[1]!)
  assert.deepEqual(a.receive.decryptWithAd(new Uint8Array(0), down), Buffer.from(payloads[1]!))
  return [m1, m2, m3, up, down, Buffer.from(initiator.handshakeHash)]
}

test('Noise XX between a node:crypto side and a noble side completes, with the transcript each gives alone (fast-check)', () => {
  fc.assert(fc.property(fc.array(bytes(32), { minLength: 4, maxLength: 4 }), fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 3, maxLength: 3 }), (keys, payloads) => {
    const reference = handshake(nodeCrypto, nodeCrypto, keys, payloads)
    assert.deepEqual(handshake(nobleCrypto, nobleCrypto, keys, payloads), reference)
    assert.deepEqual(handshake(nodeCrypto, nobleCrypto, keys, payloads), reference)
    assert.deepEqual(handshake(nobleCrypto, nodeCrypto, keys, payloads), reference)
  }), { numRuns: 40 })
})

test('the providers agree on SHA-256, HMAC-SHA256 and X25519, and both refuse small-order X25519 keys', () => {
  fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 4 }), bytes(32), bytes(32), bytes(32), (parts, key, secret, other) => {
    assert.deepEqual(nobleCrypto.sha256(...parts), nodeCrypto.sha256(...parts))
    assert.deepEqual(nobleCrypto.hmacSha256(key, ...parts), nodeCrypto.hmacSha256(key, ...parts))
    const remote = nodeCrypto.x25519KeyPair(other).publicKey
    assert.deepEqual(Buffer.from(nobleCrypto.x25519KeyPair(secret).publicKey), Buffer.from(nodeCrypto.x25519KeyPair(secret).publicKey))
    assert.deepEqual(nobleCrypto.x25519(nobleCrypto.x25519KeyPair(secret), remote), nodeCrypto.x25519(nodeCrypto.x25519KeyPair(secret), remote))
  }), { numRuns: 200 })
  const smallOrder = [new Uint8Array(32), Uint8Array.of(1, ...new Uint8Array(31)), Buffer.from('e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800', 'hex')]
  for (const crypto of providers) {
    const pair = crypto.x25519KeyPair(new Uint8Array(32).fill(7))
    for (const key of [...smallOrder, new Uint8Array(31)]) assert.throws(() => crypto.x25519(pair, key), `${crypto.name} accepted ${Buffer.from(key).toString('hex')}`)
  }
})

test('the providers agree on ChaCha20-Poly1305 seals, and both refuse any altered byte', () => {
  fc.assert(fc.property(bytes(32), bytes(12), fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 2000 }), fc.nat(), (key, nonce, ad, plaintext, flip) => {
    const sealed = providers.map((c) => {
      const out = new Uint8Array(plaintext.length + 16 + 3)
      c.chachaSeal(key, nonce, ad, plaintext, out, 3)
      return Buffer.from(out.subarray(3))
    })
    assert.deepEqual(sealed[1], sealed[0])
    for (const c of providers) assert.deepEqual(c.chachaOpen(key, nonce, ad, sealed[0]!), Buffer.from(plaintext))
    const bad = Buffer.from(sealed[0]!)
    bad[flip % bad.length]! ^= 1
    for (const c of providers) assert.throws(() => c.chachaOpen(key, nonce, ad, bad), c.name)
  }), { numRuns: 200 })
})

test('the providers agree on Ed25519 signatures and on which signatures verify', () => {
  fc.assert(fc.property(bytes(32), fc.uint8Array({ maxLength: 300 }), fc.nat(), (seed, message, flip) => {
    const publicKey = nodeCrypto.ed25519PublicKey(seed)
    assert.deepEqual(Buffer.from(nobleCrypto.ed25519PublicKey(seed)), Buffer.from(publicKey))
    const signature = nodeCrypto.ed25519Signer(seed)(message)
    assert.deepEqual(nobleCrypto.ed25519Signer(seed)(message), signature)
    const altered = Buffer.from(signature)
    altered[flip % 64]! ^= 1 << (flip % 8)
    for (const c of providers) {
      assert.equal(c.ed25519Verify(publicKey, message, signature), true, c.name)
      assert.equal(c.ed25519Verify(publicKey, message, altered), false, c.name)
      assert.equal(c.ed25519Verify(publicKey, Buffer.concat([message, Uint8Array.of(0)]), signature), false, c.name)
      assert.equal(c.ed25519Verify(publicKey.subarray(1), message, signature), false, c.name)
    }
  }), { numRuns: 100 })
})
