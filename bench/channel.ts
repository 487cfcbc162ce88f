// `npm run bench -- channel`: one connection between two endpoints in one process on
// 127.0.0.1, through Kuber's real channel path (TCP transport, Noise or plaintext secure
// channel, length-prefixed frames, envelope decode on receipt). Measures msgs/s, MB/s and
// CPU µs per message for 256 B, 4 KiB and 1 MiB messages, and the 256 B round trip; then
// runs the libp2p baseline's raw.mjs and throughput.mjs (--modes stream) in the same run.
//
// Flags: --sizes 256,4096,1048576 --seconds 2 --reps 3 --modes noise,plain --rtt-iters 2000 --baseline true
import { performance } from 'node:perf_hooks'
import { createTcpTransport } from '../src/transport/tcp.js'
import { createNoiseUpgrader } from '../src/secure/noise-upgrader.js'
import { createPlaintextUpgrader } from '../src/secure/plaintext.js'
import type { SecureUpgrader } from '../src/secure/types.js'
import type { Connection } from '../src/transport/types.js'
import { generateIdentity } from '../src/identity/keys.js'
import { SeededRandom } from '../src/runtime/random.js'
import { FrameDecoder } from '../src/wire/frame.js'
import { decodeEnvelope, encodeFrame } from '../src/wire/envelope.js'
import { cpuMs, medianBy, parseFlags, round, summarize, table, type Summary } from './lib/stats.js'
import { runBaseline } from './lib/baseline.js'
import type { BenchResult } from './run.js'

const TYPE = 13 // any valid type byte
const yieldLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

interface Endpoint {
  conn: Connection
  onFrame: (frame: Uint8Array) => void
  drained: (() => void) | undefined
}

async function connect (mode: string): Promise<{ a: Endpoint, b: Endpoint, close(): Promise<void> }> {
  const random = new SeededRandom(7)
  const make = (): SecureUpgrader => {
    const identity = generateIdentity(random)
    return mode === 'noise' ? createNoiseUpgrader({ identity, random }) : createPlaintextUpgrader({ identity })
  }
  const [ua, ub] = [make(), make()]
  const transport = createTcpTransport()
  let accept!: (c: Connection) => void
  const accepted = new Promise<Connection>((resolve) => { accept = resolve })
  const listener = await transport.listen('127.0.0.1:0', accept)
  const raw = await transport.dial(listener.address)
  const [sa, sb] = await Promise.all([ua.secureOutbound(raw), accepted.then(async (c) => await ub.secureInbound(c))])
  const endpoint = (conn: Connection): Endpoint => {
    const e: Endpoint = { conn, onFrame: () => {}, drained: undefined }
    const decoder = new FrameDecoder((f) => e.onFrame(f))
    conn.setHandlers({
      onData: (chunk) => decoder.push(chunk),
      onDrain: () => { const d = e.drained; e.drained = undefined; d?.() },
      onClose: () => {}
    })
    return e
  }
  return {
    a: endpoint(sa.conn),
    b: endpoint(sb.conn),
    close: async () => { sa.conn.destroy(); sb.conn.destroy(); await listener.close() }
  }
}

async function throughput (mode: string, size: number, seconds: number): Promise<Record<string, unknown>> {
  const { a, b, close } = await connect(mode)
  const payload = new Uint8Array(size).map((_, i) => (i * 31) & 0xff)
  const frame = encodeFrame(TYPE, payload)
  let received = 0
  let bytes = 0
  let tLast = 0
  let sent = 0
  let sendDone = false
  let allIn: (() => void) | undefined
  b.onFrame = (f) => {
    const env = decodeEnvelope(f)
    received++
    bytes += env.payload.length
    tLast = performance.now()
    if (sendDone && received === sent) allIn?.()
  }
  const batch = Math.max(1, Math.floor((256 * 1024) / (size + 4)))
  const cpu0 = process.cpuUsage()
  const elu0 = performance.eventLoopUtilization()
  const t0 = performance.now()
  const tEnd = t0 + seconds * 1000
  while (performance.now() < tEnd) {
    let ok = true
    for (let i = 0; i < batch && ok; i++) { ok = a.conn.write(frame); sent++ }
    if (!ok) await new Promise<void>((resolve) => { a.drained = resolve })
    else await yieldLoop()
  }
  sendDone = true
  if (received < sent) await Promise.race([new Promise<void>((resolve) => { allIn = resolve }), new Promise((resolve) => setTimeout(resolve, 20_000))])
  const elapsedMs = tLast - t0
  const cpu = cpuMs(process.cpuUsage(cpu0))
  const elu = performance.eventLoopUtilization(elu0)
  await close()
  return {
    mode: `kuber-${mode}`,
    size,
    frames_sent: sent,
    frames_received: received,
    complete: received === sent,
    elapsed_ms: round(elapsedMs),
    msgs_per_s: Math.round(received / (elapsedMs / 1000)),
    MB_per_s: round(bytes / 1e6 / (elapsedMs / 1000)),
    cpu_ms: round(cpu),
    cpu_us_per_msg: round(1000 * cpu / Math.max(1, received), 3),
    event_loop_utilization: round(elu.utilization, 3)
  }
}

