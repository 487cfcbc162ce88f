// The codec as an independent peer meets it over real TCP: payloads written by hand (not by
// our encoder) and answers read with protobufjs. A uint64 in [2^31, 2^32) must come back
// exactly (it once came back with leftover buffer bytes), and a packed repeated field (how
// proto3 writers send `repeated uint32`) must be answered, not penalised.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import protobuf from 'protobufjs'
import { startNode } from '../helpers/nodes.js'
import { handshakenRawPeer } from '../helpers/raw-peer.js'
import { makeBlock, makeTx } from '../helpers/chain-net.js'
import { MessageType } from '../../src/wire/codecs.js'

const proto = protobuf.parse(readFileSync(new URL('../../proto/kuber.proto', import.meta.url), 'utf8')).root


test('Ping{nonce: 0xdeadbeef} written by hand gets a Pong that protobufjs decodes to the same nonce', async () => {
  const a = await startNode()
  try {
    const p = await handshakenRawPeer(a)
    for (const [nonce, payload] of [[0xdeadbeefn, '08effdb6f50d'], [0x80000000n, '088080808008'], [2n ** 64n - 1n, '08ffffffffffffffffff01']] as const) {
      p.received.length = 0
      p.send(MessageType.PING, Buffer.from(payload, 'hex'))
      const pong = await p.waitFor(MessageType.PONG)
      assert.equal(Buffer.from(pong.payload).toString('hex'), payload, 'the Pong payload is the canonical encoding')
      const decoded = proto.lookupType('Pong').decode(pong.payload) as unknown as { nonce: protobuf.Long }
      assert.equal(BigInt(decoded.nonce.toString()), nonce)
    }
    assert.equal(a.stats.penalties.get('MALFORMED_MESSAGE') ?? 0, 0)
  } finally {
    await a.stop()
  }
})

test('a packed GetBlockTxs (1a03000102, as protobufjs writes it) is answered with the transactions, not penalised', async () => {
  const a = await startNode()
  try {
    const p = await handshakenRawPeer(a)
    const txs = [makeTx(1), makeTx(2), makeTx(3)]
    const hash = a.publishBlock(makeBlock(1, txs))
    const scoreBefore = a.scorer.score(p.identity.peerId)
    // GetBlockTxs{height: 1, block_hash, indexes: [0, 1, 2]}, indexes packed
    const payload = Buffer.concat([Buffer.from('0801', 'hex'), Buffer.from([0x12, 32]), hash, Buffer.from('1a03000102', 'hex')])
    p.send(MessageType.GET_BLOCK_TXS, payload)
    const reply = await p.waitFor(MessageType.BLOCK_TXS)
    const decoded = proto.lookupType('BlockTxs').decode(reply.payload) as unknown as { indexes: number[], txs: Uint8Array[], blockHash: Uint8Array }
    assert.deepEqual(decoded.indexes, [0, 1, 2])
    assert.deepEqual(decoded.txs.map((t) => Buffer.from(t).toString('hex')), txs.map((t) => Buffer.from(t).toString('hex')))
    assert.ok(Buffer.from(reply.payload).includes(Buffer.from('1a03000102', 'hex')), 'our reply packs indexes too')
    assert.equal(a.stats.penalties.get('MALFORMED_MESSAGE') ?? 0, 0)
    assert.ok(a.scorer.score(p.identity.peerId) >= scoreBefore, 'not penalised')
    assert.equal(p.isClosed(), false)
  } finally {
    await a.stop()
  }
})
