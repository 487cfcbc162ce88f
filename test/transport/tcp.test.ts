// The TCP transport: the transport contract on real sockets (127.0.0.1, system clock),
// then what only TCP has: IPv6, the dial timeout on the injected clock, listen errors,
// resets from the peer, the close timeout, the per-listener connection limit, options.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Clock, Timer } from '../../src/runtime/clock.js'
import { ConfigError, ErrorCodes, TransportError } from '../../src/errors.js'
import { createTcpTransport, DEFAULT_TCP_HIGH_WATER_MARK, type TcpTransportOptions } from '../../src/transport/tcp.js'
import type { Connection, Listener, Transport } from '../../src/transport/types.js'
import { transportContract } from './contract.js'
import { expectTransportError, patternBytes, Recorder, waitFor, type TimeControl } from './helpers.js'

const realTime: TimeControl = { advance: async (ms) => { await sleep(ms) }, stepMs: 5, maxWaitMs: 20_000 }

transportContract({
  name: 'tcp',
  highWaterMark: DEFAULT_TCP_HIGH_WATER_MARK,
  // The writer's own 1 MiB plus the kernel's socket buffers on loopback (about 5 MiB here).
  pausedWriterBoundBytes: 12 * 1024 * 1024,
  createEnv: () => ({
    ...realTime,
    node: () => ({ transport: createTcpTransport(), listenAddress: '127.0.0.1:0' })
  })
})

async function settleReal<T> (promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  return (await Promise.allSettled([promise]))[0]!
}

/** A clock whose timers fire only when the test says so. */
class ManualClock implements Clock {
  readonly armed: Array<{ fn: () => void, ms: number, cancelled: boolean }> = []
  now (): number { return 0 }
  wallNow (): number { return 0 }
  setTimeout (fn: () => void, ms: number): Timer {
    const entry = { fn, ms, cancelled: false }
    this.armed.push(entry)
    return { cancel: () => { entry.cancelled = true } }
  }

  setInterval (fn: () => void, ms: number): Timer {
    return this.setTimeout(fn, ms)
  }

  live (): Array<{ fn: () => void, ms: number }> {
    return this.armed.filter((t) => !t.cancelled)
  }
}

/** Listeners and connections a test opened, closed at its end so the process can exit. */
async function withCleanup (body: (track: { listener: (l: Listener) => Listener, conn: (c: Connection) => Connection }) => Promise<void>): Promise<void> {
  const listeners: Listener[] = []
  const conns: Connection[] = []
  try {
    await body({ listener: (l) => { listeners.push(l); return l }, conn: (c) => { conns.push(c); return c } })
  } finally {
    for (const c of conns) c.destroy()
    for (const l of listeners) await l.close()
  }
}

async function acceptOne (transport: Transport, address = '127.0.0.1:0'): Promise<{ listener: Listener, accepted: Connection[] }> {
  const accepted: Connection[] = []
  const listener = await transport.listen(address, (conn) => accepted.push(conn))
  return { listener, accepted }
}

type Track = Parameters<Parameters<typeof withCleanup>[0]>[0]

/** Listen, dial once, wait for the accept; everything tracked for cleanup. */
async function dialAccepted (transport: Transport, track: Track): Promise<{ client: Connection, atClient: Recorder, accepted: Connection[] }> {
  const { listener, accepted } = await acceptOne(transport)
  track.listener(listener)
  const client = track.conn(await transport.dial(listener.address))
  const atClient = new Recorder(client)
  await waitFor(realTime, () => accepted.length === 1, 'accept')
  return { client, atClient, accepted }
}

test('tcp: IPv6 loopback "[::1]:0" listens, dials and carries bytes', { timeout: 30_000 }, async (t) => {
  const transport = createTcpTransport()
  let listener: Listener
  try {
    listener = await transport.listen('[::1]:0', () => {})
  } catch {
    t.skip('no IPv6 loopback here')
    return
  }
  await listener.close()
  await withCleanup(async (track) => {
    const { listener, accepted } = await acceptOne(transport, '[::1]:0')
    track.listener(listener)
    assert.match(listener.address, /^\[::1\]:\d+$/)
    const client = track.conn(await transport.dial(listener.address))
    assert.equal(client.remoteAddress, listener.address)
    await waitFor(realTime, () => accepted.length === 1, 'accept')
    const server = track.conn(accepted[0]!)
    assert.match(server.remoteAddress, /^\[::1\]:\d+$/)
    const atServer = new Recorder(server)
    client.write(Buffer.from('over v6'))
    await waitFor(realTime, () => atServer.bytes === 7, 'bytes over IPv6')
    assert.equal(atServer.received().toString(), 'over v6')
  })
})

