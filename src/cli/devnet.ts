// `kuber-p2p devnet --nodes N`: a local network of the reference chain, N real nodes on
// loopback in one process, over TCP with Noise. The first --validators nodes (default all)
// are the genesis validators and propose in turn every --block-interval seconds from the
// transactions gossiped to them; the others are full nodes. Node i dials nodes i−1 and i−2
// as static peers, listens on base+3i, serves its debug RPC on base+3i+1 and its application
// API on base+3i+2. A load generator submits transactions; one status line per block shows
// its height, transactions, how long until every node had it and until it was final. With
// --home the network (genesis, keys, blocks, state) persists and resumes where it stopped;
// without it the network lives in a temporary directory that is removed when the process
// exits, however it exits (SIGINT, SIGTERM, --duration, an error).
import { existsSync, rmSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SingleBar, Presets } from 'cli-progress'
import { loadOrCreateNodeKey, systemRandom } from '../index.js'
import { createLogger } from '../node/logger.js'
import { shortPeerId } from '../identity/peer-id.js'
import { Genesis } from '../chain/genesis.js'
import { loadGenesis } from '../chain/genesis-file.js'
import { ReferenceChain } from '../chain/reference-chain.js'
import { startApiServer, type ApiServer } from '../chain/api/server.js'
import { stopOnSignal } from './start.js'
import { startLoad } from './devnet-load.js'
import { formatBlockLine, watchBlocks } from './devnet-blocks.js'

export interface DevnetOptions {
  nodes: number
  /** Validators among the nodes (default: all). */
  validators?: number
  chainId: string
  basePort: number
  home?: string
  duration?: number
  logLevel: string
  /** Transactions per second from the load generator (0: none). */
  txRate: number
  /** Block interval in seconds. */
  blockInterval: number
  /** Node 0 also listens on ws://127.0.0.1:<wsPort> (0: a free port) and serves the light-client demo there. */
  wsPort?: number
}

export interface DevnetNode {
  chain: ReferenceChain
  api: ApiServer
}

const CONNECT_TIMEOUT_MS = 20_000

/** Start the devnet and return its nodes (the caller stops them). */
export async function startDevnet (opts: DevnetOptions): Promise<DevnetNode[]> {
  const home = opts.home ?? await temporaryHome()
  const logger = createLogger(opts.logLevel)
  const keys = await Promise.all(Array.from({ length: opts.nodes }, async (_, i) => (await loadOrCreateNodeKey(join(home, `node${i}`), systemRandom)).identity))
  const genesisPath = join(home, 'genesis.json')
  let genesis: Genesis
  if (existsSync(genesisPath)) {
    genesis = await loadGenesis(genesisPath)
  } else {
    genesis = Genesis.parse({
      chain_id: opts.chainId,
      genesis_time: new Date().toISOString(),
      validators: keys.slice(0, opts.validators ?? opts.nodes).map((k, i) => ({ name: `node${i}`, public_key: Buffer.from(k.publicKey).toString('hex') })),
      params: { block_interval_ms: Math.round(opts.blockInterval * 1000), propose_timeout_ms: Math.max(1000, Math.round(opts.blockInterval * 3000)) }
    })
    await writeFile(genesisPath, JSON.stringify(genesis.toJSON(), null, 2) + '\n')
  }
  const port = (i: number, k: number): number => opts.basePort === 0 ? 0 : opts.basePort + 3 * i + k
  const nodes: DevnetNode[] = []
  try {
    for (let i = 0; i < opts.nodes; i++) {
      const peers = [i - 1, i - 2].filter((j) => j >= 0).map((j) => `${nodes[j]!.chain.node.peerId}@${nodes[j]!.chain.node.listenAddresses[0]!}`)
      const chain = await ReferenceChain.create({
        genesis,
        node: { home: join(home, `node${i}`), listen: [`127.0.0.1:${port(i, 0)}`, ...(i === 0 && opts.wsPort !== undefined ? [`ws://127.0.0.1:${opts.wsPort}`] : [])], rpc: `127.0.0.1:${port(i, 1)}`, peers, redialBaseMs: 250, logLevel: opts.logLevel as 'info' },
        deps: { identity: keys[i]!, logger }
      })
      await chain.start()
      try {
        nodes.push({ chain, api: await startApiServer(chain, '127.0.0.1', port(i, 2)) })
      } catch (err) {
        await chain.stop()
        throw err
      }
    }
  } catch (err) {
    await stopDevnet(nodes)
    throw err
  }
  return nodes
}

/** A fresh kuber-devnet-* directory in the temp folder, removed when the process exits. */
async function temporaryHome (): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kuber-devnet-'))
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  return dir
}

