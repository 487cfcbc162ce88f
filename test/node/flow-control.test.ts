// Flow control and fragments against a hand-driven peer, in virtual time: a peer that
// reads but never grants more window is dropped as a slow reader, one that grants it
// gets everything; bad WindowUpdates and bad fragments are typed errors that cost score
// and are counted; a block sent as fragments is delivered like any other.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { simNodeWithRawPeer } from '../helpers/raw-peer.js'
import { makeBlock } from '../helpers/chain-net.js'
import { Capability } from '../../src/session/hello.js'
import { FLOW_INITIAL_LIMIT_BYTES } from '../../src/session/flow-window.js'
import { MIN_FRAGMENT_BYTES } from '../../src/session/fragments.js'
import { MessageType, Messages, encodePayload } from '../../src/wire/codecs.js'
import { encodeFrame } from '../../src/wire/envelope.js'

const blockPayload = (h: number, txBytes: number): Uint8Array => encodePayload(Messages.block, { block: makeBlock(h, [Buffer.alloc(txBytes, h)]) })
const windowUpdate = (limit: number): Uint8Array => encodePayload(Messages.windowUpdate, { limit })

test('a peer that reads but never grants more window is dropped as a slow reader; one that grants it gets every block', async () => {
  const { sim, node, raw } = await simNodeWithRawPeer(71, '10.98.0.1', Capability.FLOW_CONTROL)
  const id = raw.identity.peerId
  for (let h = 1; h <= 20; h++) assert.ok(node.send(id, MessageType.BLOCK, blockPayload(h, 60_000)))
  await sim.run(2000)
  const blocks = (): number => raw.received.filter((e) => e.type === MessageType.BLOCK).length
  const held = blocks()
  assert.ok(held >= 4 && held <= 5, `only the initial 256 KiB window went out: ${held} blocks`)
  assert.ok(node.getPeer(id)!.sendBufferedBytes > 900_000, 'the rest waits in the send queue')
  // the peer stays alive (it answers pings) but grants nothing
  const startedAt = sim.clock.now()
  let answered = 0
  while (node.connectedPeers().length > 0 && sim.clock.now() - startedAt < 60_000) {
    const pings = raw.received.filter((e) => e.type === MessageType.PING)
    for (const ping of pings.slice(answered)) raw.send(MessageType.PONG, ping.payload)
    answered = pings.length
    await sim.run(1000)
  }
  assert.equal(node.stats.disconnects.get('slow_reader'), 1)
  assert.equal(node.stats.disconnects.get('unresponsive'), 0)
  const waited = sim.clock.now() - startedAt
  assert.ok(waited >= 28_000 && waited <= 40_000, `dropped after ${waited} ms`)
  assert.equal(blocks(), held)
  await sim.stop()

  // the same, with a peer that grants a window as it reads
  const second = await simNodeWithRawPeer(72, '10.98.0.2', Capability.FLOW_CONTROL)
  const peer = second.raw
  for (let h = 1; h <= 20; h++) second.node.send(peer.identity.peerId, MessageType.BLOCK, blockPayload(h, 60_000))
  let granted = FLOW_INITIAL_LIMIT_BYTES
  for (let i = 0; i < 200 && peer.received.filter((e) => e.type === MessageType.BLOCK).length < 20; i++) {
    if (peer.receivedBytes() + FLOW_INITIAL_LIMIT_BYTES - granted >= FLOW_INITIAL_LIMIT_BYTES / 2) {
      granted = peer.receivedBytes() + FLOW_INITIAL_LIMIT_BYTES
      peer.send(MessageType.WINDOW_UPDATE, windowUpdate(granted))
    }
    await second.sim.run(50)
  }
  assert.equal(peer.received.filter((e) => e.type === MessageType.BLOCK).length, 20)
  assert.equal(second.node.stats.errors.get('FLOW_CONTROL_VIOLATION'), 0)
  assert.equal(second.node.peers()[0]!.flow_window?.granted_bytes, 1024 * 1024)
  await second.sim.stop()
})

