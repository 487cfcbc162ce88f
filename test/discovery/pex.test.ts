// Peer exchange against a hand-driven peer, in virtual time: invalid records are dropped
// and their source penalised, unsolicited lists and too-frequent requests are penalised,
// a flood of records from one source does not push out good entries, and a record whose
// identity the handshake does not prove is dropped and its source penalised.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SimNetwork, SIM_PORT } from '../../src/sim/sim-network.js'
import { MessageType, Messages, encodePayload } from '../../src/wire/codecs.js'
import { peerIdFromBytes } from '../../src/identity/peer-id.js'
import { generateIdentity } from '../../src/identity/keys.js'
import { SIM_DISCOVERY, lastPeerList, pexPeer, receivedOf, sendPeerList, validRecord } from './helpers.js'

test('records whose key does not hash to the id are dropped; the source is penalised once per list', async () => {
  const sim = new SimNetwork({ seed: 21, config: SIM_DISCOVERY })
  await sim.addNode()
  const node = sim.nodes[0]!
  const p = await pexPeer(sim, 0, '10.9.9.9')
  assert.equal(receivedOf(p, MessageType.PEER_LIST_REQUEST), 1, 'the node asks a new peer for addresses')
  const now = sim.clock.now()
  const good = [1, 2, 3].map((i) => validRecord(sim.random, `10.${50 + i}.0.1:${SIM_PORT}`, now))
  const forged = [4, 5].map((i) => ({ ...validRecord(sim.random, `10.${50 + i}.0.1:${SIM_PORT}`, now), publicKey: generateIdentity(sim.random).publicKey as Uint8Array<ArrayBuffer> }))
  const badAddress = { ...validRecord(sim.random, 'not an address', now) }
  const scoreBefore = node.scorer.score(p.identity.peerId)
  sendPeerList(p, [...good, ...forged, badAddress])
  await sim.run(100)
  for (const r of good) assert.ok(node.peerStore.book.has(peerIdFromBytes(r.peerId)), 'valid record stored')
  for (const r of [...forged, badAddress]) assert.equal(node.peerStore.book.has(peerIdFromBytes(r.peerId)), false, 'invalid record dropped')
  assert.equal(node.stats.penalties.get('INVALID_PEER_RECORD'), 1)
  assert.ok(node.scorer.score(p.identity.peerId) < scoreBefore)
  const counters = node.statsSections().discovery as { records: Record<string, number> }
  assert.equal(counters.records.key_mismatch, 2)
  assert.equal(counters.records.invalid_address, 1)
  await sim.stop()
})

test('an unsolicited PeerList is dropped and penalised; a second request within the interval is rate-limited', async () => {
  const sim = new SimNetwork({ seed: 22, config: SIM_DISCOVERY })
  await sim.addNode()
  const node = sim.nodes[0]!
  const p = await pexPeer(sim, 0, '10.9.9.9')
  sendPeerList(p, [])
  await sim.run(100)
  // the node's request is answered; anything after that is unsolicited
  const extra = validRecord(sim.random, `10.77.0.1:${SIM_PORT}`, sim.clock.now())
  sendPeerList(p, [extra])
  await sim.run(100)
  assert.equal(node.peerStore.book.has(peerIdFromBytes(extra.peerId)), false)
  assert.equal(node.stats.penalties.get('UNSOLICITED_MESSAGE'), 1)
  const request = encodePayload(Messages.peerListRequest, { maxPeers: 50 })
  p.send(MessageType.PEER_LIST_REQUEST, request)
  p.send(MessageType.PEER_LIST_REQUEST, request)
  await sim.run(100)
  assert.equal(receivedOf(p, MessageType.PEER_LIST), 1, 'only the first request is answered')
  assert.equal(node.stats.penalties.get('RATE_LIMITED'), 1)
  await sim.run(10_000) // pexIntervalMs / 3 later a request is fine again
  p.send(MessageType.PEER_LIST_REQUEST, request)
  await sim.run(100)
  assert.equal(receivedOf(p, MessageType.PEER_LIST), 2)
  await sim.stop()
})

