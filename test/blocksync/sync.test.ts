// Block sync on the simulator's virtual time, with a small chain (test/helpers/sync-chain.ts):
// pipelined ranges from several peers within the per-peer cap and the buffer bound, the
// phases and the chain's syncing hook; the rate rule counts blocks, not bytes (a peer on a
// slow link serving empty blocks stays; a peer trickling blocks is dropped); blocks gossiped
// during sync are kept and applied in order; the serving side's bounds; state sync's entry
// point (sync from a restored height).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SIM_PORT, SimNetwork } from '../../src/sim/sim-network.js'
import type { KuberNode } from '../../src/node/node.js'
import type { BlockSyncConfig } from '../../src/protocols/blocksync/config.js'
import type { BlockSyncProvider } from '../../src/protocols/blocksync/provider.js'
import { ErrorCodes } from '../../src/errors.js'
import { Capability } from '../../src/session/hello.js'
import { MAX_FRAME_BYTES } from '../../src/wire/frame.js'
import { MAX_RANGE_BLOCKS, Messages, MessageType, decodePayload, encodePayload } from '../../src/wire/codecs.js'
import type { Block } from '../../src/wire/gen/kuber.js'
import { blockHash } from '../../src/protocols/blocks/block-hash.js'
import { MemoryChain, commitFor, makeChain } from '../helpers/sync-chain.js'
import { rawPeer, simRawPeer } from '../helpers/raw-peer.js'

type SyncOptions = Partial<BlockSyncConfig>

/** Nodes 0..n-1 serve `servers[i]`; the last node syncs into `me`. */
async function network (seed: number, servers: BlockSyncProvider[], me: BlockSyncProvider, options: { blockSync?: SyncOptions, bandwidthBytesPerMs?: number } = {}): Promise<{ sim: SimNetwork, node: KuberNode }> {
  const sim = new SimNetwork({ seed, config: { pex: false }, bandwidthBytesPerMs: options.bandwidthBytesPerMs })
  for (const s of servers) await sim.addNode({}, { app: { blockSync: s } })
  await sim.addNode({ blockSync: options.blockSync }, { app: { blockSync: me } })
  const node = sim.nodes[servers.length]!
  for (let i = 0; i < servers.length; i++) await sim.await(node.dial(sim.address(i)))
  return { sim, node }
}

const syncStats = (node: KuberNode): Record<string, any> => (node.statsSections() as Record<string, any>).block_sync

test('a node far behind syncs in ranges from three peers, pipelined within the per-peer cap and the buffer bound, then follows gossip', async () => {
  const chain = makeChain(3000, 2000)
  const me = new MemoryChain()
  const config = { maxRequestsPerPeer: 3, maxBufferedBytes: 1 << 20, rangeBytes: 64 * 1024 }
  const { sim, node } = await network(1, [new MemoryChain(chain), new MemoryChain(chain), new MemoryChain(chain)], me, { blockSync: config })
  let maxPerPeer = 0
  let maxHeld = 0
  let sawSync = false
  const done = await sim.runUntil(() => {
    const s = syncStats(node)
    for (const p of Object.values(s.by_peer) as Array<{ in_flight: number }>) maxPerPeer = Math.max(maxPerPeer, p.in_flight)
    maxHeld = Math.max(maxHeld, s.bufferedBytes)
    sawSync ||= node.syncStatus().phase === 'sync'
    return me.height() === 3000
  }, 120_000, 5)
  assert.ok(done, `synced: at ${me.height()}`)
  assert.deepEqual(me.appliedHeights, Array.from({ length: 3000 }, (_, i) => i + 1), 'every height once, in order')
  const s = syncStats(node)
  assert.ok(sawSync && me.syncingCalls[0] === true && me.syncingCalls.at(-1) === false, `phases: ${me.syncingCalls.join(',')}`)
  assert.equal(node.syncStatus().phase, 'gossip')
  assert.ok(s.rangeRequests < 3000 / 10, `${s.rangeRequests} requests for 3000 blocks: ranges, not a round trip per block`)
  assert.ok(maxPerPeer <= config.maxRequestsPerPeer, `at most ${config.maxRequestsPerPeer} in flight per peer (saw ${maxPerPeer})`)
  assert.ok(maxHeld <= config.maxBufferedBytes + config.rangeBytes, `held ${maxHeld} bytes ahead of the apply point`)
  for (const i of [0, 1, 2]) assert.ok((sim.nodes[i]!.statsSections() as Record<string, any>).block_sync.served.rangeBlocks > 300, `peer ${i} served its share`)
  await sim.stop()
})

