// The node side of `kuber-p2p testnet`, turned on by testnet-only flags of `start`:
// --testnet-fuzz DELAY/JITTER/LOSS sends every TCP connection of the node through the
// fuzzed-connection wrapper (src/transport/fuzzed.ts) for kernels without tc netem;
// --testnet-agent prints the node's events as JSON lines on stdout (up, each candidate
// and final block with its CLOCK_MONOTONIC time, traffic counters and blocks made final
// by block sync every second, the snapshot it restored by state sync), takes
// commands on stdin (new wrapper settings: a perturbation) and stops the node when stdin
// ends, so a harness that dies takes its nodes with it.
import { readFileSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { z } from 'zod'
import { ConfigError, ErrorCodes, systemClock, systemRandom, type KuberNode, type Transport } from '../../index.js'
import type { ReferenceChain } from '../../chain/reference-chain.js'
import { createTcpTransport } from '../../transport/tcp.js'
import { createFuzzedTransport, type FuzzSettings } from '../../transport/fuzzed.js'
import { emit, monoMs, readJsonLines } from './events.js'
import { restoredSnapshotHeight } from './state-sync.js'

const STATS_INTERVAL_MS = 1000

export const FuzzSchema = z.object({
  delay_ms: z.number().min(0).max(60_000),
  jitter_ms: z.number().min(0).max(60_000),
  loss: z.number().min(0).max(0.99)
}).strict()

const CommandSchema = z.object({ fuzz: FuzzSchema }).strict()

/** "DELAY_MS/JITTER_MS/LOSS", e.g. "30/5/0.01". Throws ConfigError naming the flag. */
export function parseFuzzFlag (value: string): FuzzSettings {
  const parts = value.split('/').map(Number)
  const parsed = parts.length === 3 ? FuzzSchema.safeParse({ delay_ms: parts[0], jitter_ms: parts[1], loss: parts[2] }) : undefined
  if (parsed === undefined || !parsed.success) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `--testnet-fuzz: got ${JSON.stringify(value)}, expected DELAY_MS/JITTER_MS/LOSS (e.g. 30/5/0.01, loss below 1)`)
  return { delayMs: parsed.data.delay_ms, jitterMs: parsed.data.jitter_ms, loss: parsed.data.loss }
}

/** The TCP transport through the fuzzed-connection wrapper, with live settings. */
export function fuzzedTcp (settings: FuzzSettings): Transport {
  return createFuzzedTransport(createTcpTransport({ clock: systemClock }), settings, { clock: systemClock, random: systemRandom })
}

/** The testnet-only flags of `start`. */
export interface TestnetNodeFlags {
  testnetAgent?: boolean
  /** DELAY_MS/JITTER_MS/LOSS */
  testnetFuzz?: string
}

/** What the flags ask for: the wrapper's live settings and the transport through it (undefined when off). */
export function testnetTransport (flags: TestnetNodeFlags): { fuzz: FuzzSettings, transport: Transport } | undefined {
  if (flags.testnetFuzz === undefined) return undefined
  const fuzz = parseFuzzFlag(flags.testnetFuzz)
  return { fuzz, transport: fuzzedTcp(fuzz) }
}

/** With --testnet-agent: report on stdout, obey stdin, and stop the process (SIGTERM, the normal shutdown) when stdin ends. */
export function maybeStartAgent (flags: TestnetNodeFlags, target: AgentTarget): void {
  if (flags.testnetAgent === true) startTestnetAgent(target, () => { process.kill(process.pid, 'SIGTERM') })
}

export interface AgentTarget {
  node: KuberNode
  chain?: ReferenceChain
  /** The live wrapper settings (commands change them), if the wrapper is on. */
  fuzz?: FuzzSettings
}

/** How long this process's main thread has waited for a CPU, in ms (Linux's schedstat run_delay; 0 where there is none). */
function cpuWaitMs (): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]) / 1e6
  } catch {
    return 0
  }
}

/** Start reporting; `stop` is called when stdin ends. */
export function startTestnetAgent ({ node, chain, fuzz }: AgentTarget, stop: () => void): void {
  const height = (): number => chain?.tip.height ?? 0
  chain?.on('candidate', (c) => { emit({ e: 'candidate', t: monoMs(), h: c.height, hash: c.hash, from: c.from ?? null }) })
  chain?.on('final', (f) => { emit({ e: 'final', t: monoMs(), h: f.height, hash: f.hash, app_hash: f.appHash, txs: f.txs }) })
  // how late this process runs what is due: a starved process (a loaded machine) is slow whatever the network does
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  let snapshotReported = false
  let cpuWaitBefore = cpuWaitMs()
  const stats = (): void => {
    // time the runnable process got no CPU (the event-loop delay misses many small waits)
    const cpuWait = cpuWaitMs()
    const cpuWaitDelta = Math.round((cpuWait - cpuWaitBefore) * 10) / 10
    cpuWaitBefore = cpuWait
    const restored = snapshotReported || chain === undefined ? undefined : restoredSnapshotHeight(chain)
    if (restored !== undefined) { snapshotReported = true; emit({ e: 'snapshot', t: monoMs(), h: restored }) }
    const s = node.stats
    const loopP99Ms = Math.round(loop.percentile(99) / 1e5) / 10
    const loopMaxMs = Math.round(loop.max / 1e5) / 10
    loop.reset()
    const bySync = (node.statsSections().chain as { final_by_sync?: unknown } | undefined)?.final_by_sync
    emit({ e: 'stats', t: monoMs(), h: height(), peers: node.connectedPeers().length, msgs_in: s.received.messages, msgs_out: s.sent.messages, bytes_in: s.received.bytes, bytes_out: s.sent.bytes, loop_p99_ms: loopP99Ms, loop_max_ms: loopMaxMs, cpu_wait_ms: cpuWaitDelta, final_by_sync: typeof bySync === 'number' ? bySync : 0 })
  }
  const timer = setInterval(stats, STATS_INTERVAL_MS) // allow-nondeterminism: CLI reporting on the wall clock
  timer.unref()
  emit({ e: 'up', t: monoMs(), peer_id: node.peerId, height: height(), listen: node.listenAddresses })
  stats()
  readJsonLines(process.stdin, (line) => {
    const command = CommandSchema.safeParse(line)
    if (!command.success) { node.log.warn({ line }, 'testnet agent: unknown command ignored'); return }
    if (fuzz === undefined) { node.log.warn('testnet agent: fuzz settings given but --testnet-fuzz is off'); return }
    fuzz.delayMs = command.data.fuzz.delay_ms
    fuzz.jitterMs = command.data.fuzz.jitter_ms
    fuzz.loss = command.data.fuzz.loss
    node.log.info({ fuzz }, 'testnet agent: wrapper settings changed')
  }, () => { clearInterval(timer); stop() })
  process.stdin.unref() // reading commands must not keep a stopped node's process alive
}
