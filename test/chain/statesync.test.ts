// State sync of the reference chain over real TCP with Noise: three validators with ≥ 32 MiB
// of state written through real blocks, past height 500 and serving snapshots. A new node restores the newest snapshot they agree on, fetches the blocks
// since and follows with the same app_hash; another one, with four lying peers among its
// servers (bad data, bad proof, chunk ids nobody asked for, a wrong total), bans them all
// and still completes from the honest ones.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { ReferenceChain } from '../../src/chain/reference-chain.js'
import { lyingServer, type Lie } from '../helpers/lying-server.js'
import { waitUntil } from '../helpers/nodes.js'
import { stopChains, untilHeight, userKey } from './helpers.js'
import { chainNode, servingNetwork, syncGenesis, untilPhase, type StateSyncInput } from './statesync-helpers.js'

const STATE_BYTES = 33 * 1024 * 1024
const genesis = syncGenesis(3, 4096)
const serving: StateSyncInput = { snapshotInterval: 100, snapshotKeep: 3, enabled: false } // the servers sync blocks
// request timeouts from 6 s (a fifth of this) up: a loaded machine answers late
const joining: StateSyncInput = { ...serving, enabled: true, minPeers: 2, discoveryTimeoutMs: 20_000, requestTimeoutMs: 30_000 }
let servers: ReferenceChain[] = []
const joined: ReferenceChain[] = []

before(async () => {
  servers = await servingNetwork(genesis, serving, STATE_BYTES, 8000)
  await untilHeight(servers, 520, 120_000)
  const common = (): boolean => {
    const lists = servers.map((s) => new Set(s.snapshots.listSnapshots().map((x) => x.height)))
    return [...lists[0]!].some((h) => h >= 500 && lists.every((l) => l.has(h)))
  }
  await waitUntil(common, 60_000, 'a snapshot at 500 or above on every server')
})

after(async () => {
  await stopChains([...joined, ...servers])
})

async function sameAppHash (chain: ReferenceChain): Promise<void> {
  const top = Math.min(chain.tip.height, servers[0]!.tip.height)
  const [ours, theirs] = await Promise.all([chain.store.getBlock(top), servers[0]!.store.getBlock(top)])
  assert.equal(Buffer.from(ours!.header!.appHash).toString('hex'), Buffer.from(theirs!.header!.appHash).toString('hex'), `app_hash at height ${top}`)
}

test('a node joining at height 500+ with 32+ MiB of state restores a snapshot, then blocks, then follows with its peers\' app_hash', async () => {
  const node = await chainNode(genesis, userKey(20), servers, joining)
  joined.push(node)
  await untilPhase(node, 'gossip', 120_000)
  const status = node.node.stateSync.status()
  assert.equal(status.phase, 'done', JSON.stringify(status))
  assert.ok(node.sync.snapshotHeight! >= 500, `restored the snapshot at ${node.sync.snapshotHeight}`)
  assert.ok(node.tip.height > node.sync.snapshotHeight!, 'then blocks')
  assert.equal(await node.store.getBlock(node.sync.snapshotHeight!), undefined, 'no blocks below the snapshot')
  // block sync took it from the snapshot height towards the tip, asking for nothing below
  const blocks = node.node.blockSync.counters
  assert.ok(blocks.applied >= 1 && blocks.syncsStarted >= 1, `block sync applied ${blocks.applied} blocks from ${node.sync.snapshotHeight} to ${node.tip.height} (the last ones may come by gossip)`)
  assert.equal(node.store.base, node.sync.snapshotHeight! + 1, 'the lowest block held is the one after the snapshot')
  assert.equal(blocks.withheld + blocks.processingFailures, 0, JSON.stringify(blocks))
  const totals = node.node.stateSync.totals()
  assert.equal(totals.fetched, status.chunks_total, 'every chunk fetched once')
  assert.equal(totals.rejected, 0)
  assert.ok(totals.bytes >= 32 * 1024 * 1024, `${totals.bytes} bytes of state`)
  // no honest server penalised for its chunks (answers late on a loaded machine may cost SLOW_RESPONSE, which is not this)
  const { SLOW_RESPONSE: _late, ...penalties } = node.node.stats.penalties.toJSON()
  assert.deepEqual(penalties, {}, 'no honest server penalised')
  const info = node.node.syncInfo() as { phase: string, state_sync: { snapshot: { height: number } } }
  assert.equal(info.phase, 'gossip')
  assert.equal(info.state_sync.snapshot.height, node.sync.snapshotHeight)
  const api = node.status() as { sync: { phase: string, snapshot_height: number } }
  assert.equal(api.sync.snapshot_height, node.sync.snapshotHeight)
  await untilHeight([node, ...servers], node.tip.height + 3)
  await sameAppHash(node)
  assert.equal(Buffer.from((await node.read(Buffer.from('key-1234')))!).readUInt32BE(0), 1234, 'a value written before the snapshot reads back')
})

test('four lying peers (bad data, bad proof, unasked ids, wrong total) are penalised and banned; the sync completes from the honest ones', async () => {
  const node = await chainNode(genesis, userKey(21), servers.slice(0, 2), joining)
  joined.push(node)
  const lies: Lie[] = ['bad_data', 'bad_proof', 'wrong_id', 'wrong_total']
  const liars = await Promise.all(lies.map(async (lie) => await lyingServer(node.node.listenAddresses[0]!, genesis.chainId, servers[0]!.tip.height, servers[0]!.snapshots, lie)))
  try {
    await untilPhase(node, 'gossip', 120_000)
    assert.ok(node.sync.snapshotHeight! >= 500)
    for (const [i, l] of liars.entries()) {
      assert.ok(l.sent > 0, `${lies[i]!} was asked for chunks`)
      assert.ok(node.node.scorer.isBanned(l.raw.identity.peerId), `${lies[i]!} banned (score ${node.node.scorer.score(l.raw.identity.peerId)})`)
    }
    // an id outside the request is unsolicited, or another open request's chunk with the wrong content
    const penalties = node.node.stats.penalties.toJSON()
    assert.ok((penalties.INVALID_CHUNK ?? 0) >= 6, JSON.stringify(penalties))
    const totals = node.node.stateSync.totals()
    assert.ok(totals.rejected >= 6, `${totals.rejected} rejected`)
    assert.ok(totals.refetched >= totals.rejected)
    assert.equal(totals.fetched, node.node.stateSync.status().chunks_total)
    await untilHeight([node, ...servers], node.tip.height + 2)
    await sameAppHash(node)
  } finally {
    for (const l of liars) l.stop()
  }
})
