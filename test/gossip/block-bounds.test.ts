// Bounds on what a peer can make block relay do (issue 8, general rule), on virtual time:
// a GetBlockTxs is answered once per peer and block, with strictly increasing indexes;
// compact blocks being rebuilt are capped per peer and an unanswered GetBlockTxs costs
// SLOW_RESPONSE; the bytes of BlockResponses served to one peer are bounded per second.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SimNetwork, SIM_PORT } from '../../src/sim/sim-network.js'
import { Messages, MessageType, decodePayload, encodePayload } from '../../src/wire/codecs.js'
import { MemoryBlockSource } from '../../src/protocols/blocks/block-source.js'
import { blockHash, merkleRoot } from '../../src/protocols/blocks/block-hash.js'
import { Capability } from '../../src/session/hello.js'
import type { NodeConfigInput } from '../../src/node/config.js'
import type { NodeDeps } from '../../src/node/node.js'
import { rawPeer, type RawPeer } from '../helpers/raw-peer.js'
import { makeBlock, makeTx } from '../helpers/chain-net.js'

const COMPACT = Capability.COMPACT_BLOCKS | Capability.MEMPOOL

async function nodeAndPeer (seed: number, capabilities: number, config: Partial<NodeConfigInput> = {}, deps: NodeDeps = {}): Promise<{ sim: SimNetwork, p: RawPeer }> {
  const sim = new SimNetwork({ seed, config: { pex: false, ...config } })
  await sim.addNode({}, deps)
  const p = await sim.await(rawPeer(sim.network.transport('10.88.0.1'), `${SimNetwork.host(0)}:${SIM_PORT}`, { random: sim.random.fork() }))
  p.hello({ chainId: 'kuber-sim', capabilities }, sim.clock.now())
  p.send(MessageType.HELLO_ACK, new Uint8Array(0))
  await sim.run(100)
  return { sim, p }
}

const count = (p: RawPeer, type: number): number => p.received.filter((e) => e.type === type).length

test('GetBlockTxs: strictly increasing indexes, one answer per peer and block, a repeat is penalised', async () => {
  const { sim, p } = await nodeAndPeer(101, COMPACT)
  const node = sim.nodes[0]!
  const block = makeBlock(1, [makeTx(1), makeTx(2), makeTx(3)])
  node.publishBlock(block)
  await sim.run(100)
  assert.equal(count(p, MessageType.COMPACT_BLOCK), 1)
  const ask = (indexes: number[]): void => p.send(MessageType.GET_BLOCK_TXS, encodePayload(Messages.getBlockTxs, { height: 1, blockHash: blockHash(block.header!) as Uint8Array<ArrayBuffer>, indexes }))
  ask([1, 1])
  await sim.run(50)
  assert.equal(node.stats.penalties.get('INVALID_FIELD'), 1, 'a repeated index is invalid')
  ask([0, 2])
  await sim.run(50)
  assert.equal(count(p, MessageType.BLOCK_TXS), 1)
  assert.deepEqual(decodePayload(Messages.blockTxs, p.received.find((e) => e.type === MessageType.BLOCK_TXS)!.payload).indexes, [0, 2])
  ask([0, 2])
  await sim.run(50)
  assert.equal(count(p, MessageType.BLOCK_TXS), 1, 'not answered twice')
  assert.equal(node.stats.penalties.get('DUPLICATE_REQUEST'), 1)
  assert.equal(node.chain.gossip.counters.repeats, 1)
  await sim.stop()
})

test('one peer cannot hold every compact-block rebuild, and GetBlockTxs it leaves unanswered cost SLOW_RESPONSE (once per slow episode)', async () => {
  const { sim, p } = await nodeAndPeer(102, COMPACT)
  const node = sim.nodes[0]!
  for (let h = 1; h <= 20; h++) {
    const missing = makeTx(1000 + h) // in no mempool: the node must ask for it
    const header = makeBlock(h, [missing]).header!
    p.send(MessageType.COMPACT_BLOCK, encodePayload(Messages.compactBlock, { header, txHashes: [Buffer.from(merkleRoot([]))] as Array<Uint8Array<ArrayBuffer>> }))
  }
  await sim.run(100)
  assert.equal(count(p, MessageType.GET_BLOCK_TXS), 8, 'at most 8 rebuilds per peer')
  assert.equal(node.stats.drops.get('compact_rebuilds_full'), 12)
  await sim.run(node.config.blocks.compactTimeoutMs + 100)
  assert.equal(node.stats.penalties.get('SLOW_RESPONSE'), 1, 'eight unanswered GetBlockTxs of one slow episode cost one SLOW_RESPONSE')
  assert.equal(node.chain.compact.counters.timeouts, 8)
  assert.equal((node.chain.compact.stats() as { rebuilding_bytes: number }).rebuilding_bytes, 0)
  await sim.stop()
})

test('BlockResponses served to one peer are bounded in bytes per second; beyond, the answer is empty', async () => {
  const source = new MemoryBlockSource()
  const big = makeBlock(1, Array.from({ length: 15 }, (_, i) => makeTx(i, 100_000))) // about 1.5 MB
  source.put(big)
  const MiB = 1024 * 1024
  const { sim, p } = await nodeAndPeer(103, 0, { blocks: { maxServedBytesPerPeerPerSecond: 2 * MiB, servedByteBurstPerPeer: 2 * MiB } }, { app: { blockSource: source } })
  const node = sim.nodes[0]!
  const responses = (): Array<{ height: number, block?: unknown }> => p.received.filter((e) => e.type === MessageType.BLOCK_RESPONSE).map((e) => decodePayload(Messages.blockResponse, e.payload))
  for (let i = 0; i < 10; i++) p.send(MessageType.BLOCK_REQUEST, encodePayload(Messages.blockRequest, { height: 1 }))
  await sim.run(200)
  assert.equal(responses().length, 10, 'every request answered')
  assert.equal(responses().filter((r) => r.block !== undefined).length, 1, 'one 1.5 MB block fits the 2 MiB burst')
  assert.equal(node.stats.drops.get('block_request_over_budget'), 9)
  for (let i = 0; i < 3; i++) p.send(MessageType.BLOCK_REQUEST, encodePayload(Messages.blockRequest, { height: 1 }))
  await sim.run(1000)
  for (let i = 0; i < 3; i++) p.send(MessageType.BLOCK_REQUEST, encodePayload(Messages.blockRequest, { height: 1 }))
  await sim.run(200)
  assert.equal(responses().filter((r) => r.block !== undefined).length, 2, 'a second after, one more fits')
  await sim.stop()
})
