// Discovery over real TCP on 127.0.0.1: ten nodes, one of them a seed; a node that knows
// only the seed reaches its outbound target; the RPC shows the address book and the
// metrics count discoveries and dials. Loopback is not routable, so addrBookStrict is off.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { addressOf, startNode, stopAll, waitUntil } from '../helpers/nodes.js'
import type { KuberNode } from '../../src/node/node.js'
import { outbound } from './helpers.js'

const FAST = { addrBookStrict: false, pexIntervalMs: 1000, dialIntervalMs: 100 }

test('10 nodes over TCP: a new node that knows only the seed reaches its outbound target', async () => {
  const nodes: KuberNode[] = []
  try {
    const seed = await startNode({ ...FAST, seedMode: true })
    nodes.push(seed)
    for (let i = 1; i < 9; i++) nodes.push(await startNode({ ...FAST, seeds: [addressOf(seed)], targetOutbound: 3 }))
    await waitUntil(() => seed.peerStore.book.size === 8, 10_000, 'the seed meets every node')
    const node = await startNode({ ...FAST, seeds: [addressOf(seed)], targetOutbound: 6, rpc: '127.0.0.1:0' })
    nodes.push(node)
    await waitUntil(() => outbound(node) >= 6, 15_000, 'six outbound peers')
    assert.ok(!node.connectedPeers().some((p) => p.peerId === seed.peerId && p.direction === 'outbound'), 'the seed is not kept')
    const rpc = `http://${node.rpcAddress!}`
    const book = await (await fetch(`${rpc}/p2p/addrbook`)).json() as Record<string, any>
    assert.equal(book.size, node.peerStore.book.size)
    assert.ok(book.tried >= 6, JSON.stringify(book))
    assert.equal(book.new + book.tried, book.size)
    assert.ok(Object.keys(book.by_group).length >= 8, 'one group per loopback node')
    assert.ok(Object.keys(book.by_source).length >= 1)
    assert.deepEqual(book.bans, [])
    assert.equal((await fetch(`${rpc}/p2p/addrbook`, { method: 'POST' })).status, 405, 'read-only')
    const metrics = await (await fetch(`${rpc}/metrics`)).text()
    assert.match(metrics, /kuber_discovery_records_total\{result="added"\} [1-9]/)
    assert.match(metrics, /kuber_discovery_dials_total\{kind="seed"\} 1/)
    assert.match(metrics, /kuber_discovery_dials_total\{kind="peer"\} ([6-9]|\d\d)/)
    assert.match(metrics, /kuber_addrbook_entries\{table="tried"\} \d+/)
    const stats = await (await fetch(`${rpc}/p2p/stats`)).json() as Record<string, any>
    assert.ok(stats.discovery.pex.list_received >= 1)
  } finally {
    await stopAll(nodes)
  }
})
