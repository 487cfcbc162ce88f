// Gossip over real TCP with Noise on 127.0.0.1: ten nodes, each dialling two others;
// every valid block, vote and transaction reaches every other application exactly once,
// and /p2p/stats and /metrics show gossip, mempool and block relay.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { addressOf, startNode, stopAll, waitUntil } from '../helpers/nodes.js'
import type { KuberNode } from '../../src/node/node.js'
import { SeededRandom } from '../../src/runtime/random.js'
import { blockHash } from '../../src/protocols/blocks/block-hash.js'
import { sha256 } from '../../src/wire/hash.js'
import { countDeliveries, deliveredOnce, makeBlock, makeTx, makeVote, voteKey, type Deliveries } from '../helpers/chain-net.js'

test('10 nodes over TCP: blocks, votes and transactions reach every application exactly once', async () => {
  const nodes: KuberNode[] = []
  const random = new SeededRandom(61)
  try {
    for (let i = 0; i < 10; i++) nodes.push(await startNode({ pex: false, rpc: i === 0 ? '127.0.0.1:0' : undefined }))
    const deliveries: Deliveries[] = nodes.map(countDeliveries)
    for (let i = 1; i < nodes.length; i++) {
      await nodes[i]!.dial(addressOf(nodes[random.int(i)]!)).catch(() => {}) // already connected is fine
      const j = random.int(nodes.length)
      if (j !== i) await nodes[i]!.dial(addressOf(nodes[j]!)).catch(() => {})
    }
    const origin = new Map<string, number>()
    const keys = { votes: [] as string[], txs: [] as string[], blocks: [] as string[] }
    for (let k = 0; k < 20; k++) {
      const from = random.int(nodes.length)
      const vote = makeVote(1, k)
      nodes[from]!.publishVote(vote)
      keys.votes.push(voteKey(vote))
      origin.set(voteKey(vote), from)
      const tx = makeTx(k, 200)
      await nodes[from]!.submitTx(tx)
      keys.txs.push(sha256(tx).toString('hex'))
      origin.set(sha256(tx).toString('hex'), from)
    }
    for (let h = 1; h <= 3; h++) {
      const from = random.int(nodes.length)
      const block = makeBlock(h, [makeTx(100 + h, 300), makeTx(h, 200)])
      nodes[from]!.publishBlock(block)
      keys.blocks.push(blockHash(block.header!).toString('hex'))
      origin.set(blockHash(block.header!).toString('hex'), from)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const notOrigin = (i: number, key: string): boolean => origin.get(key) === i
    await waitUntil(() => (['votes', 'txs', 'blocks'] as const).every((kind) => deliveredOnce(deliveries, kind, keys[kind], notOrigin)), 10_000, 'every delivery')
    await new Promise((resolve) => setTimeout(resolve, 300))
    for (const d of deliveries) for (const m of [d.votes, d.txs, d.blocks]) for (const n of m.values()) assert.equal(n, 1)

    const rpc = `http://${nodes[0]!.rpcAddress!}`
    const stats = await (await fetch(`${rpc}/p2p/stats`)).json() as Record<string, any>
    assert.ok(stats.gossip.accepted + stats.gossip.published >= 43)
    assert.equal(stats.mempool.txs, 20)
    assert.ok('invalid' in stats.blocks)
    assert.ok('bytes_saved' in stats.compact_blocks)
    assert.equal(typeof stats.drops_by_reason, 'object')
    const metrics = await (await fetch(`${rpc}/metrics`)).text()
    assert.match(metrics, /kuber_gossip_messages_total\{result="accepted"\} \d+/)
    assert.match(metrics, /kuber_mempool_txs 20/)
    assert.match(metrics, /kuber_gossip_eager_peers [1-9]/)
  } finally {
    await stopAll(nodes)
  }
})