test('a PeerList answers with known peers, never the requester itself or a banned peer', async () => {
  const sim = new SimNetwork({ seed: 23, config: SIM_DISCOVERY })
  for (let i = 0; i < 4; i++) await sim.addNode()
  const node = sim.nodes[0]!
  for (let i = 1; i < 4; i++) await sim.await(sim.nodes[i]!.dial(sim.address(0)))
  await sim.run(1000)
  const p = await pexPeer(sim, 0, '10.9.9.9', `10.9.9.9:${SIM_PORT}`)
  node.scorer.ban(sim.nodes[3]!.peerId, 'test')
  await sim.run(10_000)
  p.send(MessageType.PEER_LIST_REQUEST, encodePayload(Messages.peerListRequest, { maxPeers: 0 }))
  await sim.run(100)
  const ids = lastPeerList(p).map((r) => peerIdFromBytes(r.peerId))
  assert.ok(ids.includes(sim.nodes[1]!.peerId) && ids.includes(sim.nodes[2]!.peerId), 'its peers are listed')
  assert.ok(!ids.includes(p.identity.peerId), 'not the requester')
  assert.ok(!ids.includes(sim.nodes[3]!.peerId), 'not a banned peer')
  await sim.stop()
})

test('a flood of PeerLists from one source does not evict good entries', async () => {
  const sim = new SimNetwork({ seed: 24, config: { ...SIM_DISCOVERY, addrBookMaxNew: 64, addrBookMaxNewPerSource: 16, targetOutbound: 0 } })
  for (let i = 0; i < 6; i++) await sim.addNode()
  const node = sim.nodes[0]!
  for (let i = 1; i < 6; i++) await sim.await(node.dial(sim.address(i)))
  await sim.run(1000)
  const good = [...node.peerStore.book.entries()].map((e) => e.peerId)
  assert.equal(good.length, 5)
  const p = await pexPeer(sim, 0, '10.99.0.1')
  for (let round = 0; round < 3; round++) {
    const now = sim.clock.now()
    sendPeerList(p, Array.from({ length: 300 }, (_, i) => validRecord(sim.random, `10.${100 + (i % 150)}.${round}.${1 + Math.floor(i / 150)}:${SIM_PORT}`, now)))
    await sim.run(100)
  }
  for (const id of good) assert.ok(node.peerStore.book.has(id), 'good entry kept')
  const summary = node.addrBook() as { by_source: Record<string, number> }
  assert.equal(summary.by_source['v4:10.99'], 16, 'the flooding source holds its share only')
  assert.ok(node.stats.penalties.get('UNSOLICITED_MESSAGE') >= 2, 'lists beyond the one asked for are penalised')
  await sim.stop()
})

test('a record whose address answers with another identity is dropped and its source penalised', async () => {
  const sim = new SimNetwork({ seed: 25, config: SIM_DISCOVERY })
  await sim.addNode({ targetOutbound: 1 })
  await sim.addNode()
  const node = sim.nodes[0]!
  const p = await pexPeer(sim, 0, '10.9.9.9')
  // a real key, but the address is node 1's: the Noise handshake proves node 1's identity instead
  const lie = validRecord(sim.random, `${SimNetwork.host(1)}:${SIM_PORT}`, sim.clock.now())
  sendPeerList(p, [lie])
  await sim.run(100)
  const liar = peerIdFromBytes(lie.peerId)
  assert.ok(node.peerStore.book.has(liar))
  const before = node.scorer.score(p.identity.peerId)
  await sim.runUntil(() => !node.peerStore.book.has(liar), 10_000)
  assert.equal(node.peerStore.book.has(liar), false, 'the lying record is gone')
  assert.ok(node.scorer.score(p.identity.peerId) < before, 'its source is penalised')
  const counters = node.statsSections().discovery as { dial_failures: Record<string, number> }
  assert.equal(counters.dial_failures.PEER_ID_MISMATCH, 1)
  assert.equal(node.connectedPeers().some((x) => x.peerId === sim.nodes[1]!.peerId), false, 'no connection under a false identity')
  await sim.stop()
})
