// The wire codecs against protobufjs (an independent implementation of the same .proto):
// ≥ 10,000 differential cases per decoder, both directions (test/helpers/codec-differential.ts);
// `npm run fuzz -- --runs N` runs the same cases at any scale.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decoders, runDecoder } from '../helpers/codec-differential.js'

const RUNS = Number(process.env.CODEC_CASES ?? 10_000)

for (const d of decoders) {
  test(`${d.name}: ${RUNS} differential cases against protobufjs, 0 crashes, 0 mismatches`, () => {
    const report = runDecoder(d, RUNS, 8)
    assert.equal(report.cases, RUNS)
    assert.deepEqual(report.examples, [], `${report.crashes} crashes, ${report.mismatches} mismatches`)
  })
}
