// The memory transport: the transport contract on a VirtualClock and SeededRandom, then
// what only the memory network has: determinism per seed, latency, jitter and bandwidth
// in virtual time, partitions, disconnects, counters, and scale.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConfigError, ErrorCodes, TransportError } from '../../src/errors.js'
import { SeededRandom } from '../../src/runtime/random.js'
import { VirtualClock } from '../../src/runtime/virtual-clock.js'
import { MemoryNetwork, type MemoryNetworkOptions } from '../../src/transport/memory.js'
import { DEFAULT_MEMORY_HIGH_WATER_MARK } from '../../src/transport/memory-connection.js'
import type { Connection, Transport } from '../../src/transport/types.js'
import { transportContract } from './contract.js'
import { expectTransportError, patternBytes, Recorder, settle, waitFor, type TimeControl } from './helpers.js'

transportContract({
  name: 'memory',
  highWaterMark: DEFAULT_MEMORY_HIGH_WATER_MARK,
  // Nothing but the writer's own buffer: the high-water mark plus the write that crossed it.
  pausedWriterBoundBytes: DEFAULT_MEMORY_HIGH_WATER_MARK + 64 * 1024,
  createEnv: () => {
    const clock = new VirtualClock()
    const network = new MemoryNetwork({ clock, random: new SeededRandom(7), latencyMs: 2, jitterMs: 3, bandwidthBytesPerMs: 200_000 })
    let hosts = 0
    return {
      advance: async (ms) => { await clock.advance(ms) },
      stepMs: 1,
      maxWaitMs: 60_000,
      node: () => {
        const host = `10.0.0.${++hosts}`
        return { transport: network.transport(host), listenAddress: `${host}:0` }
      }
    }
  }
})

function virtualNetwork (options: Partial<MemoryNetworkOptions> = {}, seed = 1): { clock: VirtualClock, network: MemoryNetwork, time: TimeControl } {
  const clock = new VirtualClock(0)
  const network = new MemoryNetwork({ clock, random: new SeededRandom(seed), ...options })
  return { clock, network, time: { advance: async (ms) => { await clock.advance(ms) }, stepMs: 1, maxWaitMs: 60_000 } }
}

/** Listen on host:0; returns the bound address and the accepted connections. */
async function listenOn (network: MemoryNetwork, host: string): Promise<{ address: string, accepted: Connection[] }> {
  const accepted: Connection[] = []
  const listener = await network.transport(host).listen(`${host}:0`, (conn) => accepted.push(conn))
  return { address: listener.address, accepted }
}

async function dialOk (time: TimeControl, transport: Transport, address: string): Promise<Connection> {
  const result = await settle(time, transport.dial(address), `dial ${address}`)
  if (result.status === 'rejected') throw result.reason
  return result.value
}

/** A small mesh whose every delivery and dial is logged with its virtual time. */
async function meshRun (seed: number): Promise<string[]> {
  const { clock, network, time } = virtualNetwork({ latencyMs: 5, jitterMs: 20, bandwidthBytesPerMs: 50 }, seed)
  const log: string[] = []
  const hosts = ['a', 'b', 'c', 'd', 'e']
  const addresses = new Map<string, string>()
  for (const host of hosts) {
    const listener = await network.transport(host).listen(`${host}:0`, (conn) => {
      conn.setHandlers({
        onData: (chunk) => { log.push(`${clock.now().toFixed(3)} ${host} got ${chunk.length} from ${conn.remoteAddress}`) },
        onDrain: () => {},
        onClose: () => { log.push(`${clock.now().toFixed(3)} ${host} closed`) }
      })
    })
    addresses.set(host, listener.address)
  }
  const dials = hosts.map(async (host, i) => {
    const target = hosts[(i + 1) % hosts.length]!
    const conn = await network.transport(host).dial(addresses.get(target)!)
    log.push(`${clock.now().toFixed(3)} ${host} connected to ${target}`)
    conn.setHandlers({ onData: () => {}, onDrain: () => {}, onClose: () => {} })
    conn.write(patternBytes(100 + i * 37, i))
    conn.write(patternBytes(1000, i))
    conn.close()
  })
  await time.advance(1000)
  await Promise.all(dials)
  return log
}

test('memory: the same seed gives the same delivery times; another seed does not', { timeout: 30_000 }, async () => {
  const first = await meshRun(42)
  const again = await meshRun(42)
  const other = await meshRun(43)
  assert.ok(first.length >= 15, first.join('\n'))
  assert.deepEqual(again, first)
  assert.notDeepEqual(other, first)
})

