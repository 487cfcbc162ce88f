// Liveness in virtual time (spec §7.7, §15): pings keep a healthy session up; a peer that
// falls silent, never answers our pings, or leaves a frame half sent is dropped after 30 s,
// and a static peer is redialled with backoff.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SimNetwork, SIM_PORT } from '../../src/sim/sim-network.js'
import { rawPeer, simRawPeer, type RawPeer } from '../helpers/raw-peer.js'
import type { KuberNode } from '../../src/node/node.js'
import { MessageType } from '../../src/wire/codecs.js'

test('a healthy pair stays connected for ten virtual minutes', async () => {
  const sim = new SimNetwork({ seed: 1 })
  await sim.addNode()
  await sim.addNode({ peers: [] })
  await sim.await(sim.nodes[1]!.dial(sim.address(0)))
  await sim.run(600_000)
  assert.equal(sim.nodes[0]!.connectedPeers().length, 1)
  assert.equal(sim.nodes[0]!.stats.disconnects.get('unresponsive'), 0)
  assert.ok(sim.nodes[0]!.stats.received.messagesByType[MessageType.PING]! >= 55, 'pinged about every 10 s')
  await sim.stop()
})

test('a peer that stops answering is dropped after 30 s of silence', async () => {
  const sim = new SimNetwork({ seed: 2 })
  await sim.addNode()
  const node = sim.nodes[0]!
  const p = await sim.await(rawPeer(sim.network.transport('10.9.9.9'), `${SimNetwork.host(0)}:${SIM_PORT}`, { random: sim.random.fork() }))
  p.hello({ chainId: 'kuber-sim' }, sim.clock.now())
  p.send(MessageType.HELLO_ACK, Buffer.alloc(0))
  await sim.run(100)
  assert.equal(node.connectedPeers().length, 1)
  const connectedAt = sim.clock.now()
  // the raw peer never answers pings and never sends anything again
  assert.ok(await sim.runUntil(() => node.connectedPeers().length === 0, 60_000, 100))
  const silentFor = sim.clock.now() - connectedAt
  assert.ok(silentFor > 30_000 && silentFor <= 31_500, `dropped after ${silentFor} ms`)
  assert.equal(node.stats.disconnects.get('unresponsive'), 1)
  assert.equal(node.stats.errors.get('PEER_UNRESPONSIVE'), 1)
  await sim.stop()
})

/** A raw peer that never answers pings and calls `every` each 5 s (after `first`): when the node drops it, and the node. */
async function droppedAfter (seed: number, every: (p: RawPeer) => void, first: (p: RawPeer) => void = () => {}): Promise<{ sim: SimNetwork, node: KuberNode, took: number }> {
  const sim = new SimNetwork({ seed })
  await sim.addNode()
  const node = sim.nodes[0]!
  const p = await simRawPeer(sim, '10.9.9.8')
  const startedAt = sim.clock.now()
  first(p)
  const timer = sim.clock.setInterval(() => every(p), 5000)
  assert.ok(await sim.runUntil(() => node.connectedPeers().length === 0, 90_000, 100))
  timer.cancel()
  return { sim, node, took: sim.clock.now() - startedAt }
}

test('a peer that keeps sending but never answers our pings is dropped as unresponsive', async () => {
  // an empty IHAVE every 5 s keeps bytes flowing; the pings go unanswered
  const { sim, node, took } = await droppedAfter(4, (p) => p.send(MessageType.GOSSIP_IHAVE, new Uint8Array(0)))
  assert.ok(took > 30_000 && took <= 45_000, `dropped after ${took} ms`)
  assert.equal(node.stats.disconnects.get('unresponsive'), 1)
  await sim.stop()
})

test('a frame begun and trickled a few bytes at a time is dropped at the frame deadline (FRAME_TIMEOUT)', async () => {
  // a 1 MiB frame announced, then 16 bytes every 5 s: bytes keep arriving, the frame never completes
  const header = Buffer.alloc(4)
  header.writeUInt32BE(1024 * 1024)
  const { sim, node, took } = await droppedAfter(5, (p) => p.sendRaw(Buffer.alloc(16)), (p) => p.sendRaw(header))
  assert.ok(took > 30_000 && took <= 32_000, `dropped after ${took} ms`)
  assert.equal(node.stats.errors.get('FRAME_TIMEOUT'), 1)
  assert.equal(node.stats.disconnects.get('message_integrity_failure'), 1)
  await sim.stop()
})

test('a lost static peer is redialled with backoff until it is back', async () => {
  const sim = new SimNetwork({ seed: 3 })
  await sim.addNode()
  await sim.addNode({ peers: [] })
  const a = sim.nodes[0]!
  const b = sim.nodes[1]!
  // b treats a as static: restart b with a in its static peers
  await sim.await(b.stop())
  const i = await sim.addNode({ peers: [sim.address(0)], pex: false }) // only the static redials dial
  const c = sim.nodes[i]!
  assert.ok(await sim.runUntil(() => c.connectedPeers().length === 1, 5000))
  const cut = sim.network.partition([SimNetwork.host(0)], [SimNetwork.host(i)])
  assert.ok(await sim.runUntil(() => c.connectedPeers().length === 0, 5000))
  await sim.run(30_000) // several redials fail while partitioned
  const failedDials = c.stats.dials.get('failed')
  assert.ok(failedDials >= 2 && failedDials <= 8, `backoff bounds the redials: ${failedDials}`)
  cut.heal()
  assert.ok(await sim.runUntil(() => c.connectedPeers().length === 1, 70_000, 100), 'reconnected after heal')
  assert.equal(a.connectedPeers().length, 1)
  await sim.stop()
})
