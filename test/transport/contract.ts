// The transport contract (src/transport/types.ts) as one test suite that every transport
// must pass: TCP on real sockets (tcp.test.ts) and the memory transport on virtual time
// (memory.test.ts). A harness says how to make transports and how time passes.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { TransportError, ErrorCodes } from '../../src/errors.js'
import { parseTransportAddress } from '../../src/transport/address.js'
import type { Connection, Listener, Transport } from '../../src/transport/types.js'
import {
  BackpressuredWriter, expectTransportError, MIXED_CHUNK_SIZES, patternBytes, Recorder, settle, waitFor, type TimeControl
} from './helpers.js'

/** One test's world: transports on the same network and a way to let time pass. */
export interface ContractEnv extends TimeControl {
  /** A transport for one more node and the port-0 address it listens on. */
  node(): { transport: Transport, listenAddress: string }
  /** Release what the environment itself holds (after the suite closed its connections). */
  close?(): Promise<void>
}

export interface ContractHarness {
  /** Transport name, used in test titles and checked against Transport.name. */
  name: string
  /** A fresh environment for each test. */
  createEnv(): ContractEnv
  /** The write high-water mark of the transports the environment makes. */
  highWaterMark: number
  /**
   * Bytes a writer may get into a connection whose reader is paused before it must be
   * stopped (its own buffer, plus any kernel buffers on the way).
   */
  pausedWriterBoundBytes: number
}

/** A test's transports, listeners and connections, all closed when it ends. */
class Fixture {
  readonly listeners: Listener[] = []
  readonly connections: Connection[] = []

  constructor (readonly env: ContractEnv) {}

  node (): { transport: Transport, listenAddress: string } {
    return this.env.node()
  }

  async listen (node: { transport: Transport, listenAddress: string }, onConnection: (conn: Connection) => void = () => {}): Promise<Listener> {
    const listener = await node.transport.listen(node.listenAddress, (conn) => {
      this.connections.push(conn)
      onConnection(conn)
    })
    this.listeners.push(listener)
    return listener
  }

  async dial (transport: Transport, address: string): Promise<Connection> {
    const result = await settle(this.env, transport.dial(address), `dial ${address}`)
    if (result.status === 'rejected') throw result.reason
    this.connections.push(result.value)
    return result.value
  }

  /** Listen on one node, dial it from another; both ends, the acceptor's not yet attached. */
  async connectedPair (): Promise<{ client: Connection, server: Connection, listener: Listener, dialer: Transport }> {
    const server = this.node()
    const client = this.node()
    const accepted: Connection[] = []
    const listener = await this.listen(server, (conn) => accepted.push(conn))
    const conn = await this.dial(client.transport, listener.address)
    await waitFor(this.env, () => accepted.length === 1, 'the listener to accept')
    return { client: conn, server: accepted[0]!, listener, dialer: client.transport }
  }

  async close (): Promise<void> {
    for (const conn of this.connections) conn.destroy()
    for (const listener of this.listeners) await listener.close()
    await this.env.advance(this.env.stepMs)
    await this.env.close?.()
  }
}

