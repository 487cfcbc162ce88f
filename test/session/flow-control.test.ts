// Flow control and fragments as a state machine (fast-check): two real Sessions joined
// by a pipe that the property drives byte by byte (arbitrary chunking, backpressure,
// both directions at once). Whatever the interleaving, no more than the window plus one
// record of non-consensus bytes is ever in flight, honest updates and fragments never
// raise an error, and every message arrives once, intact, in order within its class;
// with flow control on one side only, nothing of it goes on the wire. Plus the pure
// pieces: the window rules, fragment headers, reassembly limits.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { Session, type SessionHost, type SessionLimits } from '../../src/session/session.js'
import { SendClass, SendClassTable } from '../../src/session/send-class.js'
import { Capability, buildHello } from '../../src/session/hello.js'
import { NodeStats } from '../../src/session/stats.js'
import { FLOW_INITIAL_LIMIT_BYTES, FLOW_MAX_WINDOW_BYTES, FLOW_MIN_UPDATE_BYTES, ReceiveWindow, SendWindow } from '../../src/session/flow-window.js'
import { FragmentAssembler, MIN_FRAGMENT_BYTES, fragmentDataBytes, fragmentHeader } from '../../src/session/fragments.js'
import { MAX_RECORD_PLAINTEXT_BYTES } from '../../src/secure/record-framing.js'
import { MessageType, Messages, encodePayload } from '../../src/wire/codecs.js'
import { decodeEnvelope, encodeFrame } from '../../src/wire/envelope.js'
import { ErrorCodes, KuberError } from '../../src/errors.js'
import type { Connection, ConnectionHandlers } from '../../src/transport/types.js'
import type { PeerId } from '../../src/identity/peer-id.js'
import { parseNodeConfig } from '../../src/node/config.js'
import { SendQueue } from '../../src/session/send-queue.js'
import { FlowControl } from '../../src/session/flow-control.js'

const CONSENSUS_TYPES = new Set<number>([MessageType.HELLO, MessageType.HELLO_ACK, MessageType.PING, MessageType.PONG, MessageType.VOTE, MessageType.WINDOW_UPDATE])
const TYPE_OF_CLASS = [MessageType.VOTE, MessageType.BLOCK, MessageType.TX, MessageType.STATE_SYNC_CHUNK]

/** One direction of the pipe: what one session wrote and the other has not been handed yet. */
class Pipe {
  private segments: Array<{ bytes: Uint8Array, windowed: boolean }> = []
  bytes = 0
  windowedBytes = 0
  maxWindowedBytes = 0
  receiver: ConnectionHandlers | undefined
  writerDrain: (() => void) | undefined
  private wantsDrain = false

  constructor (private readonly highWaterMark: number) {}

  write (data: Uint8Array): boolean {
    const windowed = !isWholeConsensusFrame(data)
    this.segments.push({ bytes: data.slice(), windowed })
    this.bytes += data.length
    if (windowed) this.windowedBytes += data.length
    this.maxWindowedBytes = Math.max(this.maxWindowedBytes, this.windowedBytes)
    const below = this.bytes < this.highWaterMark
    if (!below) this.wantsDrain = true
    return below
  }

  /** Hand up to n bytes to the receiving session, in one chunk. */
  deliver (n: number): void {
    const out: Uint8Array[] = []
    let left = n
    while (left > 0 && this.segments.length > 0) {
      const seg = this.segments[0]!
      const take = Math.min(left, seg.bytes.length)
      out.push(seg.bytes.subarray(0, take))
      this.bytes -= take
      if (seg.windowed) this.windowedBytes -= take
      left -= take
      if (take === seg.bytes.length) this.segments.shift()
      else seg.bytes = seg.bytes.subarray(take)
    }
    if (out.length > 0) this.receiver?.onData(Buffer.concat(out))
    if (this.wantsDrain && this.bytes < this.highWaterMark) {
      this.wantsDrain = false
      this.writerDrain?.()
    }
  }
}

/** A write of one whole frame of a control or consensus type (the only writes the window does not govern). */
function isWholeConsensusFrame (data: Uint8Array): boolean {
  return data.length >= 6 && Buffer.from(data.buffer, data.byteOffset, data.length).readUInt32BE(0) + 4 === data.length && data[4] === 0x08 && CONSENSUS_TYPES.has(data[5]!)
}

