import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SimNetwork } from '../../src/sim/sim-network.js'
import { MemoryChain, makeChain } from '../helpers/sync-chain.js'

test('explore', async () => {
  const sim = new SimNetwork({ seed: 1, config: { pex: false } })
  const blocks = makeChain(3000, 100)
  const servers = [new MemoryChain(blocks), new MemoryChain(blocks)]
  for (const s of servers) await sim.addNode({}, { app: { blockSync: s } })
  const me = new MemoryChain()
  await sim.addNode({}, { app: { blockSync: me } })
  const node = sim.nodes[2]!
  node.on('peer:connected', () => {})
  await sim.await(node.dial(sim.address(0)))
  await sim.await(node.dial(sim.address(1)))
  const t0 = sim.clock.now()
  const ok = await sim.runUntil(() => me.height() === 3000, 60_000, 50)
  console.log('done', ok, me.height(), sim.clock.now() - t0, JSON.stringify(node.blockSync.stats()).slice(0, 1500))
  assert.ok(ok)
})
