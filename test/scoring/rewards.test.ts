// Spec §9 on a live pair: every minute of uptime and a fast ping answer raise a peer's
// score; a slow ping answer lowers it (SLOW_RESPONSE).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SimNetwork } from '../../src/sim/sim-network.js'

async function pair (latencyMs: number): Promise<SimNetwork> {
  const sim = new SimNetwork({ seed: 81, latencyMs, jitterMs: 0, config: { pex: false, handshakeTimeoutMs: 60_000, handshakeFirstMessageTimeoutMs: 60_000, dialTimeoutMs: 60_000 } })
  await sim.addNode()
  await sim.addNode()
  await sim.await(sim.nodes[1]!.dial(sim.address(0)), 120_000)
  return sim
}

test('uptime and fast ping answers raise the score', async () => {
  const sim = await pair(5)
  const [a, b] = [sim.nodes[0]!, sim.nodes[1]!]
  await sim.run(125_000)
  const score = a.scorer.score(b.peerId)
  assert.ok(score > 51.8 && score <= 52, `two minutes of uptime and fast pongs: ${score}`)
  assert.equal(a.stats.penalties.get('SLOW_RESPONSE'), 0)
  await sim.stop()
})

test('slow ping answers lower the score', async () => {
  const sim = await pair(3000)
  const [a, b] = [sim.nodes[0]!, sim.nodes[1]!]
  await sim.run(125_000)
  assert.equal(a.stats.penalties.get('SLOW_RESPONSE'), 2)
  const score = a.scorer.score(b.peerId)
  assert.ok(score < 50, `uptime minus slow answers: ${score}`)
  await sim.stop()
})
