// The simulator's network model on the memory transport: a latency function per pair of
// hosts, an upload link shared by all of a host's connections, and link faults. Repaired
// (TCP-like) loss, reordering and duplication only delay or cost upload time; corruption
// and raw faults reach the secure channel, which must catch every one of them.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { SeededRandom } from '../../src/runtime/random.js'
import { VirtualClock } from '../../src/runtime/virtual-clock.js'
import { MemoryNetwork } from '../../src/transport/memory.js'
import type { Connection } from '../../src/transport/types.js'
import type { LinkFaults } from '../../src/transport/memory-faults.js'
import { SimNetwork } from '../../src/sim/sim-network.js'
import { ErrorCodes } from '../../src/errors.js'
import { patternBytes } from './helpers.js'

interface Arrival { at: number, bytes: Uint8Array }

async function link (options: { latency?: (a: string, b: string) => number, faults?: LinkFaults, upload?: number } = {}): Promise<{ clock: VirtualClock, network: MemoryNetwork, dial: () => Promise<{ conn: Connection, got: Arrival[], drains: () => number }> }> {
  const clock = new VirtualClock(0)
  const network = new MemoryNetwork({ clock, random: new SeededRandom(5), latencyMs: 10, latency: options.latency })
  if (options.upload !== undefined) network.setUploadBandwidth('a', options.upload)
  let port = 0
  const dial = async (): Promise<{ conn: Connection, got: Arrival[], drains: () => number }> => {
    const got: Arrival[] = []
    const host = `b${port++}`
    const listener = await network.transport(host).listen(`${host}:0`, (c) => c.setHandlers({ onData: (bytes) => got.push({ at: clock.now(), bytes }), onDrain: () => {}, onClose: () => {} }))
    const pending = network.transport('a').dial(listener.address)
    await clock.advance(100)
    const conn = await pending
    let drains = 0
    conn.setHandlers({ onData: () => {}, onDrain: () => { drains++ }, onClose: () => {} })
    if (options.faults !== undefined) network.setFaults(options.faults, new SeededRandom(9))
    return { conn, got, drains: () => drains }
  }
  return { clock, network, dial }
}

const joined = (got: Arrival[]): Buffer => Buffer.concat(got.map((a) => a.bytes))

test('the latency function sets each pair\'s one-way delay, asked once per pair', async () => {
  const asked: string[] = []
  const { clock, network, dial } = await link({ latency: (a, b) => { asked.push(`${a}-${b}`); return 40 } })
  const { conn, got } = await dial()
  const t = clock.now()
  conn.write(patternBytes(100, 1))
  await clock.advance(100)
  assert.equal(got[0]!.at - t, 40)
  assert.equal(network.linkLatencyMs('b0', 'a'), 40)
  assert.deepEqual(asked, ['a-b0'])
})

test('repaired loss, reordering and duplication deliver every byte in order, some later, and count each fault', async () => {
  const { clock, network, dial } = await link({ faults: { loss: 0.2, reorder: 0.2, duplicate: 0.2 } })
  const { conn, got } = await dial()
  const sent: Uint8Array[] = []
  const t = clock.now()
  for (let i = 0; i < 200; i++) { sent.push(patternBytes(100, i)); conn.write(sent[i]!) }
  await clock.advance(1000)
  assert.deepEqual(joined(got), Buffer.concat(sent))
  const faults = network.faultStats
  assert.ok(faults.lost > 10 && faults.reordered > 10 && faults.duplicated > 10, JSON.stringify(faults))
  assert.equal(faults.corrupted, 0)
  const last = got[got.length - 1]!.at - t
  assert.ok(last > 10 && last <= 10 + 2 * 20 + 1e-9, `a lost segment waits one round trip (and a reorder up to one): ${last} ms`)
})

test('raw faults reach the owner: dropped, doubled and swapped segments; the writer\'s buffer still drains', async () => {
  const { clock, dial } = await link({ faults: { loss: 0.1, duplicate: 0.1, reorder: 0.1, raw: true } })
  const { conn, got } = await dial()
  const sent: Buffer[] = []
  for (let i = 0; i < 300; i++) { sent.push(Buffer.from(`seg-${i};`)); conn.write(sent[i]!) }
  await clock.advance(1000)
  const seen = joined(got).toString().split(';').filter((s) => s !== '')
  const expected = sent.map((b) => b.toString().slice(0, -1))
  assert.notDeepEqual(seen, expected)
  assert.ok(seen.length < 300 + 60 && seen.length > 300 - 60)
  assert.ok(new Set(seen).size < seen.length, 'some segment came twice')
  assert.equal(conn.bufferedAmount, 0, 'lost bytes left the writer\'s buffer')
})

test('corruption flips exactly one bit of a segment and never touches the writer\'s buffer', async () => {
  const { clock, network, dial } = await link({ faults: { corrupt: 1 } })
  const { conn, got } = await dial()
  const data = patternBytes(64, 3)
  const copy = Buffer.from(data)
  conn.write(data)
  await clock.advance(100)
  assert.deepEqual(Buffer.from(data), copy)
  let bits = 0
  for (let i = 0; i < 64; i++) for (let x = got[0]!.bytes[i]! ^ copy[i]!; x !== 0; x &= x - 1) bits++
  assert.equal(bits, 1)
  assert.equal(network.faultStats.corrupted, 1)
})

test('a host\'s upload link is shared by its connections: two 10 kB writes to two peers take twice as long as one', async () => {
  const { clock, dial } = await link({ upload: 10 }) // 10 bytes per ms
  const x = await dial()
  const y = await dial()
  const t = clock.now()
  x.conn.write(patternBytes(10_000, 1))
  y.conn.write(patternBytes(10_000, 2))
  await clock.advance(5000)
  assert.equal(x.got[0]!.at - t, 1000 + 10)
  assert.equal(y.got[0]!.at - t, 2000 + 10)
})

test('over Noise, a corrupted or replayed record closes the session with a typed error and nothing wrong is delivered', async () => {
  for (const faults of [{ corrupt: 0.5 }, { duplicate: 0.5, raw: true }, { loss: 0.5, raw: true }, { reorder: 0.5, raw: true }] satisfies LinkFaults[]) {
    const sim = new SimNetwork({ seed: 4 })
    await sim.addNode()
    await sim.addNode()
    const received: string[] = []
    sim.nodes[1]!.handle(200, (_peer, _type, payload) => { received.push(Buffer.from(payload).toString()) })
    await sim.await(sim.nodes[0]!.dial(sim.address(1)))
    sim.setFaults(faults)
    const sent: string[] = []
    for (let i = 0; i < 50 && sim.nodes[0]!.connectedPeers().length > 0; i++) {
      sent.push(`message ${i}`)
      sim.nodes[0]!.send(sim.nodes[1]!.peerId, 200, Buffer.from(sent[i]!))
      await sim.run(20)
    }
    await sim.run(200)
    assert.deepEqual(received, sent.slice(0, received.length), `${JSON.stringify(faults)}: only what was sent, in order`)
    assert.equal(sim.nodes[1]!.connectedPeers().length, 0, `${JSON.stringify(faults)}: the session was closed`)
    const errors = sim.nodes[1]!.stats.errors
    assert.ok((errors.get(ErrorCodes.NOISE_DECRYPT_FAILED) ?? 0) + (errors.get(ErrorCodes.NOISE_RECORD_TOO_LARGE) ?? 0) >= 1, `${JSON.stringify(faults)}: counted as a secure-channel error`)
    await sim.stop()
  }
})
