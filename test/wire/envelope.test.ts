// The envelope: hand-written frame encoding equals the generated codec; msg_hash; type checks.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { decodeEnvelope, encodeFrame, messageHash } from '../../src/wire/envelope.js'
import { Message } from '../../src/wire/gen/kuber.js'
import { WireError } from '../../src/errors.js'

test('encodeFrame writes the generated protobuf envelope behind a 4-byte length', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 255 }), fc.uint8Array({ maxLength: 70000 }), (type, payload) => {
    const frame = encodeFrame(type, payload)
    const body = frame.subarray(4)
    assert.equal(Buffer.from(frame).readUInt32BE(0), body.length)
    assert.deepEqual(Uint8Array.from(body), Message.encode({ type, payload }))
    const env = decodeEnvelope(body)
    assert.equal(env.type, type)
    assert.deepEqual(Uint8Array.from(env.payload), payload)
  }), { numRuns: 200 })
})

test('msg_hash = SHA-256(type || payload)', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 255 }), fc.uint8Array({ maxLength: 500 }), (type, payload) => {
    const expected = createHash('sha256').update(Buffer.concat([Buffer.of(type), payload])).digest()
    assert.deepEqual(messageHash(type, payload), expected)
  }))
})

test('type 0 and types above 255 are INVALID_MESSAGE_TYPE', () => {
  for (const type of [0, 256, 1000]) {
    assert.throws(() => decodeEnvelope(Message.encode({ type, payload: Buffer.of(1) })),
      (e: unknown) => e instanceof WireError && e.code === 'INVALID_MESSAGE_TYPE')
    assert.throws(() => encodeFrame(type, Buffer.of(1)), (e: unknown) => e instanceof WireError && e.code === 'INVALID_MESSAGE_TYPE')
  }
})

test('random bytes into the envelope decoder give an envelope or WireError only', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
    try {
      const env = decodeEnvelope(bytes)
      assert.ok(env.type >= 1 && env.type <= 255)
    } catch (e) {
      assert.ok(e instanceof WireError, String(e))
    }
  }), { numRuns: 2000 })
})