function pipeConnection (out: Pipe, inbound: Pipe): Connection {
  return {
    remoteAddress: '10.0.0.1:1',
    localAddress: '10.0.0.2:2',
    get bufferedAmount () { return 0 },
    setHandlers: (h: ConnectionHandlers) => { inbound.receiver = h; out.writerDrain = () => h.onDrain() },
    write: (data: Uint8Array) => out.write(data),
    pause: () => {},
    resume: () => {},
    close: () => {},
    destroy: () => {}
  }
}

interface Side {
  session: Session
  received: Array<{ type: number, payload: Uint8Array }>
  errors: KuberError[]
}

function side (name: string, conn: Connection, windowBytes: number, sendPriorities = true, maxSendBufferBytes = 1 << 30): Side {
  const s: Partial<Side> = { received: [], errors: [] }
  const host: SessionHost = {
    now: () => 0,
    localHello: () => buildHello({ peerId: name.repeat(64) as PeerId, chainId: 'c', protocolVersion: 1, latestHeight: 0, capabilities: windowBytes > 0 ? Capability.FLOW_CONTROL : 0, listenAddr: '' }, 0),
    checkHello: () => undefined,
    established: () => {},
    solicited: () => false,
    message: (_s, type, payload) => s.received!.push({ type, payload: Uint8Array.from(payload) }),
    peerError: (_s, err) => s.errors!.push(err),
    closed: () => {},
    internalError: (_s, err) => { throw err },
    nonce: () => 1n,
    setTimer: () => { throw new Error('no timers in this harness') }
  }
  const limits: SessionLimits = {
    maxFrameBytes: 2 * 1024 * 1024,
    maxSendBufferBytes,
    sendClasses: new SendClassTable(),
    sendPriorities,
    maxMessagesPerSecond: 1e9,
    messageBurst: 1e9,
    maxBytesPerSecond: 1e12,
    byteBurst: 1e12,
    byteBudgetPenaltyAfterMs: 1e9,
    flowWindowBytes: windowBytes,
    flowWindowMaxBytes: windowBytes
  }
  const secure = { conn, remotePeerId: name.repeat(64) as PeerId, remotePublicKey: new Uint8Array(32), authenticated: true }
  s.session = new Session(secure, 'outbound', host, limits, new NodeStats())
  return s as Side
}

type Op =
  | { kind: 'send', from: 0 | 1, cls: number, size: number }
  | { kind: 'deliver', to: 0 | 1, bytes: number }

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('send' as const), from: fc.constantFrom(0 as const, 1 as const), cls: fc.nat({ max: 3 }), size: fc.nat({ max: 300_000 }) })
    .map((o) => ({ ...o, size: o.cls === SendClass.CONSENSUS ? o.size % 1000 : o.size })),
  fc.record({ kind: fc.constant('deliver' as const), to: fc.constantFrom(0 as const, 1 as const), bytes: fc.integer({ min: 1, max: 200_000 }) })
)

/** A payload that says who sent it, in which class, and its number. */
function payload (from: number, cls: number, seq: number, size: number): Uint8Array {
  const p = Buffer.alloc(Math.max(size, 12), seq & 0xff)
  p.writeUInt32BE(from, 0)
  p.writeUInt32BE(cls, 4)
  p.writeUInt32BE(seq, 8)
  return p
}

interface RunOptions {
  highWaterMark?: number
  sendPriorities?: boolean
  /** Small enough that frames are dropped for a full buffer (then they are not expected to arrive). */
  maxSendBufferBytes?: number
}

function run (ops: Op[], windows: [number, number], options: RunOptions = {}): { sides: Side[], pipes: Pipe[], sent: Uint8Array[][][] } {
  const { highWaterMark = 8 << 20, sendPriorities = true, maxSendBufferBytes = 1 << 30 } = options
  // pipes[i] carries what side i writes; by default their high-water mark is far above the window, as a kernel socket buffer is
  const pipes = [new Pipe(highWaterMark), new Pipe(highWaterMark)]
  const sides = [side('a', pipeConnection(pipes[0]!, pipes[1]!), windows[0], sendPriorities, maxSendBufferBytes), side('b', pipeConnection(pipes[1]!, pipes[0]!), windows[1], sendPriorities, maxSendBufferBytes)]
  for (const s of sides) s.session.start()
  // the Hello exchange, then the random run
  for (let i = 0; i < 4; i++) for (const p of pipes) p.deliver(1 << 20)
  const sent: Uint8Array[][][] = [[[], [], [], []], [[], [], [], []]]
  for (const o of ops) {
    if (o.kind === 'send') {
      const type = TYPE_OF_CLASS[o.cls]!
      const p = payload(o.from, o.cls, sent[o.from]![o.cls]!.length, o.size)
      if (sides[o.from]!.session.sendFrame(type, encodeFrame(type, p))) sent[o.from]![o.cls]!.push(p)
    } else {
      pipes[1 - o.to]!.deliver(o.bytes)
    }
  }
  // let everything through
  for (let i = 0; i < 10_000 && (pipes[0]!.bytes > 0 || pipes[1]!.bytes > 0); i++) for (const p of pipes) p.deliver(65_536)
  return { sides, pipes, sent }
}

