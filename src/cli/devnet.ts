// `kuber-p2p devnet --nodes N`: N real nodes on loopback in one process, over TCP with
// Noise. Node i dials nodes i−1 and i−2 as static peers, so the network is connected and
// heals itself. Prints who is connected to whom, then, with demo traffic (transactions and
// a block every few seconds, gossiped), runs until SIGINT or --duration. Without --home the
// nodes live in a temporary directory that is removed when the process exits, however it
// exits (SIGINT, SIGTERM, an error).
import { rmSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SingleBar, Presets } from 'cli-progress'
import { createNode, type KuberNode } from '../node/node.js'
import { createLogger } from '../node/logger.js'
import { shortPeerId } from '../identity/peer-id.js'
import { stopOnSignal } from './start.js'
import { devnetBlockSources, startDevnetTraffic, type DevnetTraffic } from './devnet-traffic.js'
import type { MemoryBlockSource } from '../protocols/blocks/block-source.js'

export interface DevnetOptions {
  nodes: number
  chainId: string
  basePort: number
  home?: string
  duration?: number
  logLevel: string
  /** Demo transactions per second across the network (0: none). */
  txRate: number
  /** Demo block interval in seconds (0: no blocks). */
  blockInterval: number
}

const CONNECT_TIMEOUT_MS = 20_000
const STATUS_INTERVAL_MS = 10_000

/** Start the devnet and return its nodes (the caller stops them). */
export async function startDevnet (opts: DevnetOptions, sources: MemoryBlockSource[] = devnetBlockSources(opts.nodes)): Promise<KuberNode[]> {
  const home = opts.home ?? await temporaryHome()
  const logger = createLogger(opts.logLevel)
  const nodes: KuberNode[] = []
  const port = (i: number, k: number): number => opts.basePort === 0 ? 0 : opts.basePort + 2 * i + k
  try {
    for (let i = 0; i < opts.nodes; i++) {
      const peers = [i - 1, i - 2].filter((j) => j >= 0).map((j) => `${nodes[j]!.peerId}@${nodes[j]!.listenAddresses[0]!}`)
      const node = await createNode({
        chainId: opts.chainId,
        home: join(home, `node${i}`),
        listen: [`127.0.0.1:${port(i, 0)}`],
        rpc: `127.0.0.1:${port(i, 1)}`,
        peers,
        redialBaseMs: 250,
        logLevel: opts.logLevel as 'info'
      }, { logger, app: { blockSource: sources[i] } })
      await node.start()
      nodes.push(node)
    }
  } catch (err) {
    await Promise.all(nodes.map(async (n) => await n.stop()))
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

/** Static links the devnet creates: i dials i−1 and i−2. */
export function expectedLinks (n: number): number {
  let links = 0
  for (let i = 1; i < n; i++) links += Math.min(i, 2)
  return links
}

function connectedLinks (nodes: KuberNode[]): number {
  return nodes.reduce((sum, n) => sum + n.connectedPeers().length, 0) / 2
}

export async function devnetCommand (opts: DevnetOptions): Promise<void> {
  const sources = devnetBlockSources(opts.nodes)
  const nodes = await startDevnet(opts, sources)
  let traffic: DevnetTraffic | undefined
  let status: NodeJS.Timeout | undefined
  const stop = stopOnSignal(nodes, () => { traffic?.stop(); clearInterval(status) })
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
  if (!stop.signalled) {
    printTopology(nodes, opts.chainId)
    if (opts.blockInterval > 0 || opts.txRate > 0) {
      const running = startDevnetTraffic(nodes, sources, opts.txRate, Math.max(opts.blockInterval, 0.1) * 1000)
      traffic = running
      status = setInterval(() => printTraffic(running), STATUS_INTERVAL_MS) // allow-nondeterminism
    }
    if (opts.duration !== undefined) {
      const timer = setTimeout(() => process.kill(process.pid, 'SIGTERM'), opts.duration * 1000) // allow-nondeterminism
      timer.unref()
    }
  }
  await stop.stopped
  if (traffic !== undefined) printTraffic(traffic)
}

function printTraffic (traffic: DevnetTraffic): void {
  const c = traffic.counts()
  process.stdout.write(`heights ${c.map((x) => x.height).join(' ')} | blocks received ${c.map((x) => x.blocks).join(' ')} | txs received ${c.map((x) => x.txs).join(' ')} | mempools ${c.map((x) => x.mempool).join(' ')}\n`)
}

function printTopology (nodes: KuberNode[], chainId: string): void {
  const index = new Map(nodes.map((n, i) => [n.peerId as string, i]))
  const lines = [`kuber devnet: ${nodes.length} nodes on chain ${chainId}, ${connectedLinks(nodes)} of ${expectedLinks(nodes.length)} links up`, '']
  lines.push('node  peer id       p2p                   rpc                          connected to')
  nodes.forEach((n, i) => {
    const peers = n.connectedPeers().map((p) => index.get(p.peerId)).filter((j) => j !== undefined).sort((a, b) => a - b)
    lines.push(`${String(i).padEnd(6)}${shortPeerId(n.peerId).padEnd(14)}${n.listenAddresses[0]!.padEnd(22)}${`http://${n.rpcAddress ?? ''}`.padEnd(29)}${peers.map((j) => `node${j}`).join(' ')}`)
  })
  lines.push('', `try: curl http://${nodes[0]?.rpcAddress ?? ''}/p2p/peers    (Ctrl-C stops the devnet)`, '')
  process.stdout.write(lines.join('\n') + '\n')
}
