// Protocols as plug-ins, from outside src/: a protocol registered from this file is handed
// the node's host, advertises a Hello capability, owns a message type only peers that
// advertised it may send, asks through the request tracker, and hears SYNC → GOSSIP. A
// type nobody handles costs a small penalty, never a ban within 100 messages. A handler,
// sync or async, that throws or rejects: a KuberError penalises the sender, anything else
// is logged as our bug; the process never dies of it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SimNetwork } from '../../src/sim/sim-network.js'
import { Capability } from '../../src/session/hello.js'
import { PeerState } from '../../src/session/lifecycle.js'
import { ErrorCodes, ProtocolError } from '../../src/errors.js'
import type { ProtocolHost } from '../../src/router/host.js'
import type { RequestKind } from '../../src/router/requests.js'
import type { Peer, Protocol } from '../../src/router/types.js'
import { simNodeWithRawPeer, simRawPeer } from '../helpers/raw-peer.js'

const ECHO_REQUEST = 150
const ECHO_ANSWER = 151

/** Asks peers to echo a byte and answers their asks; remembers what it heard. */
class EchoProtocol implements Protocol {
  readonly name = 'echo'
  readonly messageTypes = [ECHO_REQUEST, ECHO_ANSWER]
  readonly capabilities = Capability.STATE_SYNC
  readonly requires = { [ECHO_REQUEST]: Capability.STATE_SYNC }
  host!: ProtocolHost
  asks!: RequestKind<(answer: number | undefined) => void>
  readonly states: string[] = []
  answering = true

  attach (host: ProtocolHost): void {
    this.host = host
    this.asks = host.requests.kind({ name: 'echo', timeoutMs: 500, grant: { types: [ECHO_ANSWER] }, onTimeout: (r) => r.data(undefined) })
  }

  async ask (peer: Peer, n: number): Promise<number | undefined> {
    return await new Promise((resolve) => {
      this.asks.start(peer.peerId, String(n), resolve)
      this.host.send(peer.peerId, ECHO_REQUEST, Uint8Array.of(n))
    })
  }

  onMessage (peer: Peer, type: number, payload: Uint8Array): void {
    if (type === ECHO_REQUEST) {
      if (this.answering) this.host.send(peer.peerId, ECHO_ANSWER, payload)
    } else {
      this.asks.answer(peer.peerId, String(payload[0])).data(payload[0])
    }
  }

  onPeerStateChanged (peer: Peer, from: PeerState, to: PeerState): void {
    this.states.push(`${peer.peerId.slice(0, 4)}:${from}→${to}`)
  }
}

test('a protocol from a test file: capability, owned type, request tracker, SYNC → GOSSIP', async () => {
  const sim = new SimNetwork({ seed: 81, config: { pex: false } })
  await sim.addNode()
  await sim.addNode()
  const [a, b] = sim.nodes as [typeof sim.nodes[0] & {}, typeof sim.nodes[0] & {}]
  const pa = new EchoProtocol()
  const pb = new EchoProtocol()
  a.registerProtocol(pa)
  b.registerProtocol(pb)
  b.setLatestHeight(5)
  await sim.await(a.dial(sim.address(1)))
  await sim.run(100)
  const peerB = a.getPeer(b.peerId)!
  assert.ok((peerB.remoteHello!.capabilities & Capability.STATE_SYNC) !== 0, 'b advertised the protocol\'s capability')
  assert.equal(peerB.state, PeerState.SYNC, 'b is ahead of a')

  assert.equal(await sim.await(pa.ask(peerB, 7)), 7, 'asked and answered through the tracker')
  assert.equal(a.requests.size, 0)
  pb.answering = false
  assert.equal(await sim.await(pa.ask(peerB, 8)), undefined, 'an unanswered ask times out')
  assert.equal(a.stats.penalties.get('SLOW_RESPONSE'), 1, 'and costs the peer SLOW_RESPONSE')

  a.setLatestHeight(5)
  await sim.run(1500)
  assert.ok(pa.states.includes(`${b.peerId.slice(0, 4)}:${PeerState.SYNC}→${PeerState.GOSSIP}`), `told of SYNC → GOSSIP (${pa.states.join(', ')})`)

  const raw = await simRawPeer(sim, '10.99.0.7')
  raw.send(ECHO_REQUEST, Uint8Array.of(1))
  raw.send(ECHO_ANSWER, Uint8Array.of(99))
  await sim.run(100)
  assert.equal(a.stats.penalties.get('UNADVERTISED_MESSAGE_TYPE'), 1, 'a peer that never advertised the capability may not send its type')
  assert.equal(a.stats.penalties.get('UNSOLICITED_MESSAGE'), 1, 'an answer to no ask')
  await sim.stop()
})

test('a peer sending 100 messages of a type nobody handles is penalised each time, and not banned', async () => {
  const { sim, node, raw } = await simNodeWithRawPeer(82, '10.99.0.8')
  for (let i = 0; i < 100; i++) raw.send(199, Uint8Array.of(i)) // a type a later version might add
  await sim.run(200)
  assert.equal(node.stats.penalties.get('UNKNOWN_MESSAGE_TYPE'), 100)
  assert.equal(node.connectedPeers().length, 1, 'still connected')
  assert.equal(node.scorer.isBanned(raw.identity.peerId), false)
  assert.ok(!node.scorer.isQuarantined(raw.identity.peerId), `score ${node.scorer.score(raw.identity.peerId)} stays above the greylist`)
  await sim.stop()
})

test('handlers that throw or reject: a KuberError penalises the sender, anything else is our bug; the process lives', async () => {
  const { sim, node, raw } = await simNodeWithRawPeer(83, '10.99.0.9')
  const bad = (): ProtocolError => new ProtocolError(ErrorCodes.INVALID_FIELD, 'bad input')
  node.handle(160, () => { throw bad() })
  node.handle(161, async () => { await Promise.resolve(); throw bad() })
  node.handle(162, () => { throw new TypeError('our bug') })
  node.handle(163, async () => { await Promise.resolve(); throw new TypeError('our async bug') })
  const unhandled: unknown[] = []
  const onUnhandled = (err: unknown): void => { unhandled.push(err) }
  process.on('unhandledRejection', onUnhandled)
  try {
    for (const type of [160, 161, 162, 163]) raw.send(type, Uint8Array.of(1))
    await sim.run(100)
    await new Promise((resolve) => setImmediate(resolve))
    assert.equal(node.stats.penalties.get('INVALID_FIELD'), 2, 'sync and async KuberErrors are penalised')
    assert.equal(node.stats.errors.get('INTERNAL'), 2, 'sync and async bugs are counted as ours')
    assert.equal(node.stats.penalties.get('INTERNAL'), 0, 'and never blamed on the peer')
    assert.deepEqual(unhandled, [])
    assert.equal(node.connectedPeers().length, 1)
  } finally {
    process.off('unhandledRejection', onUnhandled)
    await sim.stop()
  }
})