test('the minimum rate is in blocks: a peer on a slow link serving empty blocks is kept, a peer trickling blocks is dropped', async () => {
  // 4 KB/s links: below CometBFT's byte-rate minimum (7 680 B/s), yet dozens of empty blocks a second
  const slow = await network(2, [new MemoryChain(makeChain(400))], new MemoryChain(), { bandwidthBytesPerMs: 4, blockSync: { minBlocksPerSecond: 5, rateWindowMs: 2000 } })
  assert.ok(await slow.sim.runUntil(() => slow.node.syncStatus().height === 400, 120_000, 50))
  const s = syncStats(slow.node)
  assert.equal(s.droppedSlow, 0)
  const rate = (Object.values(s.by_peer)[0] as { blocks_per_s: number }).blocks_per_s
  const bytesPerSecond = rate * s.bytesReceived / s.blocksReceived
  assert.ok(rate >= 5 && bytesPerSecond < 7680, `kept at ${rate} blocks/s, ${Math.round(bytesPerSecond)} B/s`)
  await slow.sim.stop()

  const chain = makeChain(3000)
  const clockOf = { sim: undefined as SimNetwork | undefined }
  const honest = new MemoryChain(chain)
  // an honest peer that takes 100 ms per answer, and one that sends one block per answer after 1.5 s
  const delayed = (p: MemoryChain, ms: number, one: boolean): BlockSyncProvider => ({
    height: () => p.height(),
    base: () => p.base(),
    commit: async (h) => await p.commit(h),
    applyBlock: async () => false,
    blocks: async (from, to, maxBytes) => {
      await new Promise((resolve) => clockOf.sim!.clock.setTimeout(() => resolve(undefined), ms))
      return (await p.blocks(from, to, maxBytes)).slice(0, one ? 1 : undefined)
    }
  })
  const { sim, node } = await network(3, [delayed(honest, 100, false), delayed(honest, 1500, true)], new MemoryChain(), { blockSync: { minBlocksPerSecond: 5, rateWindowMs: 2000, rangeBlocks: 16 } })
  clockOf.sim = sim
  const trickler = sim.nodes[1]!.peerId
  assert.ok(await sim.runUntil(() => node.syncStatus().height === 3000, 120_000, 20))
  assert.equal(syncStats(node).droppedSlow, 1)
  assert.equal(node.stats.disconnects.toJSON().sync_too_slow, 1)
  assert.equal(node.getPeer(trickler), undefined)
  assert.ok((node.stats.penalties.toJSON()[ErrorCodes.SLOW_RESPONSE] ?? 0) >= 1)
  await sim.stop()
})

