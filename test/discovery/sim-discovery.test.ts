// Discovery in a simulated network of real nodes (virtual time, one seed replays a run):
// a node that knows only a seed reaches its outbound target across network groups; the
// seed hangs up and keeps no connections; dead addresses are backed off with jitter and
// forgotten; banned peers and our own address are never dialled; anchors are dialled
// first after a restart.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SimNetwork, SIM_PORT } from '../../src/sim/sim-network.js'
import { networkGroup } from '../../src/transport/network-group.js'
import { PeerStore } from '../../src/peerstore/peer-store.js'
import { MemoryBackend } from '../../src/peerstore/backend.js'
import { generateIdentity } from '../../src/identity/keys.js'
import type { Transport } from '../../src/transport/types.js'
import type { PeerClaim } from '../../src/peerstore/known-peer.js'
import { SIM_DISCOVERY, outbound } from './helpers.js'

test('a new node that knows only a seed connects to its target number of peers in a 30-node network', async () => {
  const sim = new SimNetwork({ seed: 31, config: SIM_DISCOVERY })
  await sim.addNode({ seedMode: true })
  const seed = sim.address(0)
  for (let i = 1; i < 30; i++) await sim.addNode({ seeds: [seed] })
  assert.ok(await sim.runUntil(() => sim.nodes[0]!.peerStore.book.size === 29, 30_000, 100), 'the seed has met every node')
  const i = await sim.addNode({ seeds: [seed], targetOutbound: 8 })
  const node = sim.nodes[i]!
  assert.ok(await sim.runUntil(() => outbound(node) >= 8, 60_000, 100), `outbound ${outbound(node)} of 8`)
  const peers = node.connectedPeers().filter((p) => p.direction === 'outbound')
  const groups = new Set(peers.map((p) => networkGroup(p.remoteAddress)))
  assert.equal(groups.size, peers.length, 'one outbound peer per /16 while there are enough groups')
  assert.ok(!peers.some((p) => p.peerId === sim.nodes[0]!.peerId), 'the seed is not kept as a peer')
  assert.ok(node.peerStore.book.size >= 20, `it learned the network: ${node.peerStore.book.size} entries`)
  // the seed answered and hung up, and after its connection TTL keeps nothing open
  assert.ok(sim.nodes[0]!.stats.disconnects.get('seed_done') >= 30)
  await sim.run(15_000)
  assert.equal(sim.nodes[0]!.connectedPeers().length, 0, 'a seed keeps no long connections')
  assert.equal(outbound(node), 8, 'the target holds')
  await sim.stop()
})

/** A transport that records every dial (virtual time, address). */
function recording (base: Transport, now: () => number, log: Array<[number, string]>): Transport {
  return {
    name: base.name,
    listen: base.listen.bind(base),
    dial: async (address, options) => {
      log.push([now(), address])
      return await base.dial(address, options)
    }
  }
}

test('the dialer backs off from dead addresses with jitter, forgets them, and never dials itself or a banned peer', async () => {
  const sim = new SimNetwork({ seed: 32, config: SIM_DISCOVERY })
  await sim.addNode()
  await sim.addNode()
  const banned = sim.nodes[1]!
  const dials: Array<[number, string]> = []
  const host = SimNetwork.host(2)
  const i = await sim.addNode({ targetOutbound: 4, banBaseMs: 3_600_000 }, { transport: recording(sim.network.transport(host), () => sim.clock.now(), dials) })
  const node = sim.nodes[i]!
  const now = sim.clock.now()
  const claimFor = (identity: { peerId: PeerClaim['peerId'], publicKey: Uint8Array }, address: string): PeerClaim =>
    ({ peerId: identity.peerId, publicKey: identity.publicKey, address, latestHeight: 0, score: 50, flags: 0, lastSeen: now })
  const dead = [1, 2, 3].map((k) => `10.${200 + k}.0.1:${SIM_PORT}`)
  for (const address of dead) node.peerStore.book.add(claimFor(generateIdentity(sim.random), address), { peerId: '', group: 'test' }, now)
  node.peerStore.book.add(claimFor(banned, sim.address(1).split('@')[1]!), { peerId: '', group: 'test' }, now)
  node.peerStore.book.add(claimFor(generateIdentity(sim.random), `${host}:${SIM_PORT}`), { peerId: '', group: 'test' }, now)
  node.scorer.ban(banned.peerId, 'test')
  await sim.run(30 * 60_000)
  for (const address of dead) {
    const times = dials.filter(([, a]) => a === address).map(([t]) => t)
    assert.equal(times.length, 5, `${address}: dialled until forgotten after 5 failures`)
    const gaps = times.slice(1).map((t, k) => t - times[k]!)
    gaps.forEach((gap, k) => {
      const cap = Math.min(600_000, 5000 * 2 ** k)
      assert.ok(gap >= cap / 2 && gap <= cap + 1000, `${address}: gap ${k} is ${gap} ms, backoff cap ${cap} ms`)
    })
  }
  const firstGaps = dead.map((address) => { const t = dials.filter(([, a]) => a === address).map(([x]) => x); return t[2]! - t[1]! })
  assert.ok(new Set(firstGaps).size > 1, `jitter: ${firstGaps.join(', ')}`)
  for (const address of dead) assert.ok(![...node.peerStore.book.entries()].some((e) => e.address === address), 'forgotten')
  assert.equal(dials.filter(([, a]) => a === sim.address(1).split('@')[1]).length, 0, 'a banned peer is never dialled')
  assert.equal(dials.filter(([, a]) => a === `${host}:${SIM_PORT}`).length, 0, 'never dials its own address')
  await sim.stop()
})

test('anchors: the outbound peers a node had are dialled first after a restart', async () => {
  const sim = new SimNetwork({ seed: 33, config: SIM_DISCOVERY })
  for (let i = 0; i < 6; i++) await sim.addNode()
  // node 0 meets the others, so it can tell a newcomer about them
  for (let i = 1; i < 6; i++) await sim.await(sim.nodes[i]!.dial(sim.address(0)))
  const backend = new MemoryBackend()
  const identity = generateIdentity(sim.random)
  const storeOver = (): PeerStore => new PeerStore({ clock: sim.clock, backend })
  const first = sim.nodes[await sim.addNode({ peers: [sim.address(0)], targetOutbound: 3 }, { identity, peerStore: storeOver() })]!
  assert.ok(await sim.runUntil(() => outbound(first) >= 3, 30_000, 100))
  await sim.run(1000)
  const anchors = first.peerStore.anchors()
  assert.equal(anchors.length, 2)
  await sim.await(first.stop())
  const again = sim.nodes[await sim.addNode({ targetOutbound: 3 }, { identity, peerStore: storeOver() })]!
  assert.deepEqual(again.peerStore.anchors(), anchors, 'anchors survived the restart')
  await sim.run(2000)
  const counters = again.statsSections().discovery as { dials: Record<string, number> }
  assert.equal(counters.dials['anchor:ok'], 2)
  for (const a of anchors) assert.ok(again.connectedPeers().some((p) => p.peerId === a.peerId), 'reconnected to its anchor')
  await sim.stop()
})
