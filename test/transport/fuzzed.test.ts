// The testnet's fuzzed connection (src/transport/fuzzed.ts) over the memory transport on
// virtual time: it still honours the transport contract while it delays and "loses"; each
// write arrives its delay ± jitter late and never overtakes an earlier one; a loss costs a
// retransmission timeout of at least 200 ms and holds back what follows, but no byte is
// lost; a close waits for what is held; new settings apply to open connections at once.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { SeededRandom, type Random } from '../../src/runtime/random.js'
import { VirtualClock } from '../../src/runtime/virtual-clock.js'
import { MemoryNetwork } from '../../src/transport/memory.js'
import { DEFAULT_MEMORY_HIGH_WATER_MARK } from '../../src/transport/memory-connection.js'
import { createFuzzedTransport, lossDelayMs, MAX_RTO_MS, MIN_RTO_MS, SEGMENT_BYTES, type FuzzSettings } from '../../src/transport/fuzzed.js'
import type { Connection } from '../../src/transport/types.js'
import { transportContract } from './contract.js'
import { patternBytes, settle, waitFor, type TimeControl } from './helpers.js'

transportContract({
  name: 'fuzzed-memory',
  highWaterMark: 1024 * 1024,
  // the wrapper's hold plus the memory connection's own buffer
  pausedWriterBoundBytes: 1024 * 1024 + DEFAULT_MEMORY_HIGH_WATER_MARK + 64 * 1024,
  createEnv: () => {
    const clock = new VirtualClock()
    const random = new SeededRandom(11)
    const network = new MemoryNetwork({ clock, random: new SeededRandom(7), latencyMs: 1, bandwidthBytesPerMs: 200_000 })
    let hosts = 0
    return {
      advance: async (ms) => { await clock.advance(ms) },
      stepMs: 1,
      maxWaitMs: 600_000,
      node: () => {
        const host = `10.0.0.${++hosts}`
        return { transport: createFuzzedTransport(network.transport(host), { delayMs: 5, jitterMs: 3, loss: 0.001 }, { clock, random }), listenAddress: `${host}:0` }
      }
    }
  }
})

interface Pair { clock: VirtualClock, time: TimeControl, client: Connection, server: Connection, arrivals: Array<{ at: number, chunk: Buffer }>, closed: () => boolean, drains: () => number }

/** A Random that plays back the given floats, in a loop. */
function scripted (...floats: number[]): Random {
  let i = 0
  return { float: () => floats[i++ % floats.length]!, int: (n) => Math.floor(floats[i++ % floats.length]! * n), bytes: (n) => new Uint8Array(n) }
}

/** When each byte arrived. */
function byteTimes (arrivals: Pair['arrivals']): number[] {
  return arrivals.flatMap((a) => Array.from(a.chunk, () => a.at))
}

/** A fuzzed client dialling a plain server over a memory network without latency of its own. */
async function pair (settings: FuzzSettings, random: Random = new SeededRandom(4)): Promise<Pair> {
  const clock = new VirtualClock(0)
  const time: TimeControl = { advance: async (ms) => { await clock.advance(ms) }, stepMs: 1, maxWaitMs: 600_000 }
  const network = new MemoryNetwork({ clock, random: new SeededRandom(3), latencyMs: 0 })
  const accepted: Connection[] = []
  const listener = await network.transport('10.0.0.2').listen('10.0.0.2:0', (c) => accepted.push(c))
  const fuzzed = createFuzzedTransport(network.transport('10.0.0.1'), settings, { clock, random })
  const dialled = await settle(time, fuzzed.dial(listener.address), 'dial')
  if (dialled.status === 'rejected') throw dialled.reason
  await waitFor(time, () => accepted.length === 1, 'accept')
  const arrivals: Array<{ at: number, chunk: Buffer }> = []
  let closed = false
  accepted[0]!.setHandlers({ onData: (c) => arrivals.push({ at: clock.now(), chunk: Buffer.from(c) }), onDrain: () => {}, onClose: () => { closed = true } })
  let drains = 0
  dialled.value.setHandlers({ onData: () => {}, onDrain: () => { drains++ }, onClose: () => {} })
  return { clock, time, client: dialled.value, server: accepted[0]!, arrivals, closed: () => closed, drains: () => drains }
}

test('each write arrives its delay ± jitter late, and never before an earlier write', async () => {
  const p = await pair({ delayMs: 40, jitterMs: 15, loss: 0 })
  const sentAt: number[] = []
  for (let i = 0; i < 200; i++) {
    sentAt.push(p.clock.now())
    p.client.write(Buffer.from([i]))
    await p.clock.advance(7)
  }
  await waitFor(p.time, () => p.arrivals.reduce((n, a) => n + a.chunk.length, 0) === 200, 'every byte')
  assert.deepEqual([...Buffer.concat(p.arrivals.map((a) => a.chunk))], Array.from({ length: 200 }, (_, i) => i), 'bytes in write order')
  const lates = byteTimes(p.arrivals).map((at, i) => at - sentAt[i]!)
  assert.ok(lates.every((l) => l >= 25 && l <= 56), `within delay ± jitter: ${Math.min(...lates)}..${Math.max(...lates)}`)
  assert.ok(Math.max(...lates) - Math.min(...lates) > 20, 'jitter spreads them')

  // a write jittered early waits for the one before it, jittered late: TCP does not reorder
  const q = await pair({ delayMs: 40, jitterMs: 15, loss: 0 }, scripted(0.9999, 0))
  q.client.write(Buffer.from('first'))
  await q.clock.advance(2)
  q.client.write(Buffer.from('second'))
  await waitFor(q.time, () => q.arrivals.reduce((n, a) => n + a.chunk.length, 0) === 11, 'both')
  const times = byteTimes(q.arrivals)
  assert.ok(times[0]! >= 54, `first arrives ${times[0]} ms late`)
  assert.equal(times[10], times[0], 'the second, due at 27 ms, arrives with the first')
  assert.equal(Buffer.concat(q.arrivals.map((a) => a.chunk)).toString(), 'firstsecond')
})

