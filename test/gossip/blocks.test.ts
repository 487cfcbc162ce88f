// Block relay beyond plain gossip: compact blocks rebuilt from the mempool (only missing
// transactions fetched), blocks by height from a BlockSource, and each peer's
// latest_height tracked from Hello and from the blocks it sends.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Messages, MessageType, encodePayload } from '../../src/wire/codecs.js'
import { encodeFrame } from '../../src/wire/envelope.js'
import { MemoryBlockSource } from '../../src/protocols/blocks/block-source.js'
import { blockHash } from '../../src/protocols/blocks/block-hash.js'
import { SimNetwork } from '../../src/sim/sim-network.js'
import { chainNet, countDeliveries, deliveredOnce, makeBlock, makeTx } from '../helpers/chain-net.js'

const sumOver = <T>(items: T[], f: (x: T) => number): number => items.reduce((s, x) => s + f(x), 0)

test('compact blocks: peers sharing a mempool rebuild the block and fetch only what they lack', async (t) => {
  const { sim, nodes, deliveries } = await chainNet({ nodes: 10, seed: 41, degree: 3 })
  const shared = Array.from({ length: 60 }, (_, i) => makeTx(i, 400))
  for (const [i, tx] of shared.entries()) await nodes[i % nodes.length]!.submitTx(tx)
  await sim.run(2000)
  for (const n of nodes) assert.equal(n.mempool.size, 60)
  const fresh = [makeTx(900, 400), makeTx(901, 400)] // in no mempool
  const block = makeBlock(1, [...shared, ...fresh])
  nodes[0]!.publishBlock(block)
  const key = blockHash(block.header!).toString('hex')
  assert.ok(await sim.runUntil(() => deliveredOnce(deliveries, 'blocks', [key], (i) => i === 0), 5000))
  await sim.run(1000)
  assert.ok(deliveries.every((d, i) => d.blocks.size === (i === 0 ? 0 : 1)))
  const compact = nodes.map((n) => n.chain.compact.counters)
  const compactSent = sumOver(nodes, (n) => n.chain.blocks.compact.sent)
  const bytesSaved = sumOver(nodes, (n) => n.chain.blocks.compact.bytesSaved)
  const fullSent = sumOver(nodes, (n) => n.stats.sent.messagesByType[MessageType.BLOCK]!)
  assert.equal(fullSent, 0, 'no node sent the full block')
  assert.equal(compactSent, nodes.length - 1 + sumOver(compact, (c) => c.duplicates))
  assert.equal(sumOver(compact, (c) => c.rebuiltAfterFetch), nodes.length - 1)
  assert.equal(sumOver(compact, (c) => c.txsFetched), 2 * (nodes.length - 1), 'only the two fresh transactions were fetched')
  assert.equal(sumOver(compact, (c) => c.txsFromMempool), 60 * (nodes.length - 1))
  const fullBytes = encodeFrame(MessageType.BLOCK, encodePayload(Messages.block, { block })).length
  const compactBytes = fullBytes - bytesSaved / compactSent
  t.diagnostic(`block of 62 × 400 B transactions: full frame ${fullBytes} B, compact frame ${compactBytes} B (${(100 * (1 - compactBytes / fullBytes)).toFixed(1)}% saved per hop), ${bytesSaved} B saved in all`)
  assert.ok(bytesSaved > 0.9 * 60 * 400 * compactSent, `saved ${bytesSaved} bytes`)
  for (const n of sim.nodes) assert.equal(n.chain.gossip.counters.repeats, 0)
  await sim.stop()
})

test('a block goes whole to a peer that does not relay compact blocks', async () => {
  const sim = new SimNetwork({ seed: 42, config: { pex: false } })
  await sim.addNode()
  await sim.addNode({ blocks: { compactRelay: false } })
  const d = countDeliveries(sim.nodes[1]!)
  await sim.await(sim.nodes[1]!.dial(sim.address(0)))
  await sim.run(500)
  sim.nodes[0]!.publishBlock(makeBlock(1, [makeTx(1)]))
  assert.ok(await sim.runUntil(() => d.blocks.size === 1, 2000))
  assert.equal(sim.nodes[0]!.stats.sent.messagesByType[MessageType.BLOCK], 1)
  assert.equal(sim.nodes[0]!.stats.sent.messagesByType[MessageType.COMPACT_BLOCK], 0)
  for (const n of sim.nodes) assert.equal(n.chain.gossip.counters.repeats, 0)
  await sim.stop()
})

test('blocks by height come from the block source; latest_height is tracked from Hello and from blocks', async () => {
  const source = new MemoryBlockSource()
  for (let h = 1; h <= 10; h++) source.put(makeBlock(h, [makeTx(h)]))
  const sim = new SimNetwork({ seed: 43, config: { pex: false } })
  await sim.addNode({}, { app: { blockSource: source } })
  await sim.addNode()
  const [a, b] = sim.nodes as [typeof sim.nodes[0], typeof sim.nodes[0]]
  a.setLatestHeight(10)
  await sim.await(b.dial(sim.address(0)))
  await sim.run(200)
  assert.equal(b.getPeer(a.peerId)!.latestHeight, 10, 'from Hello')
  const got = await sim.await(b.requestBlock(7))
  assert.equal(got?.header?.height, 7)
  assert.deepEqual(got?.txs.map((tx) => Buffer.from(tx)), [Buffer.from(makeTx(7))])
  assert.equal(await sim.await(b.requestBlock(11)), undefined, 'nobody claims height 11')
  assert.equal(await sim.await(b.requestBlock(11, { peerId: a.peerId })), undefined, 'asked anyway: no block')
  a.publishBlock(makeBlock(12, [makeTx(12)]))
  assert.ok(await sim.runUntil(() => b.getPeer(a.peerId)!.latestHeight === 12, 2000), 'from the block it sent')
  for (const n of sim.nodes) assert.equal(n.chain.gossip.counters.repeats, 0)
  await sim.stop()
})

test('a block whose tx_root does not match its transactions is rejected before the application sees it', async () => {
  let appCalls = 0
  const sim = new SimNetwork({ seed: 44, config: { pex: false } })
  await sim.addNode()
  await sim.addNode({}, { app: { validateBlock: () => { appCalls++; return 'accept' } } })
  const d = countDeliveries(sim.nodes[1]!)
  await sim.await(sim.nodes[1]!.dial(sim.address(0)))
  await sim.run(200)
  const forged = makeBlock(1, [makeTx(1)])
  forged.txs = [makeTx(2) as Uint8Array<ArrayBuffer>] // header still commits to makeTx(1)
  sim.nodes[0]!.publishBlock(forged)
  await sim.run(500)
  assert.equal(sim.nodes[1]!.chain.judge.rejected.tx_root, 1)
  assert.equal(appCalls, 0)
  assert.equal(d.blocks.size, 0)
  assert.equal(sim.nodes[1]!.stats.penalties.get('INVALID_BLOCK'), 1)
  for (const n of sim.nodes) assert.equal(n.chain.gossip.counters.repeats, 0)
  await sim.stop()
})