async function rtt (mode: string, size: number, iterations: number): Promise<{ mode: string, size: number, rtt_us: Summary }> {
  const { a, b, close } = await connect(mode)
  const frame = encodeFrame(TYPE, new Uint8Array(size))
  b.onFrame = (f) => { decodeEnvelope(f); b.conn.write(frame) }
  const samples: number[] = []
  let tSend = 0
  await new Promise<void>((resolve) => {
    a.onFrame = (f) => {
      decodeEnvelope(f)
      samples.push((performance.now() - tSend) * 1000)
      if (samples.length >= iterations) { resolve(); return }
      tSend = performance.now()
      a.conn.write(frame)
    }
    tSend = performance.now()
    a.conn.write(frame)
  })
  await close()
  return { mode: `kuber-${mode}`, size, rtt_us: summarize(samples.slice(Math.min(50, samples.length >> 2)), 1) }
}

export async function run (args: string[]): Promise<BenchResult> {
  const f = parseFlags(args, { sizes: '256,4096,1048576', seconds: '2', reps: '3', modes: 'noise,plain', 'rtt-iters': '2000', baseline: 'true' })
  const sizes = f.sizes!.split(',').map(Number)
  const modes = f.modes!.split(',')
  const seconds = Number(f.seconds)
  const reps = Number(f.reps)
  const rows: Array<Record<string, unknown>> = []
  for (const size of sizes) {
    for (const mode of modes) {
      const runs = []
      for (let i = 0; i < reps; i++) runs.push(await throughput(mode, size, seconds))
      const median: Record<string, unknown> = { ...medianBy(runs, (r) => r.msgs_per_s as number), reps_msgs_per_s: runs.map((r) => r.msgs_per_s) }
      process.stderr.write(`kuber-${mode} ${size} B: ${String(median.msgs_per_s)} msgs/s ${String(median.MB_per_s)} MB/s\n`)
      rows.push(median)
    }
  }
  const rtts = []
  for (const mode of modes) rtts.push(await rtt(mode, 256, Number(f['rtt-iters'])))
  const flags = ['--sizes', f.sizes!, '--seconds', f.seconds!, '--reps', f.reps!]
  const raw = f.baseline === 'true' ? runBaseline('raw.mjs', flags, 300_000) : undefined
  const libp2p = f.baseline === 'true' ? runBaseline('throughput.mjs', [...flags, '--modes', 'stream'], 300_000) : undefined

  const baseRows: Array<Record<string, any>> = [
    ...(raw?.throughput ?? []).map((r: any) => ({ ...r, mode: `raw ${String(r.mode)}` })),
    ...(libp2p?.throughput ?? []).map((r: any) => ({ ...r, mode: `libp2p ${String(r.mode)}` }))
  ]
  const find = (mode: string, size: number): Record<string, any> | undefined => [...rows, ...baseRows].find((r) => r.mode === mode && r.size === size)
  const ratio = (x: number | undefined, y: number | undefined): number | null => x === undefined || y === undefined || y === 0 ? null : round(x / y, 2)
  const lines = []
  for (const size of sizes) {
    const stream = find('libp2p stream', size)
    for (const r of [...rows, ...baseRows].filter((r) => r.size === size)) {
      lines.push([`${String(r.mode)}`, size, r.msgs_per_s, r.MB_per_s, r.cpu_us_per_msg, ratio(r.msgs_per_s, stream?.msgs_per_s)])
    }
  }
  const allRtt = [...rtts, ...(raw?.rtt ?? []).map((r: any) => ({ ...r, mode: `raw ${String(r.mode)}` })), ...(libp2p?.rtt ?? []).map((r: any) => ({ ...r, mode: `libp2p ${String(r.mode)}` }))]
  const libp2pRtt = allRtt.find((r) => r.mode.startsWith('libp2p'))?.rtt_us?.p50
  const targets = {
    noise_256B_vs_libp2p_stream_msgs: ratio(find('kuber-noise', 256)?.msgs_per_s, find('libp2p stream', 256)?.msgs_per_s),
    noise_1MiB_vs_raw_tcp_chacha_MB: ratio(find('kuber-noise', 1048576)?.MB_per_s, find('raw tcp-chacha', 1048576)?.MB_per_s),
    noise_1MiB_vs_libp2p_stream_MB: ratio(find('kuber-noise', 1048576)?.MB_per_s, find('libp2p stream', 1048576)?.MB_per_s),
    noise_rtt_p50_vs_libp2p: ratio(rtts.find((r) => r.mode === 'kuber-noise')?.rtt_us.p50 ?? undefined, libp2pRtt)
  }
  const text = [
    table(['mode', 'size', 'msgs/s', 'MB/s', 'CPU µs/msg', '× libp2p stream'], lines),
    '',
    table(['RTT (256 B, one in flight)', 'p50 µs', 'p99 µs'], allRtt.map((r) => [r.mode, r.rtt_us?.p50, r.rtt_us?.p99])),
    '',
    'targets (same run): noise 256 B msgs/s ≥ 3× libp2p stream; noise 1 MiB MB/s ≥ 0.9× raw tcp-chacha and > libp2p; RTT p50 ≤ 0.5× libp2p',
    JSON.stringify(targets)
  ].join('\n')
  return {
    json: {
      bench: 'channel',
      env: { node: process.version, platform: `${process.platform}-${process.arch}` },
      params: { sizes, seconds, reps, modes },
      throughput: rows,
      rtt: rtts,
      baseline: { raw: raw ?? null, libp2p: libp2p ?? null },
      targets
    },
    table: text
  }
}
