// Send classes over real TCP with Noise: with 16 MiB of blocks queued to a peer, a vote
// sent after them overtakes them (the order is seen on the receiving side); with one FIFO
// (sendPriorities: false) it waits behind them all. With flow control (both sides, the
// default) at most the 256 KiB window of blocks is in flight and a block goes as
// fragments, so the vote arrives before every block. Without it, what was already
// handed to the kernel cannot be overtaken (the socket's send buffer, up to tcp_wmem's
// 4 MiB on Linux loopback, plus the channel's 1 MiB high-water mark), and a peer without
// the capability still gets everything, in order. Queued classes drain highest first,
// and a full buffer drops the lowest class first.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Messages, MessageType, encodePayload } from '../../src/wire/codecs.js'
import { SendClass, SendClassTable } from '../../src/session/send-class.js'
import { SendQueue } from '../../src/session/send-queue.js'
import type { Connection } from '../../src/transport/types.js'
import { addressOf, startNode, stopAll, waitUntil } from '../helpers/nodes.js'
import { makeBlock, makeVote } from '../helpers/chain-net.js'
import { simNodeWithRawPeer } from '../helpers/raw-peer.js'
import type { NodeConfigInput } from '../../src/node/config.js'

const BLOCKS = 16
const MIB = 1024 * 1024

async function arrivalOrder (sendPriorities: boolean, receiver: Partial<NodeConfigInput> = {}): Promise<string[]> {
  const config = { pex: false, maxSendBufferBytes: 64 * MIB, sendPriorities }
  const [a, b] = [await startNode(config), await startNode({ ...config, ...receiver })]
  try {
    await a.dial(addressOf(b))
    await waitUntil(() => b.connectedPeers().length === 1, 10_000, 'connection')
    const order: string[] = []
    b.on('block', (block) => order.push(`block${block.header!.height}`))
    b.on('vote', () => order.push('vote'))
    for (let h = 1; h <= BLOCKS; h++) {
      const tx = Buffer.alloc(MIB - 200, h)
      assert.ok(a.send(b.peerId, MessageType.BLOCK, encodePayload(Messages.block, { block: makeBlock(h, [tx]) })))
    }
    assert.ok(a.send(b.peerId, MessageType.VOTE, encodePayload(Messages.vote, makeVote(1, 1))))
    await waitUntil(() => order.length === BLOCKS + 1, 30_000, 'all delivered')
    return order
  } finally {
    await stopAll([a, b])
  }
}

const inOrder = Array.from({ length: BLOCKS }, (_, i) => `block${i + 1}`)

test('16 MiB of blocks queued: a vote sent after them arrives before every one of them', async () => {
  const order = await arrivalOrder(true)
  // The default window (1 MiB) lets at most one 1 MiB block be in flight ahead of the vote.
  assert.ok(order.indexOf('vote') <= 1, `the window held all but 1 MiB back and the vote went between fragments: ${order.join(' ')}`)
  assert.deepEqual(order.filter((e) => e !== 'vote'), inOrder, 'blocks keep their order')
})

test('a receiver without flow control gets everything in order; the vote still overtakes what was not yet handed to the kernel', async () => {
  const order = await arrivalOrder(true, { flowWindowBytes: 0 })
  assert.ok(order.indexOf('vote') < BLOCKS / 2, order.join(' '))
  assert.deepEqual(order.filter((e) => e !== 'vote'), inOrder)
})

test('with one FIFO the same vote waits behind every block', async () => {
  const order = await arrivalOrder(false)
  assert.equal(order.indexOf('vote'), BLOCKS)
})

test('queued frames drain highest class first; the class table', () => {
  const written: number[] = []
  let open = false
  let drain = (): void => {}
  const conn = {
    bufferedAmount: 0,
    write: (data: Uint8Array) => { written.push(data[0]!); return open },
    setHandlers: () => {},
    pause: () => {},
    resume: () => {},
    close: () => {},
    destroy: () => {}
  } as unknown as Connection
  const q = new SendQueue(conn, true)
  drain = () => q.drained()
  q.push(SendClass.BULK, Uint8Array.of(3)) // written at once, and the connection pushes back
  q.push(SendClass.BULK, Uint8Array.of(3))
  q.push(SendClass.TRANSACTIONS, Uint8Array.of(2))
  q.push(SendClass.BLOCKS, Uint8Array.of(1))
  q.push(SendClass.CONSENSUS, Uint8Array.of(0))
  assert.equal(q.bufferedBytes, 4)
  open = true
  drain()
  assert.deepEqual(written, [3, 0, 1, 2, 3])
  const table = new SendClassTable()
  assert.equal(table.of(MessageType.VOTE), SendClass.CONSENSUS)
  assert.equal(table.of(MessageType.BLOCK_RESPONSE), SendClass.BULK)
  assert.equal(table.of(200), SendClass.BLOCKS, 'an undeclared type')
})

test('a peer that stops reading: bulk is dropped first, then transactions, then blocks; consensus still goes', async () => {
  const { sim, node, raw } = await simNodeWithRawPeer(95, '10.99.0.6')
  raw.conn.pause()
  const id = raw.identity.peerId
  const chunk = new Uint8Array(256 * 1024)
  const fill = (type: number): number => { let n = 0; while (node.send(id, type, chunk)) n++; return n }
  const bulk = fill(MessageType.STATE_SYNC_CHUNK)
  assert.ok(bulk > 0)
  assert.equal(node.stats.drops.get('send_buffer_full_bulk'), 1)
  assert.ok(fill(MessageType.TX) > 0, 'transactions still queue when bulk is full')
  assert.ok(fill(MessageType.BLOCK) > 0, 'blocks still queue when transactions are full')
  assert.equal(node.stats.drops.get('send_buffer_full_blocks'), 1)
  assert.ok(node.send(id, MessageType.VOTE, Uint8Array.of(1)), 'consensus is not dropped before the buffer is full')
  assert.equal(node.stats.drops.get('send_buffer_full_consensus'), 0)
  await sim.stop()
})
