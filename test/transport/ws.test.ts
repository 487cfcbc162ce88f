// The WebSocket transport: the transport contract on real sockets (127.0.0.1, system
// clock), directly and through the TransportManager under "ws://" addresses; then what
// only WebSocket has: the byte stream across message boundaries, text and oversized
// messages (typed errors), plain HTTP requests, options.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { WebSocket } from 'ws'
import { ConfigError, ErrorCodes, WireError } from '../../src/errors.js'
import { TransportManager } from '../../src/transport/manager.js'
import { createWsTransport, DEFAULT_WS_HIGH_WATER_MARK, type WsTransportOptions } from '../../src/transport/ws.js'
import type { Connection, Listener } from '../../src/transport/types.js'
import { transportContract } from './contract.js'
import { patternBytes, Recorder, waitFor, type TimeControl } from './helpers.js'

const realTime: TimeControl = { advance: async (ms) => { await sleep(ms) }, stepMs: 5, maxWaitMs: 8000 }

transportContract({
  name: 'ws',
  highWaterMark: DEFAULT_WS_HIGH_WATER_MARK,
  // As TCP: the writer's own 1 MiB plus the kernel's socket buffers on loopback.
  pausedWriterBoundBytes: 12 * 1024 * 1024,
  createEnv: () => ({ ...realTime, node: () => ({ transport: createWsTransport(), listenAddress: '127.0.0.1:0' }) })
})

transportContract({
  name: 'ws:ws',
  highWaterMark: DEFAULT_WS_HIGH_WATER_MARK,
  pausedWriterBoundBytes: 12 * 1024 * 1024,
  createEnv: () => ({ ...realTime, node: () => ({ transport: new TransportManager(new Map([['ws', createWsTransport()]])), listenAddress: 'ws://127.0.0.1:0' }) })
})

test('ws: a plain HTTP request gets the handler (404 by default); a text or over-long message ends the connection with a typed error', { timeout: 10_000 }, async () => {
  const listeners: Listener[] = []
  const conns: Connection[] = []
  try {
    const plain = createWsTransport()
    const listener = await plain.listen('127.0.0.1:0', (c) => conns.push(c))
    listeners.push(listener)
    const url = listener.address.replace('ws://', 'http://')
    assert.equal((await fetch(url)).status, 404)
    const served = createWsTransport({ httpHandler: (_req, res) => res.end('page') })
    const pageListener = await served.listen('127.0.0.1:0', () => {})
    listeners.push(pageListener)
    assert.equal(await (await fetch(pageListener.address.replace('ws://', 'http://'))).text(), 'page')
    for (const [send, code] of [[(ws: WebSocket) => ws.send('text'), ErrorCodes.MALFORMED_MESSAGE], [(ws: WebSocket) => ws.send(Buffer.alloc(1024 * 1024 + 1)), ErrorCodes.FRAME_TOO_LARGE]] as const) {
      const before = conns.length
      const ws = new WebSocket(`${listener.address}/`)
      await new Promise((resolve) => ws.once('open', resolve))
      await waitFor(realTime, () => conns.length === before + 1, 'accept')
      const atServer = new Recorder(conns.at(-1)!)
      send(ws)
      await waitFor(realTime, () => atServer.closed, 'the server end to close')
      assert.ok(atServer.closeError instanceof WireError, String(atServer.closeError))
      assert.equal(atServer.closeError.code, code)
      ws.terminate()
    }
  } finally {
    for (const c of conns) c.destroy()
    for (const l of listeners) await l.close()
  }
})

test('ws: a binary write above maxMessageBytes goes out as several messages, read back as one stream', { timeout: 10_000 }, async () => {
  const transport = createWsTransport({ maxMessageBytes: 1000 })
  const accepted: Connection[] = []
  const listener = await transport.listen('127.0.0.1:0', (c) => accepted.push(c))
  const client = await transport.dial(listener.address)
  try {
    await waitFor(realTime, () => accepted.length === 1, 'accept')
    const atServer = new Recorder(accepted[0]!)
    const data = patternBytes(10_500, 9)
    client.write(data)
    await waitFor(realTime, () => atServer.bytes === data.length, 'all bytes')
    assert.ok(atServer.received().equals(data))
    assert.ok(atServer.chunks.length >= 11, `${atServer.chunks.length} chunks`)
  } finally {
    client.destroy()
    accepted[0]?.destroy()
    await listener.close()
  }
})

test('ws: bad options are refused with ConfigError(INVALID_CONFIG)', () => {
  const bad: WsTransportOptions[] = [{ highWaterMark: 0 }, { maxMessageBytes: 1.5 }, { dialTimeoutMs: NaN }, { closeTimeoutMs: Infinity }, { maxConnectionsPerListener: 0 }, { headersTimeoutMs: 0 }]
  for (const options of bad) {
    assert.throws(() => createWsTransport(options), (err: unknown) => err instanceof ConfigError && err.code === ErrorCodes.INVALID_CONFIG, JSON.stringify(options))
  }
})
