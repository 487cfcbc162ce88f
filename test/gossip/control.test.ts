// The gossip control messages against a hand-driven peer on virtual time: GRAFT and PRUNE
// move it between eager push and lazy announcement, IWANT is served from the history
// within a per-heartbeat budget, announcements it never delivers are asked for, then
// penalised, and are bounded; forged transaction hashes and unsolicited answers are
// penalised and not remembered.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SimNetwork, SIM_PORT } from '../../src/sim/sim-network.js'
import { Messages, MessageType, decodePayload, encodePayload } from '../../src/wire/codecs.js'
import { messageHash } from '../../src/wire/envelope.js'
import { sha256 } from '../../src/wire/hash.js'
import { rawPeer, type RawPeer } from '../helpers/raw-peer.js'
import { countDeliveries, makeTx, makeVote } from '../helpers/chain-net.js'
import type { NodeConfigInput } from '../../src/node/config.js'

async function nodeAndRawPeer (seed: number, config: Partial<NodeConfigInput> = {}): Promise<{ sim: SimNetwork, p: RawPeer }> {
  const sim = new SimNetwork({ seed, config: { pex: false, ...config } })
  await sim.addNode()
  const p = await sim.await(rawPeer(sim.network.transport('10.99.0.3'), `${SimNetwork.host(0)}:${SIM_PORT}`, { random: sim.random.fork() }))
  p.hello({ chainId: 'kuber-sim' }, sim.clock.now())
  p.send(MessageType.HELLO_ACK, new Uint8Array(0))
  await sim.run(100)
  return { sim, p }
}

const count = (p: RawPeer, type: number): number => p.received.filter((e) => e.type === type).length
const hashes = (ids: Uint8Array[]): Uint8Array => encodePayload(Messages.gossipIWant, { msgHashes: ids as Array<Uint8Array<ArrayBuffer>> })

test('GRAFT and PRUNE switch a peer between eager push and IHAVE; IWANT is served within its budget', async () => {
  const { sim, p } = await nodeAndRawPeer(71, { gossip: { maxIWantPerPeerPerHeartbeat: 2 } })
  const node = sim.nodes[0]!
  await sim.addNode()
  await sim.await(sim.nodes[1]!.dial(sim.address(0)))
  await sim.run(500)
  assert.equal(count(p, MessageType.GOSSIP_GRAFT), 1, 'the node grafted the raw peer')
  assert.equal(node.chain.gossip.sizes.eager, 2)
  node.publishVote(makeVote(1, 1))
  await sim.run(50)
  assert.equal(count(p, MessageType.VOTE), 1, 'eager: pushed the full vote')
  p.send(MessageType.GOSSIP_PRUNE, new Uint8Array(0))
  await sim.run(50)
  assert.equal(node.chain.gossip.sizes.eager, 1)
  const id = node.publishVote(makeVote(1, 2))
  const more = [3, 4, 5, 6].map((k) => node.publishVote(makeVote(1, 10 + k)))
  await sim.run(2000)
  assert.equal(count(p, MessageType.VOTE), 1, 'lazy: no full vote')
  const announced = p.received.filter((e) => e.type === MessageType.GOSSIP_IHAVE).flatMap((e) => decodePayload(Messages.gossipIHave, e.payload).msgHashes.map((h) => Buffer.from(h).toString('hex')))
  assert.ok(announced.includes(id.toString('hex')), 'announced by IHAVE')
  p.send(MessageType.GOSSIP_IWANT, hashes([id, ...more]))
  await sim.run(100)
  assert.equal(count(p, MessageType.VOTE), 3, 'two answers per heartbeat')
  assert.equal(node.chain.gossip.counters.iwant.overBudget, 3)
  p.send(MessageType.GOSSIP_GRAFT, new Uint8Array(0))
  await sim.run(50)
  node.publishVote(makeVote(1, 3))
  await sim.run(50)
  assert.equal(count(p, MessageType.VOTE), 4, 'grafted again: pushed')
  await sim.stop()
})

test('an id asked for again after it was served is a repeat: not served twice, penalised, counted', async () => {
  const { sim, p } = await nodeAndRawPeer(75)
  const node = sim.nodes[0]!
  const id = node.publishVote(makeVote(2, 1))
  await sim.run(50)
  const pushed = count(p, MessageType.VOTE)
  for (let i = 0; i < 3; i++) {
    p.send(MessageType.GOSSIP_IWANT, hashes([id]))
    await sim.run(50)
  }
  assert.equal(count(p, MessageType.VOTE), pushed + 1, 'served once')
  assert.equal(node.chain.gossip.counters.iwant.served, 1)
  assert.equal(node.chain.gossip.counters.iwant.repeats, 2)
  assert.equal(node.stats.penalties.get('DUPLICATE_REQUEST'), 2)
  assert.equal(node.stats.drops.get('repeated'), 2)
  assert.equal(p.isClosed(), false, 'two repeats are within the tolerance')
  await sim.stop()
})