/** Each side received exactly what the other sent, per class in order. */
function assertDelivered (sides: Side[], sent: Uint8Array[][][]): void {
  for (const to of [0, 1]) {
    const from = 1 - to
    for (let cls = 0; cls < 4; cls++) {
      const got = sides[to]!.received.filter((m) => m.type === TYPE_OF_CLASS[cls]).map((m) => Buffer.from(m.payload))
      assert.deepEqual(got, sent[from]![cls]!.map((p) => Buffer.from(p)), `side ${to}, class ${cls}`)
    }
  }
}

test('property: however the pipe is driven, with send classes or one FIFO, full send buffers or not, at most the window plus one record of non-consensus bytes is in flight, and all arrives intact, in order', () => {
  fc.assert(fc.property(
    fc.array(op, { maxLength: 60 }),
    fc.constantFrom(64 * 1024, 256 * 1024, 512 * 1024),
    fc.constantFrom(100_000, 8 << 20),
    fc.boolean(),
    fc.constantFrom(1 << 30, 2 << 20),
    (ops, window, highWaterMark, sendPriorities, maxSendBufferBytes) => {
      const { sides, pipes, sent } = run(ops, [window, window], { highWaterMark, sendPriorities, maxSendBufferBytes })
      for (const s of sides) assert.deepEqual(s.errors, [], 'an honest peer never breaks a rule')
      for (const p of pipes) {
        assert.ok(p.maxWindowedBytes < Math.max(window, FLOW_INITIAL_LIMIT_BYTES) + MAX_RECORD_PLAINTEXT_BYTES, `${p.maxWindowedBytes} non-consensus bytes in flight`)
      }
      assertDelivered(sides, sent)
      assert.ok(sides.every((s) => s.session.flowControl))
    }
  ), { numRuns: 150 })
})

test('property: with flow control on one side only, neither side sends WindowUpdates or Fragments, and all arrives', () => {
  fc.assert(fc.property(fc.array(op, { maxLength: 40 }), fc.boolean(), (ops, first) => {
    const { sides, sent } = run(ops, first ? [0, 256 * 1024] : [256 * 1024, 0])
    for (const s of sides) {
      assert.deepEqual(s.errors, [])
      assert.equal(s.session.flowControl, false)
      assert.equal(s.session.stats.received.messagesByType[MessageType.WINDOW_UPDATE], 0)
    }
    assertDelivered(sides, sent)
  }), { numRuns: 30 })
})

test('a vote queued behind 4 MiB of blocks goes out before the first block is finished', () => {
  const ab = new Pipe(1 << 30)
  const ba = new Pipe(1 << 30)
  const pipes = [ab, ba]
  const a = side('a', pipeConnection(ab, ba), 256 * 1024)
  const b = side('b', pipeConnection(ba, ab), 256 * 1024)
  a.session.start()
  b.session.start()
  for (let i = 0; i < 4; i++) for (const p of pipes) p.deliver(1 << 20)
  for (let h = 0; h < 4; h++) a.session.sendFrame(MessageType.BLOCK, encodeFrame(MessageType.BLOCK, payload(0, 1, h, 1024 * 1024)))
  a.session.sendFrame(MessageType.VOTE, encodeFrame(MessageType.VOTE, payload(0, 0, 0, 100)))
  assert.ok(ab.windowedBytes <= FLOW_INITIAL_LIMIT_BYTES + MAX_RECORD_PLAINTEXT_BYTES, 'the window holds back the blocks')
  for (let i = 0; i < 1000 && (ab.bytes > 0 || ba.bytes > 0); i++) { ab.deliver(65_536); ba.deliver(65_536) }
  assert.deepEqual(b.received.map((m) => m.type), [MessageType.VOTE, MessageType.BLOCK, MessageType.BLOCK, MessageType.BLOCK, MessageType.BLOCK])
})

