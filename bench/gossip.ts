// `npm run bench -- gossip --nodes N`: the libp2p baseline's gossip.mjs experiment on Kuber.
// N nodes in one process on 127.0.0.1 over real TCP with Noise, the baseline's seeded
// random graph (each node dials ~degree others), then `messages` messages of `size` bytes
// from seeded random publishers, one at a time, `gap-ms` apart; per-(message, receiver)
// delivery latency on one clock. The JSON uses the baseline's field names. With
// --baseline true, gossip.mjs --sign false runs in the same process tree right after, and
// the ratios are printed.
//
// Flags: --nodes 50 --size 1024 --messages 50 --degree 8 --seed 1 --gap-ms 100
//        --msg-timeout-ms 5000 --warmup-ms 3000 --settle-ms 2000 --dial-concurrency 32
//        --encryption noise|plaintext --reps 1 --baseline false --gossip ihaveIntervalMs=300,lazyFanout=2
import { createHash } from 'node:crypto'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { pino } from 'pino'
import { createNode, type KuberNode } from '../src/node/node.js'
import { identityFromSeed } from '../src/identity/keys.js'
import { ErrorCodes } from '../src/errors.js'
import { messageName } from '../src/wire/codecs.js'
import { cpuMs, medianBy, parseFlags, summarize } from './lib/stats.js'
import { fillRandom, mapLimit, mulberry32, randomGraph } from './lib/topology.js'
import { runBaseline } from './lib/baseline.js'
import { gossipReport } from './lib/gossip-report.js'
import type { BenchResult } from './run.js'

const BENCH_TYPE = 100 // an application gossip topic, like the baseline's one pubsub topic
const MAGIC = 0xB3AC0001
const sleep = async (ms: number): Promise<void> => await new Promise((resolve) => setTimeout(resolve, ms))
const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6
const r3 = (x: number): number => Number(x.toFixed(3))

interface Params {
  nodes: number
  size: number
  messages: number
  degree: number
  seed: number
  gapMs: number
  msgTimeoutMs: number
  warmupMs: number
  settleMs: number
  dialConcurrency: number
  encryption: 'noise' | 'plaintext'
  /** Liveness ping period (node default 10 000 ms; the baseline runs libp2p without its connection monitor). */
  pingIntervalMs: number
  /** Overrides of the gossip defaults ("ihaveIntervalMs=300,lazyFanout=2"). */
  gossip: Record<string, number>
}

/** Frames sent by all nodes, per envelope type. */
function framesByType (nodes: KuberNode[]): number[] {
  const out = new Array<number>(256).fill(0)
  for (const n of nodes) n.stats.sent.messagesByType.forEach((count, type) => { out[type]! += count })
  return out
}

/** Sum of one number over all nodes. */
function total (nodes: KuberNode[], read: (n: KuberNode) => number): number {
  let s = 0
  for (const n of nodes) s += read(n)
  return s
}

