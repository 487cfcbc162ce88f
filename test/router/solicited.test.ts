// Solicited traffic and the inbound message budget (issue 8.7): what a node asked a peer
// for is what that peer may send it, uncharged; everything else is charged. A node that
// pulls 1,000 transactions from an honest peer leaves it unpenalised; an unrequested flood
// of the same transactions is still rate-limited and penalised.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SimNetwork } from '../../src/sim/sim-network.js'
import { Messages, MessageType, encodePayload } from '../../src/wire/codecs.js'
import { sha256 } from '../../src/wire/hash.js'
import { simNodeWithRawPeer } from '../helpers/raw-peer.js'
import { makeTx } from '../helpers/chain-net.js'

const TXS = 1000

test('1,000 transactions pulled from an honest peer: all arrive, the responder is not penalised', async () => {
  const sim = new SimNetwork({ seed: 91, config: { pex: false } })
  await sim.addNode()
  await sim.addNode()
  const [asker, responder] = [sim.nodes[0]!, sim.nodes[1]!]
  for (let i = 0; i < TXS; i++) assert.equal((await responder.submitTx(makeTx(i))).verdict, 'accept')
  // the asker learns the ids when it connects (a graft announces recent ids) and pulls them all
  await sim.await(asker.dial(sim.address(1)))
  assert.ok(await sim.runUntil(() => asker.mempool.size === TXS, 20_000), `all pulled (${asker.mempool.size} of ${TXS})`)
  await sim.run(2000)
  assert.equal(asker.stats.penalties.get('RATE_LIMITED'), 0, 'answers to our asks are not charged to the message budget')
  // the answers come at the responder's paced transaction rate (90/s), after the IWANT timeout: one slow episode at most
  assert.ok((asker.stats.penalties.get('SLOW_RESPONSE') ?? 0) <= 1)
  assert.equal(asker.stats.drops.get('rate_limited'), 0)
  assert.ok(asker.scorer.score(responder.peerId) >= 50, `responder's score ${asker.scorer.score(responder.peerId)}`)
  assert.ok(asker.requests.counters.solicitedMessages > 0, 'answers in time are not charged; later ones come paced under the rate')
  assert.equal(responder.stats.penalties.get('RATE_LIMITED'), 0, 'the asks themselves are batched (a few IWANTs, not 1,000)')
  assert.equal(asker.getPeer(responder.peerId)?.state !== undefined, true, 'still connected')
  await sim.stop()
})

test('the same 1,000 transactions pushed unasked are rate-limited and penalised', async () => {
  const { sim, node, raw: p } = await simNodeWithRawPeer(92, '10.99.0.5')
  for (let i = 0; i < TXS; i++) {
    const tx = makeTx(i)
    p.send(MessageType.TX, encodePayload(Messages.tx, { txHash: sha256(tx), txBytes: tx as Uint8Array<ArrayBuffer> }))
  }
  await sim.run(1000)
  assert.ok(node.stats.drops.get('rate_limited') > 0, 'the excess over the burst is dropped')
  assert.equal(node.stats.penalties.get('RATE_LIMITED'), node.stats.drops.get('rate_limited'), 'and each one penalised')
  assert.ok(node.mempool.size <= 250, `at most the burst got in (${node.mempool.size})`)
  assert.ok(node.scorer.isBanned(p.identity.peerId), 'a flood of unasked messages still ends in a ban')
  await sim.stop()
})