test('blocks gossiped while syncing are kept and applied in order once the chain gets there; none is lost', async () => {
  const chain = makeChain(505, 100)
  const server = new MemoryChain(chain.slice(0, 500))
  const me = new MemoryChain()
  const judged: number[] = []
  let node!: KuberNode
  const sim = new SimNetwork({ seed: 4, config: { pex: false } })
  await sim.addNode({}, { app: { blockSync: server } })
  // a chain whose consensus makes a gossiped block final when it is the next one (and ignores it otherwise)
  await sim.addNode({ blockSync: { rangeBlocks: 8 } }, {
    app: {
      blockSync: me,
      validateBlock: async (block: Block) => {
        const h = block.header!.height
        judged.push(h)
        if (h !== me.height() + 1) return 'ignore'
        await me.applyBlock(block, commitFor(h, blockHash(block.header!)), Messages.block.codec.encode({ block }))
        node.setLatestHeight(me.height())
        return 'accept'
      }
    }
  })
  node = sim.nodes[1]!
  await sim.await(node.dial(sim.address(0)))
  assert.ok(await sim.runUntil(() => node.syncStatus().phase === 'sync', 10_000, 1))
  for (const b of chain.slice(500)) sim.nodes[0]!.publishBlock(b) // the network moves on while we sync
  assert.ok(await sim.runUntil(() => me.height() === 505, 30_000, 5), `at ${me.height()}`)
  assert.ok(judged.every((h) => h > 500 ? true : false) && judged.length >= 5, `only the gossiped blocks were judged, late: ${judged.join(',')}`)
  const firstAccepted = [501, 502, 503, 504, 505].map((h) => judged.indexOf(h))
  assert.deepEqual([...firstAccepted].sort((a, b) => a - b), firstAccepted, 'offered in height order')
  assert.deepEqual(me.appliedHeights, Array.from({ length: 505 }, (_, i) => i + 1))
  const s = syncStats(node)
  assert.equal(s.stashAccepted, 5)
  assert.equal(s.stash.blocks, 0)
  await sim.stop()
})

test('serving: ranges are bounded in blocks, bytes and frame, busy beyond the concurrent and per-second budgets; BlockStatus answers, unasked answers are penalised', async () => {
  const sim = new SimNetwork({ seed: 5, config: { pex: false } })
  await sim.addNode({ blocks: { maxServedBytesPerPeerPerSecond: 4 * 1024 * 1024, servedByteBurstPerPeer: 4 * 1024 * 1024 }, blockSync: { maxServingPerPeer: 4 } }, { app: { blockSync: new MemoryChain(makeChain(3000, 10_000)) } })
  const node = sim.nodes[0]!
  const raw = await simRawPeer(sim, '10.9.9.9')
  const responses = (): Array<ReturnType<typeof decodeResponse>> => raw.received.filter((e) => e.type === MessageType.BLOCK_RESPONSE).map((e) => decodeResponse(e.payload))
  raw.send(MessageType.BLOCK_STATUS_REQUEST, encodePayload(Messages.blockStatusRequest, {}))
  await sim.run(50)
  const status = raw.received.find((e) => e.type === MessageType.BLOCK_STATUS)
  assert.deepEqual(decodePayload(Messages.blockStatus, status!.payload), { height: 3000, base: 1 })
  // far more than one frame's worth asked for: capped in blocks and bytes
  raw.send(MessageType.BLOCK_REQUEST, encodePayload(Messages.blockRequest, { height: 1, count: 5000, maxBytes: 0xffffffff }))
  raw.send(MessageType.BLOCK_REQUEST, encodePayload(Messages.blockRequest, { height: 1, count: 5000, maxBytes: 50_000 }))
  await sim.run(100)
  const [big, small] = responses()
  assert.ok(big!.blocks.length < MAX_RANGE_BLOCKS && big!.bytes <= MAX_FRAME_BYTES - 64 * 1024 && big!.blocks.length > 100, `${big!.blocks.length} blocks, ${big!.bytes} bytes`)
  assert.ok(small!.bytes <= 50_000 && small!.blocks.length === 4 && small!.commit?.height === 4)
  assert.equal(big!.latestHeight, 3000)
  // more at once than maxServingPerPeer, and more bytes than the budget: busy answers
  for (let i = 0; i < 8; i++) raw.send(MessageType.BLOCK_REQUEST, encodePayload(Messages.blockRequest, { height: 1 + 100 * i, count: 100, maxBytes: 1 << 20 }))
  await sim.run(100)
  const batch = responses().slice(2)
  assert.equal(batch.length, 8)
  assert.ok(batch.filter((r) => r.busy).length >= 4 && batch.every((r) => r.busy ? r.blocks.length === 0 : r.blocks.length > 0), batch.map((r) => `${r.busy ? 'busy' : r.blocks.length}`).join(' '))
  // answers nobody asked for
  raw.send(MessageType.BLOCK_STATUS, encodePayload(Messages.blockStatus, { height: 1, base: 1 }))
  raw.send(MessageType.BLOCK_RESPONSE, encodePayload(Messages.blockResponse, { height: 7, blocks: [] }))
  await sim.run(100)
  assert.equal(node.stats.penalties.toJSON()[ErrorCodes.UNSOLICITED_MESSAGE], 2)
  await sim.stop()
})

