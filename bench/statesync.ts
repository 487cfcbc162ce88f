// `npm run bench -- statesync`: a fresh reference-chain node restores a snapshot of a
// `--mib` MiB state by state sync from 1 and from 4 peers on 127.0.0.1 over Noise. The peers
// run in a child process (bench/lib/sync-server.ts) serving one store's snapshot; the
// syncing node runs here and does what a real one does: every chunk's Merkle proof is
// checked against the snapshot's root on arrival, the chunk stored with its done mark, and
// at the end the state joined and its root checked against the header the commit of the
// validators signs. Per run: MB/s fetched and verified (chunk bytes over the fetching
// phase), MB/s end to end (from the node's start to the state restored: discovery, fetch,
// apply), CPU ms per MB of the syncing process, chunks and chunks rejected; beside the raw
// `tcp-chacha` 1 MiB ceiling of the libp2p baseline measured in the same run. The syncing
// node's per-peer read budget (8 MiB/s by default, a defence for public links) is raised:
// these are one's own nodes on a bulk link. The state is built once and cached under
// bench/.cache/statesync/.
//
// Flags: --mib 256 --reps 1 --chunk-bytes 16384 --baseline true
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { pino } from 'pino'
import { loadGenesis } from '../src/chain/genesis-file.js'
import { ReferenceChain } from '../src/chain/reference-chain.js'
import { rawTcpChachaCeiling } from './lib/baseline.js'
import { cpuMs, medianBy, parseFlags, round, table } from './lib/stats.js'
import { ensureStateChain } from './lib/sync-chains.js'
import type { BenchResult } from './run.js'

const here = fileURLToPath(new URL('.', import.meta.url))

interface StateRun {
  bytes: number
  chunks: number
  rejected: number
  fetch_seconds: number
  total_seconds: number
  cpu_ms: number
}

async function startServer (store: string, peers: number, chunkBytes: number): Promise<{ child: ChildProcess, height: number, peers: string[] }> {
  const child = spawn('node', ['--import', 'tsx', join(here, 'lib/sync-server.ts'), '--store', store, '--peers', String(peers), '--snapshot-chunk-bytes', String(chunkBytes)], { stdio: ['ignore', 'pipe', 'inherit'] })
  const [line] = await once(createInterface({ input: child.stdout! }), 'line') as [string]
  return { child, ...JSON.parse(line) as { height: number, peers: string[] } }
}

async function syncOnce (store: string, peers: number, chunkBytes: number): Promise<StateRun> {
  const server = await startServer(store, peers, chunkBytes)
  const genesis = await loadGenesis(join(store, 'genesis.json'))
  const home = mkdtempSync(join(tmpdir(), 'kuber-bench-state-'))
  const chain = await ReferenceChain.create({
    genesis,
    node: { home, listen: ['127.0.0.1:0'], peers: server.peers, pex: false, unresponsiveTimeoutMs: 600_000, maxBytesPerSecond: 1024 * 1024 * 1024, byteBurst: 64 * 1024 * 1024, stateSync: { minPeers: peers, snapshotInterval: 1 } },
    deps: { logger: pino({ level: 'silent' }) },
    quietProgress: true
  })
  try {
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    let fetchFrom: number | undefined
    let fetchTo: number | undefined
    await chain.start()
    const sync = chain.node.stateSync
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        const { phase } = sync.status()
        if (phase === 'fetching') fetchFrom ??= performance.now()
        if (phase === 'applying' || phase === 'done') fetchTo ??= performance.now()
        if (phase === 'done') resolve()
        else if (phase === 'failed') reject(new Error(`state sync failed: ${sync.status().last_error ?? ''}`))
        else setTimeout(check, 2)
      }
      check()
    })
    const total = (performance.now() - t0) / 1000
    const cpu = cpuMs(process.cpuUsage(cpu0))
    const t = sync.totals()
    return { bytes: t.bytes, chunks: t.fetched, rejected: t.rejected, fetch_seconds: (fetchTo! - fetchFrom!) / 1000, total_seconds: total, cpu_ms: cpu }
  } finally {
    await chain.stop()
    server.child.kill('SIGTERM')
    await once(server.child, 'exit')
    await rm(home, { recursive: true, force: true })
  }
}

function summary (runs: StateRun[]): Record<string, unknown> {
  const r = medianBy(runs, (x) => x.bytes / x.fetch_seconds)
  const mb = r.bytes / 1e6
  return {
    MB_per_s: round(mb / r.fetch_seconds),
    end_to_end_MB_per_s: round(mb / r.total_seconds),
    cpu_ms_per_MB: round(r.cpu_ms / mb, 2),
    chunks: r.chunks,
    chunks_rejected: r.rejected,
    MB: round(mb),
    fetch_seconds: round(r.fetch_seconds, 2),
    end_to_end_seconds: round(r.total_seconds, 2),
    reps_MB_per_s: runs.map((x) => round(x.bytes / 1e6 / x.fetch_seconds))
  }
}

export async function run (args: string[]): Promise<BenchResult> {
  const f = parseFlags(args, { mib: '256', reps: '1', 'chunk-bytes': '16384', baseline: 'true' })
  const reps = Number(f.reps)
  const chunkBytes = Number(f['chunk-bytes'])
  const store = await ensureStateChain(Number(f.mib))
  const ceiling = f.baseline === 'true' ? rawTcpChachaCeiling() : undefined
  const byPeers: Record<number, StateRun[]> = { 1: [], 4: [] }
  for (let i = 0; i < reps; i++) {
    for (const peers of [1, 4]) {
      byPeers[peers]!.push(await syncOnce(store, peers, chunkBytes))
      process.stderr.write(`peers ${peers}: ${JSON.stringify(byPeers[peers]!.at(-1))}\n`)
    }
  }
  const peers1 = summary(byPeers[1]!)
  const peers4 = summary(byPeers[4]!)
  const vs = (x: Record<string, unknown>): number | null => ceiling === undefined ? null : round((x.MB_per_s as number) / ceiling, 2)
  const json = {
    peers_1: peers1,
    peers_4: peers4,
    raw_ceiling_MB_per_s: ceiling ?? null,
    peers_4_vs_ceiling: vs(peers4),
    params: { state_MiB: Number(f.mib), chunk_bytes: chunkBytes, encryption: 'noise', reps }
  }
  const row = (name: string, x: Record<string, unknown>): Array<string | number | null> => [name, x.MB_per_s as number, x.end_to_end_MB_per_s as number, x.cpu_ms_per_MB as number, `${x.chunks as number} / ${x.chunks_rejected as number}`, vs(x) === null ? null : `${vs(x)!}× ceiling`]
  const rows = [row('1 peer', peers1), row('4 peers', peers4), ['raw tcp-chacha 1 MiB', ceiling ?? null, null, null, null, 'ceiling']]
  return { json, table: table(['state sync', 'MB/s fetched+verified', 'MB/s end to end', 'CPU ms/MB', 'chunks / rejected', 'note'], rows) }
}
