// Honest validators under heavy load must not punish each other, with every limit at its
// default (on virtual time): four nodes on slow links (RTT 200–320 ms, so every gossip pull
// answer comes after the 150 ms IWANT timeout) each gossip bursts of 256 transactions (over
// the receivers' 200 messages/s and 100 transactions/s per peer) and, like consensus when
// a round times out, re-publish their own vote and block every second for two minutes
// (far past 10 repeats a minute). Nobody is penalised below the greylist threshold,
// disconnected or banned, no RATE_LIMITED or DUPLICATE_MESSAGE is charged, and every
// transaction reaches every node.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SimNetwork } from '../../src/sim/sim-network.js'
import { sha256 } from '../../src/wire/hash.js'
import { makeBlock, makeTx, makeVote } from '../helpers/chain-net.js'

const NODES = 4
const BURST = 256

test('honest validators under heavy tx load with round timeouts: nobody penalised below the greylist, disconnected or banned', async () => {
  const sim = new SimNetwork({ seed: 4242, latencyMs: 100, jitterMs: 60, config: { pex: false } })
  for (let i = 0; i < NODES; i++) await sim.addNode()
  const dials: Array<Promise<unknown>> = []
  for (let i = 0; i < NODES; i++) for (let j = 0; j < i; j++) dials.push(sim.nodes[i]!.dial(sim.address(j)))
  await sim.await(Promise.all(dials))
  await sim.run(1000)
  const nodes = sim.nodes
  const ours = nodes.map((_, i) => ({ vote: makeVote(1, i + 1), block: makeBlock(1, [makeTx(900 + i)]) }))
  ours.forEach((o, i) => { nodes[i]!.publishVote(o.vote); nodes[i]!.publishBlock(o.block) })
  const txs: Uint8Array[] = []
  let republished = 0
  for (let second = 0; second < 120; second++) {
    if (second % 10 === 0 && second < 60) {
      for (let i = 0; i < NODES; i++) {
        for (let k = 0; k < BURST; k++) {
          const tx = makeTx(txs.length + 1, 150)
          txs.push(tx)
          await nodes[i]!.submitTx(tx)
        }
      }
    }
    ours.forEach((o, i) => { republished += nodes[i]!.republishOurs({ vote: o.vote }) + nodes[i]!.republishOurs({ block: o.block }) })
    await sim.run(1000)
  }
  await sim.run(10_000)

  for (const [i, node] of nodes.entries()) {
    const penalties = node.stats.penalties.toJSON()
    assert.equal(penalties.RATE_LIMITED, undefined, `node ${i}: ${JSON.stringify(penalties)}`)
    assert.equal(penalties.DUPLICATE_MESSAGE, undefined, `node ${i}: ${JSON.stringify(penalties)}`)
    assert.equal(penalties.UNSOLICITED_MESSAGE, undefined, `node ${i}: ${JSON.stringify(penalties)}`)
    assert.equal(node.connectedPeers().length, NODES - 1, `node ${i} kept every peer`)
    assert.equal(node.scorer.activeBans().length, 0, `node ${i} banned nobody`)
    for (const other of nodes) {
      if (other === node) continue
      assert.ok(node.scorer.score(other.peerId) >= node.scorer.params.greylistThreshold, `node ${i} scores ${other.peerId}: ${node.scorer.score(other.peerId)}`)
    }
    assert.equal(node.stats.disconnects.toJSON().duplicate_block_spam, undefined)
    const missing = txs.filter((tx) => !node.mempool.has(sha256(tx))).length
    assert.equal(missing, 0, `node ${i} lacks ${missing} of ${txs.length} transactions`)
  }
  // the load did exercise the defences: pulls timed out, transactions were paced, rounds re-sent
  const requests = nodes.map((n) => n.requests.stats() as { timeouts: number })
  assert.ok(requests.some((r) => r.timeouts > 0), 'some pulls were answered after their timeout')
  assert.ok(republished <= NODES * (NODES - 1) * 2, `a re-publish goes to each peer at most once per connection (${republished} copies in 120 rounds)`)
  await sim.stop()
})
