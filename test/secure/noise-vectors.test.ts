// The hand-written Noise XX (x25519.ts, cipher-state.ts, symmetric-state.ts,
// xx-handshake.ts) checked byte for byte against a published cacophony test vector,
// plus the CipherState rules the vector cannot reach (nonce exhaustion, failed tags).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { XxHandshake, NOISE_XX_PROTOCOL_NAME } from '../../src/secure/xx-handshake.js'
import { x25519KeyPair } from '../../src/secure/x25519.js'
import { CipherState } from '../../src/secure/cipher-state.js'
import { PieceCursor } from '../../src/secure/record-codec.js'
import { SecureChannelError, errorCode } from '../../src/errors.js'
import { cacophonyXx25519ChaChaPolySha256 as vector } from './fixtures/cacophony-xx.js'

const hex = (s: string): Buffer => Buffer.from(s, 'hex')

test('vector: Noise_XX_25519_ChaChaPoly_SHA256 handshake and transport messages match byte for byte', () => {
  assert.equal(vector.name, NOISE_XX_PROTOCOL_NAME)
  const initiator = new XxHandshake({
    initiator: true,
    prologue: hex(vector.init_prologue),
    staticKey: x25519KeyPair(hex(vector.init_static)),
    ephemeralKey: x25519KeyPair(hex(vector.init_ephemeral))
  })
  const responder = new XxHandshake({
    initiator: false,
    prologue: hex(vector.resp_prologue),
    staticKey: x25519KeyPair(hex(vector.resp_static)),
    ephemeralKey: x25519KeyPair(hex(vector.resp_ephemeral))
  })
  const handshake = vector.messages.slice(0, 3)
  handshake.forEach((m, i) => {
    const [writer, reader] = i % 2 === 0 ? [initiator, responder] : [responder, initiator]
    const written = writer.writeMessage(hex(m.payload))
    assert.equal(written.toString('hex'), m.ciphertext, `handshake message ${i}`)
    assert.equal(reader.readMessage(written).toString('hex'), m.payload, `handshake payload ${i}`)
  })
  assert.ok(initiator.isComplete && responder.isComplete)
  assert.deepEqual(initiator.handshakeHash, responder.handshakeHash)
  assert.deepEqual(initiator.remoteStaticKey, x25519KeyPair(hex(vector.resp_static)).publicKey)
  assert.deepEqual(responder.remoteStaticKey, x25519KeyPair(hex(vector.init_static)).publicKey)

  const ini = initiator.split()
  const res = responder.split()
  vector.messages.slice(3).forEach((m, j) => {
    const i = j + 3
    const [send, receive] = i % 2 === 0 ? [ini.send, res.receive] : [res.send, ini.receive]
    const sealed = send.encryptWithAd(new Uint8Array(0), hex(m.payload))
    assert.equal(sealed.toString('hex'), m.ciphertext, `transport message ${i}`)
    assert.equal(receive.openRecord(sealed).toString('hex'), m.payload, `transport payload ${i}`)
  })
})

test('vector: the record path (sealRecord from pieces) produces the published transport bytes', () => {
  // Same handshake, then the transport messages sealed through sealRecord with the payload split in pieces.
  const keys = (i: boolean) => ({
    staticKey: x25519KeyPair(hex(i ? vector.init_static : vector.resp_static)),
    ephemeralKey: x25519KeyPair(hex(i ? vector.init_ephemeral : vector.resp_ephemeral))
  })
  const initiator = new XxHandshake({ initiator: true, prologue: hex(vector.init_prologue), ...keys(true) })
  const responder = new XxHandshake({ initiator: false, prologue: hex(vector.resp_prologue), ...keys(false) })
  responder.readMessage(initiator.writeMessage(hex(vector.messages[0]!.payload)))
  initiator.readMessage(responder.writeMessage(hex(vector.messages[1]!.payload)))
  responder.readMessage(initiator.writeMessage(hex(vector.messages[2]!.payload)))
  const ini = initiator.split()
  const res = responder.split()
  const cursor = new PieceCursor()
  vector.messages.slice(3).forEach((m, j) => {
    const send = (j + 3) % 2 === 0 ? ini.send : res.send
    const payload = hex(m.payload)
    cursor.reset([payload.subarray(0, 3), payload.subarray(3, 4), payload.subarray(4)])
    const out = Buffer.alloc(payload.length + 16)
    send.sealRecord(out, 0, cursor, payload.length)
    assert.equal(out.toString('hex'), m.ciphertext)
  })
})

