// The serving side of the block sync benchmark, run as its own process (so the syncing
// node's CPU is its own): opens a chain store built by bench/lib/sync-chains.ts and starts
// `--peers` Kuber nodes on 127.0.0.1 (Noise) that serve it by block sync. Prints one JSON
// line with their addresses, then runs until SIGTERM.
//
// Usage: node --import tsx bench/lib/sync-server.ts --store DIR --peers 4
import { pino } from 'pino'
import { createNode, type BlockSyncProvider, type KuberNode } from '../../src/index.js'
import { ChainStore } from '../../src/chain/store/chain-store.js'
import { storeSyncSource } from '../../src/chain/store/sync-source.js'
import { loadGenesis } from '../../src/chain/genesis-file.js'
import { parseFlags } from './stats.js'

const flags = parseFlags(process.argv.slice(2), { store: '', peers: '4' })
const genesis = await loadGenesis(`${flags.store}/genesis.json`)
const store = await ChainStore.open(`${flags.store}/chain`, genesis)
const provider: BlockSyncProvider = { ...storeSyncSource(store), applyBlock: async () => false }
const logger = pino({ level: 'silent' })
const nodes: KuberNode[] = []
for (let i = 0; i < Number(flags.peers); i++) {
  // a bulk link between one's own nodes: the per-peer serving budget (8 MiB/s by default) raised, so the syncing side is what is measured
  const blocks = { maxServedBytesPerPeerPerSecond: 1024 * 1024 * 1024, servedByteBurstPerPeer: 64 * 1024 * 1024 }
  const node = await createNode({ chainId: genesis.chainId, listen: ['127.0.0.1:0'], pex: false, unresponsiveTimeoutMs: 600_000, blocks }, { logger, app: { blockSync: provider } })
  await node.start()
  nodes.push(node)
}
process.stdout.write(JSON.stringify({ height: store.tip.height, peers: nodes.map((n) => `${n.peerId}@${n.listenAddresses[0]!}`) }) + '\n')
process.on('SIGTERM', () => {
  const cpu = process.cpuUsage()
  process.stderr.write(JSON.stringify({ server_cpu_ms: (cpu.user + cpu.system) / 1000 }) + '\n')
  Promise.all(nodes.map(async (n) => await n.stop())).then(async () => await store.close()).finally(() => process.exit(0))
})
