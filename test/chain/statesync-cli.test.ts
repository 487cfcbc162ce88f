// State sync as an operator runs it: a node started with the CLI restores a snapshot from
// two validators; killed with SIGKILL halfway, it restarts and resumes the same
// snapshot, and no chunk it had verified and stored is fetched again (the servers count
// every chunk they load, before and after the kill); then block sync takes it from the
// snapshot height to the tip and it has its peers' app_hash.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ChainStore } from '../../src/chain/store/chain-store.js'
import { restoredChunks } from '../../src/chain/store/restore.js'
import { getJson, pollUntil, startCliNode, stopCliNode, type CliNode } from './cli-node.js'
import { stopChains, tempDir, untilHeight } from './helpers.js'
import { addressOf, servingNetwork, syncGenesis } from './statesync-helpers.js'

test('a CLI node killed with SIGKILL halfway through a state sync resumes it and fetches no verified chunk twice', async () => {
  const genesis = syncGenesis(2, 1024, 50)
  const servers = await servingNetwork(genesis, { snapshotInterval: 100, snapshotKeep: 8 }, 6 * 1024 * 1024, 4000) // a snapshot is kept long after the restart
  let node: CliNode | undefined
  try {
    await untilHeight(servers, 110, 60_000)
    // count every chunk the servers load, and slow them down so the sync takes a while
    let afterKill = false
    const loads = [new Map<number, number>(), new Map<number, number>()]
    for (const s of servers) {
      const load = s.snapshots.loadChunks.bind(s.snapshots)
      s.snapshots.loadChunks = async (root, first, count) => {
        await new Promise((resolve) => setTimeout(resolve, 40))
        for (let i = first; i < first + count; i++) loads[afterKill ? 1 : 0]!.set(i, (loads[afterKill ? 1 : 0]!.get(i) ?? 0) + 1)
        return await load(root, first, count)
      }
    }
    const home = await tempDir('kuber-sync-cli-')
    await writeFile(join(home, 'genesis.json'), JSON.stringify(genesis.toJSON()))
    await writeFile(join(home, 'config.json'), JSON.stringify({
      listen: ['127.0.0.1:0'], pex: false, peers: servers.map(addressOf),
      stateSync: { minPeers: 2, requestChunks: 4, maxBytesInFlightPerPeer: 64 * 1024, snapshotInterval: 100 }
    }))
    node = await startCliNode(home, join(home, 'genesis.json'))
    const progress = async (): Promise<Record<string, any>> => (await getJson(node!.rpc, '/p2p/info')).body.sync
    const first = await pollUntil(progress, (s) => s.state_sync.phase === 'fetching' && s.state_sync.chunks_done >= s.state_sync.chunks_total / 4, 60_000, 'a quarter of the chunks')
    const total = first.state_sync.chunks_total as number
    node.child.kill('SIGKILL')
    assert.equal(await node.exited, null)
    afterKill = true

    const store = await ChainStore.open(join(home, 'chain'), genesis)
    const done = new Set(await restoredChunks(store))
    assert.equal(store.restoring?.height, first.state_sync.snapshot.height)
    await store.close()
    assert.ok(done.size >= total / 4 && done.size < total, `${done.size} of ${total} chunks stored before the kill`)

    node = await startCliNode(home, join(home, 'genesis.json'))
    const end = await pollUntil(progress, (s) => s.phase === 'gossip', 90_000, 'the resumed sync to finish')
    assert.equal(end.state_sync.phase, 'done')
    assert.equal(end.state_sync.snapshot.root, first.state_sync.snapshot.root, 'the same state (a later snapshot of it may finish the restore)')
    const refetched = [...done].filter((i) => loads[1]!.has(i))
    assert.deepEqual(refetched, [], 'no chunk verified before the kill was fetched again')
    for (let i = 0; i < total; i++) if (!done.has(i)) assert.ok(loads[1]!.has(i), `chunk ${i} fetched after the restart`)
    const stats = (await getJson(node.rpc, '/p2p/stats')).body
    assert.equal(stats.state_sync.fetch.fetched, total - done.size, 'the restarted node fetched only what was missing')
    assert.ok(stats.block_sync.applied >= 1 && stats.block_sync.withheld === 0, `block sync from the snapshot: ${JSON.stringify(stats.block_sync)}`)
    const status = (await getJson(node.api, '/status')).body
    assert.equal(status.sync.snapshot_height, end.state_sync.snapshot.height)
    const theirs = await servers[0]!.store.getBlock(status.height)
    assert.equal(status.app_hash, Buffer.from(theirs!.header!.appHash).toString('hex'), `app_hash at height ${status.height as number}`)
  } finally {
    if (node !== undefined) await stopCliNode(node)
    await stopChains(servers)
  }
})