test('announcements that are never delivered are asked for, then penalised, and are bounded per peer', async () => {
  const { sim, p } = await nodeAndRawPeer(72, { gossip: { maxPendingPulls: 10 } })
  const node = sim.nodes[0]!
  const ids = Array.from({ length: 50 }, (_, i) => messageHash(MessageType.VOTE, Uint8Array.of(i)))
  p.send(MessageType.GOSSIP_IHAVE, encodePayload(Messages.gossipIHave, { msgHashes: ids as Array<Uint8Array<ArrayBuffer>> }))
  await sim.run(100)
  assert.equal(node.chain.gossip.sizes.pendingPulls, 2, 'one peer starts at most a quarter of the pulls')
  await sim.run(1000)
  const iwants = p.received.filter((e) => e.type === MessageType.GOSSIP_IWANT)
  assert.equal(iwants.length, 1, 'the asks of one turn go in one IWANT')
  assert.equal(decodePayload(Messages.gossipIWant, iwants[0]!.payload).msgHashes.length, 2, 'each pending id asked once (the only announcer)')
  assert.equal(node.stats.penalties.get('SLOW_RESPONSE'), 1, 'two unanswered asks of one slow episode cost one SLOW_RESPONSE')
  assert.equal(node.chain.gossip.sizes.pendingPulls, 0)
  await sim.stop()
})

test('a forged tx_hash is penalised and does not shadow the real transaction; unsolicited answers are penalised', async () => {
  const { sim, p } = await nodeAndRawPeer(73)
  const node = sim.nodes[0]!
  const d = countDeliveries(node)
  const tx = makeTx(5)
  const hash = sha256(tx)
  p.send(MessageType.TX, encodePayload(Messages.tx, { txHash: hash as Uint8Array<ArrayBuffer>, txBytes: makeTx(6) as Uint8Array<ArrayBuffer> }))
  await sim.run(50)
  assert.equal(node.stats.penalties.get('TX_HASH_MISMATCH'), 1)
  assert.equal(node.mempool.size, 0)
  p.send(MessageType.TX, encodePayload(Messages.tx, { txHash: hash as Uint8Array<ArrayBuffer>, txBytes: tx as Uint8Array<ArrayBuffer> }))
  await sim.run(50)
  assert.equal(d.txs.get(hash.toString('hex')), 1, 'the real transaction is accepted')
  assert.ok(node.mempool.has(hash))
  p.send(MessageType.BLOCK_TXS, encodePayload(Messages.blockTxs, { height: 1, blockHash: hash as Uint8Array<ArrayBuffer>, indexes: [0], txs: [tx as Uint8Array<ArrayBuffer>] }))
  p.send(MessageType.BLOCK_RESPONSE, encodePayload(Messages.blockResponse, { height: 3 }))
  await sim.run(50)
  assert.equal(node.stats.penalties.get('UNSOLICITED_MESSAGE'), 2)
  await sim.stop()
})

test('IDONTWANT: a large message is announced as had to the other eager peers, and a peer that has it is not sent it', async () => {
  const { sim, p } = await nodeAndRawPeer(74)
  const node = sim.nodes[0]!
  await sim.addNode()
  const b = sim.nodes[1]!
  await sim.await(b.dial(sim.address(0)))
  await sim.run(500)
  // the raw peer says it has this vote already: the node does not push it there
  const vote = makeVote(9, 9)
  const id = messageHash(MessageType.VOTE, encodePayload(Messages.vote, vote))
  p.send(MessageType.GOSSIP_IDONTWANT, hashes([id]))
  await sim.run(50)
  node.publishVote(vote)
  await sim.run(100)
  assert.equal(count(p, MessageType.VOTE), 0)
  assert.equal(b.chain.gossip.counters.received, 1, 'the other eager peer got it')
  // a large transaction from the raw peer: the node tells its other eager peer it has it
  const big = makeTx(10, 16 * 1024)
  p.send(MessageType.TX, encodePayload(Messages.tx, { txHash: sha256(big), txBytes: big as Uint8Array<ArrayBuffer> }))
  await sim.run(100)
  assert.equal(node.chain.gossip.counters.idontwant.sent, 1)
  assert.equal(b.chain.gossip.counters.idontwant.received, 1)
  assert.ok(b.mempool.has(sha256(big)))
  await sim.stop()
})
