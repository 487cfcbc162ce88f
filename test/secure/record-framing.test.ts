// RecordDecoder: records survive any chunking (zero-copy when within a chunk); oversized
// declared lengths are refused at the header; frameRecord round-trips.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { cutAt } from '../helpers/chunks.js'
import { MAX_RECORD_BYTES, RecordDecoder, frameRecord } from '../../src/secure/record-framing.js'
import { SecureChannelError, errorCode } from '../../src/errors.js'


test('records arrive whole and in order however the stream is chunked', () => {
  fc.assert(fc.property(
    fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 20 }),
    fc.array(fc.nat(), { maxLength: 30 }),
    (records, cuts) => {
      const stream = Buffer.concat(records.map(frameRecord))
      const got: Uint8Array[] = []
      const decoder = new RecordDecoder((r) => got.push(Uint8Array.from(r)))
      for (const chunk of cutAt(stream, cuts)) decoder.push(chunk)
      assert.deepEqual(got, records.map((r) => Uint8Array.from(r)))
      assert.equal(decoder.hasPartialRecord, false)
    }
  ))
})

test('a record within one chunk is a subarray of it (no copy)', () => {
  const chunk = Buffer.concat([frameRecord(Buffer.from('abc')), frameRecord(Buffer.from('defg'))])
  const got: Uint8Array[] = []
  new RecordDecoder((r) => got.push(r)).push(chunk)
  assert.equal(got.length, 2)
  assert.equal(got[0]!.buffer, chunk.buffer)
  assert.equal(got[1]!.byteOffset, chunk.byteOffset + 7)
})

test('a declared length above the limit is refused at the header, before any body byte', () => {
  const decoder = new RecordDecoder(() => assert.fail('no record expected'), 100)
  decoder.push(Uint8Array.from([0])) // half a header: nothing to judge yet
  assert.equal(decoder.hasPartialRecord, true)
  assert.throws(() => decoder.push(Uint8Array.from([101])), (e) => e instanceof SecureChannelError && errorCode(e) === 'NOISE_RECORD_TOO_LARGE')
  decoder.push(new Uint8Array(1000)) // stopped: ignored, nothing buffered
  assert.equal(decoder.hasPartialRecord, false)
})

test('frameRecord refuses a message longer than 65535 bytes', () => {
  assert.equal(frameRecord(new Uint8Array(MAX_RECORD_BYTES)).length, MAX_RECORD_BYTES + 2)
  assert.throws(() => frameRecord(new Uint8Array(MAX_RECORD_BYTES + 1)), (e) => errorCode(e) === 'NOISE_RECORD_TOO_LARGE')
})
