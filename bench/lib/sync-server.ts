// The serving side of the block sync and state sync benchmarks, run as its own process (so
// the syncing node's CPU is its own): opens a chain store built by bench/lib/sync-chains.ts
// and starts `--peers` Kuber nodes on 127.0.0.1 (Noise) that serve it by block sync and,
// with `--snapshot-chunk-bytes N`, a snapshot of its state at the tip cut in chunks of N
// bytes (one empty block is added on top for the commit the snapshot needs: the cached
// store grows by one empty block per such run, its state unchanged). Prints one JSON line
// with their addresses, then runs until SIGTERM.
//
// Usage: node --import tsx bench/lib/sync-server.ts --store DIR --peers 4 [--snapshot-chunk-bytes 16384]
import { pino } from 'pino'
import { createNode, type BlockSyncProvider, type KuberNode, type SnapshotSource } from '../../src/index.js'
import { systemClock } from '../../src/runtime/clock.js'
import { ChainStore } from '../../src/chain/store/chain-store.js'
import { storeSyncSource } from '../../src/chain/store/sync-source.js'
import { loadGenesis } from '../../src/chain/genesis-file.js'
import { Snapshotter } from '../../src/chain/snapshot/snapshotter.js'
import { buildChain } from '../../test/helpers/chain-builder.js'
import { parseFlags } from './stats.js'
import { validatorKey } from './sync-chains.js'

const flags = parseFlags(process.argv.slice(2), { store: '', peers: '4', 'snapshot-chunk-bytes': '0' })
const genesis = await loadGenesis(`${flags.store}/genesis.json`)
const store = await ChainStore.open(`${flags.store}/chain`, genesis)
const provider: BlockSyncProvider = { ...storeSyncSource(store), applyBlock: async () => false }
const logger = pino({ level: 'silent' })
const chunkBytes = Number(flags['snapshot-chunk-bytes'])
let snapshots: Snapshotter | undefined
if (chunkBytes > 0) {
  const height = store.tip.height
  snapshots = new Snapshotter(store, { interval: height, keep: 1, chunkBytes }, systemClock, logger)
  snapshots.afterFinal(height)
  await buildChain(store, { genesis, keys: validatorKey, blocks: 1 })
  snapshots.afterFinal(height + 1)
  while (snapshots.listSnapshots().length === 0) await new Promise((resolve) => setTimeout(resolve, 20))
}
const source: SnapshotSource | undefined = snapshots
const nodes: KuberNode[] = []
for (let i = 0; i < Number(flags.peers); i++) {
  // a bulk link between one's own nodes: the per-peer serving budget (8 MiB/s by default) raised, so the syncing side is what is measured
  const blocks = { maxServedBytesPerPeerPerSecond: 1024 * 1024 * 1024, servedByteBurstPerPeer: 64 * 1024 * 1024 }
  const node = await createNode({ chainId: genesis.chainId, listen: ['127.0.0.1:0'], pex: false, unresponsiveTimeoutMs: 600_000, blocks }, { logger, app: { blockSync: provider, snapshots: source } })
  node.setLatestHeight(store.tip.height)
  await node.start()
  nodes.push(node)
}
process.stdout.write(JSON.stringify({ height: store.tip.height, peers: nodes.map((n) => `${n.peerId}@${n.listenAddresses[0]!}`), snapshots: snapshots?.listSnapshots().map((s) => ({ height: s.height, chunks: s.chunks })) ?? [] }) + '\n')
process.on('SIGTERM', () => {
  const cpu = process.cpuUsage()
  process.stderr.write(JSON.stringify({ server_cpu_ms: (cpu.user + cpu.system) / 1000 }) + '\n')
  Promise.all(nodes.map(async (n) => await n.stop())).then(async () => { await snapshots?.close(); await store.close() }).finally(() => process.exit(0))
})
