// Range answers of block sync: BlockResponse.blocks holds at most MAX_RANGE_BLOCKS encoded
// blocks, and each entry decodes (decodeBlock) within the Block bounds or is a WireError.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { WireError } from '../../src/errors.js'
import { MAX_RANGE_BLOCKS, Messages, decodeBlock, decodePayload, encodePayload } from '../../src/wire/codecs.js'
import { Block } from '../../src/wire/gen/kuber.js'
import { makeChain } from '../helpers/sync-chain.js'

const malformed = (e: unknown): boolean => e instanceof WireError && e.code === 'MALFORMED_MESSAGE'

test('a range answer carries at most MAX_RANGE_BLOCKS blocks', () => {
  const blocks = Array.from({ length: MAX_RANGE_BLOCKS + 1 }, () => Uint8Array.of(1))
  assert.throws(() => decodePayload(Messages.blockResponse, encodePayload(Messages.blockResponse, { height: 1, blocks })), malformed)
  assert.equal(decodePayload(Messages.blockResponse, encodePayload(Messages.blockResponse, { height: 1, blocks: blocks.slice(1) })).blocks.length, MAX_RANGE_BLOCKS)
})

test('each entry decodes to its block, within the Block bounds; anything else is MALFORMED_MESSAGE', () => {
  for (const b of makeChain(5, 300)) assert.deepEqual(Block.encode(decodeBlock(Block.encode(b))), Block.encode(b))
  const bad = makeChain(1)[0]!
  bad.header!.parentHash = new Uint8Array(31) as Uint8Array<ArrayBuffer> // a hash of the wrong size
  assert.throws(() => decodeBlock(Block.encode(bad)), malformed)
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
    try { decodeBlock(bytes) } catch (e) { assert.ok(malformed(e), String(e)) }
  }), { numRuns: 2000 })
})