test('memory: latency is respected in virtual time (dial takes a round trip, data one way)', { timeout: 30_000 }, async () => {
  const { clock, network, time } = virtualNetwork({ latencyMs: 10 })
  const { address, accepted } = await listenOn(network, 'server')
  let connectedAt = -1
  const dialing = network.transport('client').dial(address).then((conn) => { connectedAt = clock.now(); return conn })
  await clock.advance(10)
  assert.equal(accepted.length, 1, 'the listener accepts after one latency')
  assert.equal(connectedAt, -1)
  await clock.advance(9.9)
  assert.equal(connectedAt, -1, 'not before the round trip')
  await clock.advance(0.1)
  assert.equal(connectedAt, 20)
  const client = await dialing
  const arrivals: number[] = []
  accepted[0]!.setHandlers({ onData: () => arrivals.push(clock.now()), onDrain: () => {}, onClose: () => {} })
  client.write(Buffer.from('x'))
  await clock.advance(3)
  client.write(Buffer.from('y'))
  await clock.advance(9.99)
  assert.deepEqual(arrivals, [30])
  await time.advance(1)
  assert.deepEqual(arrivals, [30, 33])
})

test('memory: jitter is drawn once per pair of hosts, within [latency, latency + jitter)', () => {
  const { network } = virtualNetwork({ latencyMs: 10, jitterMs: 5 })
  const seen = new Set<number>()
  for (let i = 0; i < 50; i++) {
    const ms = network.linkLatencyMs('hub', `leaf${i}`)
    assert.ok(ms >= 10 && ms < 15, `latency ${ms}`)
    assert.equal(network.linkLatencyMs(`leaf${i}`, 'hub'), ms, 'the same both ways and every time')
    seen.add(ms)
  }
  assert.ok(seen.size > 40, 'pairs get different jitter')
})

test('memory: bandwidth serialises writes on a link, and delivery stays in order', { timeout: 30_000 }, async () => {
  const { clock, network, time } = virtualNetwork({ latencyMs: 10, bandwidthBytesPerMs: 1000 })
  const { address, accepted } = await listenOn(network, 'server')
  const client = await dialOk(time, network.transport('client'), address)
  const start = clock.now()
  const arrivals: Array<[number, number]> = []
  accepted[0]!.setHandlers({ onData: (chunk) => arrivals.push([clock.now() - start, chunk[0]!]), onDrain: () => {}, onClose: () => {} })
  for (let i = 0; i < 3; i++) client.write(new Uint8Array(5000).fill(i)) // 5 ms each on the wire
  await time.advance(100)
  assert.deepEqual(arrivals, [[15, 0], [20, 1], [25, 2]])
})

test('memory: a partition destroys connections across it, loses dials across it, and heals', { timeout: 30_000 }, async () => {
  const { network, time } = virtualNetwork({ latencyMs: 1 })
  const b = await listenOn(network, 'b')
  const c = await listenOn(network, 'c')
  const ab = new Recorder(await dialOk(time, network.transport('a'), b.address))
  const ac = new Recorder(await dialOk(time, network.transport('a'), c.address))
  await waitFor(time, () => b.accepted.length === 1 && c.accepted.length === 1, 'accepts')
  const atB = new Recorder(b.accepted[0]!)
  const atC = new Recorder(c.accepted[0]!)

  const partition = network.partition(['a'], ['b'])
  await time.advance(1)
  assert.equal(ab.closes, 1)
  assert.equal(atB.closes, 1)
  for (const err of [ab.closeError, atB.closeError]) {
    assert.ok(err instanceof TransportError)
    assert.equal(err.code, ErrorCodes.CONNECTION_CLOSED)
  }
  assert.equal(ac.closed || atC.closed, false, 'a-c is not across the partition')
  await expectTransportError(time, network.transport('a').dial(b.address, { timeoutMs: 500 }), ErrorCodes.DIAL_TIMEOUT, 'dial across the partition')
  await expectTransportError(time, network.transport('b').dial(c.address.replace('c:', 'a:'), { timeoutMs: 500 }), ErrorCodes.DIAL_TIMEOUT, 'dial the other way')
  ac.conn.write(Buffer.from('fine'))
  await waitFor(time, () => atC.bytes === 4, 'a-c traffic during the partition')

  partition.heal()
  const healed = await dialOk(time, network.transport('a'), b.address)
  assert.equal(healed.remoteAddress, b.address)
  network.partition(['a', 'c'], ['b'])
  network.partition(['x'], ['y'])
  network.heal()
  await dialOk(time, network.transport('b'), c.address)
  assert.throws(() => network.partition(['a', 'b'], ['b']), ConfigError)
})

test('memory: disconnect(host) kills every connection of the host; its listener stays', { timeout: 30_000 }, async () => {
  const { network, time } = virtualNetwork({ latencyMs: 1 })
  const hub = await listenOn(network, 'hub')
  const leaves = await Promise.all(['l1', 'l2', 'l3'].map(async (h) => new Recorder(await dialOk(time, network.transport(h), hub.address))))
  const other = await listenOn(network, 'other')
  const bystander = new Recorder(await dialOk(time, network.transport('l1'), other.address))
  assert.equal(network.hostStats('hub').connectionsOpen, 3)
  network.disconnect('hub')
  await waitFor(time, () => leaves.every((l) => l.closed), 'every leaf to see the disconnect')
  assert.ok(leaves.every((l) => l.closeError instanceof TransportError && l.closeError.code === ErrorCodes.CONNECTION_CLOSED))
  assert.equal(bystander.closed, false)
  assert.equal(network.hostStats('hub').connectionsOpen, 0)
  await dialOk(time, network.transport('l1'), hub.address)
})

