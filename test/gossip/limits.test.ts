// Bounded state under a flood of unique messages: every node's seen-cache, message
// history and mempool stay within their limits, and the mempool evicts oldest first.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sha256 } from '../../src/wire/hash.js'
import { chainNet, makeTx } from '../helpers/chain-net.js'

test('the seen-cache, history and mempool stay within their limits under a flood of unique transactions', async () => {
  const limits = { seen: 300, history: 100, txs: 100, bytes: 20_000 }
  const { sim, nodes } = await chainNet({
    nodes: 6,
    seed: 31,
    degree: 2,
    config: { gossip: { seenMaxEntries: limits.seen, historyMaxMessages: limits.history }, mempool: { maxTxs: limits.txs, maxBytes: limits.bytes } }
  })
  const within = (): void => {
    for (const n of nodes) {
      const s = n.chain.gossip.sizes
      assert.ok(s.seen <= limits.seen, `seen ${s.seen}`)
      assert.ok(s.history <= limits.history, `history ${s.history}`)
      assert.ok(n.mempool.size <= limits.txs, `mempool ${n.mempool.size}`)
      assert.ok(n.mempool.bytes <= limits.bytes, `mempool bytes ${n.mempool.bytes}`)
    }
  }
  let peakSeen = 0
  // 1 200 unique transactions of 100-300 bytes, 15 every 100 ms (under the per-peer rate limit)
  for (let i = 0; i < 1200; i++) {
    await nodes[i % nodes.length]!.submitTx(makeTx(i, 100 + (i * 37) % 200))
    if (i % 15 === 14) {
      await sim.run(100)
      within()
      peakSeen = Math.max(peakSeen, ...nodes.map((n) => n.chain.gossip.sizes.seen))
    }
  }
  await sim.run(2000)
  within()
  assert.equal(peakSeen, limits.seen, 'the seen-cache filled up to its limit')
  for (const n of nodes) {
    assert.ok(n.mempool.evicted > 0)
    assert.ok(n.mempool.has(sha256(makeTx(1199, 100 + (1199 * 37) % 200))), 'the newest transaction is kept')
    assert.ok(!n.mempool.has(sha256(makeTx(0, 100))), 'the oldest was evicted')
    assert.equal(n.stats.drops.get('rate_limited'), 0)
  }
  await sim.stop()
})
