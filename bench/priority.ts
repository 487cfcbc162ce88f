// `npm run bench -- priority`: two nodes in one process on 127.0.0.1, one Noise-encrypted
// TCP connection between them (real sessions, send queues and router). The sender keeps
// the connection saturated with 1 MiB bulk messages (the state-sync chunk's send class)
// and meanwhile sends 100 small votes a second (the consensus class); the receiver
// measures each vote's one-way latency (both ends read one clock) and how many bulk bytes
// arrived between the vote's sending and its arrival (the bulk it waited behind, which
// machine load does not change). Phases: idle (votes alone); send classes with flow
// control (the defaults); send classes without flow control (flowWindowBytes: 0, what
// the kernel's socket buffers then hold is not overtaken); one FIFO without flow control
// (sendPriorities: false, the baseline for bulk throughput). Each phase also reports the
// event loop's delay p99: on a loaded machine it bounds what a vote's p99 can be.
//
// Flags: --seconds 5 --bulk-bytes 1048576 --votes-per-s 100
//        --flow-window-bytes N --flow-window-max-bytes N (the flow-control phase; default: the node's defaults)
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { pino } from 'pino'
import { createNode, type KuberNode } from '../src/node/node.js'
import type { NodeConfigInput } from '../src/node/config.js'
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
  /** KiB of bulk that arrived while each vote was on its way. */
  bulkAhead: number[] = []
  /** Arrival time and running bulk byte count of each bulk message. */
  private readonly arrivals: Array<[number, number]> = []

  onMessage (_peer: unknown, type: number, payload: Uint8Array): void {
    const now = performance.now()
    if (type === BULK) {
      this.bulkBytes += payload.length
      this.arrivals.push([now, this.bulkBytes])
      return
    }
    const sentAt = Buffer.from(payload.buffer, payload.byteOffset, payload.length).readDoubleLE(0)
    this.latencies.push(now - sentAt)
    this.bulkAhead.push((this.bulkBytes - this.bulkBytesAt(sentAt)) / 1024)
  }

  reset (): void {
    this.latencies = []
    this.bulkAhead = []
    this.bulkBytes = 0
    this.arrivals.length = 0
  }

  /** Bulk bytes counted by time t (binary search over the arrivals). */
  private bulkBytesAt (t: number): number {
    let lo = 0
    let hi = this.arrivals.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.arrivals[mid]![0] <= t) lo = mid + 1
      else hi = mid
    }
    return lo === 0 ? 0 : this.arrivals[lo - 1]![1]
  }
}

interface Phase {
  vote_latency_ms: Summary
  bulk_ahead_KiB: Summary
  bulk_MB_per_s: number
  loop_delay_p99_ms: number
  /** The window the receiver granted the sender at the end (null without flow control). */
  flow_window_KiB: number | null
}

