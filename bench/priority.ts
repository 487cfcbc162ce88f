// `npm run bench -- priority`: two nodes in one process on 127.0.0.1, one Noise-encrypted
// TCP connection between them (real sessions, send queues and router). The sender keeps
// the connection saturated with 1 MiB bulk messages (the state-sync chunk's send class)
// and meanwhile sends 100 small votes a second (the consensus class); the receiver
// measures each vote's one-way latency (both ends read one clock). Three phases: idle
// (votes alone), with send classes on, and with every message in one FIFO
// (sendPriorities: false). Reports vote latency p50/p99 per phase and bulk MB/s.
//
// Flags: --seconds 5 --bulk-bytes 1048576 --votes-per-s 100
import { performance } from 'node:perf_hooks'
import { pino } from 'pino'
import { createNode, type KuberNode } from '../src/node/node.js'
import { SendClass } from '../src/session/send-class.js'
import type { Protocol } from '../src/router/types.js'
import { parseFlags, round, summarize, table, type Summary } from './lib/stats.js'
import type { BenchResult } from './run.js'

const BULK = 200
const VOTE = 201
const MIB = 1024 * 1024

/** Counts bulk bytes and vote latencies on the receiving side. */
class Meter implements Protocol {
  readonly name = 'priority_bench'
  readonly messageTypes = [BULK, VOTE]
  readonly sendClasses = { [BULK]: SendClass.BULK, [VOTE]: SendClass.CONSENSUS }
  bulkBytes = 0
  latencies: number[] = []

  onMessage (_peer: unknown, type: number, payload: Uint8Array): void {
    if (type === BULK) this.bulkBytes += payload.length
    else this.latencies.push(performance.now() - Buffer.from(payload.buffer, payload.byteOffset, payload.length).readDoubleLE(0))
  }
}

interface Phase {
  vote_latency_ms: Summary
  bulk_MB_per_s: number
}

async function pair (sendPriorities: boolean): Promise<{ a: KuberNode, b: KuberNode, meter: Meter }> {
  const config = {
    chainId: 'kuber-bench',
    listen: ['127.0.0.1:0'],
    pex: false,
    sendPriorities,
    maxMessagesPerSecond: 1e6,
    messageBurst: 1e6,
    maxSendBufferBytes: 16 * MIB,
    unresponsiveTimeoutMs: 600_000
  }
  const logger = pino({ level: 'silent' })
  const [a, b] = [await createNode(config, { logger }), await createNode(config, { logger })]
  const meter = new Meter()
  a.registerProtocol(new Meter())
  b.registerProtocol(meter)
  await a.start()
  await b.start()
  await a.dial(`${b.peerId}@${b.listenAddresses[0]!}`)
  while (b.connectedPeers().length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
  return { a, b, meter }
}

async function runPhase (sendPriorities: boolean, bulk: boolean, seconds: number, bulkBytes: number, votesPerS: number): Promise<Phase> {
  const { a, b, meter } = await pair(sendPriorities)
  const chunk = new Uint8Array(bulkBytes)
  const vote = Buffer.alloc(150)
  let running = true
  // keep the bulk class's share of the send buffer full, from the event loop
  const fill = (): void => {
    if (!running) return
    const peer = a.getPeer(b.peerId)
    while (peer !== undefined && peer.sendBufferedBytes < 6 * MIB) a.send(b.peerId, BULK, chunk)
    setImmediate(fill)
  }
  if (bulk) fill()
  const votes = setInterval(() => {
    vote.writeDoubleLE(performance.now(), 0)
    a.send(b.peerId, VOTE, vote)
  }, 1000 / votesPerS)
  // warm up, then measure
  await new Promise((resolve) => setTimeout(resolve, 500))
  meter.latencies = []
  meter.bulkBytes = 0
  const start = performance.now()
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  const elapsed = (performance.now() - start) / 1000
  const result = { vote_latency_ms: summarize(meter.latencies), bulk_MB_per_s: round(meter.bulkBytes / MIB / elapsed, 1) }
  running = false
  clearInterval(votes)
  await a.stop()
  await b.stop()
  return result
}

export async function run (args: string[]): Promise<BenchResult> {
  const f = parseFlags(args, { seconds: '5', 'bulk-bytes': String(MIB), 'votes-per-s': '100' })
  const seconds = Number(f.seconds)
  const bulkBytes = Number(f['bulk-bytes'])
  const votesPerS = Number(f['votes-per-s'])
  process.stderr.write('priority: idle\n')
  const idle = await runPhase(true, false, seconds, bulkBytes, votesPerS)
  process.stderr.write('priority: send classes\n')
  const classes = await runPhase(true, true, seconds, bulkBytes, votesPerS)
  process.stderr.write('priority: one queue\n')
  const oneQueue = await runPhase(false, true, seconds, bulkBytes, votesPerS)
  const pick = (p: Phase): { p50: number | null, p99: number | null } => ({ p50: p.vote_latency_ms.p50, p99: p.vote_latency_ms.p99 })
  const ratio = (x: number | null, y: number | null): number | null => x === null || y === null || y === 0 ? null : round(x / y, 2)
  const json = {
    bench: 'priority',
    env: { node: process.version, platform: `${process.platform}-${process.arch}` },
    params: { seconds, bulk_bytes: bulkBytes, votes_per_s: votesPerS },
    vote_latency_ms: { idle: pick(idle), classes: pick(classes), one_queue: pick(oneQueue) },
    votes_measured: { idle: idle.vote_latency_ms.count, classes: classes.vote_latency_ms.count, one_queue: oneQueue.vote_latency_ms.count },
    bulk_MB_per_s: { classes: classes.bulk_MB_per_s, one_queue: oneQueue.bulk_MB_per_s },
    targets: {
      classes_vote_p99_ms: classes.vote_latency_ms.p99,
      classes_vote_p99_vs_idle_p99: ratio(classes.vote_latency_ms.p99, idle.vote_latency_ms.p99),
      classes_bulk_vs_one_queue: ratio(classes.bulk_MB_per_s, oneQueue.bulk_MB_per_s)
    }
  }
  const text = [
    table(['phase', 'vote p50 ms', 'vote p99 ms', 'bulk MB/s'], [
      ['idle (votes only)', idle.vote_latency_ms.p50, idle.vote_latency_ms.p99, '–'],
      ['send classes', classes.vote_latency_ms.p50, classes.vote_latency_ms.p99, classes.bulk_MB_per_s],
      ['one queue', oneQueue.vote_latency_ms.p50, oneQueue.vote_latency_ms.p99, oneQueue.bulk_MB_per_s]
    ]),
    '',
    'targets: with bulk saturating, vote p99 ≤ 5 ms and ≤ 10× idle p99; bulk ≥ 0.9× one queue',
    JSON.stringify(json.targets)
  ].join('\n')
  return { json, table: text }
}