test('bad WindowUpdates: too small a raise, an absurd grant, a flood, or from a peer without the capability: FLOW_CONTROL_VIOLATION, penalised, counted', async () => {
  const { sim, node, raw } = await simNodeWithRawPeer(73, '10.98.0.3', Capability.FLOW_CONTROL)
  const id = raw.identity.peerId
  const score = (): number => Math.round(node.scorer.score(id))
  const before = score()
  raw.send(MessageType.WINDOW_UPDATE, windowUpdate(FLOW_INITIAL_LIMIT_BYTES + 100))
  await sim.run(100)
  assert.equal(node.stats.errors.get('FLOW_CONTROL_VIOLATION'), 1)
  assert.equal(score(), before - 10)
  raw.send(MessageType.WINDOW_UPDATE, windowUpdate(2 ** 40))
  await sim.run(100)
  assert.equal(node.stats.errors.get('FLOW_CONTROL_VIOLATION'), 2)
  // a flood of updates that each raise the limit by one byte: the peer is soon banned
  for (let i = 1; i <= 50; i++) raw.send(MessageType.WINDOW_UPDATE, windowUpdate(FLOW_INITIAL_LIMIT_BYTES + i))
  await sim.run(1000)
  assert.ok(node.scorer.isBanned(id))
  assert.equal(node.connectedPeers().length, 0)
  await sim.stop()

  const plain = await simNodeWithRawPeer(74, '10.98.0.4')
  plain.raw.send(MessageType.WINDOW_UPDATE, windowUpdate(1 << 20))
  await plain.sim.run(100)
  assert.equal(plain.node.stats.errors.get('FLOW_CONTROL_VIOLATION'), 1, 'flow control was not agreed on')
  assert.equal(plain.node.connectedPeers().length, 1)
  await plain.sim.stop()
})

test('a block sent as fragments is delivered once; bad fragment sequences are typed errors; an oversized one bans', async () => {
  const { sim, node, raw } = await simNodeWithRawPeer(75, '10.98.0.5', Capability.FLOW_CONTROL)
  const blocks: number[] = []
  node.on('block', (b) => blocks.push(b.header!.height))
  const frame = encodeFrame(MessageType.BLOCK, blockPayload(1, 100_000))
  const envelope = Buffer.from(frame.subarray(4))
  const fragment = (data: Uint8Array, totalBytes = envelope.length): void => raw.send(MessageType.FRAGMENT, encodePayload(Messages.fragment, { totalBytes, data: Uint8Array.from(data) }))
  fragment(envelope.subarray(0, 40_000))
  raw.send(MessageType.PING, encodePayload(Messages.ping, { nonce: 1n })) // whole frames may come between fragments
  fragment(envelope.subarray(40_000, 80_000))
  fragment(envelope.subarray(80_000))
  await sim.run(200)
  assert.deepEqual(blocks, [1])
  assert.ok(raw.received.some((e) => e.type === MessageType.PONG))
  assert.equal(node.stats.received.messagesByType[MessageType.BLOCK], 1, 'counted once, as a block')
  assert.equal(node.stats.received.messagesByType[MessageType.FRAGMENT], 0)

  fragment(envelope.subarray(0, MIN_FRAGMENT_BYTES - 1)) // not the last, yet under 16 KiB
  fragment(envelope.subarray(0, 20_000), envelope.length + 1) // starts a message of one byte more
  fragment(envelope.subarray(20_000, 40_000)) // claims another total in the middle of it
  await sim.run(200)
  assert.equal(node.stats.errors.get('FRAGMENT_INVALID'), 2)
  assert.deepEqual(blocks, [1])
  fragment(new Uint8Array(MIN_FRAGMENT_BYTES), 3 * 1024 * 1024)
  await sim.run(200)
  assert.equal(node.stats.errors.get('FRAME_TOO_LARGE'), 1)
  assert.ok(node.scorer.isBanned(raw.identity.peerId))
  await sim.stop()

  const plain = await simNodeWithRawPeer(76, '10.98.0.6')
  plain.raw.send(MessageType.FRAGMENT, encodePayload(Messages.fragment, { totalBytes: envelope.length, data: envelope.subarray(0, 40_000) }))
  await plain.sim.run(100)
  assert.equal(plain.node.stats.errors.get('FRAGMENT_INVALID'), 1, 'flow control was not agreed on')
  await plain.sim.stop()
})
