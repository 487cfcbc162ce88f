// Nodes over WebSocket (spec §3): a node listens on TCP and WebSocket at once and is
// reached on both; ws:// static peers; the byte stream across message boundaries (a
// record split over many messages, many records in one); and bad input over WebSocket
// handled as over TCP: text and oversized messages, garbage records, oversized frames.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { WebSocket } from 'ws'
import { addressOf, startNode, stopAll, waitUntil } from '../helpers/nodes.js'
import { rawPeer, type RawPeer } from '../helpers/raw-peer.js'
import { createWsTransport } from '../../src/transport/ws.js'
import { WsConnection } from '../../src/transport/ws-connection.js'
import { systemClock } from '../../src/runtime/clock.js'
import { MessageType } from '../../src/wire/codecs.js'
import type { KuberNode } from '../../src/node/node.js'
import type { Transport } from '../../src/transport/types.js'

const wsAddressOf = (node: KuberNode): string => node.listenAddresses.find((a) => a.startsWith('ws://'))!

async function connected (node: KuberNode, transport: Transport = createWsTransport()): Promise<RawPeer> {
  const p = await rawPeer(transport, wsAddressOf(node))
  p.hello()
  p.send(MessageType.HELLO_ACK, Buffer.alloc(0))
  await waitUntil(() => node.connectedPeers().some((x) => x.peerId === p.identity.peerId), 5000, 'raw peer connected')
  return p
}

/** A raw peer over a `ws` client whose WebSocket the test keeps, to send what our transport never would. */
async function rawWsPeer (node: KuberNode, sendMessageBytes = 1 << 20): Promise<{ peer: RawPeer, ws: WebSocket }> {
  let ws: WebSocket | undefined
  const transport: Transport = {
    name: 'raw-ws',
    listen: async () => { throw new Error('dial only') },
    dial: async (address) => {
      const socket = ws = new WebSocket(`${address}/`)
      await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject) })
      return new WsConnection(socket, address, 'ws://127.0.0.1:1', { clock: systemClock, highWaterMark: 1 << 20, maxMessageBytes: sendMessageBytes, closeTimeoutMs: 1000 })
    }
  }
  const peer = await rawPeer(transport, wsAddressOf(node))
  return { peer, ws: ws! }
}