async function experiment (p: Params): Promise<Record<string, any>> {
  const { nodes: N, messages: M } = p
  const tStart = nowMs()
  const topology = randomGraph(N, p.degree, p.seed)
  const nodes: KuberNode[] = []
  const t0 = new Array<number | null>(M).fill(null)
  const recvMask = Array.from({ length: M }, () => new Uint8Array(N))
  const recvCount = new Uint32Array(M)
  const latencies: number[] = []
  const perMsgLat = Array.from({ length: M }, () => [] as number[])
  const waiters = new Map<number, () => void>()
  let dupEvents = 0
  let lateDeliveries = 0
  const timedOut = new Uint8Array(M)
  const logger = pino({ level: 'silent' })

  for (let i = 0; i < N; i++) {
    const identity = identityFromSeed(createHash('sha256').update(`kuber-bench:${p.seed}:${i}`).digest())
    const node = await createNode({
      chainId: 'kuber-bench',
      listen: ['127.0.0.1:0'],
      encryption: p.encryption,
      pex: false,
      maxInbound: 10_000,
      maxOutbound: Math.max(10, p.degree + 2),
      maxPendingHandshakes: 10_000,
      handshakeTimeoutMs: 60_000,
      dialTimeoutMs: 60_000,
      logLevel: 'silent',
      gossip: p.gossip,
      pingIntervalMs: p.pingIntervalMs,
      unresponsiveTimeoutMs: 3 * p.pingIntervalMs
    }, { identity, logger })
    const idx = i
    node.addGossipTopic({
      type: BENCH_TYPE,
      name: 'bench',
      rejectCode: ErrorCodes.INVALID_FIELD,
      validate: () => 'accept',
      deliver: (msg, from) => {
        if (from === undefined || msg.payload.length < 8) return
        const t = nowMs()
        const dv = new DataView(msg.payload.buffer, msg.payload.byteOffset, msg.payload.byteLength)
        if (dv.getUint32(4) !== MAGIC) return
        const k = dv.getUint32(0)
        if (k >= M || t0[k] === null) return
        if (recvMask[k]![idx] === 1) { dupEvents++; return }
        recvMask[k]![idx] = 1
        recvCount[k]!++
        const ms = t - t0[k]!
        latencies.push(ms)
        perMsgLat[k]!.push(ms)
        if (timedOut[k] === 1) lateDeliveries++
        if (recvCount[k] === N - 1) waiters.get(k)?.()
      }
    })
    await node.start()
    nodes.push(node)
  }
  const startMs = nowMs() - tStart

  const tDial = nowMs()
  let dialFailures = 0
  await mapLimit(topology.edges, p.dialConcurrency, async ([i, j]) => {
    try {
      await nodes[i]!.dial(`${nodes[j]!.peerId}@${nodes[j]!.listenAddresses[0]!}`)
    } catch {
      dialFailures++
    }
  })
  const dialMs = nowMs() - tDial
  const ready = (): boolean => nodes.every((n, i) => n.connectedPeers().length >= topology.degree[i]! && n.chain.gossip.sizes.eager > 0)
  const meshDeadline = nowMs() + 60_000
  while (!ready() && nowMs() < meshDeadline) await sleep(50)
  const meshMs = nowMs() - tDial
  process.stderr.write(`kuber: ${N} nodes started in ${startMs.toFixed(0)} ms, ${topology.edges.length} edges dialled in ${dialMs.toFixed(0)} ms (${dialFailures} failures), ready=${String(ready())}\n`)

  const cpuIdle0 = process.cpuUsage()
  const tIdle0 = nowMs()
  await sleep(p.warmupMs)
  const idleWallMs = nowMs() - tIdle0
  const idleCpuMs = cpuMs(process.cpuUsage(cpuIdle0))

  const pubRand = mulberry32((p.seed ^ 0x9E3779B9) >>> 0)
  const payloadRand = mulberry32((p.seed ^ 0x85EBCA6B) >>> 0)
  const sent0 = total(nodes, (n) => n.stats.sent.bytes)
  const frames0 = framesByType(nodes)
  const received0 = total(nodes, (n) => n.chain.gossip.counters.received)
  const dups0 = total(nodes, (n) => n.chain.gossip.counters.duplicates)
  const before = nodes.map((n) => n.chain.gossip.counters.toJSON())
  const eld = monitorEventLoopDelay({ resolution: 10 })
  eld.enable()
  const elu0 = performance.eventLoopUtilization()
  const cpu0 = process.cpuUsage()
  const tPub0 = nowMs()
  for (let k = 0; k < M; k++) {
    const publisher = Math.floor(pubRand() * N)
    const payload = fillRandom(new Uint8Array(p.size), payloadRand, 8)
    const dv = new DataView(payload.buffer)
    dv.setUint32(0, k)
    dv.setUint32(4, MAGIC)
    recvMask[k]![publisher] = 1
    const done = new Promise<void>((resolve) => waiters.set(k, resolve))
    t0[k] = nowMs()
    nodes[publisher]!.publish(BENCH_TYPE, payload)
    if (recvCount[k]! < N - 1) {
      const outcome = await Promise.race([done.then(() => 'ok'), sleep(p.msgTimeoutMs).then(() => 'timeout')])
      if (outcome === 'timeout') timedOut[k] = 1
    }
    waiters.delete(k)
    if (p.gapMs > 0 && k < M - 1) await sleep(p.gapMs)
  }
  const pubWallMs = nowMs() - tPub0
  const pubCpu = process.cpuUsage(cpu0)
  const pubCpuMs = cpuMs(pubCpu)
  const elu = performance.eventLoopUtilization(elu0)
  eld.disable()
  const bytesSent = total(nodes, (n) => n.stats.sent.bytes) - sent0
  const frames = framesByType(nodes).map((n, type) => n - frames0[type]!)
  const copies = total(nodes, (n) => n.chain.gossip.counters.received) - received0
  const duplicates = total(nodes, (n) => n.chain.gossip.counters.duplicates) - dups0
  await sleep(p.settleMs)
  const control = controlDiff(before, nodes.map((n) => n.chain.gossip.counters.toJSON()))
  const eagerPeers = nodes.map((n) => n.chain.gossip.sizes.eager)
  await Promise.all(nodes.map(async (n) => await n.stop()))

  const expected = M * (N - 1)
  const delivered = latencies.length
  const netCpuMs = Math.max(0, pubCpuMs - (idleCpuMs / idleWallMs) * pubWallMs)
  const full = perMsgLat.filter((l) => l.length === N - 1)
  return {
    bench: 'gossip',
    implementation: 'kuber',
    params: { nodes: N, size: p.size, messages: M, degree: p.degree, seed: p.seed, gap_ms: p.gapMs, msg_timeout_ms: p.msgTimeoutMs, encryption: p.encryption, ping_interval_ms: p.pingIntervalMs, gossip: { ...nodes[0]?.config.gossip } },
    env: { node: process.version, platform: `${process.platform}-${process.arch}` },
    topology: { edges: topology.edges.length, degree: summarize(topology.degree, 2), connected: topology.connected },
    mesh: { node_start_ms: r3(startMs), dial_ms: r3(dialMs), dial_failures: dialFailures, mesh_ready_ms_after_dial_start: r3(meshMs), eager_peers_per_node_after_publish: summarize(eagerPeers, 2) },
    idle: { wall_ms: r3(idleWallMs), cpu_ms: r3(idleCpuMs), cpu_util_pct: r3(100 * idleCpuMs / idleWallMs) },
    results: {
      expected_deliveries: expected,
      delivered,
      delivered_fraction: r3(delivered / expected),
      delivered_within_timeout_fraction: r3((delivered - lateDeliveries) / expected),
      messages_fully_delivered: full.length,
      latency_ms: summarize(latencies, 3),
      time_to_full_delivery_ms: summarize(full.map((l) => Math.max(...l)), 3),
      time_to_full_delivery_by_message_ms: perMsgLat.map((l) => l.length === N - 1 ? r3(Math.max(...l)) : null),
      time_to_90pct_delivery_ms: summarize(perMsgLat.filter((l) => l.length >= Math.ceil(0.9 * (N - 1))).map((l) => Float64Array.from(l).sort()[Math.ceil(0.9 * (N - 1)) - 1]!), 3),
      copies_received_per_node_per_message: r3(copies / expected),
      duplicate_copies_per_node_per_message: r3(duplicates / expected),
      bytes_sent_per_message_all_nodes: Math.round(bytesSent / M),
      bytes_sent_per_node_per_message: Math.round(bytesSent / M / N),
      frames_sent_per_message_all_nodes: r3(frames.reduce((a, b) => a + b, 0) / M),
      frames_sent_by_type: Object.fromEntries(frames.map((n, type) => [messageName(type), n]).filter(([, n]) => (n as number) > 0)),
      publish_phase_wall_ms: r3(pubWallMs),
      publish_phase_cpu_ms: r3(pubCpuMs),
      publish_phase_cpu_user_ms: r3(pubCpu.user / 1000),
      publish_phase_cpu_system_ms: r3(pubCpu.system / 1000),
      publish_phase_cpu_util_pct: r3(100 * pubCpuMs / pubWallMs),
      cpu_us_per_delivered_message: delivered > 0 ? r3(1000 * pubCpuMs / delivered) : null,
      cpu_us_per_delivered_message_net_of_idle: delivered > 0 ? r3(1000 * netCpuMs / delivered) : null,
      cpu_ms_per_published_message: r3(pubCpuMs / M),
      event_loop_utilization: r3(elu.utilization),
      event_loop_delay_ms: {
        p50: r3(Math.max(0, eld.percentile(50) / 1e6 - 10)),
        p99: r3(Math.max(0, eld.percentile(99) / 1e6 - 10)),
        max: r3(Math.max(0, eld.max / 1e6 - 10))
      },
      late_deliveries: lateDeliveries,
      duplicate_app_events: dupEvents,
      gossip_control: control
    },
    status: delivered === expected ? 'ok' : 'incomplete-delivery',
    wall_s: r3((nowMs() - tStart) / 1000),
    peak_rss_mb: r3(process.resourceUsage().maxRSS / 1024)
  }
}