test('loss delays by retransmission timeouts and holds back what follows, but loses no byte', async () => {
  const p = await pair({ delayMs: 30, jitterMs: 0, loss: 0.2 })
  const data = patternBytes(64 * SEGMENT_BYTES, 5)
  const sentAt: number[] = []
  for (let i = 0; i < 64; i++) {
    sentAt.push(p.clock.now())
    p.client.write(data.subarray(i * SEGMENT_BYTES, (i + 1) * SEGMENT_BYTES))
    await p.clock.advance(500)
  }
  await waitFor(p.time, () => p.arrivals.reduce((n, a) => n + a.chunk.length, 0) === data.length, 'every byte')
  assert.ok(Buffer.concat(p.arrivals.map((a) => a.chunk)).equals(data), 'the stream is intact')
  const times = byteTimes(p.arrivals)
  const lates = sentAt.map((t, k) => times[(k + 1) * SEGMENT_BYTES - 1]! - t) // when each write was whole
  assert.ok(lates.every((l) => l === 30 || l >= 30 + MIN_RTO_MS), `on time or a retransmission timeout late: ${lates.join(',')}`)
  const lost = lates.filter((l) => l >= 30 + MIN_RTO_MS).length
  assert.ok(lost >= 5 && lost <= 30, `about a fifth of the writes retransmitted (${lost})`)

  // head-of-line: a segment lost once (200 ms) holds back the write right behind it
  const q = await pair({ delayMs: 30, jitterMs: 0, loss: 0.5 }, scripted(0, 0.9, 0.9))
  q.client.write(Buffer.from('lost'))
  q.client.write(Buffer.from('behind'))
  await waitFor(q.time, () => q.arrivals.reduce((n, a) => n + a.chunk.length, 0) === 10, 'both')
  const t = byteTimes(q.arrivals)
  assert.ok(t[0]! >= 230 && t[0]! <= 231, `lost once: delay + one RTO (${t[0]})`)
  assert.equal(t[9], t[0], 'the next write waits for it')
})

test('close sends what is held first; destroy drops it', async () => {
  const p = await pair({ delayMs: 100, jitterMs: 0, loss: 0 })
  p.client.write(Buffer.from('last words'))
  p.client.close()
  assert.equal(p.client.write(Buffer.from('more')), false, 'no writes after close')
  await waitFor(p.time, () => p.closed(), 'the close')
  assert.equal(Buffer.concat(p.arrivals.map((a) => a.chunk)).toString(), 'last words')
  assert.ok(p.arrivals[0]!.at >= 100)

  const q = await pair({ delayMs: 100, jitterMs: 0, loss: 0 })
  q.client.write(Buffer.from('never'))
  q.client.destroy()
  await waitFor(q.time, () => q.closed(), 'the reset')
  assert.equal(q.arrivals.length, 0)
})

test('changed settings apply to an open connection from its next write', async () => {
  const settings: FuzzSettings = { delayMs: 0, jitterMs: 0, loss: 0 }
  const p = await pair(settings)
  p.client.write(Buffer.from('a'))
  await waitFor(p.time, () => p.arrivals.length === 1, 'a')
  assert.ok(p.arrivals[0]!.at <= 1, 'no delay: straight through')
  settings.delayMs = 250
  const t = p.clock.now()
  p.client.write(Buffer.from('b'))
  await waitFor(p.time, () => p.arrivals.length === 2, 'b')
  assert.ok(Math.abs(p.arrivals[1]!.at - t - 250) <= 1, `${p.arrivals[1]!.at - t}`)
})

test('backpressure: write() says wait past 1 MiB held, and onDrain follows once it is sent', async () => {
  const p = await pair({ delayMs: 50, jitterMs: 0, loss: 0 })
  const client = p.client
  const chunk = Buffer.alloc(256 * 1024)
  const results = [client.write(chunk), client.write(chunk), client.write(chunk), client.write(chunk)]
  assert.deepEqual(results, [true, true, true, false])
  assert.equal(client.bufferedAmount, 1024 * 1024)
  await waitFor(p.time, () => p.arrivals.reduce((n, a) => n + a.chunk.length, 0) === 1024 * 1024, 'the held MiB')
  await waitFor(p.time, () => p.drains() === 1, 'onDrain')
})

test('lossDelayMs: none without loss; each loss one RTO of at least 200 ms, doubling, capped', () => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 2 * 1024 * 1024 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 0.99, noNaN: true }), fc.integer(),
    (bytes, delayMs, jitterMs, loss, seed) => {
      const settings = { delayMs, jitterMs, loss }
      const extra = lossDelayMs(bytes, settings, new SeededRandom(seed))
      if (loss === 0) return extra === 0
      const rto = Math.max(MIN_RTO_MS, 2 * delayMs + 4 * jitterMs)
      if (extra === 0) return true
      return extra >= rto && extra <= 16 * MAX_RTO_MS
    }))
  const always = lossDelayMs(1, { delayMs: 10, jitterMs: 0, loss: 0.999999 }, new SeededRandom(1))
  let expected = 0
  for (let k = 0; k < 16; k++) expected += Math.min(MAX_RTO_MS, MIN_RTO_MS * 2 ** k)
  assert.equal(always, expected, 'a segment lost every time backs off to the cap')
})
