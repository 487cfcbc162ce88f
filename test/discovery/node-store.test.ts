// The peer store inside a node: it lives under <home>/peerstore and brings back known
// peers and bans after a restart; inbound connections per IP are limited (not loopback).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SimNetwork } from '../../src/sim/sim-network.js'
import { createTcpTransport } from '../../src/transport/tcp.js'
import { MessageType } from '../../src/wire/codecs.js'
import { generateIdentity } from '../../src/identity/keys.js'
import { SeededRandom } from '../../src/runtime/random.js'
import { addressOf, startNode, stopAll, waitUntil } from '../helpers/nodes.js'
import { rawPeer } from '../helpers/raw-peer.js'
import { pexPeer } from './helpers.js'

test('a node with a home keeps its address book and bans across a restart', async () => {
  const home = await mkdtemp(join(tmpdir(), 'kuber-home-'))
  const others = [await startNode({ addrBookStrict: false }), await startNode({ addrBookStrict: false })]
  try {
    const identity = generateIdentity(new SeededRandom(41))
    const node = await startNode({ home, addrBookStrict: false }, { identity })
    for (const o of others) await node.dial(addressOf(o))
    const villain = generateIdentity(new SeededRandom(42)).peerId
    node.scorer.ban(villain, 'INVALID_BLOCK')
    await waitUntil(() => node.peerStore.book.triedCount === 2, 10_000, 'both peers tried')
    await node.stop()
    assert.ok(existsSync(join(home, 'peerstore')))
    const again = await startNode({ home, addrBookStrict: false }, { identity })
    try {
      assert.equal(again.peerStore.book.triedCount, 2)
      for (const o of others) assert.equal(again.peerStore.book.get(o.peerId)?.address, o.listenAddresses[0])
      assert.ok(again.scorer.isBanned(villain), 'the ban survived the restart')
      assert.deepEqual(again.peerStore.anchors().map((a) => a.peerId).sort(), others.map((o) => o.peerId).sort())
    } finally {
      await again.stop()
    }
  } finally {
    await stopAll(others)
    await rm(home, { recursive: true, force: true })
  }
})

test('inbound connections from one IP are limited to maxInboundPerIp', async () => {
  const sim = new SimNetwork({ seed: 43 })
  await sim.addNode({ maxInboundPerIp: 3 })
  const node = sim.nodes[0]!
  for (let i = 0; i < 3; i++) await pexPeer(sim, 0, '10.9.9.9')
  assert.equal(node.connectedPeers().length, 3)
  await assert.rejects(pexPeer(sim, 0, '10.9.9.9'))
  assert.equal(node.stats.inboundRefused, 1)
  await pexPeer(sim, 0, '10.9.9.8')
  assert.equal(node.connectedPeers().length, 4, 'another IP is welcome')
  await sim.stop()
})

test('loopback is not limited per IP (every local node shares 127.0.0.1)', async () => {
  const node = await startNode({ maxInboundPerIp: 1 })
  const tcp = createTcpTransport()
  const peers = []
  try {
    for (let i = 0; i < 3; i++) {
      const p = await rawPeer(tcp, node.listenAddresses[0]!)
      p.hello()
      p.send(MessageType.HELLO_ACK, Buffer.alloc(0))
      peers.push(p)
    }
    await waitUntil(() => node.connectedPeers().length === 3, 10_000, 'three loopback peers')
  } finally {
    for (const p of peers) p.conn.destroy()
    await stopAll([node])
  }
})

test('a node that cannot listen releases its peer store, so the home can be used again', async () => {
  const home = await mkdtemp(join(tmpdir(), 'kuber-home-'))
  const holder = await startNode()
  try {
    await assert.rejects(startNode({ home, listen: [holder.listenAddresses[0]!] }))
    const node = await startNode({ home })
    await node.stop()
  } finally {
    await stopAll([holder])
    await rm(home, { recursive: true, force: true })
  }
})
