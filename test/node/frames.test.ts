// Bad frames after the handshake (spec §13 rule 4, §15): oversized frames ban, garbage
// and truncated frames are typed errors that cost score, and the node keeps running.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startNode, waitUntil } from '../helpers/nodes.js'
import { ackStatus, activeRawPeer, rawPeer } from '../helpers/raw-peer.js'
import { createTcpTransport } from '../../src/transport/tcp.js'
import { generateIdentity } from '../../src/identity/keys.js'
import { SeededRandom } from '../../src/runtime/random.js'
import { MessageType } from '../../src/wire/codecs.js'
import type { Identity } from '../../src/identity/keys.js'

const tcp = createTcpTransport()


test('a frame declaring more than 2 MiB bans the sender at once, and the ban holds', async () => {
  const a = await startNode({ rpc: '127.0.0.1:0' })
  try {
    const identity = generateIdentity(new SeededRandom(11))
    const p = await activeRawPeer(a, identity)
    const header = Buffer.alloc(4)
    header.writeUInt32BE(3 * 1024 * 1024)
    p.sendRaw(header)
    await p.closed
    await waitUntil(() => a.stats.disconnects.get('oversized_frame') === 1, 10_000, 'disconnect recorded')
    assert.ok(a.scorer.isBanned(identity.peerId))
    const stats = await (await fetch(`http://${a.rpcAddress!}/p2p/stats`)).json() as Record<string, any>
    assert.equal(stats.errors_by_code.FRAME_TOO_LARGE, 1)
    assert.equal(stats.bans_by_reason.FRAME_TOO_LARGE, 1)
    assert.equal(stats.active_bans[0].peer_id, identity.peerId)
    const metrics = await (await fetch(`http://${a.rpcAddress!}/metrics`)).text()
    assert.match(metrics, /kuber_bans_total\{reason="FRAME_TOO_LARGE"\} 1/)
    // coming back with the same identity is refused
    const again = await rawPeer(tcp, a.listenAddresses[0]!, { identity })
    again.hello()
    assert.equal(ackStatus(await again.waitFor(MessageType.HELLO_ACK)), 'BANNED')
  } finally {
    await a.stop()
  }
})

test('before the handshake is done a frame is at most 4 KiB: a larger one is refused before it is buffered', async () => {
  const a = await startNode()
  try {
    const p = await rawPeer(tcp, a.listenAddresses[0]!) // secure channel up, no Hello yet
    const header = Buffer.alloc(4)
    header.writeUInt32BE(64 * 1024) // far under 2 MiB, far over any Hello
    p.sendRaw(header)
    await p.closed
    await waitUntil(() => a.stats.handshakeFailures.get('FRAME_TOO_LARGE') === 1, 3000, 'refused')
    assert.equal(a.stats.disconnects.get('oversized_frame'), 1)
    assert.ok(a.scorer.isBanned(p.identity.peerId))
  } finally {
    await a.stop()
  }
})

test('garbage envelopes cost score but do not end the session until the score is too low', async () => {
  const a = await startNode()
  try {
    const p = await activeRawPeer(a)
    const garbage = Buffer.from([0, 0, 0, 3, 0xff, 0xff, 0xff]) // a 3-byte frame that is no protobuf
    p.sendRaw(garbage)
    await waitUntil(() => a.stats.errors.get('MALFORMED_MESSAGE') === 1, 10_000, 'malformed counted')
    assert.equal(p.isClosed(), false)
    assert.equal(Math.round(a.scorer.score(p.identity.peerId)), 40)
    for (let i = 0; i < 4; i++) p.sendRaw(garbage)
    await p.closed
    assert.ok(a.scorer.isBanned(p.identity.peerId))
    assert.equal(a.stats.disconnects.get('score_below_ban'), 1)
  } finally {
    await a.stop()
  }
})

test('a frame cut short by the connection closing is FRAME_TRUNCATED', async () => {
  const a = await startNode()
  try {
    const p = await activeRawPeer(a)
    p.sendRaw(Buffer.from([0, 0, 1, 0, 8, 13])) // declares 256 bytes, sends 2
    p.conn.close()
    await waitUntil(() => a.stats.errors.get('FRAME_TRUNCATED') === 1, 10_000, 'truncation counted')
    assert.equal(a.connectedPeers().length, 0)
  } finally {
    await a.stop()
  }
})

test('a flood of random bytes never crashes the node', async () => {
  const a = await startNode()
  try {
    const random = new SeededRandom(4)
    for (let i = 0; i < 20; i++) {
      const p = await activeRawPeer(a)
      p.sendRaw(random.bytes(1 + random.int(5000)))
      p.conn.close()
      await p.closed
    }
    await waitUntil(() => a.connectedPeers().length === 0, 3000, 'all gone')
    const b = await activeRawPeer(a) // still serving
    assert.equal(b.isClosed(), false)
  } finally {
    await a.stop()
  }
})