export async function stopDevnet (nodes: DevnetNode[]): Promise<void> {
  await Promise.all(nodes.map(async (n) => { await n.api.close(); await n.chain.stop() }))
}

/** Static links the devnet creates: i dials i−1 and i−2. */
export function expectedLinks (n: number): number {
  let links = 0
  for (let i = 1; i < n; i++) links += Math.min(i, 2)
  return links
}

function connectedLinks (nodes: DevnetNode[]): number {
  return nodes.reduce((sum, n) => sum + n.chain.node.connectedPeers().length, 0) / 2
}

export async function devnetCommand (opts: DevnetOptions): Promise<void> {
  const nodes = await startDevnet(opts)
  let load: ReturnType<typeof startLoad> | undefined
  // from here a signal stops the network (and the exit removes a temporary home)
  const stop = stopOnSignal(nodes.map((n) => ({ stop: async () => { await stopDevnet([n]) } })), () => load?.stop())
  const want = expectedLinks(nodes.length)
  const bar = process.stderr.isTTY ? new SingleBar({ format: 'connecting [{bar}] {value}/{total} links', stream: process.stderr }, Presets.shades_classic) : undefined
  bar?.start(want, 0)
  const t0 = Date.now() // allow-nondeterminism: CLI wall time, not protocol code
  while (!stop.signalled && connectedLinks(nodes) < want && Date.now() - t0 < CONNECT_TIMEOUT_MS) { // allow-nondeterminism
    bar?.update(connectedLinks(nodes))
    await new Promise((resolve) => setTimeout(resolve, 100)) // allow-nondeterminism
  }
  bar?.update(connectedLinks(nodes))
  bar?.stop()
  const chains = nodes.map((n) => n.chain)
  let blocks = 0
  let txs = 0
  const started = Date.now() // allow-nondeterminism
  if (!stop.signalled) {
    printTopology(nodes)
    watchBlocks(chains, (line) => {
      blocks++
      txs += line.txs
      process.stdout.write(formatBlockLine(line) + '\n')
    })
    if (opts.txRate > 0) load = startLoad(() => chains, chains[0]!.genesis.chainId, opts.txRate)
    if (opts.duration !== undefined) {
      const timer = setTimeout(() => process.kill(process.pid, 'SIGTERM'), opts.duration * 1000) // allow-nondeterminism
      timer.unref()
    }
  }
  await stop.stopped
  const seconds = (Date.now() - started) / 1000 // allow-nondeterminism
  const c = load?.counts ?? { submitted: 0, accepted: 0, refused: 0, failed: 0 }
  process.stdout.write(`${blocks} blocks and ${txs} transactions in ${seconds.toFixed(1)} s (${(txs / seconds).toFixed(1)} tx/s); load: ${c.submitted} submitted, ${c.accepted} accepted, ${c.refused} refused; heights ${chains.map((ch) => ch.tip.height).join(' ')}\n`)
}

function printTopology (nodes: DevnetNode[]): void {
  const chains = nodes.map((n) => n.chain)
  const index = new Map(chains.map((c, i) => [c.node.peerId as string, i]))
  const g = chains[0]!.genesis
  const lines = [`kuber devnet: chain ${g.chainId}, ${nodes.length} nodes (${g.validators.length} validators, a block every ${g.params.block_interval_ms} ms), ${connectedLinks(nodes)} of ${expectedLinks(nodes.length)} links up`, '']
  lines.push('node  role       peer id       p2p                   rpc                          api                          connected to')
  nodes.forEach(({ chain, api }, i) => {
    const peers = chain.node.connectedPeers().map((p) => index.get(p.peerId)).filter((j) => j !== undefined).sort((a, b) => a - b)
    const role = chain.validator === undefined ? 'full' : 'validator'
    lines.push(`${String(i).padEnd(6)}${role.padEnd(11)}${shortPeerId(chain.node.peerId).padEnd(14)}${chain.node.listenAddresses[0]!.padEnd(22)}${`http://${chain.node.rpcAddress ?? ''}`.padEnd(29)}${`http://${api.address}`.padEnd(29)}${peers.map((j) => `node${j}`).join(' ')}`)
  })
  const ws = nodes[0]!.chain.node.listenAddresses.find((a) => a.startsWith('ws://'))
  if (ws !== undefined) lines.push('', `light client demo (verifies every header in your browser): ${ws.replace('ws://', 'http://')}/`)
  lines.push('', `try: curl http://${nodes[0]!.api.address}/status    curl http://${nodes[0]!.chain.node.rpcAddress ?? ''}/p2p/peers    (Ctrl-C stops the devnet)`, '')
  process.stdout.write(lines.join('\n') + '\n')
}
