// A stopped node starts again as a working node: it listens, accepts, dials its static
// peers, delivers messages, and its peer store (LevelDB under its home) is reopened.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { addressOf, startNode, stopAll, waitUntil } from '../helpers/nodes.js'

test('stop() then start(): the node accepts, dials its static peers and delivers messages again', async () => {
  const home = await mkdtemp(join(tmpdir(), 'kuber-restart-'))
  const b = await startNode()
  const a = await startNode({ home, peers: [addressOf(b)], redialBaseMs: 50 })
  const c = await startNode()
  try {
    await waitUntil(() => b.connectedPeers().length === 1, 10_000, 'a dials b')
    await a.stop()
    await waitUntil(() => b.connectedPeers().length === 0, 10_000, 'b sees a leave')
    assert.equal(a.isStarted, false)

    await Promise.all([a.start(), a.start()]) // concurrent starts listen once
    assert.equal(a.isStarted, true)
    assert.equal(a.listenAddresses.length, 1)
    await waitUntil(() => b.connectedPeers().some((p) => p.peerId === a.peerId), 10_000, 'a redials its static peer')
    const info = await c.dial(addressOf(a))
    assert.equal(info.peer_id, a.peerId, 'a accepts a new inbound peer')

    const got: string[] = []
    a.handle(150, (peer, _type, payload) => { got.push(`${peer.peerId}:${Buffer.from(payload).toString()}`) })
    b.broadcast(150, Buffer.from('from b'))
    c.broadcast(150, Buffer.from('from c'))
    await waitUntil(() => got.length === 2, 10_000, 'messages after the restart')
    assert.deepEqual(got.sort(), [`${b.peerId}:from b`, `${c.peerId}:from c`].sort())
    assert.ok(a.peerStore.book.size >= 1, 'the peer store is open again and learns peers')
  } finally {
    await stopAll([a, b, c])
    await rm(home, { recursive: true, force: true })
  }
})

test('stop() and start() interleaved settle in call order', async () => {
  const a = await startNode()
  try {
    const calls = [a.stop(), a.start(), a.stop(), a.start()]
    await Promise.all(calls)
    assert.equal(a.isStarted, true)
    const b = await startNode({ peers: [addressOf(a)] })
    try {
      await waitUntil(() => a.connectedPeers().length === 1, 10_000, 'b connects to the restarted a')
    } finally {
      await b.stop()
    }
  } finally {
    await a.stop()
  }
})
