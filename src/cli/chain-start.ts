// `kuber-p2p start --genesis FILE [--api HOST:PORT|off] ...`: run a reference-chain node
// until SIGINT/SIGTERM: a validator when its node key is in the genesis validator set,
// otherwise a full node that follows the chain. The chain id comes from the genesis (a
// different --chain-id or config chainId is refused). Blocks and state persist under
// <home>/chain; a restarted node resumes at its height; a fresh node joining a running
// chain restores a snapshot by state sync first; a node behind its peers catches up by
// block sync (a progress bar on a terminal, log lines every few seconds otherwise). The application API listens on 127.0.0.1:26658 unless --api says otherwise.
import { loadGenesis } from '../chain/genesis-file.js'
import { ReferenceChain } from '../chain/reference-chain.js'
import { startApiServer, type ApiServer } from '../chain/api/server.js'
import { parseHostPort } from '../transport/address.js'
import { resolveStartConfig, type StartFlags } from './config-file.js'
import { stopOnSignal } from './start.js'
import { DEFAULT_API_ADDRESS } from './defaults.js'
import { maybeStartAgent, testnetTransport, type TestnetNodeFlags } from './testnet/agent.js'
import { showSyncProgress } from './sync-progress.js'

export interface ChainStartFlags extends StartFlags, TestnetNodeFlags {
  genesis: string
  /** "host:port", or "off" (default 127.0.0.1:26658). */
  api?: string
}

export async function chainStartCommand (flags: ChainStartFlags): Promise<void> {
  const genesis = await loadGenesis(flags.genesis)
  const config = await resolveStartConfig({ ...flags, chainId: flags.chainId ?? genesis.chainId })
  const tty = process.stderr.isTTY
  const testnet = testnetTransport(flags)
  const chain = await ReferenceChain.create({ genesis, node: config, quietProgress: tty, deps: testnet === undefined ? undefined : { transport: testnet.transport } }) // progress: a bar on a terminal, log lines otherwise
  await chain.start()
  let api: ApiServer | undefined
  try {
    const address = flags.api ?? DEFAULT_API_ADDRESS
    if (address !== 'off') {
      const { host, port } = parseHostPort(address)
      api = await startApiServer(chain, host, port)
    }
  } catch (err) {
    await chain.stop()
    throw err
  }
  const sync = chain.node.blockSync
  // while syncing, the progress bar (or a line every few seconds) stands for the blocks
  chain.on('final', (e) => { if (chain.node.syncPhase === 'gossip') chain.node.log.info({ height: e.height, txs: e.txs, hash: e.hash.slice(0, 16), app_hash: e.appHash.slice(0, 16) }, 'block final') })
  const progress = showSyncProgress(() => sync.status(), chain.node.log, { tty, stateSync: () => chain.node.stateSync.status() })
  const role = chain.validator === undefined ? 'full node' : `validator ${chain.validator.name}`
  const stop = stopOnSignal([{ stop: async () => { progress.stop(); await api?.close(); await chain.stop() } }]) // before the banner
  maybeStartAgent(flags, { node: chain.node, chain, fuzz: testnet?.fuzz })
  process.stderr.write(`kuber-p2p chain ${genesis.chainId}: ${role} ${chain.node.peerId} at height ${chain.tip.height}\n  p2p ${chain.node.listenAddresses.join(', ')}\n  rpc http://${chain.node.rpcAddress ?? '(off)'}/p2p/info\n  api ${api === undefined ? '(off)' : `http://${api.address}/status`}\n`)
  await stop.stopped
}