test('a node listens on TCP and WebSocket at once: one peer dials each, a ws:// static peer connects, messages flow', async () => {
  const a = await startNode({ pex: false, listen: ['tcp://127.0.0.1:0', 'ws://127.0.0.1:0'] })
  const viaTcp = await startNode({ pex: false, peers: [addressOf(a)] })
  const viaWs = await startNode({ pex: false, peers: [`${a.peerId}@${wsAddressOf(a)}`] })
  try {
    assert.equal(a.listenAddresses.length, 2)
    assert.match(wsAddressOf(a), /^ws:\/\/127\.0\.0\.1:\d+$/)
    await waitUntil(() => a.connectedPeers().length === 2, 10_000, 'both peers')
    const wsPeer = a.peers().find((p) => p.peer_id === viaWs.peerId)!
    assert.match(wsPeer.address, /^ws:\/\/127\.0\.0\.1:\d+$/)
    assert.match(viaWs.peers()[0]!.address, /^ws:\/\//)
    const got: string[] = []
    a.handle(200, (_peer, _type, payload) => { got.push(Buffer.from(payload).toString()) })
    viaWs.send(a.peerId, 200, Buffer.from('over websocket'))
    viaTcp.send(a.peerId, 200, Buffer.from('over tcp'))
    await waitUntil(() => got.length === 2, 5000, 'both messages')
    assert.deepEqual(got.sort(), ['over tcp', 'over websocket'])
  } finally {
    await stopAll([viaTcp, viaWs, a])
  }
})

test('the stream is independent of message boundaries: a handshake in 7-byte messages, many records in one message', async () => {
  const a = await startNode({ pex: false, listen: ['ws://127.0.0.1:0'] })
  try {
    const { peer: tiny } = await rawWsPeer(a, 7) // every record it sends spans messages
    tiny.hello()
    tiny.send(MessageType.HELLO_ACK, Buffer.alloc(0))
    await waitUntil(() => a.connectedPeers().length === 1, 5000, 'tiny-message peer connected')
    const got: number[] = []
    a.handle(200, (_peer, _type, payload) => { got.push(payload.length) })
    tiny.send(200, Buffer.alloc(1000, 1))
    const bulk = await connected(a)
    bulk.send(200, Buffer.alloc(300_000, 2)) // 5 Noise records, one WebSocket message
    await waitUntil(() => got.length === 2, 5000, 'both messages')
    assert.deepEqual(got.sort((x, y) => x - y), [1000, 300_000])
    assert.equal(a.connectedPeers().length, 2)
  } finally {
    await a.stop()
  }
})

test('over WebSocket, a text message is MALFORMED_MESSAGE and ends the connection, scored as on TCP', async () => {
  const a = await startNode({ pex: false, listen: ['ws://127.0.0.1:0'] })
  try {
    // in the Noise handshake: no PeerID yet, the failure is counted
    const early = new WebSocket(`${wsAddressOf(a)}/`)
    const earlyClosed = new Promise((resolve) => early.once('close', resolve))
    early.once('open', () => early.send('{"jsonrpc":"2.0"}'))
    await earlyClosed
    await waitUntil(() => a.stats.handshakeFailures.get('MALFORMED_MESSAGE') === 1, 5000, 'handshake failure counted')
    // an established peer that sends text is penalised and disconnected
    const { peer, ws } = await rawWsPeer(a)
    peer.hello()
    peer.send(MessageType.HELLO_ACK, Buffer.alloc(0))
    await waitUntil(() => a.connectedPeers().length === 1, 5000, 'raw peer connected')
    ws.send('hello as text')
    await peer.closed
    await waitUntil(() => a.stats.errors.get('MALFORMED_MESSAGE') === 1, 5000, 'error counted')
    assert.equal(Math.round(a.scorer.score(peer.identity.peerId)), 40)
    assert.equal(a.stats.disconnects.get('message_integrity_failure'), 1)
  } finally {
    await a.stop()
  }
})

test('over WebSocket, a message above the 1 MiB limit bans like an oversized frame on TCP', async () => {
  const a = await startNode({ pex: false, listen: ['ws://127.0.0.1:0'] })
  try {
    const p = await connected(a, createWsTransport({ maxMessageBytes: 4 * 1024 * 1024 }))
    p.send(200, Buffer.alloc(1_500_000)) // one 1.5 MB message from a peer that ignores the limit
    await p.closed
    await waitUntil(() => a.stats.disconnects.get('oversized_frame') === 1, 5000, 'disconnect recorded')
    assert.equal(a.stats.errors.get('FRAME_TOO_LARGE'), 1)
    assert.ok(a.scorer.isBanned(p.identity.peerId))
  } finally {
    await a.stop()
  }
})

test('over WebSocket, a garbage record fails authentication and an oversized frame bans, as on TCP', async () => {
  const a = await startNode({ pex: false, listen: ['ws://127.0.0.1:0'] })
  try {
    const { peer, ws } = await rawWsPeer(a)
    peer.hello()
    peer.send(MessageType.HELLO_ACK, Buffer.alloc(0))
    await waitUntil(() => a.connectedPeers().length === 1, 5000, 'raw peer connected')
    ws.send(Buffer.concat([Buffer.from([0, 40]), Buffer.alloc(40, 0xab)])) // a well-framed record that is no ciphertext
    await peer.closed
    await waitUntil(() => a.stats.errors.get('NOISE_DECRYPT_FAILED') === 1, 5000, 'decrypt failure counted')
    assert.equal(Math.round(a.scorer.score(peer.identity.peerId)), 20)
    const framed = await connected(a)
    const header = Buffer.alloc(4)
    header.writeUInt32BE(3 * 1024 * 1024)
    framed.sendRaw(header) // a frame declaring 3 MiB: banned at once
    await framed.closed
    await waitUntil(() => a.scorer.isBanned(framed.identity.peerId), 5000, 'ban')
    assert.equal(a.stats.disconnects.get('oversized_frame'), 1)
  } finally {
    await a.stop()
  }
})