test('window updates: too small a raise, an absurd grant, none agreed on: FLOW_CONTROL_VIOLATION, the limit unchanged', () => {
  const w = new SendWindow()
  const code = (f: () => void): string | undefined => { try { f(); return undefined } catch (e) { return (e as KuberError).code } }
  assert.equal(code(() => w.update(1 << 20)), ErrorCodes.FLOW_CONTROL_VIOLATION, 'flow control not agreed on')
  w.enable()
  assert.equal(w.limit, FLOW_INITIAL_LIMIT_BYTES)
  assert.equal(code(() => w.update(FLOW_INITIAL_LIMIT_BYTES + FLOW_MIN_UPDATE_BYTES - 1)), ErrorCodes.FLOW_CONTROL_VIOLATION)
  assert.equal(code(() => w.update(FLOW_INITIAL_LIMIT_BYTES - 1)), ErrorCodes.FLOW_CONTROL_VIOLATION, 'lowering')
  assert.equal(code(() => w.update(FLOW_MAX_WINDOW_BYTES + 1)), ErrorCodes.FLOW_CONTROL_VIOLATION, 'more than 64 MiB beyond what was sent')
  assert.equal(code(() => w.update(2 ** 60)), ErrorCodes.FLOW_CONTROL_VIOLATION)
  assert.equal(w.limit, FLOW_INITIAL_LIMIT_BYTES)
  w.sent = 10 << 20
  w.update((10 << 20) + FLOW_MAX_WINDOW_BYTES)
  assert.equal(w.isOpen, true)
})

test('the receive window: an update once it can raise the limit by half the window; auto-tuning doubles it while under twice the bandwidth-delay product', () => {
  const r = new ReceiveWindow({ windowBytes: 256 * 1024, maxWindowBytes: 1024 * 1024 }, 0)
  assert.equal(r.consume(1 << 20, 0, 1), undefined, 'nothing before flow control is agreed on')
  r.enable()
  const fixed = new ReceiveWindow({ windowBytes: 256 * 1024, maxWindowBytes: 256 * 1024 }, 0)
  fixed.enable()
  assert.equal(fixed.consume(127 * 1024, 1, 10), undefined)
  assert.equal(fixed.consume(1024, 2, 10), 128 * 1024 + 256 * 1024)
  // 10 ms round trips: 256 KiB consumed in 1 ms is far more than the window can carry
  let t = 100
  for (let i = 0; i < 10; i++) r.consume(256 * 1024, t++, 10)
  assert.equal(r.window, 1024 * 1024, 'grown to the maximum')
  // without a round trip measured, or when consumption is slow, it stays
  const slow = new ReceiveWindow({ windowBytes: 256 * 1024, maxWindowBytes: 1024 * 1024 }, 0)
  slow.enable()
  for (let i = 1; i <= 10; i++) slow.consume(256 * 1024, i * 1000, 10)
  assert.equal(slow.window, 256 * 1024)
})

