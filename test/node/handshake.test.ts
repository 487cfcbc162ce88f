// Handshake failures over real TCP (spec §6, §14, §17): each one disconnects and is
// recorded with its code; those that prove misbehaviour lower the offending peer's score,
// a configuration mismatch (chain id, protocol version) does not.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { addressOf, startNode, stopAll, waitUntil } from '../helpers/nodes.js'
import { ackStatus, rawPeer } from '../helpers/raw-peer.js'
import { createTcpTransport } from '../../src/transport/tcp.js'
import { generateIdentity } from '../../src/identity/keys.js'
import { SeededRandom } from '../../src/runtime/random.js'
import { systemClock, withWallOffset, type Clock } from '../../src/runtime/clock.js'
import { HandshakeError, KuberError } from '../../src/errors.js'
import { MessageType } from '../../src/wire/codecs.js'

const tcp = createTcpTransport()

async function expectRefused (promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (e: unknown) => e instanceof KuberError && e.code === code)
}

test('chain id mismatch: refused and recorded on both sides, never penalised or banned however often', async () => {
  const a = await startNode({ chainId: 'chain-a' })
  const b = await startNode({ chainId: 'chain-b' })
  try {
    for (let i = 1; i <= 5; i++) {
      await expectRefused(b.dial(addressOf(a)), 'CHAIN_ID_MISMATCH')
      await waitUntil(() => a.stats.handshakeFailures.get('CHAIN_ID_MISMATCH') === i, 10_000, 'A records it')
    }
    assert.equal(a.connectedPeers().length, 0)
    assert.equal(b.connectedPeers().length, 0)
    assert.equal(a.stats.disconnects.get('chain_id_mismatch'), 5)
    for (const [node, other] of [[a, b], [b, a]] as const) {
      assert.equal(node.scorer.score(other.peerId), 50, 'no score loss')
      assert.equal(node.scorer.isBanned(other.peerId), false)
      assert.equal(node.stats.penalties.get('CHAIN_ID_MISMATCH'), 0)
    }
  } finally {
    await stopAll([a, b])
  }
})

test('protocol version mismatch is refused with VERSION_MISMATCH, without a penalty', async () => {
  const a = await startNode()
  const b = await startNode({ protocolVersion: 2 })
  try {
    for (let i = 1; i <= 4; i++) {
      await expectRefused(b.dial(addressOf(a)), 'VERSION_MISMATCH')
      await waitUntil(() => a.stats.disconnects.get('protocol_version_mismatch') === i, 10_000, 'A records it')
    }
    assert.equal(a.scorer.score(b.peerId), 50)
    assert.equal(b.scorer.score(a.peerId), 50)
    assert.equal(a.scorer.activeBans().length + b.scorer.activeBans().length, 0)
  } finally {
    await stopAll([a, b])
  }
})

test('a peer whose clock is 20 s off is refused with CLOCK_SKEW and penalised', async () => {
  const skewed: Clock = withWallOffset(systemClock, 20_000)
  const a = await startNode()
  const b = await startNode({}, { clock: skewed })
  try {
    await expectRefused(b.dial(addressOf(a)), 'CLOCK_SKEW')
    await waitUntil(() => a.stats.handshakeFailures.get('CLOCK_SKEW') === 1, 10_000, 'A records it')
    assert.ok(a.scorer.score(b.peerId) < 50)
  } finally {
    await stopAll([a, b])
  }
})

test('a Hello whose node_id is not the proven key is refused (INVALID_NODE_ID) and penalised hard', async () => {
  const a = await startNode()
  try {
    const p = await rawPeer(tcp, a.listenAddresses[0]!)
    const other = generateIdentity(new SeededRandom(99))
    p.hello({ nodeId: Buffer.from(other.peerId, 'hex') })
    assert.equal(ackStatus(await p.waitFor(MessageType.HELLO_ACK)), 'INVALID_NODE_ID')
    await p.closed
    assert.equal(a.stats.handshakeFailures.get('NODE_ID_MISMATCH'), 1)
    assert.ok(a.scorer.score(p.identity.peerId) < 11)
  } finally {
    await a.stop()
  }
})

test('a second connection from the same PeerID is refused with DUPLICATE_PEER', async () => {
  const a = await startNode()
  try {
    const identity = generateIdentity(new SeededRandom(5))
    const first = await rawPeer(tcp, a.listenAddresses[0]!, { identity })
    first.hello()
    first.send(MessageType.HELLO_ACK, Buffer.alloc(0)) // status OK (proto3 default)
    await waitUntil(() => a.connectedPeers().length === 1, 10_000, 'first connection')
    const second = await rawPeer(tcp, a.listenAddresses[0]!, { identity })
    second.hello()
    assert.equal(ackStatus(await second.waitFor(MessageType.HELLO_ACK)), 'DUPLICATE_PEER')
    await second.closed
    assert.equal(a.connectedPeers().length, 1, 'the first connection survives')
    assert.equal(first.isClosed(), false)
  } finally {
    await a.stop()
  }
})

test('a node never connects to itself', async () => {
  const a = await startNode({ listen: ['0.0.0.0:0'] })
  try {
    const port = a.listenAddresses[0]!.split(':')[1]!
    await expectRefused(a.dial(`${a.peerId}@127.0.0.1:${port}`), 'SELF_CONNECTION') // refused before dialing
    await expectRefused(a.dial(`127.0.0.1:${port}`), 'SELF_CONNECTION') // found out by the handshake
    assert.equal(a.connectedPeers().length, 0)
  } finally {
    await a.stop()
  }
})

test('a handshake that does not finish in time is dropped (HANDSHAKE_TIMEOUT)', async () => {
  const a = await startNode({ handshakeTimeoutMs: 1000 })
  try {
    const p = await rawPeer(tcp, a.listenAddresses[0]!) // secure channel done, never says Hello
    await p.closed
    await waitUntil(() => a.stats.disconnects.get('handshake_timeout') === 1, 10_000, 'timeout recorded')
    assert.ok(a.scorer.score(p.identity.peerId) < 50)
    // a TCP client that never even starts Noise is dropped too
    const sock = connect(Number(a.listenAddresses[0]!.split(':')[1]), '127.0.0.1')
    await new Promise<void>((resolve) => sock.on('close', () => resolve()).on('error', () => {}))
    assert.equal(a.stats.handshakeFailures.get('HANDSHAKE_TIMEOUT'), 2)
  } finally {
    await a.stop()
  }
})

test('an application message before the handshake completes is UNEXPECTED_MESSAGE', async () => {
  const a = await startNode()
  try {
    const p = await rawPeer(tcp, a.listenAddresses[0]!)
    p.send(MessageType.TX, Buffer.from('early'))
    await p.closed
    assert.equal(a.stats.handshakeFailures.get('UNEXPECTED_MESSAGE'), 1)
  } finally {
    await a.stop()
  }
})

test('dial errors are typed', async () => {
  const a = await startNode()
  try {
    await assert.rejects(a.dial('127.0.0.1:1'), (e: unknown) => e instanceof KuberError && e.code === 'DIAL_FAILED')
    await assert.rejects(a.dial('not an address'), (e: unknown) => e instanceof KuberError)
    const wrongId = generateIdentity(new SeededRandom(8)).peerId
    const b = await startNode()
    await assert.rejects(a.dial(`${wrongId}@${b.listenAddresses[0]!}`), (e: unknown) => e instanceof KuberError && e.code === 'PEER_ID_MISMATCH')
    await b.stop()
  } finally {
    await a.stop()
  }
  assert.ok(HandshakeError)
})
