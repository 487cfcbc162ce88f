// Every wire message: encode/decode round trips, and random bytes into every decoder
// produce a value or a WireError, nothing else (fast-check).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { MAX_RANGE_BLOCKS, Messages, decodeBlock, decodePayload, encodePayload, type MessageSpec } from '../../src/wire/codecs.js'
import * as pb from '../../src/wire/gen/kuber.js'
import { HelloStatus } from '../../src/wire/gen/kuber.js'
import { WireError } from '../../src/errors.js'

const bytes = (max = 64): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength: max }).map((b) => Uint8Array.from(b))
const u53 = fc.nat({ max: Number.MAX_SAFE_INTEGER })
const u32 = fc.nat({ max: 0xffffffff })
const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })
const hashes = fc.array(bytes(32), { maxLength: 20 })
const header = fc.record({ height: u53, parentHash: bytes(32), proposer: bytes(32), timestamp: u53, txRoot: bytes(32), appHash: bytes(32), round: u53, lastCommitHash: bytes(32) })
const commit = fc.record({ height: u53, round: u53, blockHash: bytes(32), signatures: fc.array(fc.record({ validatorIndex: u32, signature: bytes(64) }), { maxLength: 5 }) })
const block = fc.record({ header, txs: fc.array(bytes(100), { maxLength: 10 }), lastCommit: fc.option(commit, { nil: undefined }), proposerSignature: bytes(64) })
const peerRecord = fc.record({
  peerId: bytes(32), address: fc.string(), publicKey: bytes(32), latestHeight: u53,
  score: fc.double({ noNaN: true }), flags: u32, lastSeen: u53
})

const arbitraries: Array<[MessageSpec<any>, fc.Arbitrary<any>]> = [
  [Messages.hello, fc.record({ nodeId: bytes(32), protocolVersion: fc.nat({ max: 65535 }), chainId: fc.string(), latestHeight: u53, capabilities: u53, timestamp: u53, listenAddr: fc.string() })],
  [Messages.helloAck, fc.record({ status: fc.constantFrom(...Object.values(HelloStatus).filter((v) => typeof v === 'string')) })],
  [Messages.ping, fc.record({ nonce: u64 })],
  [Messages.pong, fc.record({ nonce: u64 })],
  [Messages.peerList, fc.record({ peers: fc.array(peerRecord, { maxLength: 5 }) })],
  [Messages.peerListRequest, fc.record({ maxPeers: u32 })],
  [Messages.block, fc.record({ block })],
  [Messages.blockRequest, fc.record({ height: u53, count: u32, maxBytes: u32 })],
  [Messages.blockResponse, fc.record({ block: fc.option(block, { nil: undefined }), height: u53, blocks: fc.array(bytes(200), { maxLength: 5 }), commit: fc.option(commit, { nil: undefined }), latestHeight: u53, base: u53, busy: fc.boolean() })],
  [Messages.blockStatusRequest, fc.record({})],
  [Messages.blockStatus, fc.record({ height: u53, base: u53 })],
  [Messages.vote, fc.record({ height: u53, round: u53, voteType: fc.nat({ max: 255 }), voter: bytes(32), signature: bytes(64), blockHash: bytes(32) })],
  [Messages.stateSyncRequest, fc.record({ stateRoot: bytes(32), chunkId: u32 })],
  [Messages.stateSyncChunk, fc.record({ chunkId: u32, totalChunks: u32, data: bytes(300), stateRoot: bytes(32) })],
  [Messages.tx, fc.record({ txHash: bytes(32), txBytes: bytes(300) })],
  [Messages.gossipIHave, fc.record({ msgHashes: hashes })],
  [Messages.gossipIWant, fc.record({ msgHashes: hashes })],
  [Messages.gossipIDontWant, fc.record({ msgHashes: hashes })],
  [Messages.gossipGraft, fc.record({})],
  [Messages.gossipPrune, fc.record({})],
  [Messages.compactBlock, fc.record({ header, txHashes: hashes, lastCommit: fc.option(commit, { nil: undefined }), proposerSignature: bytes(64) })],
  [Messages.getBlockTxs, fc.record({ height: u53, blockHash: bytes(32), indexes: fc.array(u32, { maxLength: 20 }) })],
  [Messages.blockTxs, fc.record({ height: u53, blockHash: bytes(32), indexes: fc.array(u32, { maxLength: 20 }), txs: fc.array(bytes(50), { maxLength: 20 }) })]
]

test('every message type has a round-trip property', () => {
  assert.equal(arbitraries.length, Object.keys(Messages).length)
})

for (const [message, arb] of arbitraries) {
  test(`${message.name}: decode(encode(x)) = x`, () => {
    fc.assert(fc.property(arb, (value) => {
      const decoded = decodePayload(message, encodePayload(message, value))
      assert.deepEqual(normalise(decoded), normalise(value))
    }), { numRuns: 150 })
  })

  test(`${message.name}: random bytes decode to a value or a WireError`, () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (input) => {
      try {
        decodePayload(message, input)
      } catch (e) {
        assert.ok(e instanceof WireError && e.code === 'MALFORMED_MESSAGE', String(e))
      }
    }), { numRuns: 1500 })
  })
}

test('repeated fields are capped while decoding', () => {
  const many = Array.from({ length: 5001 }, () => Uint8Array.of(1))
  const encoded = encodePayload(Messages.gossipIHave, { msgHashes: many })
  assert.throws(() => decodePayload(Messages.gossipIHave, encoded), (e: unknown) => e instanceof WireError && e.code === 'MALFORMED_MESSAGE')
  const peers = Array.from({ length: 1001 }, () => ({ peerId: new Uint8Array(0), address: 'a:1', publicKey: new Uint8Array(0), latestHeight: 0, score: 0, flags: 0, lastSeen: 0 }))
  assert.throws(() => decodePayload(Messages.peerList, encodePayload(Messages.peerList, { peers })), WireError)
  const blocks = Array.from({ length: MAX_RANGE_BLOCKS + 1 }, () => Uint8Array.of(1))
  assert.throws(() => decodePayload(Messages.blockResponse, encodePayload(Messages.blockResponse, { height: 1, blocks })), WireError)
  assert.equal(decodePayload(Messages.blockResponse, encodePayload(Messages.blockResponse, { height: 1, blocks: blocks.slice(1) })).blocks.length, MAX_RANGE_BLOCKS)
})

test('a range answer\'s blocks decode one by one with the block limits', () => {
  assert.throws(() => decodeBlock(Uint8Array.of(0x0a, 0x05, 1)), (e: unknown) => e instanceof WireError && e.code === 'MALFORMED_MESSAGE')
  fc.assert(fc.property(block, (b) => {
    assert.deepEqual(normalise(decodeBlock(pb.Block.encode(b as pb.Block))), normalise(b))
  }), { numRuns: 100 })
})

/** Compare as plain data: byte arrays as arrays, -0 as 0 (protobuf drops the sign of a zero double), absent = undefined. */
function normalise (v: unknown): unknown {
  if (v instanceof Uint8Array) return Array.from(v)
  if (Array.isArray(v)) return v.map(normalise)
  if (typeof v === 'number' && Object.is(v, -0)) return 0
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, normalise(x)]))
  return v
}
