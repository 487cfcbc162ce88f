// Gossip on deterministic in-memory networks (virtual time): every honest node's
// application gets every valid block, vote and transaction exactly once, also when some
// relays drop everything (lazy IHAVE/IWANT repairs the tree), and the eager edges settle
// into a tree so each node receives about one copy of each message.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { blockHash } from '../../src/protocols/blocks/block-hash.js'
import { sha256 } from '../../src/wire/hash.js'
import type { KuberNode } from '../../src/node/node.js'
import { Published, chainNet, deliveredOnce, makeBlock, makeTx, makeVote, voteKey } from '../helpers/chain-net.js'

/** Honest Plumtree (crossing pushes, grafts answered with recent ids, pulls) never repeats itself to a peer. */
function assertNoRepeats (nodes: KuberNode[]): void {
  for (const n of nodes) {
    assert.equal(n.chain.gossip.counters.repeats, 0, 'an honest node re-sent or re-asked a message')
    assert.equal(n.stats.disconnects.get('duplicate_block_spam'), 0)
  }
}

test('40 nodes: every block, vote and transaction reaches every application exactly once', async () => {
  const { sim, nodes, deliveries, random } = await chainNet({ nodes: 40, seed: 11 })
  const origin = new Map<string, number>()
  const votes: string[] = []
  const txs: string[] = []
  const blocks: string[] = []
  // votes one at a time, then a burst of transactions from many nodes at once, then blocks
  for (let i = 0; i < 10; i++) {
    const from = random.int(nodes.length)
    const vote = makeVote(1, i)
    nodes[from]!.publishVote(vote)
    origin.set(voteKey(vote), from)
    votes.push(voteKey(vote))
    await sim.run(100)
  }
  const submitted: Array<Promise<unknown>> = []
  for (let i = 0; i < 30; i++) {
    const from = random.int(nodes.length)
    const tx = makeTx(i)
    const key = sha256(tx).toString('hex')
    origin.set(key, from)
    txs.push(key)
    submitted.push(nodes[from]!.submitTx(tx))
  }
  await sim.await(Promise.all(submitted))
  for (let h = 1; h <= 3; h++) {
    const from = random.int(nodes.length)
    const block = makeBlock(h, [makeTx(1000 + h, 500)])
    nodes[from]!.publishBlock(block)
    const key = blockHash(block.header!).toString('hex')
    origin.set(key, from)
    blocks.push(key)
    await sim.run(200)
  }
  const notOrigin = (i: number, key: string): boolean => origin.get(key) === i
  assert.ok(await sim.runUntil(() => deliveredOnce(deliveries, 'votes', votes, notOrigin) &&
    deliveredOnce(deliveries, 'txs', txs, notOrigin) && deliveredOnce(deliveries, 'blocks', blocks, notOrigin), 10_000), 'all delivered')
  await sim.run(3000) // nothing arrives twice later either
  for (const [i, d] of deliveries.entries()) {
    for (const m of [d.votes, d.blocks, d.txs]) for (const [key, n] of m) assert.equal(n, 1, `node ${i} got ${key} ${n} times`)
    assert.equal(d.votes.size + d.txs.size + d.blocks.size, 43 - [...origin.values()].filter((o) => o === i).length)
  }
  // every node holds every transaction
  for (const node of nodes) assert.equal(node.mempool.size, 30)
  // the eager edges form a tree: n − 1 edges, each counted at both ends
  const eagerEnds = nodes.reduce((s, n) => s + n.chain.gossip.sizes.eager, 0)
  assert.ok(eagerEnds <= 2 * (nodes.length - 1) + 10, `eager edge ends: ${eagerEnds}`)
  // after the first message formed the tree, copies per node per message stay near one
  const received = nodes.reduce((s, n) => s + n.chain.gossip.counters.received, 0)
  const firstCopies = 43 * (nodes.length - 1)
  assert.ok(received < firstCopies * 1.5, `copies received ${received} for ${firstCopies} deliveries`)
  assertNoRepeats(nodes)
  await sim.stop()
})

