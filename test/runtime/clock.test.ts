// Monotonic time and wall time are separate: timeouts and score decay follow the first,
// Hello timestamps and persisted ban expiries the second, so a wall-clock step (NTP, a
// suspended laptop) moves only what other machines and later runs read.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { VirtualClock } from '../../src/runtime/virtual-clock.js'
import { systemClock, withWallOffset } from '../../src/runtime/clock.js'
import { PeerScorer } from '../../src/scoring/scorer.js'
import { ErrorCodes } from '../../src/errors.js'
import type { PeerId } from '../../src/identity/peer-id.js'
import { SimNetwork } from '../../src/sim/sim-network.js'

const peer = 'ab'.repeat(32) as PeerId

test('the system clock gives wall time from Date.now and monotonic time apart', () => {
  const before = Date.now()
  const wall = systemClock.wallNow()
  assert.ok(wall >= before && wall <= Date.now())
  const a = systemClock.now()
  assert.ok(systemClock.now() >= a)
})

test('withWallOffset shifts wall time only', () => {
  const clock = new VirtualClock(1_000_000)
  const skewed = withWallOffset(clock, 20_000)
  assert.equal(skewed.now(), 1_000_000)
  assert.equal(skewed.wallNow(), 1_020_000)
})

test('a wall-clock step moves ban expiry but not timers or score decay', async () => {
  const clock = new VirtualClock()
  const scorer = new PeerScorer({ clock, banBaseMs: 60_000 })
  let fired = 0
  clock.setTimeout(() => { fired++ }, 5_000)
  scorer.penalize(peer, ErrorCodes.FRAME_TOO_LARGE) // bans at once
  assert.equal(scorer.isBanned(peer), true)
  const scoreBefore = scorer.score(peer)
  clock.wallOffsetMs = 3_600_000 // the wall clock jumps an hour ahead
  assert.equal(scorer.isBanned(peer), false, 'the ban expired by the wall clock')
  assert.equal(scorer.score(peer), scoreBefore, 'score decay did not see the jump')
  await clock.advance(4_999)
  assert.equal(fired, 0, 'a timeout did not fire early')
  await clock.advance(1)
  assert.equal(fired, 1)
})

test('a peer\'s connected_at is wall time, and follows a wall-clock step', async () => {
  const sim = new SimNetwork({ seed: 5, config: { pex: false } })
  await sim.addNode()
  await sim.addNode({ peers: [sim.address(0)] })
  assert.ok(await sim.runUntil(() => sim.nodes[0]!.connectedPeers().length === 1, 5000))
  const connectedWall = sim.clock.wallNow()
  await sim.run(1000)
  const at = (): number => Date.parse(sim.nodes[0]!.peers()[0]!.connected_at)
  assert.ok(Math.abs(at() - connectedWall) <= 1000, `${at()} vs ${connectedWall}`)
  sim.clock.wallOffsetMs = 3_600_000
  assert.ok(Math.abs(at() - (connectedWall + 3_600_000)) <= 1000, 'shown in the wall time operators read')
  await sim.stop()
})