/** Register the contract tests for one transport. */
export function transportContract (harness: ContractHarness): void {
  const hwm = harness.highWaterMark

  const contractTest = (title: string, body: (f: Fixture) => Promise<void>): void => {
    test(`${harness.name} contract: ${title}`, { timeout: 30_000 }, async () => {
      const fixture = new Fixture(harness.createEnv())
      try {
        await body(fixture)
      } finally {
        await fixture.close()
      }
    })
  }

  contractTest('listen on port 0 binds a real port, a different one each time', async (f) => {
    const node = f.node()
    assert.equal(node.transport.name, harness.name)
    const requested = parseTransportAddress(node.listenAddress)
    assert.equal(requested.port, 0)
    const first = await f.listen(node)
    const second = await f.listen(node)
    const a = parseTransportAddress(first.address)
    const b = parseTransportAddress(second.address)
    assert.equal(a.host, requested.host)
    assert.ok(a.port > 0 && b.port > 0, `bound ${first.address}, ${second.address}`)
    assert.notEqual(a.port, b.port)
  })

  contractTest('a dial connects: addresses match and bytes flow both ways in order', async (f) => {
    const { client, server, listener } = await f.connectedPair()
    assert.equal(client.remoteAddress, listener.address)
    assert.equal(server.remoteAddress, client.localAddress)
    assert.equal(server.localAddress, client.remoteAddress)
    const atClient = new Recorder(client)
    const atServer = new Recorder(server)
    for (const word of ['one ', 'two ', 'three']) assert.equal(client.write(Buffer.from(word)), true)
    assert.equal(server.write(Buffer.from('back')), true)
    await waitFor(f.env, () => atServer.bytes === 13 && atClient.bytes === 4, 'the words to arrive')
    assert.equal(atServer.received().toString(), 'one two three')
    assert.equal(atClient.received().toString(), 'back')
    assert.equal(atClient.closes + atServer.closes, 0)
  })

  contractTest('5 MiB each way at once, in many writes of mixed sizes, arrive exactly', async (f) => {
    const { client, server } = await f.connectedPair()
    const size = 5 * 1024 * 1024
    const up = patternBytes(size, 1)
    const down = patternBytes(size, 2)
    const atClient = new Recorder(client)
    const atServer = new Recorder(server)
    const upWriter = new BackpressuredWriter(atClient, up, MIXED_CHUNK_SIZES)
    const downWriter = new BackpressuredWriter(atServer, down, [...MIXED_CHUNK_SIZES].reverse())
    upWriter.pump()
    downWriter.pump()
    await waitFor(f.env, () => atServer.bytes >= size && atClient.bytes >= size, '5 MiB both ways')
    assert.ok(upWriter.writes > 300 && downWriter.writes > 300)
    assert.equal(atServer.bytes, size)
    assert.equal(atClient.bytes, size)
    assert.ok(atServer.received().equals(up), 'client -> server bytes differ')
    assert.ok(atClient.received().equals(down), 'server -> client bytes differ')
    await waitFor(f.env, () => client.bufferedAmount === 0 && server.bufferedAmount === 0, 'bufferedAmount back to 0')
  })

  contractTest('backpressure: write() is false exactly at the high-water mark, onDrain follows once the reader reads', async (f) => {
    const { client, server } = await f.connectedPair()
    const atClient = new Recorder(client)
    const atServer = new Recorder(server)
    server.pause()
    const chunk = patternBytes(64 * 1024, 3)
    let written = 0
    let ok = true
    while (ok) {
      ok = client.write(chunk)
      written += chunk.length
      assert.equal(ok, client.bufferedAmount < hwm, `write returned ${ok} with ${client.bufferedAmount} buffered, high-water mark ${hwm}`)
      assert.ok(!ok || written <= harness.pausedWriterBoundBytes, `write() still true after ${written} bytes to a paused reader`)
    }
    assert.ok(client.bufferedAmount >= hwm)
    assert.equal(atServer.bytes, 0, 'a paused reader gets no data')
    server.resume()
    await waitFor(f.env, () => atClient.drains > 0, 'onDrain')
    assert.ok(client.bufferedAmount < hwm)
    await waitFor(f.env, () => atServer.bytes === written, 'everything to arrive')
  })

  contractTest('backpressure: a paused reader stops a well-behaved writer within a bound; resume gets it all', async (f) => {
    const { client, server } = await f.connectedPair()
    const atClient = new Recorder(client)
    const atServer = new Recorder(server)
    server.pause()
    const total = harness.pausedWriterBoundBytes * 2
    const data = patternBytes(total, 4)
    const writer = new BackpressuredWriter(atClient, data, [64 * 1024])
    writer.pump()
    // Let the writer go as far as it can, until it stops making progress.
    let before = -1
    while (writer.written !== before) {
      before = writer.written
      await f.env.advance(Math.max(f.env.stepMs, 50))
      await f.env.advance(Math.max(f.env.stepMs, 50))
    }
    assert.ok(!writer.done, 'the writer was never stopped')
    assert.ok(writer.written <= harness.pausedWriterBoundBytes, `writer got ${writer.written} bytes in, bound ${harness.pausedWriterBoundBytes}`)
    assert.equal(atServer.bytes, 0)
    server.resume()
    await waitFor(f.env, () => atServer.bytes === total, 'everything after resume')
    assert.ok(atServer.received().equals(data))
  })

  contractTest('no data is lost between accept/dial and setHandlers, nor the close after it', async (f) => {
    const { client, server } = await f.connectedPair()
    // Neither end has handlers yet. Both write, the client also closes.
    assert.equal(server.write(Buffer.from('from the acceptor')), true)
    const up = patternBytes(200_000, 5)
    client.write(up.subarray(0, 1000))
    client.write(up.subarray(1000))
    client.close()
    await f.env.advance(Math.max(f.env.stepMs * 10, 100))
    const atServer = new Recorder(server)
    const atClient = new Recorder(client)
    await waitFor(f.env, () => atServer.closed && atClient.closed, 'both ends to close')
    assert.ok(atServer.received().equals(up))
    assert.equal(atClient.received().toString(), 'from the acceptor')
    assert.equal(atServer.closeError, undefined)
    assert.equal(atClient.closeError, undefined)
  })

  contractTest('close() delivers everything written before it, then onClose on both sides exactly once', async (f) => {
    const { client, server } = await f.connectedPair()
    const atClient = new Recorder(client)
    const atServer = new Recorder(server)
    const data = patternBytes(3 * 1024 * 1024, 6)
    for (let i = 0; i < data.length; i += 100_000) client.write(data.subarray(i, i + 100_000))
    client.close()
    assert.equal(client.write(Buffer.from('late')), false, 'write after close()')
    await waitFor(f.env, () => atServer.closed && atClient.closed, 'both ends to close')
    assert.equal(atServer.bytes, data.length)
    assert.ok(atServer.received().equals(data))
    assert.equal(atServer.closeError, undefined)
    assert.equal(atClient.closeError, undefined)
    client.close()
    client.destroy()
    server.destroy()
    await f.env.advance(Math.max(f.env.stepMs * 5, 50))
    assert.equal(atClient.closes, 1)
    assert.equal(atServer.closes, 1)
  })

  contractTest('destroy() closes the remote end; each onClose once, the local one with the given error', async (f) => {
    const { client, server } = await f.connectedPair()
    const atClient = new Recorder(client)
    const atServer = new Recorder(server)
    client.write(patternBytes(100_000, 7))
    const reason = new Error('test destroys')
    client.destroy(reason)
    assert.equal(client.write(Buffer.from('late')), false, 'write after destroy()')
    await waitFor(f.env, () => atServer.closed && atClient.closed, 'both ends to close')
    assert.equal(atClient.closeError, reason)
    if (atServer.closeError !== undefined) {
      assert.ok(atServer.closeError instanceof TransportError)
      assert.equal(atServer.closeError.code, ErrorCodes.CONNECTION_CLOSED)
    }
    client.destroy()
    server.destroy()
    await f.env.advance(Math.max(f.env.stepMs * 5, 50))
    assert.equal(atClient.closes, 1)
    assert.equal(atServer.closes, 1)
  })

  contractTest('a dial to a port nobody listens on fails with DIAL_FAILED', async (f) => {
    const server = f.node()
    const client = f.node()
    const listener = await server.transport.listen(server.listenAddress, () => assert.fail('accepted after close'))
    await listener.close()
    await expectTransportError(f.env, client.transport.dial(listener.address), ErrorCodes.DIAL_FAILED, 'dial to a closed port')
  })

  contractTest('invalid addresses are refused with INVALID_ADDRESS by listen and dial', async (f) => {
    const { transport } = f.node()
    const invalid = ['', 'no-port', 'host:', ':80', 'host:65536', 'host:-1', 'host:8o', '[::1:80', '[zz::1]:80', '::1:80', 'a b:80', '[1.2.3.4]:80']
    for (const address of invalid) {
      await expectTransportError(f.env, transport.dial(address), ErrorCodes.INVALID_ADDRESS, `dial ${JSON.stringify(address)}`)
      await expectTransportError(f.env, transport.listen(address, () => {}), ErrorCodes.INVALID_ADDRESS, `listen ${JSON.stringify(address)}`)
    }
  })

  contractTest('an abort signal, given aborted or fired during the dial, rejects with ABORTED', async (f) => {
    const server = f.node()
    const client = f.node()
    const listener = await f.listen(server)
    const reason = new Error('caller gave up')
    const err = await expectTransportError(f.env, client.transport.dial(listener.address, { signal: AbortSignal.abort(reason) }), ErrorCodes.ABORTED, 'pre-aborted dial')
    assert.equal(err.cause, reason)
    const controller = new AbortController()
    const dialing = client.transport.dial(listener.address, { signal: controller.signal })
    controller.abort(reason)
    await expectTransportError(f.env, dialing, ErrorCodes.ABORTED, 'dial aborted while connecting')
    // The transport still dials normally afterwards.
    const conn = await f.dial(client.transport, listener.address)
    assert.equal(conn.remoteAddress, listener.address)
  })

  contractTest('listener.close() stops accepting and leaves existing connections working', async (f) => {
    const { client, server, listener, dialer } = await f.connectedPair()
    await listener.close()
    await listener.close() // idempotent
    await expectTransportError(f.env, dialer.dial(listener.address), ErrorCodes.DIAL_FAILED, 'dial after listener.close()')
    const atClient = new Recorder(client)
    const atServer = new Recorder(server)
    client.write(Buffer.from('still'))
    server.write(Buffer.from('here'))
    await waitFor(f.env, () => atServer.bytes === 5 && atClient.bytes === 4, 'data on the old connection')
    assert.equal(atServer.received().toString(), 'still')
    assert.equal(atClient.received().toString(), 'here')
  })
}
