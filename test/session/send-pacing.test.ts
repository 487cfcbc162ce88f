// Send-side pacing on virtual time: a node gossiping 400 transactions at once to a peer
// never sends them faster than the limits it enforces itself (in every second, at most the
// transaction burst plus the rate, under the peer's 100 transactions/s and 200 messages/s
// buckets), a vote published after them is not held behind them, and every one arrives.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SimNetwork, SIM_PORT } from '../../src/sim/sim-network.js'
import { MessageType } from '../../src/wire/codecs.js'
import { TokenBucket } from '../../src/limits/token-bucket.js'
import { rawPeer } from '../helpers/raw-peer.js'
import { makeTx, makeVote } from '../helpers/chain-net.js'

test('400 transactions at once reach a peer within its own rate limits, and a vote after them is not held back', async () => {
  const sim = new SimNetwork({ seed: 515, config: { pex: false } })
  await sim.addNode()
  const node = sim.nodes[0]!
  const arrivals: Array<{ type: number, at: number }> = []
  const p = await sim.await(rawPeer(sim.network.transport('10.99.0.7'), `${SimNetwork.host(0)}:${SIM_PORT}`, { random: sim.random.fork(), onMessage: (e) => arrivals.push({ type: e.type, at: sim.clock.now() }) }))
  p.hello({ chainId: 'kuber-sim' }, sim.clock.now())
  p.send(MessageType.HELLO_ACK, new Uint8Array(0))
  await sim.run(1500)
  arrivals.length = 0
  for (let i = 0; i < 400; i++) await node.submitTx(makeTx(70_000 + i, 120))
  node.publishVote(makeVote(1, 1))
  await sim.run(6000)
  const txs = arrivals.filter((a) => a.type === MessageType.TX)
  assert.equal(txs.length, 400, 'every transaction arrived')
  const vote = arrivals.findIndex((a) => a.type === MessageType.VOTE)
  assert.ok(vote >= 0 && vote < arrivals.indexOf(txs[250]!), `the vote went before most of the transactions (arrival ${vote})`)
  // the receiver's own buckets (defaults): never short of a token
  const start = txs[0]!.at
  const perTx = new TokenBucket(100, 200, start)
  const perMessage = new TokenBucket(200, 200, start)
  for (const a of arrivals) {
    if (a.type === MessageType.TX) assert.ok(perTx.take(a.at), `a transaction over 100/s at ${a.at - start} ms`)
    assert.ok(perMessage.take(a.at), `a message over 200/s at ${a.at - start} ms`)
  }
  assert.ok(txs.at(-1)!.at - start >= 2000, 'the burst was spread over seconds, not sent at once')
  assert.equal(node.stats.penalties.toJSON().RATE_LIMITED, undefined)
  await sim.stop()
})
