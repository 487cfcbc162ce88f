// Messages from greylisted peers are served last (spec §8): queued with a copy of their
// payload, handled after what arrives meanwhile from others, bounded, and skipped once the
// peer is gone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { VirtualClock } from '../../src/runtime/virtual-clock.js'
import { PriorityInbox } from '../../src/node/priority-inbox.js'
import { NodeStats, PeerStats } from '../../src/session/stats.js'
import { PeerState } from '../../src/session/lifecycle.js'
import type { Session } from '../../src/session/session.js'

function fakeSession (peerId: string): Session {
  return { peerId, state: PeerState.GOSSIP, stats: new PeerStats() } as unknown as Session
}

test('a greylisted peer\'s messages wait until others\' are handled; the queue is bounded', async () => {
  const clock = new VirtualClock(0)
  const stats = new NodeStats()
  const handled: string[] = []
  const grey = fakeSession('grey')
  const honest = fakeSession('honest')
  const inbox = new PriorityInbox({
    clock,
    stats,
    maxQueued: 3,
    maxQueuedBytes: 1024,
    isLowPriority: (s) => s === grey,
    handle: (s, type, payload) => {
      if (type !== 99) handled.push(`${s.peerId}:${Buffer.from(payload).toString()}`)
    }
  })
  const payload = Buffer.from('g1')
  inbox.deliver(grey, 1, payload)
  payload.write('XX') // the queue kept its own copy
  inbox.deliver(honest, 1, Buffer.from('h1'))
  inbox.deliver(grey, 99, Buffer.from('g2'))
  inbox.deliver(grey, 1, Buffer.from('g3'))
  inbox.deliver(grey, 1, Buffer.from('g4')) // over maxQueued: dropped
  inbox.deliver(honest, 1, Buffer.from('h2'))
  assert.deepEqual(handled, ['honest:h1', 'honest:h2'])
  assert.equal(inbox.queued, 3)
  assert.equal(stats.drops.get('greylist_queue_full'), 1)
  assert.equal(grey.stats.drops.get('greylist_queue_full'), 1)
  await clock.advance(0)
  assert.deepEqual(handled, ['honest:h1', 'honest:h2', 'grey:g1', 'grey:g3'])
  inbox.deliver(grey, 1, Buffer.from('g5'))
  ;(grey as { state: string }).state = PeerState.DISCONNECT
  await clock.advance(0)
  assert.equal(handled.length, 4, 'a gone peer\'s queued messages are skipped')
  assert.equal(stats.drops.get('peer_gone'), 1)
  assert.equal(inbox.queued, 0)
  assert.equal(inbox.bytes, 0)
})

test('the greylist queue is bounded in bytes: large payloads are dropped once the byte limit is reached', async () => {
  const clock = new VirtualClock(0)
  const stats = new NodeStats()
  const grey = fakeSession('grey')
  let handled = 0
  const inbox = new PriorityInbox({ clock, stats, maxQueued: 1000, maxQueuedBytes: 5 * 1024 * 1024, isLowPriority: () => true, handle: () => { handled++ } })
  const big = new Uint8Array(2 * 1024 * 1024)
  for (let i = 0; i < 10; i++) inbox.deliver(grey, 1, big)
  assert.equal(inbox.queued, 2, 'two 2 MiB payloads fit in 5 MiB')
  assert.equal(inbox.bytes, 4 * 1024 * 1024)
  assert.equal(stats.drops.get('greylist_queue_full'), 8)
  await clock.advance(0)
  assert.equal(handled, 2)
  assert.equal(inbox.bytes, 0)
})
