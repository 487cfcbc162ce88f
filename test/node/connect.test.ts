// Real TCP on 127.0.0.1: nodes connect, complete Noise and Hello, ping each other, and
// the debug RPC reports it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { addressOf, startNode, stopAll, waitUntil } from '../helpers/nodes.js'
import type { KuberNode } from '../../src/node/node.js'

test('two nodes connect, handshake and measure a ping round trip', async () => {
  const a = await startNode({ pingIntervalMs: 200, tickMs: 50 })
  const b = await startNode({ pingIntervalMs: 200, tickMs: 50, peers: [addressOf(a)] })
  try {
    await waitUntil(() => a.connectedPeers().length === 1 && b.connectedPeers().length === 1, 5000, 'connection')
    const pa = a.connectedPeers()[0]!
    const pb = b.connectedPeers()[0]!
    assert.equal(pa.peerId, b.peerId)
    assert.equal(pb.peerId, a.peerId)
    assert.equal(pa.direction, 'inbound')
    assert.equal(pb.direction, 'outbound')
    await waitUntil(() => pa.rttMs !== undefined && pb.rttMs !== undefined, 5000, 'ping round trip')
    assert.ok(pb.rttMs! >= 0 && pb.rttMs! < 10_000, 'a plausible round trip (bounded loosely: a loaded machine stalls)')
    assert.ok(['GOSSIP', 'IDLE'].includes(pa.state), pa.state)
  } finally {
    await stopAll([a, b])
  }
})

test('application messages reach the registered handler; unknown types are penalised', async () => {
  const a = await startNode()
  const b = await startNode({ peers: [addressOf(a)] })
  try {
    await waitUntil(() => a.connectedPeers().length === 1, 5000, 'connection')
    const got: string[] = []
    a.handle(120, (peer, _type, payload) => { got.push(`${peer.peerId.slice(0, 8)}:${Buffer.from(payload).toString()}`) })
    assert.equal(b.broadcast(120, Buffer.from('hello')), 1)
    await waitUntil(() => got.length === 1, 5000, 'delivery')
    assert.deepEqual(got, [`${b.peerId.slice(0, 8)}:hello`])
    b.broadcast(200, Buffer.from('nobody handles this'))
    await waitUntil(() => a.stats.errors.get('UNKNOWN_MESSAGE_TYPE') === 1, 5000, 'unknown type counted')
    assert.ok(a.scorer.score(b.peerId) < 50)
  } finally {
    await stopAll([a, b])
  }
})

test('five nodes in a chain of static peers all connect; the RPC shows it', async () => {
  const nodes: KuberNode[] = []
  try {
    for (let i = 0; i < 5; i++) {
      nodes.push(await startNode({ rpc: '127.0.0.1:0', peers: nodes.slice(Math.max(0, i - 2)).map(addressOf) }))
    }
    // links: 1-0, 2-0, 2-1, 3-1, 3-2, 4-2, 4-3 => degrees 2,3,4,3,2
    await waitUntil(() => nodes.reduce((s, n) => s + n.connectedPeers().length, 0) === 14, 10_000, 'all 7 links')
    const rpc = nodes[2]!.rpcAddress!
    const info = await (await fetch(`http://${rpc}/p2p/info`)).json() as Record<string, any>
    assert.equal(info.peer_id, nodes[2]!.peerId)
    assert.equal(info.chain_id, 'kuber-test')
    assert.equal(info.protocol_version, 1)
    assert.deepEqual(info.listen_addrs, nodes[2]!.listenAddresses)
    assert.equal(info.latest_height, 0)
    const peers = (await (await fetch(`http://${rpc}/p2p/peers`)).json() as any).peers as Array<Record<string, any>>
    assert.equal(peers.length, 4)
    for (const p of peers) {
      for (const k of ['peer_id', 'address', 'state', 'score', 'latest_height', 'direction']) assert.ok(k in p, k)
    }
    const stats = await (await fetch(`http://${rpc}/p2p/stats`)).json() as Record<string, any>
    assert.equal(stats.messages.received.by_type.Hello, 4, JSON.stringify(stats))
    assert.equal(stats.peers.length, 4)
    const metrics = await (await fetch(`http://${rpc}/metrics`)).text()
    assert.match(metrics, /kuber_messages_received_total\{type="Hello"\} 4/)
    assert.match(metrics, /kuber_peers\{direction="outbound",state="\w+"\} 2/)
  } finally {
    await stopAll(nodes)
  }
})

test('the RPC is read-only: HEAD answers like GET without a body, other methods get 405, unknown paths 404', async () => {
  const a = await startNode({ rpc: '127.0.0.1:0' })
  try {
    const base = `http://${a.rpcAddress!}`
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const r = await fetch(`${base}/p2p/peers`, { method })
      assert.equal(r.status, 405, method)
      assert.equal(r.headers.get('allow'), 'GET, HEAD')
    }
    for (const path of ['/p2p/info', '/p2p/peers', '/p2p/stats', '/p2p/addrbook', '/metrics']) {
      const get = await fetch(`${base}${path}`)
      const head = await fetch(`${base}${path}`, { method: 'HEAD' })
      assert.equal(head.status, 200, path)
      assert.equal(head.headers.get('content-type'), get.headers.get('content-type'), path)
      assert.ok(Number(head.headers.get('content-length')) > 0, path)
      assert.equal((await head.arrayBuffer()).byteLength, 0, path)
      await get.arrayBuffer()
    }
    assert.equal((await fetch(`${base}/p2p/nope`)).status, 404)
    assert.equal((await fetch(`${base}/`)).status, 404)
  } finally {
    await a.stop()
  }
})

test('inbound and outbound limits hold: the extra peer is refused', async () => {
  const hub = await startNode({ maxInbound: 2, maxOutbound: 1 })
  const others = [await startNode(), await startNode(), await startNode()]
  try {
    await others[0]!.dial(addressOf(hub))
    await others[1]!.dial(addressOf(hub))
    // at the limit the hub closes new connections at once, before spending a handshake on them
    await assert.rejects(others[2]!.dial(addressOf(hub)), (e: unknown) => ['DIAL_FAILED', 'CONNECTION_CLOSED'].includes((e as { code?: string }).code ?? ''))
    assert.equal(hub.inboundCount(), 2)
    assert.equal(hub.stats.inboundRefused, 1)
    await hub.dial(addressOf(others[2]!))
    await assert.rejects(hub.dial(addressOf(others[1]!)), (e: unknown) => (e as { code?: string }).code === 'DUPLICATE_PEER')
    const fourth = await startNode()
    await assert.rejects(hub.dial(addressOf(fourth)), (e: unknown) => (e as { code?: string }).code === 'TOO_MANY_PEERS')
    assert.equal(hub.outboundCount(), 1)
    await fourth.stop()
  } finally {
    await stopAll([hub, ...others])
  }
})