test('state sync\'s entry point: a chain restored at height H syncs H+1 onwards from that trusted header, never asking for what lies below', async () => {
  const chain = makeChain(600)
  const h = 400
  const me = new MemoryChain([], { height: h, hash: blockHash(chain[h - 1]!.header!) })
  const { sim, node } = await network(6, [new MemoryChain(chain)], me)
  // a fresh node that only knows the restored one: it holds no blocks yet (base 0), so it is asked nothing yet
  await sim.addNode({}, { app: { blockSync: new MemoryChain() } })
  const fresh = sim.nodes[2]!
  await sim.await(fresh.dial(sim.address(1)))
  await sim.run(1000)
  node.blockSync.syncFrom(h)
  assert.ok(await sim.runUntil(() => me.height() === 600, 30_000, 5), `at ${me.height()}`)
  assert.deepEqual(me.appliedHeights, Array.from({ length: 200 }, (_, i) => h + 1 + i))
  const served = (sim.nodes[0]!.statsSections() as Record<string, any>).block_sync.served
  assert.equal(served.rangeBlocks, 200)
  // and it serves only what it holds, from h + 1: the fresh node, which needs block 1 first, blames nobody
  assert.deepEqual(await me.blocks(1, 10, 1 << 20), [])
  assert.equal(me.base(), h + 1)
  await sim.run(6000)
  assert.equal(fresh.syncStatus().height, 0)
  assert.deepEqual(fresh.stats.penalties.toJSON(), {})
  assert.equal(syncStats(fresh).withheld, 0)
  await sim.stop()
})

test('a peer that does not advertise block sync is never asked; the phase waits for a usable peer', async () => {
  const sim = new SimNetwork({ seed: 7, config: { pex: false } })
  await sim.addNode({}, { app: { blockSync: new MemoryChain() } })
  const node = sim.nodes[0]!
  const raw = await sim.await(rawPeer(sim.network.transport('10.8.8.8'), `${SimNetwork.host(0)}:${SIM_PORT}`, { random: sim.random.fork() }))
  raw.hello({ chainId: 'kuber-sim', capabilities: Capability.BLOCKS, latestHeight: 1000 }, sim.clock.now())
  raw.send(MessageType.HELLO_ACK, new Uint8Array(0))
  await sim.run(2000)
  assert.equal(node.connectedPeers().length, 1)
  assert.equal(raw.received.filter((e) => e.type === MessageType.BLOCK_STATUS_REQUEST || e.type === MessageType.BLOCK_REQUEST).length, 0)
  assert.equal(node.syncStatus().phase, 'gossip')
  await sim.stop()
})

function decodeResponse (payload: Uint8Array): { blocks: Uint8Array[], bytes: number, busy: boolean, latestHeight: number, commit: { height: number } | undefined } {
  const r = decodePayload(Messages.blockResponse, payload)
  return { blocks: r.blocks, bytes: r.blocks.reduce((n, b) => n + b.length, 0), busy: r.busy, latestHeight: r.latestHeight, commit: r.commit }
}