test('vector: a flipped bit in any handshake message is refused with a typed error', () => {
  for (let target = 0; target < 3; target++) {
    const len = hex(vector.messages[target]!.ciphertext).length
    for (const flip of [0, 31, 32, len - 17, len - 1]) {
      const initiator = new XxHandshake({ initiator: true, prologue: hex(vector.init_prologue), staticKey: x25519KeyPair(hex(vector.init_static)), ephemeralKey: x25519KeyPair(hex(vector.init_ephemeral)) })
      const responder = new XxHandshake({ initiator: false, prologue: hex(vector.resp_prologue), staticKey: x25519KeyPair(hex(vector.resp_static)), ephemeralKey: x25519KeyPair(hex(vector.resp_ephemeral)) })
      try {
        for (let i = 0; i < 3; i++) {
          const [w, r] = i % 2 === 0 ? [initiator, responder] : [responder, initiator]
          const msg = w.writeMessage(hex(vector.messages[i]!.payload))
          if (i === target) msg[flip]! ^= 0x01
          r.readMessage(msg)
        }
        // Message 1 is unauthenticated: tampering with it only shows in later messages. Flipping payload bytes
        // of message 1 makes h differ, so message 2 fails; every case must fail somewhere.
        assert.fail(`tampering message ${target} byte ${flip} went unnoticed`)
      } catch (err) {
        assert.ok(err instanceof SecureChannelError, String(err))
        assert.ok(['NOISE_HANDSHAKE_FAILED', 'INVALID_PUBLIC_KEY'].includes(errorCode(err)!), String(err))
      }
    }
  }
})

test('CipherState: nonce 2^64-1 is reserved: the last usable nonce is 2^64-2, then encryption and decryption stop', () => {
  const key = Buffer.alloc(32, 7)
  const sender = new CipherState(key)
  const receiver = new CipherState(key)
  sender.setNonce(2n ** 64n - 2n)
  receiver.setNonce(2n ** 64n - 2n)
  const sealed = sender.encryptWithAd(new Uint8Array(0), Buffer.from('last'))
  assert.equal(receiver.openRecord(sealed).toString(), 'last')
  assert.equal(sender.nonceValue, 2n ** 64n - 1n)
  assert.throws(() => sender.encryptWithAd(new Uint8Array(0), Buffer.from('x')), (e) => e instanceof SecureChannelError)
  assert.throws(() => receiver.openRecord(sealed), (e) => errorCode(e) === 'NOISE_DECRYPT_FAILED')
})

test('CipherState: the nonce carries from the low into the high 32 bits', () => {
  const key = Buffer.alloc(32, 9)
  const a = new CipherState(key)
  const b = new CipherState(key)
  a.setNonce(0xffffffffn)
  b.setNonce(0xffffffffn)
  for (let i = 0; i < 3; i++) assert.equal(b.openRecord(a.encryptWithAd(new Uint8Array(0), Buffer.from([i])))[0], i)
  assert.equal(a.nonceValue, 0x100000002n)
})

test('CipherState: a failed tag does not advance the nonce; short records are refused', () => {
  const key = Buffer.alloc(32, 1)
  const a = new CipherState(key)
  const b = new CipherState(key)
  const sealed = a.encryptWithAd(new Uint8Array(0), Buffer.from('hello'))
  const bad = Buffer.from(sealed)
  bad[0]! ^= 0x80
  assert.throws(() => b.openRecord(bad), (e) => errorCode(e) === 'NOISE_DECRYPT_FAILED')
  assert.equal(b.nonceValue, 0n)
  assert.equal(b.openRecord(sealed).toString(), 'hello')
  assert.throws(() => b.openRecord(new Uint8Array(15)), (e) => errorCode(e) === 'NOISE_DECRYPT_FAILED')
})
