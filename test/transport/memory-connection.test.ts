// The in-memory connection pair and its FIFO on their own: close as a FIN exchange
// (the closer waits for the peer to consume), data the peer sends before it sees the
// close, resets, what setHandlers delivers at once, the observer, and queue compaction.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ErrorCodes, TransportError } from '../../src/errors.js'
import { VirtualClock } from '../../src/runtime/virtual-clock.js'
import { ChunkQueue } from '../../src/transport/chunk-queue.js'
import { memoryConnectionPair, type LinkOptions } from '../../src/transport/memory-connection.js'
import { Recorder } from './helpers.js'

function pair (options: LinkOptions = { latencyMs: 5 }): { clock: VirtualClock, a: Recorder, b: Recorder } {
  const clock = new VirtualClock(0)
  const [a, b] = memoryConnectionPair(clock, ['10.0.0.1:1', '10.0.0.2:2'], options)
  return { clock, a: new Recorder(a), b: new Recorder(b) }
}

test('memory connection: close() waits for a paused peer to consume, then both ends close', async () => {
  const { clock, a, b } = pair()
  b.conn.pause()
  a.conn.write(Buffer.from('all of it'))
  a.conn.close()
  await clock.advance(100)
  assert.equal(a.closes + b.closes, 0, 'nobody closes while the reader holds unread data')
  b.conn.resume()
  assert.equal(b.received().toString(), 'all of it')
  assert.equal(b.closes, 1, 'the peer closes once it has read everything')
  assert.equal(a.closes, 0, 'the closer waits for the answer')
  await clock.advance(5)
  assert.equal(a.closes, 1)
  assert.equal(a.closeError, undefined)
})

test('memory connection: bytes the peer wrote before it saw the close still arrive, then onClose', async () => {
  const { clock, a, b } = pair()
  a.conn.close()
  assert.equal(b.conn.write(Buffer.from('bye')), true)
  await clock.advance(4)
  assert.equal(b.conn.write(Buffer.from('!')), true)
  await clock.advance(100)
  assert.equal(a.received().toString(), 'bye!')
  assert.equal(a.closes, 1)
  assert.equal(b.closes, 1)
  assert.equal(b.conn.write(Buffer.from('late')), false)
})

test('memory connection: destroy() reports at once locally and resets the peer after the latency', async () => {
  const { clock, a, b } = pair()
  const reason = new Error('mine')
  a.conn.destroy(reason)
  assert.equal(a.closes, 1)
  assert.equal(a.closeError, reason)
  await clock.advance(4.9)
  assert.equal(b.closes, 0)
  await clock.advance(0.1)
  assert.equal(b.closes, 1)
  assert.ok(b.closeError instanceof TransportError)
  assert.equal(b.closeError.code, ErrorCodes.CONNECTION_CLOSED)
})

test('memory connection: setHandlers delivers held data and a held close at once', async () => {
  const clock = new VirtualClock(0)
  const [a, b] = memoryConnectionPair(clock, ['x:1', 'y:2'])
  new Recorder(a)
  a.write(Buffer.from('held'))
  a.close()
  await clock.advance(1)
  const atB = new Recorder(b)
  assert.equal(atB.received().toString(), 'held')
  assert.equal(atB.closes, 1)
})

test('memory connection: the observer sees bytes written, delivered, and each end closing', async () => {
  const seen: string[] = []
  const { clock, a, b } = pair({
    latencyMs: 1,
    observer: {
      written: (end, n) => seen.push(`w${end}:${n}`),
      delivered: (end, n) => seen.push(`d${end}:${n}`),
      closed: (end) => seen.push(`c${end}`)
    }
  })
  a.conn.write(new Uint8Array(3))
  b.conn.write(new Uint8Array(4))
  await clock.advance(1)
  a.conn.close()
  await clock.advance(10)
  assert.deepEqual(seen, ['w0:3', 'w1:4', 'd1:3', 'd0:4', 'c1', 'c0'])
  assert.equal(a.closes + b.closes, 2)
})

test('chunk queue: FIFO order over many interleaved pushes and shifts (compaction included)', () => {
  const queue = new ChunkQueue<number>()
  const model: number[] = []
  let next = 0
  for (let round = 0; round < 50; round++) {
    for (let i = 0; i < 300; i++) { queue.push(next); model.push(next++) }
    for (let i = 0; i < 200 + (round % 3) * 50; i++) assert.equal(queue.shift(), model.shift())
    assert.equal(queue.length, model.length)
    assert.equal(queue.peek(), model[0])
  }
  while (model.length > 0) assert.equal(queue.shift(), model.shift())
  assert.equal(queue.shift(), undefined)
  assert.equal(queue.length, 0)
  queue.push(1)
  queue.clear()
  assert.equal(queue.length, 0)
})
