// Hostile gossip over real TCP, from a raw peer that writes its frames by hand (issue 8
// items 4 and 6): a block re-sent again and again is duplicate spam (penalised,
// disconnected with duplicate_block_spam) and is delivered once; one IWANT naming the
// same id 5 000 times is answered once, penalised and disconnected.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startNode, waitUntil } from '../helpers/nodes.js'
import { handshakenRawPeer } from '../helpers/raw-peer.js'
import { handBlockMessage, handCompactBlock, handFrame, handHashes } from '../helpers/hand-proto.js'
import { merkleRoot } from '../../src/protocols/blocks/block-hash.js'
import { sha256 } from '../../src/wire/hash.js'
import { MessageType } from '../../src/wire/codecs.js'
import { makeTx, makeVote } from '../helpers/chain-net.js'
import { Capability } from '../../src/session/hello.js'

test('one valid 1.9 MB block re-sent by the same peer: delivered once, then duplicate spam disconnects the sender', async () => {
  const a = await startNode({ pex: false })
  try {
    let delivered = 0
    a.on('block', () => { delivered++ })
    const p = await handshakenRawPeer(a)
    const txs = Array.from({ length: 19 }, (_, i) => makeTx(i, 100_000))
    const header = { height: 1, parentHash: Buffer.alloc(32, 1), proposer: Buffer.alloc(32, 2), timestamp: 1_700_000_000_000, txRoot: merkleRoot(txs.map(sha256)), appHash: Buffer.alloc(32) }
    const frame = handFrame(MessageType.BLOCK, handBlockMessage(header, txs))
    assert.ok(frame.length > 1_900_000 && frame.length < 2 * 1024 * 1024)
    const gossip = a.chain.gossip.counters
    for (let i = 1; i <= 40 && !p.isClosed(); i++) {
      p.sendRaw(frame)
      await waitUntil(() => gossip.received >= i || p.isClosed(), 10_000, `copy ${i} processed`)
    }
    await waitUntil(() => p.isClosed(), 5000, 'the spammer is disconnected')
    const allowed = a.config.gossip.maxRepeatsPerPeer
    assert.equal(gossip.received, allowed + 2, 'the first copy, the tolerated repeats, and the one that crossed the line')
    assert.equal(gossip.repeats, allowed + 1)
    assert.equal(delivered, 1)
    assert.equal(a.stats.disconnects.get('duplicate_block_spam'), 1)
    assert.equal(a.stats.penalties.get('DUPLICATE_MESSAGE'), 1)
    assert.equal(a.stats.drops.get('repeated'), allowed + 1)
    assert.ok(a.scorer.score(p.identity.peerId) < 50)
  } finally {
    await a.stop()
  }
})

test('the same compact block re-sent by one peer is counted as a repeat and, past the threshold, disconnects it', async () => {
  const a = await startNode({ pex: false })
  try {
    let delivered = 0
    a.on('block', () => { delivered++ })
    const p = await handshakenRawPeer(a, 7 | Capability.COMPACT_BLOCKS)
    const header = { height: 2, parentHash: Buffer.alloc(32, 3), proposer: Buffer.alloc(32, 4), timestamp: 1_700_000_000_000, txRoot: merkleRoot([]), appHash: Buffer.alloc(32) }
    const frame = handFrame(MessageType.COMPACT_BLOCK, handCompactBlock(header, []))
    for (let i = 0; i < 30 && !p.isClosed(); i++) p.sendRaw(frame)
    await waitUntil(() => p.isClosed(), 5000, 'disconnected')
    assert.equal(delivered, 1, 'rebuilt from the mempool (no transactions) and delivered once')
    assert.equal(a.chain.gossip.counters.repeats, a.config.gossip.maxRepeatsPerPeer + 1)
    assert.equal(a.stats.disconnects.get('duplicate_block_spam'), 1)
  } finally {
    await a.stop()
  }
})

test('one IWANT naming the same id 5 000 times is answered once, penalised, and ends in a disconnect', async () => {
  const a = await startNode({ pex: false })
  try {
    const p = await handshakenRawPeer(a)
    const id = a.publishVote(makeVote(1, 1))
    await p.waitFor(MessageType.VOTE) // the raw peer is in the eager set: pushed at once
    p.sendRaw(handFrame(MessageType.GOSSIP_IWANT, handHashes(Array.from({ length: 5000 }, () => id))))
    await waitUntil(() => p.isClosed(), 5000, 'disconnected')
    const gossip = a.chain.gossip.counters
    assert.equal(gossip.iwant.served, 1)
    assert.equal(gossip.iwant.repeats, 4999)
    assert.ok(p.received.filter((e) => e.type === MessageType.VOTE).length <= 2, 'the push and at most one answer')
    assert.equal(a.stats.penalties.get('DUPLICATE_REQUEST'), 1)
    assert.equal(a.stats.disconnects.get('duplicate_block_spam'), 1)
  } finally {
    await a.stop()
  }
})