test('tcp: the dial timeout runs on the injected clock and fails with DIAL_TIMEOUT', { timeout: 30_000 }, async () => {
  await withCleanup(async (track) => {
    const clock = new ManualClock()
    const transport = createTcpTransport({ clock })
    const { listener } = await acceptOne(createTcpTransport())
    track.listener(listener)
    const dialing = transport.dial(listener.address, { timeoutMs: 1234 })
    const timers = clock.live()
    assert.deepEqual(timers.map((x) => x.ms), [1234])
    timers[0]!.fn() // the clock says time is up before the connect completes
    await expectTransportError(realTime, dialing, ErrorCodes.DIAL_TIMEOUT, 'timed-out dial')
    // A dial that connects cancels its timer; the default timeout is 10 s.
    track.conn(await transport.dial(listener.address))
    assert.equal(clock.armed.at(-1)!.ms, 10_000)
    assert.equal(clock.live().length, 0)
  })
})

test('tcp: listen failures are LISTEN_FAILED (port in use, address not local)', { timeout: 30_000 }, async () => {
  const transport = createTcpTransport()
  await withCleanup(async (track) => {
    const first = track.listener(await transport.listen('127.0.0.1:0', () => {}))
    await expectTransportError(realTime, transport.listen(first.address, () => {}), ErrorCodes.LISTEN_FAILED, 'listen on a used port')
    await expectTransportError(realTime, transport.listen('192.0.2.1:0', () => {}), ErrorCodes.LISTEN_FAILED, 'listen on a TEST-NET address')
  })
})

test('tcp: a reset from the peer is onClose(TransportError(CONNECTION_CLOSED)) with the socket error as cause', { timeout: 30_000 }, async () => {
  const transport = createTcpTransport()
  await withCleanup(async (track) => {
    const { client, atClient, accepted } = await dialAccepted(transport, track)
    const atServer = new Recorder(track.conn(accepted[0]!))
    atServer.conn.destroy()
    await waitFor(realTime, () => atClient.closed, 'the client to see the reset')
    const err = atClient.closeError
    assert.ok(err instanceof TransportError, `got ${String(err)}`)
    assert.equal(err.code, ErrorCodes.CONNECTION_CLOSED)
    assert.equal((err.cause as NodeJS.ErrnoException).code, 'ECONNRESET')
  })
})

test('tcp: close() gives up after closeTimeoutMs when the peer never reads', { timeout: 30_000 }, async () => {
  const transport = createTcpTransport({ closeTimeoutMs: 200 })
  await withCleanup(async (track) => {
    const { client, atClient, accepted } = await dialAccepted(transport, track)
    track.conn(accepted[0]!) // never attached: it reads nothing
    const chunk = patternBytes(1024 * 1024, 8)
    for (let i = 0; i < 24; i++) client.write(chunk) // far more than the kernel buffers hold
    const closedAt = performance.now()
    client.close()
    await waitFor(realTime, () => atClient.closed, 'the close timeout')
    assert.ok(performance.now() - closedAt >= 150)
    assert.ok(atClient.closeError instanceof TransportError)
    assert.equal(atClient.closeError.code, ErrorCodes.CONNECTION_CLOSED)
    assert.match(atClient.closeError.message, /timed out/)
  })
})

test('tcp: maxConnectionsPerListener closes connections beyond the limit', { timeout: 30_000 }, async () => {
  const transport = createTcpTransport({ maxConnectionsPerListener: 1 })
  await withCleanup(async (track) => {
    const { listener, accepted } = await acceptOne(transport)
    track.listener(listener)
    const first = new Recorder(track.conn(await transport.dial(listener.address)))
    await waitFor(realTime, () => accepted.length === 1, 'the first accept')
    new Recorder(track.conn(accepted[0]!))
    const second = new Recorder(track.conn(await transport.dial(listener.address)))
    await waitFor(realTime, () => second.closed, 'the extra connection to be closed')
    assert.equal(accepted.length, 1)
    assert.equal(first.closed, false)
  })
})

test('tcp: a dial to a name that does not resolve is a TransportError, not a raw Node error', { timeout: 30_000 }, async () => {
  const result = await settleReal(createTcpTransport().dial('kuber-p2p-test.invalid:26656', { timeoutMs: 3000 }))
  assert.equal(result.status, 'rejected')
  const err = (result as PromiseRejectedResult).reason as unknown
  assert.ok(err instanceof TransportError, `got ${String(err)}`)
  assert.ok(err.code === ErrorCodes.DIAL_FAILED || err.code === ErrorCodes.DIAL_TIMEOUT, err.code)
})

test('tcp: bad options are refused with ConfigError(INVALID_CONFIG)', () => {
  const bad: TcpTransportOptions[] = [{ highWaterMark: 0 }, { highWaterMark: 1.5 }, { keepAliveMs: -1 }, { dialTimeoutMs: NaN }, { closeTimeoutMs: Infinity }, { maxConnectionsPerListener: 0 }]
  for (const options of bad) {
    assert.throws(() => createTcpTransport(options), (err: unknown) => err instanceof ConfigError && err.code === ErrorCodes.INVALID_CONFIG, JSON.stringify(options))
  }
})