async function pair (options: Partial<NodeConfigInput>): Promise<{ a: KuberNode, b: KuberNode, meter: Meter }> {
  const config = {
    chainId: 'kuber-bench',
    listen: ['127.0.0.1:0'],
    pex: false,
    maxMessagesPerSecond: 1e6,
    messageBurst: 1e6,
    // the inbound byte budget (8 MiB/s by default) would pace the bulk transfer instead of the link
    maxBytesPerSecond: 1e12,
    byteBurst: 1e12,
    maxSendBufferBytes: 16 * MIB,
    unresponsiveTimeoutMs: 600_000,
    ...options
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

async function runPhase (options: Partial<NodeConfigInput>, bulk: boolean, seconds: number, bulkBytes: number, votesPerS: number): Promise<Phase> {
  const { a, b, meter } = await pair(options)
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
  meter.reset()
  const loop = monitorEventLoopDelay({ resolution: 1 })
  loop.enable()
  const start = performance.now()
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  const elapsed = (performance.now() - start) / 1000
  loop.disable()
  const window = b.peers().find((p) => p.peer_id === a.peerId)?.flow_window
  const result = {
    vote_latency_ms: summarize(meter.latencies),
    bulk_ahead_KiB: summarize(meter.bulkAhead, 0),
    bulk_MB_per_s: round(meter.bulkBytes / MIB / elapsed, 1),
    loop_delay_p99_ms: round(loop.percentile(99) / 1e6, 1),
    flow_window_KiB: window == null ? null : window.granted_bytes / 1024
  }
  running = false
  clearInterval(votes)
  await a.stop()
  await b.stop()
  return result
}

export async function run (args: string[]): Promise<BenchResult> {
  const f = parseFlags(args, { seconds: '5', 'bulk-bytes': String(MIB), 'votes-per-s': '100', 'flow-window-bytes': '', 'flow-window-max-bytes': '' })
  const seconds = Number(f.seconds)
  const bulkBytes = Number(f['bulk-bytes'])
  const votesPerS = Number(f['votes-per-s'])
  const phase = async (name: string, options: Partial<NodeConfigInput>, bulk = true): Promise<Phase> => {
    process.stderr.write(`priority: ${name}\n`)
    return await runPhase(options, bulk, seconds, bulkBytes, votesPerS)
  }
  const idle = await phase('idle', {}, false)
  const window: Partial<NodeConfigInput> = {}
  if (f['flow-window-bytes'] !== '') window.flowWindowBytes = Number(f['flow-window-bytes'])
  if (f['flow-window-max-bytes'] !== '') window.flowWindowMaxBytes = Number(f['flow-window-max-bytes'])
  const classes = await phase('send classes + flow control', window)
  const noWindow = await phase('send classes, no flow control', { flowWindowBytes: 0 })
  const oneQueue = await phase('one queue, no flow control', { sendPriorities: false, flowWindowBytes: 0 })
  const pick = (p: Phase): { p50: number | null, p99: number | null } => ({ p50: p.vote_latency_ms.p50, p99: p.vote_latency_ms.p99 })
  const ratio = (x: number | null, y: number | null): number | null => x === null || y === null || y === 0 ? null : round(x / y, 2)
  const phases = { idle, classes, classes_no_flow_control: noWindow, one_queue: oneQueue }
  const json = {
    bench: 'priority',
    env: { node: process.version, platform: `${process.platform}-${process.arch}` },
    params: { seconds, bulk_bytes: bulkBytes, votes_per_s: votesPerS, flow_window: window },
    vote_latency_ms: { idle: pick(idle), classes: pick(classes), classes_no_flow_control: pick(noWindow), one_queue: pick(oneQueue) },
    votes_measured: Object.fromEntries(Object.entries(phases).map(([k, p]) => [k, p.vote_latency_ms.count])),
    bulk_ahead_of_vote_KiB: Object.fromEntries(Object.entries(phases).map(([k, p]) => [k, { p50: p.bulk_ahead_KiB.p50, p99: p.bulk_ahead_KiB.p99 }])),
    bulk_MB_per_s: { classes: classes.bulk_MB_per_s, classes_no_flow_control: noWindow.bulk_MB_per_s, one_queue: oneQueue.bulk_MB_per_s },
    loop_delay_p99_ms: Object.fromEntries(Object.entries(phases).map(([k, p]) => [k, p.loop_delay_p99_ms])),
    flow_window_KiB: classes.flow_window_KiB,
    targets: {
      classes_vote_p99_ms: classes.vote_latency_ms.p99,
      classes_vote_p99_vs_idle_p99: ratio(classes.vote_latency_ms.p99, idle.vote_latency_ms.p99),
      classes_bulk_vs_one_queue: ratio(classes.bulk_MB_per_s, oneQueue.bulk_MB_per_s)
    }
  }
  const row = (name: string, p: Phase, bulk = true): Array<string | number | null> =>
    [name, p.vote_latency_ms.p50, p.vote_latency_ms.p99, bulk ? p.bulk_ahead_KiB.p50 : null, bulk ? p.bulk_ahead_KiB.p99 : null, bulk ? p.bulk_MB_per_s : null, p.loop_delay_p99_ms]
  const text = [
    table(['phase', 'vote p50 ms', 'vote p99 ms', 'bulk ahead p50 KiB', 'bulk ahead p99 KiB', 'bulk MB/s', 'loop delay p99 ms'], [
      row('idle (votes only)', idle, false),
      row('send classes + flow control', classes),
      row('send classes, no flow control', noWindow),
      row('one queue, no flow control', oneQueue)
    ]),
    '',
    `flow-control window granted at the end: ${classes.flow_window_KiB ?? '–'} KiB`,
    'targets: with bulk saturating, vote p99 ≤ 5 ms and ≤ 10× idle p99; bulk ≥ 0.9× one queue',
    JSON.stringify(json.targets)
  ].join('\n')
  return { json, table: text }
}
