// `npm run bench -- blocksync`: a reference-chain node that holds no blocks catches up by
// block sync from 4 peers on 127.0.0.1 over Noise. The peers run in a child process
// (bench/lib/sync-server.ts) serving one store; the syncing node runs here, a full node
// that checks every block as a real one does (proposer signature, parent link, the commit
// of > 2/3 of the validators, every transaction, the app_hash) and stores it. (a) `--large`
// blocks of `--block-kib` KiB: MB/s and CPU ms per MB of the syncing process, beside the
// raw `tcp-chacha` 1 MiB ceiling of the libp2p baseline (raw.mjs) measured in the same
// run; (b) `--empty` blocks without transactions: blocks/s. The chains are built once and
// cached under bench/.cache/blocksync/.
//
// Flags: --large 2000 --block-kib 256 --empty 10000 --reps 1 --baseline true
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { mkdtempSync } from 'node:fs'
import { pino } from 'pino'
import { loadGenesis } from '../src/chain/genesis-file.js'
import { ReferenceChain } from '../src/chain/reference-chain.js'
import { cpuMs, medianBy, parseFlags, round, table } from './lib/stats.js'
import { rawTcpChachaCeiling } from './lib/baseline.js'
import { ensureChain } from './lib/sync-chains.js'
import type { BenchResult } from './run.js'

const here = fileURLToPath(new URL('.', import.meta.url))

interface SyncRun {
  blocks: number
  bytes: number
  seconds: number
  cpu_ms: number
  server_cpu_ms: number | undefined
  requests: number
  stalls: number
  timeouts: number
}

async function syncOnce (store: string): Promise<SyncRun> {
  const server = spawn('node', ['--import', 'tsx', join(here, 'lib/sync-server.ts'), '--store', store, '--peers', '4'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let serverCpu: number | undefined
  server.stderr.on('data', (d: Buffer) => { const m = /"server_cpu_ms":([\d.]+)/.exec(d.toString()); if (m !== null) serverCpu = Number(m[1]) })
  const [line] = await once(createInterface({ input: server.stdout }), 'line') as [string]
  const { height, peers } = JSON.parse(line) as { height: number, peers: string[] }
  const genesis = await loadGenesis(join(store, 'genesis.json'))
  const home = mkdtempSync(join(tmpdir(), 'kuber-bench-sync-'))
  const chain = await ReferenceChain.create({ genesis, node: { home, listen: ['127.0.0.1:0'], peers, pex: false, unresponsiveTimeoutMs: 600_000, stateSync: { enabled: false } }, deps: { logger: pino({ level: 'silent' }) } })
  try {
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    await chain.start()
    await new Promise<void>((resolve) => {
      const check = (): void => { if (chain.store.durableTip.height >= height) resolve(); else setTimeout(check, 5) }
      check()
    })
    const seconds = (performance.now() - t0) / 1000
    const cpu = cpuMs(process.cpuUsage(cpu0))
    const s = (chain.node.statsSections() as Record<string, any>).block_sync
    await chain.stop()
    server.kill('SIGTERM')
    await once(server, 'exit')
    return { blocks: height, bytes: s.bytesReceived, seconds, cpu_ms: cpu, server_cpu_ms: serverCpu, requests: s.rangeRequests, stalls: s.stalls, timeouts: s.rangeTimeouts }
  } finally {
    await chain.stop()
    if (server.exitCode === null) server.kill('SIGTERM')
    await rm(home, { recursive: true, force: true })
  }
}

export async function run (args: string[]): Promise<BenchResult> {
  const f = parseFlags(args, { large: '2000', 'block-kib': '256', empty: '10000', reps: '1', baseline: 'true' })
  const reps = Number(f.reps)
  const largeStore = await ensureChain(Number(f.large), Number(f['block-kib']))
  const emptyStore = await ensureChain(Number(f.empty), 0)
  const ceiling = f.baseline === 'true' ? rawTcpChachaCeiling() : undefined
  const large: SyncRun[] = []
  const empty: SyncRun[] = []
  for (let i = 0; i < reps; i++) {
    large.push(await syncOnce(largeStore))
    process.stderr.write(`large: ${JSON.stringify(large.at(-1))}\n`)
    empty.push(await syncOnce(emptyStore))
    process.stderr.write(`empty: ${JSON.stringify(empty.at(-1))}\n`)
  }
  const l = medianBy(large, (r) => r.bytes / r.seconds)
  const e = medianBy(empty, (r) => r.blocks / r.seconds)
  const mbps = l.bytes / 1e6 / l.seconds
  const json = {
    large: { blocks: l.blocks, block_bytes: Math.round(l.bytes / l.blocks), MB_per_s: round(mbps), cpu_ms_per_MB: round(l.cpu_ms / (l.bytes / 1e6), 2), seconds: round(l.seconds, 2), requests: l.requests, reps_MB_per_s: large.map((r) => round(r.bytes / 1e6 / r.seconds)) },
    empty: { blocks: e.blocks, blocks_per_s: Math.round(e.blocks / e.seconds), cpu_ms_per_block: round(e.cpu_ms / e.blocks, 3), seconds: round(e.seconds, 2), requests: e.requests, reps_blocks_per_s: empty.map((r) => Math.round(r.blocks / r.seconds)) },
    raw_ceiling_MB_per_s: ceiling ?? null,
    large_vs_ceiling: ceiling === undefined ? null : round(mbps / ceiling, 2),
    params: { peers: 4, encryption: 'noise', reps }
  }
  const rows = [
    ['large', `${json.large.blocks} × ${Math.round(json.large.block_bytes / 1024)} KiB`, json.large.MB_per_s, Math.round(json.large.blocks / l.seconds), json.large.cpu_ms_per_MB, json.large_vs_ceiling === null ? null : `${json.large_vs_ceiling}× ceiling`],
    ['empty', `${json.empty.blocks} × ${Math.round(e.bytes / e.blocks)} B`, round(e.bytes / 1e6 / e.seconds), json.empty.blocks_per_s, round(e.cpu_ms / (e.bytes / 1e6), 2), null],
    ['raw tcp-chacha 1 MiB', '', ceiling ?? null, null, null, 'ceiling']
  ]
  return { json, table: table(['chain', 'blocks', 'MB/s', 'blocks/s', 'CPU ms/MB', 'note'], rows) }
}