test('fragments: header plus data is the protobuf Fragment frame, exactly one record; reassembly limits are typed errors', () => {
  for (const total of [65_520, 70_000, 1 << 20, 2 * 1024 * 1024]) {
    const n = fragmentDataBytes(total)
    const data = new Uint8Array(n).fill(5)
    const frame = Buffer.concat([fragmentHeader(total, n), data])
    assert.equal(frame.length, MAX_RECORD_PLAINTEXT_BYTES)
    assert.deepEqual(frame, Buffer.from(encodeFrame(MessageType.FRAGMENT, encodePayload(Messages.fragment, { totalBytes: total, data }))))
    assert.equal(decodeEnvelope(frame.subarray(4)).type, MessageType.FRAGMENT)
  }
  const code = (f: () => void): string | undefined => { try { f(); return undefined } catch (e) { return (e as KuberError).code } }
  const a = new FragmentAssembler(1 << 20)
  assert.equal(code(() => a.push({ totalBytes: (1 << 20) + 1, data: new Uint8Array(MIN_FRAGMENT_BYTES) })), ErrorCodes.FRAME_TOO_LARGE)
  assert.equal(code(() => a.push({ totalBytes: 0, data: new Uint8Array(0) })), ErrorCodes.FRAGMENT_INVALID)
  assert.equal(code(() => a.push({ totalBytes: 100_000, data: new Uint8Array(MIN_FRAGMENT_BYTES - 1) })), ErrorCodes.FRAGMENT_INVALID, 'a short fragment that is not the last')
  assert.equal(a.bufferedBytes, 0, 'the partial message is dropped')
  assert.equal(a.push({ totalBytes: 100_000, data: new Uint8Array(60_000) }), undefined)
  assert.equal(code(() => a.push({ totalBytes: 99_999, data: new Uint8Array(40_000) })), ErrorCodes.FRAGMENT_INVALID, 'another total mid-message')
  assert.equal(a.push({ totalBytes: 100_000, data: new Uint8Array(60_000).fill(1) }), undefined)
  assert.equal(code(() => a.push({ totalBytes: 100_000, data: new Uint8Array(40_001) })), ErrorCodes.FRAGMENT_INVALID, 'past the total')
  assert.equal(code(() => a.push({ totalBytes: 100_000, data: new Uint8Array(0) })), ErrorCodes.FRAGMENT_INVALID, 'empty')
  a.push({ totalBytes: 100_000, data: new Uint8Array(60_000).fill(1) })
  const whole = a.push({ totalBytes: 100_000, data: new Uint8Array(40_000).fill(2) })
  assert.equal(whole?.length, 100_000)
  assert.equal(whole![59_999], 1)
  assert.equal(whole![60_000], 2)
})

test('property: any valid cutting of a message into fragments reassembles it exactly', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 300_000 }), fc.array(fc.integer({ min: MIN_FRAGMENT_BYTES, max: 100_000 }), { maxLength: 20 }), (total, cuts) => {
    const message = Buffer.alloc(total)
    for (let i = 0; i < total; i += 997) message[i] = i & 0xff
    const a = new FragmentAssembler(300_000)
    let off = 0
    let whole: Uint8Array | undefined
    for (const c of cuts) {
      if (total - off <= c) break
      assert.equal(a.push({ totalBytes: total, data: message.subarray(off, off + c) }), undefined)
      off += c
    }
    whole = a.push({ totalBytes: total, data: message.subarray(off) })
    assert.deepEqual(Buffer.from(whole!), message)
  }), { numRuns: 100 })
})

test('config: flowWindowBytes is 0 (off) or 64 KiB .. 64 MiB; defaults 1 MiB and 16 MiB', () => {
  const c = parseNodeConfig({ chainId: 'x' })
  assert.equal(c.flowWindowBytes, 1024 * 1024)
  assert.equal(c.flowWindowMaxBytes, 16 * 1024 * 1024)
  assert.equal(parseNodeConfig({ chainId: 'x', flowWindowBytes: 0 }).flowWindowBytes, 0)
  assert.throws(() => parseNodeConfig({ chainId: 'x', flowWindowBytes: 1000 }), (e: unknown) => (e as KuberError).code === ErrorCodes.INVALID_CONFIG)
  assert.throws(() => parseNodeConfig({ chainId: 'x', flowWindowMaxBytes: 128 * 1024 * 1024 }), (e: unknown) => (e as KuberError).code === ErrorCodes.INVALID_CONFIG)
})

test('only a quiet ping round trip (under 16 KiB either way) counts for the window\'s round trip', () => {
  const conn = { remoteAddress: 'x', localAddress: 'y', bufferedAmount: 0, setHandlers: () => {}, write: () => true, pause: () => {}, resume: () => {}, close: () => {}, destroy: () => {} } as Connection
  const queue = new SendQueue(conn, true)
  const flow = new FlowControl(queue, { windowBytes: 256 * 1024, maxWindowBytes: 1 << 20, maxFrameBytes: 1 << 20 }, 0)
  flow.pingSent()
  flow.frameReceived(FLOW_MIN_UPDATE_BYTES) // a block came in ahead of the pong
  flow.pongReceived(30)
  assert.equal(flow.minRttMs, undefined)
  flow.pingSent()
  queue.push(SendClass.BLOCKS, new Uint8Array(FLOW_MIN_UPDATE_BYTES)) // we sent a block meanwhile
  flow.pongReceived(20)
  assert.equal(flow.minRttMs, undefined)
  flow.pingSent()
  flow.frameReceived(100)
  flow.pongReceived(2)
  assert.equal(flow.minRttMs, 2)
  flow.pingSent()
  flow.pongReceived(5)
  assert.equal(flow.minRttMs, 2, 'the smallest')
})
