// Bans survive a restart (spec §9): the scorer writes each ban through the BanStore
// interface and loads them at start. An in-memory double stands in for the durable store
// the peer store provides; the node object is stopped and a new one is built on the same
// identity and store.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SimNetwork } from '../../src/sim/sim-network.js'
import type { BanEntry, BanStore } from '../../src/scoring/scorer.js'
import { makeBlock, makeTx } from '../helpers/chain-net.js'

class MemoryBanStore implements BanStore {
  readonly saved = new Map<string, BanEntry>()
  async loadBans (): Promise<BanEntry[]> {
    return [...this.saved.values()].map((b) => ({ ...b }))
  }

  async saveBan (entry: BanEntry): Promise<void> {
    this.saved.set(entry.peerId, { ...entry })
  }
}

test('a peer banned for two invalid blocks is still banned after the node restarts, and a repeat offence bans longer', async () => {
  const store = new MemoryBanStore()
  const sim = new SimNetwork({ seed: 51, config: { pex: false } })
  const rejectAll = { validateBlock: () => 'reject' as const }
  await sim.addNode({}, { banStore: store, app: rejectAll })
  await sim.addNode()
  const [a, liar] = [sim.nodes[0]!, sim.nodes[1]!]
  await sim.await(liar.dial(sim.address(0)))
  await sim.run(200)
  liar.publishBlock(makeBlock(1, [makeTx(1)]))
  liar.publishBlock(makeBlock(2, [makeTx(2)]))
  assert.ok(await sim.runUntil(() => a.scorer.isBanned(liar.peerId), 2000))
  await sim.run(100)
  const first = store.saved.get(liar.peerId)
  assert.equal(first?.count, 1)
  assert.equal(first?.reason, 'invalid_blocks')

  // restart: a new node object on the same identity and ban store
  await sim.await(a.stop())
  const i = await sim.addNode({}, { banStore: store, identity: a.identity, app: rejectAll })
  const a2 = sim.nodes[i]!
  assert.ok(a2.scorer.isBanned(liar.peerId), 'the ban was loaded')
  await assert.rejects(sim.await(liar.dial(sim.address(i))), /banned|BANNED/i)
  assert.equal(a2.connectedPeers().length, 0)

  // after it expires the peer may come back; offending again bans it twice as long
  await sim.run(first!.until - sim.clock.now() + 1000)
  assert.ok(!a2.scorer.isBanned(liar.peerId))
  await sim.await(liar.dial(sim.address(i)))
  await sim.run(200)
  liar.publishBlock(makeBlock(3, [makeTx(3)]))
  liar.publishBlock(makeBlock(4, [makeTx(4)]))
  assert.ok(await sim.runUntil(() => a2.scorer.isBanned(liar.peerId), 2000))
  await sim.run(100)
  const second = store.saved.get(liar.peerId)!
  assert.equal(second.count, 2)
  assert.ok(Math.abs((second.until - (sim.clock.now() - 100)) - 2 * 600_000) < 5000, `second ban lasts ${second.until - sim.clock.now()} ms`)
  await sim.stop()
})
