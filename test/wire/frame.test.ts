// FrameDecoder: frames survive any chunking; oversized, truncated and garbage input give WireError only.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { cutAt } from '../helpers/chunks.js'
import { FrameDecoder, MAX_FRAME_BYTES } from '../../src/wire/frame.js'
import { encodeFrame } from '../../src/wire/envelope.js'
import { WireError } from '../../src/errors.js'


test('frames arrive whole and in order however the stream is chunked', () => {
  fc.assert(fc.property(
    fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 20 }),
    fc.array(fc.nat(), { maxLength: 30 }),
    (payloads, cuts) => {
      const frames = payloads.map((p) => encodeFrame(7, p))
      const stream = Buffer.concat(frames)
      const got: Uint8Array[] = []
      const dec = new FrameDecoder((f) => got.push(Uint8Array.from(f)))
      for (const c of cutAt(stream, cuts)) dec.push(c)
      dec.end()
      assert.equal(got.length, frames.length)
      got.forEach((g, i) => assert.deepEqual(g, Uint8Array.from(frames[i]!.subarray(4))))
      assert.equal(dec.bufferedBytes, 0)
    }
  ))
})

test('a declared length over the limit is refused before any body byte is buffered', () => {
  const dec = new FrameDecoder(() => assert.fail('no frame expected'), 1024)
  const header = Buffer.alloc(4)
  header.writeUInt32BE(1025)
  assert.throws(() => dec.push(header), (e: unknown) => e instanceof WireError && e.code === 'FRAME_TOO_LARGE')
  assert.equal(dec.bufferedBytes, 0)
  assert.throws(() => dec.push(Buffer.alloc(10)), (e: unknown) => e instanceof WireError && e.code === 'FRAME_TOO_LARGE')
})

test('the default limit is 2 MiB and cannot be raised', () => {
  const dec = new FrameDecoder(() => {})
  const header = Buffer.alloc(4)
  header.writeUInt32BE(MAX_FRAME_BYTES + 1)
  assert.throws(() => dec.push(header), (e: unknown) => e instanceof WireError && e.code === 'FRAME_TOO_LARGE')
  assert.throws(() => new FrameDecoder(() => {}, MAX_FRAME_BYTES + 1), RangeError)
  const ok = new FrameDecoder(() => {})
  header.writeUInt32BE(MAX_FRAME_BYTES)
  ok.push(header)
  assert.equal(ok.bufferedBytes, 0, 'a 2 MiB frame is accepted (its buffer is allocated, not counted until filled)')
})

test('a stream that ends inside a frame is FRAME_TRUNCATED', () => {
  const frame = encodeFrame(3, Buffer.alloc(100, 1))
  for (const cut of [1, 3, 4, 50, frame.length - 1]) {
    const dec = new FrameDecoder(() => {})
    dec.push(frame.subarray(0, cut))
    assert.throws(() => dec.end(), (e: unknown) => e instanceof WireError && e.code === 'FRAME_TRUNCATED')
  }
})

test('random bytes into the frame decoder give frames or WireError, never anything else', () => {
  fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 10 }), fc.integer({ min: 1, max: 4096 }), (chunks, max) => {
    const dec = new FrameDecoder(() => {}, max)
    try {
      for (const c of chunks) dec.push(c)
      dec.end()
    } catch (e) {
      assert.ok(e instanceof WireError, String(e))
    }
  }))
})
