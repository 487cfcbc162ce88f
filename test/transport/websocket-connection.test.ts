// The Connection over a WHATWG WebSocket (the light client's, in browsers and in Node):
// for any messages and any pause/resume pattern, the owner reads the concatenation of the
// binary messages in order; a paused reader holds at most maxHeldBytes (then the connection
// fails, typed); a text message is MALFORMED_MESSAGE; onClose comes once, after what was held.
// The socket here is a scripted stand-in: the real one runs in test/light/.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { ErrorCodes, KuberError } from '../../src/errors.js'
import { VirtualClock } from '../../src/runtime/virtual-clock.js'
import { WebSocketConnection, type WhatwgWebSocket } from '../../src/transport/websocket-connection.js'

class ScriptedSocket implements WhatwgWebSocket {
  binaryType = 'arraybuffer'
  bufferedAmount = 0
  readyState = 1
  readonly sent: Uint8Array[] = []
  private readonly listeners = new Map<string, Array<(e: any) => void>>()
  send (data: Uint8Array): void { this.sent.push(Uint8Array.from(data)) }
  close (): void { if (this.readyState !== 3) { this.readyState = 3; this.fire('close', {}) } }
  addEventListener (type: string, fn: (e: any) => void): void { this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]) }
  fire (type: string, event: unknown): void { for (const fn of this.listeners.get(type) ?? []) fn(event) }
  message (bytes: Uint8Array): void { this.fire('message', { data: bytes.slice().buffer }) }
}

function connection (maxHeldBytes = 1 << 20): { socket: ScriptedSocket, conn: WebSocketConnection, got: Uint8Array[], closes: Array<Error | undefined> } {
  const socket = new ScriptedSocket()
  const conn = new WebSocketConnection(socket, 'ws://node', { clock: new VirtualClock(0), maxHeldBytes, maxMessageBytes: 1000 })
  const got: Uint8Array[] = []
  const closes: Array<Error | undefined> = []
  conn.setHandlers({ onData: (c) => got.push(Uint8Array.from(c)), onDrain: () => {}, onClose: (err) => closes.push(err) })
  return { socket, conn, got, closes }
}

test('websocket connection: any messages under any pause/resume pattern read back as one stream, then one close', () => {
  const step = fc.oneof(fc.uint8Array({ maxLength: 3000 }).map((b) => ({ kind: 'msg' as const, b })), fc.constant({ kind: 'pause' as const }), fc.constant({ kind: 'resume' as const }))
  fc.assert(fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
    const { socket, conn, got, closes } = connection()
    const sent: Uint8Array[] = []
    for (const s of steps) {
      if (s.kind === 'msg') { socket.message(s.b); sent.push(s.b) } else if (s.kind === 'pause') conn.pause(); else conn.resume()
    }
    socket.close()
    const deliveredBeforeClose = Buffer.concat(got).length
    if (closes.length === 1) assert.equal(deliveredBeforeClose, Buffer.concat(sent).length, 'onClose came before held data')
    conn.resume()
    assert.deepEqual(Buffer.concat(got), Buffer.concat(sent))
    assert.equal(closes.length, 1)
    assert.equal(closes[0], undefined)
  }), { numRuns: 300 })
})

test('websocket connection: a paused reader holds at most maxHeldBytes, then the connection fails; text is MALFORMED_MESSAGE; writes are split', () => {
  const held = connection(10_000)
  held.conn.pause()
  for (let i = 0; i < 10; i++) held.socket.message(new Uint8Array(1000))
  assert.equal(held.closes.length, 0)
  held.socket.message(new Uint8Array(1))
  assert.equal(held.closes.length, 1)
  assert.ok(held.closes[0] instanceof KuberError && held.closes[0].code === ErrorCodes.CONNECTION_CLOSED)
  const text = connection()
  text.socket.fire('message', { data: 'hello' })
  assert.ok(text.closes[0] instanceof KuberError && text.closes[0].code === ErrorCodes.MALFORMED_MESSAGE)
  assert.equal(text.conn.write(new Uint8Array(10)), false, 'no writes after failing')
  const w = connection()
  assert.equal(w.conn.write(new Uint8Array(2500)), true)
  assert.deepEqual(w.socket.sent.map((m) => m.length), [1000, 1000, 500])
})