/** Gossip counters summed over nodes, after minus before (the publish phase plus settle). */
function controlDiff (before: Array<Record<string, any>>, after: Array<Record<string, any>>): Record<string, number> {
  const out: Record<string, number> = {}
  const add = (prefix: string, a: Record<string, any>, b: Record<string, any>): void => {
    for (const [k, v] of Object.entries(a)) {
      const name = prefix === '' ? k : `${prefix}_${k}`
      if (typeof v === 'number') out[name] = (out[name] ?? 0) + v - (b[k] as number)
      else add(name, v, b[k])
    }
  }
  after.forEach((a, i) => add('', a, before[i]!))
  return out
}

export async function run (args: string[]): Promise<BenchResult> {
  const f = parseFlags(args, {
    nodes: '50', size: '1024', messages: '50', degree: '8', seed: '1', 'gap-ms': '100', 'msg-timeout-ms': '5000',
    'warmup-ms': '3000', 'settle-ms': '2000', 'dial-concurrency': '32', encryption: 'noise', reps: '1', baseline: 'false', gossip: '', 'ping-interval-ms': '10000'
  })
  const p: Params = {
    nodes: Number(f.nodes), size: Number(f.size), messages: Number(f.messages), degree: Number(f.degree), seed: Number(f.seed),
    gapMs: Number(f['gap-ms']), msgTimeoutMs: Number(f['msg-timeout-ms']), warmupMs: Number(f['warmup-ms']), settleMs: Number(f['settle-ms']),
    dialConcurrency: Number(f['dial-concurrency']),
    pingIntervalMs: Number(f['ping-interval-ms']),
    encryption: f.encryption === 'plaintext' ? 'plaintext' : 'noise',
    gossip: Object.fromEntries(f.gossip!.split(',').filter((kv) => kv !== '').map((kv) => { const [k, v] = kv.split('='); return [k!, Number(v)] }))
  }
  const runs: Array<Record<string, any>> = []
  for (let i = 0; i < Number(f.reps); i++) {
    runs.push(await experiment(p))
    process.stderr.write(`kuber run ${i + 1}: full delivery p99 ${String(runs[i]!.results.time_to_full_delivery_ms.p99)} ms, ${String(runs[i]!.results.bytes_sent_per_node_per_message)} B/node/msg, ${String(runs[i]!.results.cpu_ms_per_published_message)} ms CPU/msg\n`)
  }
  const kuber = medianBy(runs, (r) => r.results.time_to_full_delivery_ms.p99 ?? Infinity)
  const flags = ['--nodes', f.nodes!, '--size', f.size!, '--messages', f.messages!, '--degree', f.degree!, '--seed', f.seed!, '--gap-ms', f['gap-ms']!, '--sign', 'false']
  const libp2p = f.baseline === 'true' ? runBaseline('gossip.mjs', flags, 900_000) : undefined
  const { table, ratios } = gossipReport(kuber, libp2p)
  return {
    file: `gossip-n${p.nodes}`,
    json: { ...kuber, reps: runs.length, reps_full_delivery_p99_ms: runs.map((r) => r.results.time_to_full_delivery_ms.p99), baseline: libp2p ?? null, ratios },
    table
  }
}