test('memory: counters of connections, failed dials and bytes, per host and in total', { timeout: 30_000 }, async () => {
  const { network, time } = virtualNetwork({ latencyMs: 1 })
  const server = await listenOn(network, 'server')
  const client = new Recorder(await dialOk(time, network.transport('client'), server.address))
  await waitFor(time, () => server.accepted.length === 1, 'accept')
  const atServer = new Recorder(server.accepted[0]!)
  client.conn.write(new Uint8Array(1000))
  atServer.conn.write(new Uint8Array(10))
  await waitFor(time, () => atServer.bytes === 1000 && client.bytes === 10, 'traffic')
  await expectTransportError(time, network.transport('client').dial('server:1'), ErrorCodes.DIAL_FAILED, 'refused dial')
  await expectTransportError(time, network.transport('client').dial('nowhere:1'), ErrorCodes.DIAL_FAILED, 'dial to an unknown host')
  assert.deepEqual(network.hostStats('client'), { connectionsOpened: 1, connectionsOpen: 1, dialsFailed: 2, bytesSent: 1000, bytesReceived: 10 })
  assert.deepEqual(network.hostStats('server'), { connectionsOpened: 1, connectionsOpen: 1, dialsFailed: 0, bytesSent: 10, bytesReceived: 1000 })
  assert.deepEqual(network.stats, { connectionsOpened: 1, connectionsOpen: 1, dialsFailed: 2, bytesSent: 1010, bytesReceived: 1010 })
  client.conn.close()
  await waitFor(time, () => atServer.closed && client.closed, 'close')
  assert.equal(network.stats.connectionsOpen, 0)
  assert.deepEqual(network.hostStats('unknown'), { connectionsOpened: 0, connectionsOpen: 0, dialsFailed: 0, bytesSent: 0, bytesReceived: 0 })
})

test('memory: listen only on the own host, on a free port; ports are reused after close', { timeout: 30_000 }, async () => {
  const { network, time } = virtualNetwork()
  const transport = network.transport('me')
  await expectTransportError(time, transport.listen('someone-else:0', () => {}), ErrorCodes.LISTEN_FAILED, 'listen on another host')
  const listener = await transport.listen('me:7000', () => {})
  assert.equal(listener.address, 'me:7000')
  await expectTransportError(time, transport.listen('me:7000', () => {}), ErrorCodes.LISTEN_FAILED, 'listen on a used port')
  await listener.close()
  const again = await transport.listen('me:7000', () => {})
  await listener.close() // closing the old listener again does not close the new one
  const conn = await dialOk(time, network.transport('you'), again.address)
  assert.equal(conn.remoteAddress, 'me:7000')
  assert.throws(() => network.transport('bad host'), TransportError)
  assert.equal(network.transport('me'), transport)
})

test('memory: bad network options are refused with ConfigError', () => {
  const clock = new VirtualClock()
  const random = new SeededRandom(1)
  for (const bad of [{ latencyMs: -1 }, { jitterMs: NaN }, { bandwidthBytesPerMs: 0 }, { highWaterMark: 0 }, { dialTimeoutMs: -5 }]) {
    assert.throws(() => new MemoryNetwork({ clock, random, ...bad }), ConfigError, JSON.stringify(bad))
  }
})

// No bound on elapsed time here (CPU speed is not behaviour); the timeout only catches a hang.
test('memory: 2 000 hosts and 20 000 connections with traffic run in one process', { timeout: 120_000 }, async (t) => {
  const { network, time } = virtualNetwork({ latencyMs: 5, jitterMs: 45 }, 9)
  const random = new SeededRandom(99)
  const hostCount = 2000
  const perHost = 10
  const addresses: string[] = []
  let received = 0
  for (let i = 0; i < hostCount; i++) {
    const listener = await network.transport(`n${i}`).listen(`n${i}:26656`, (conn) => {
      conn.setHandlers({ onData: (chunk) => { received += chunk.length; conn.write(chunk) }, onDrain: () => {}, onClose: () => {} })
    })
    addresses.push(listener.address)
  }
  let echoed = 0
  const started = performance.now()
  for (let i = 0; i < hostCount; i++) {
    for (let k = 0; k < perHost; k++) {
      const target = addresses[(i + 1 + random.int(hostCount - 1)) % hostCount]!
      void network.transport(`n${i}`).dial(target).then((conn) => {
        conn.setHandlers({ onData: (chunk) => { echoed += chunk.length }, onDrain: () => {}, onClose: () => {} })
        conn.write(new Uint8Array(100))
      })
    }
  }
  await time.advance(500)
  const elapsedMs = performance.now() - started
  assert.equal(network.stats.connectionsOpened, hostCount * perHost)
  assert.equal(received, hostCount * perHost * 100)
  assert.equal(echoed, hostCount * perHost * 100)
  t.diagnostic(`20 000 connections and 4 MB of echoes in ${elapsedMs.toFixed(0)} ms of real time`)
})
