// State sync of the reference chain on small networks over TCP: the chunk size is the
// serving nodes' setting (4 KiB and 64 KiB snapshots of the same kind of state restore
// alike, each chunk within its size), and a snapshot that no peer can serve in full is
// given up for block sync from the genesis instead of a hang.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ReferenceChain } from '../../src/chain/reference-chain.js'
import { waitUntil } from '../helpers/nodes.js'
import { stopChains, untilHeight, userKey } from './helpers.js'
import { chainNode, servingNetwork, syncGenesis, untilPhase } from './statesync-helpers.js'

const STATE_BYTES = 2 * 1024 * 1024

async function snapshotOnEvery (servers: ReferenceChain[], minHeight: number): Promise<void> {
  await waitUntil(() => servers.every((s) => s.snapshots.listSnapshots().some((x) => x.height >= minHeight)), 60_000, `a snapshot at ${minHeight}+ on every server`)
}

async function sameAppHash (a: ReferenceChain, b: ReferenceChain): Promise<void> {
  const top = Math.min(a.tip.height, b.tip.height)
  const [x, y] = await Promise.all([a.store.getBlock(top), b.store.getBlock(top)])
  assert.deepEqual(Buffer.from(x!.header!.appHash), Buffer.from(y!.header!.appHash), `app_hash at height ${top}`)
}

for (const chunkBytes of [4096, 65536]) {
  test(`snapshots cut in chunks of ${chunkBytes / 1024} KiB restore, every chunk within its size`, async () => {
    const genesis = syncGenesis(2, 256, 50)
    const servers = await servingNetwork(genesis, { snapshotInterval: 20, chunkBytes }, STATE_BYTES, 3000)
    const joined: ReferenceChain[] = []
    try {
      await untilHeight(servers, 45, 60_000)
      await snapshotOnEvery(servers, 40)
      const node = await chainNode(genesis, userKey(20), servers, { minPeers: 2, snapshotInterval: 20, discoveryTimeoutMs: 10_000 })
      joined.push(node)
      await untilPhase(node, 'gossip')
      const s = node.node.stateSync.status()
      assert.equal(s.phase, 'done')
      assert.equal(s.snapshot?.chunk_size, chunkBytes)
      const totals = node.node.stateSync.totals()
      assert.equal(totals.fetched, s.chunks_total)
      assert.ok(totals.bytes >= STATE_BYTES, `${totals.bytes} bytes restored`)
      assert.ok(s.chunks_total >= totals.bytes / chunkBytes, `${s.chunks_total} chunks of at most ${chunkBytes} bytes for ${totals.bytes} bytes`)
      assert.ok(s.chunks_total <= 3 * totals.bytes / chunkBytes + 2, `${s.chunks_total} chunks: cut near the chunk size`)
      await untilHeight([node, ...servers], node.tip.height + 2)
      await sameAppHash(node, servers[0]!)
    } finally {
      await stopChains([...joined, ...servers])
    }
  })
}

test('a snapshot nobody can serve in full ends in block sync from the genesis, not a hang', async () => {
  const genesis = syncGenesis(2, 256, 50)
  const servers = await servingNetwork(genesis, { snapshotInterval: 20, chunkBytes: 8192 }, STATE_BYTES / 2, 3000)
  const joined: ReferenceChain[] = []
  try {
    await untilHeight(servers, 45, 60_000)
    await snapshotOnEvery(servers, 40)
    // every server has lost chunk 5 of its snapshots: a request that touches it is answered `missing`
    for (const s of servers) {
      const load = s.snapshots.loadChunks.bind(s.snapshots)
      s.snapshots.loadChunks = async (root, first, count) => first <= 5 && 5 < first + count ? undefined : await load(root, first, count)
    }
    const started = Date.now()
    const node = await chainNode(genesis, userKey(21), servers, { minPeers: 2, snapshotInterval: 20, discoveryTimeoutMs: 5000 })
    joined.push(node)
    await untilPhase(node, 'gossip', 90_000)
    const s = node.node.stateSync.status()
    assert.equal(s.phase, 'failed')
    assert.match(s.last_error ?? '', /served by none of the 2 peers left/)
    assert.equal(node.sync.snapshotHeight, undefined, 'no snapshot restored')
    assert.ok(Date.now() - started < 60_000, 'gave the snapshots up in bounded time')
    // a missing chunk costs its server nothing (answers late on a loaded machine may cost SLOW_RESPONSE, which is not this)
    const { SLOW_RESPONSE: _late, ...penalties } = node.node.stats.penalties.toJSON()
    assert.deepEqual(penalties, {}, 'a server that cannot serve a chunk is not penalised')
    assert.equal(node.node.stateSync.totals().rejected, 0)
    await untilHeight([node, ...servers], node.tip.height + 2)
    assert.equal((await node.store.getBlock(1))?.header?.height, 1, 'blocks from the genesis')
    assert.ok(node.node.blockSync.counters.applied >= 40, `block sync applied ${node.node.blockSync.counters.applied} blocks from the genesis`)
    await sameAppHash(node, servers[0]!)
  } finally {
    await stopChains([...joined, ...servers])
  }
})