test('relays that turn to dropping everything do not stop delivery: announcements and pulls repair the tree', async () => {
  const dropping = new Set([3, 7, 12, 18, 25])
  const { sim, nodes, deliveries, random } = await chainNet({
    nodes: 30,
    seed: 12,
    // honest for height 1 (so they become part of the tree), then they relay nothing
    app: (i) => dropping.has(i) ? { validateVote: (vote) => vote.height === 1 ? 'accept' : 'ignore' } : undefined
  })
  const publish = async (height: number, count: number): Promise<{ keys: string[], origin: Map<string, number> }> => {
    const keys: string[] = []
    const origin = new Map<string, number>()
    for (let i = 0; i < count; i++) {
      let from = random.int(nodes.length)
      while (dropping.has(from)) from = random.int(nodes.length)
      const vote = makeVote(height, i)
      nodes[from]!.publishVote(vote)
      keys.push(voteKey(vote))
      origin.set(voteKey(vote), from)
      await sim.run(100)
    }
    return { keys, origin }
  }
  const first = await publish(1, 5)
  assert.ok(await sim.runUntil(() => deliveredOnce(deliveries, 'votes', first.keys, (i, k) => first.origin.get(k) === i), 5000))
  const treeEdgesOfDroppers = [...dropping].reduce((s, i) => s + nodes[i]!.chain.gossip.sizes.eager, 0)
  assert.ok(treeEdgesOfDroppers > 0, 'the droppers are in the tree')
  const second = await publish(2, 20)
  const skip = (i: number, key: string): boolean => dropping.has(i) || second.origin.get(key) === i
  assert.ok(await sim.runUntil(() => deliveredOnce(deliveries, 'votes', second.keys, skip), 20_000), 'every honest node got every vote')
  const pulled = nodes.reduce((s, n) => s + n.chain.gossip.counters.iwant.sent, 0)
  assert.ok(pulled > 0, 'some votes came by IWANT')
  for (const i of dropping) assert.equal([...deliveries[i]!.votes.keys()].filter((k) => second.keys.includes(k)).length, 0)
  assertNoRepeats(nodes)
  await sim.stop()
})

test('bursts from many publishers in a small network: nodes pruned out of the tree rejoin and catch up', async () => {
  for (const seed of [13, 14, 15]) {
    const { sim, nodes, deliveries, random } = await chainNet({ nodes: 10, seed, degree: 2 })
    const votes = new Published()
    const blocks = new Published()
    for (let k = 0; k < 20; k++) {
      const from = random.int(nodes.length)
      votes.add(voteKey(makeVote(5, k)), from)
      nodes[from]!.publishVote(makeVote(5, k))
    }
    for (let h = 1; h <= 3; h++) {
      const from = random.int(nodes.length)
      blocks.add(nodes[from]!.publishBlock(makeBlock(h, [makeTx(100 + h, 300)])).toString('hex'), from)
      await sim.run(50)
    }
    assert.ok(await sim.runUntil(() => deliveredOnce(deliveries, 'votes', votes.keys, votes.isOrigin) && deliveredOnce(deliveries, 'blocks', blocks.keys, blocks.isOrigin), 10_000), `seed ${seed}: every delivery`)
    assertNoRepeats(nodes)
    await sim.stop()
  }
})

test('nodes that crash in the middle of bursts: every surviving node still gets every surviving publisher\'s votes', async () => {
  for (const seed of [16, 20, 45]) {
    const { sim, nodes, deliveries, random } = await chainNet({ nodes: 20, seed, degree: 3 })
    const votes = new Published()
    const dead = new Set<number>()
    const alive = (): number => {
      let i = random.int(nodes.length)
      while (dead.has(i)) i = random.int(nodes.length)
      return i
    }
    for (let round = 0; round < 6; round++) {
      for (let k = 0; k < 10; k++) {
        const from = alive()
        votes.add(voteKey(makeVote(6 + round, k)), from)
        nodes[from]!.publishVote(makeVote(6 + round, k))
        if (k % 3 === 0) await sim.run(random.int(20))
      }
      if (round === 2 || round === 4) {
        // a node with gossip still in flight stops at once
        const victim = alive()
        dead.add(victim)
        await sim.await(nodes[victim]!.stop())
      }
      await sim.run(random.int(300))
    }
    const live = votes.keys.filter((k) => !dead.has(votes.origin.get(k)!))
    const skip = (i: number, key: string): boolean => dead.has(i) || votes.isOrigin(i, key)
    assert.ok(await sim.runUntil(() => deliveredOnce(deliveries, 'votes', live, skip), 15_000), `seed ${seed}: every surviving node got every vote`)
    assertNoRepeats(nodes)
    await sim.stop()
  }
})
