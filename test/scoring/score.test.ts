// Scoring maths (spec §9) and the scorer: bounds, decay toward base, bans that escalate.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { DEFAULT_SCORE_PARAMS, initialScoreState, record, scoreOf, validateScoreParams } from '../../src/scoring/score.js'
import { PeerScorer, type BanEntry } from '../../src/scoring/scorer.js'
import { VirtualClock } from '../../src/runtime/virtual-clock.js'
import type { PeerId } from '../../src/identity/peer-id.js'

const p = DEFAULT_SCORE_PARAMS

test('the score stays in [0, 100] whatever happens', () => {
  fc.assert(fc.property(fc.array(fc.tuple(fc.double({ min: -200, max: 200, noNaN: true }), fc.nat({ max: 3_600_000 })), { maxLength: 60 }), (events) => {
    let s = initialScoreState(0)
    let t = 0
    for (const [w, dt] of events) {
      t += dt
      s = record(s, w, t, p)
      const score = scoreOf(s, t, p)
      assert.ok(score >= 0 && score <= 100, String(score))
    }
  }))
})

test('scores decay back toward the base', () => {
  let s = record(initialScoreState(0), -30, 0, p)
  assert.equal(Math.round(scoreOf(s, 0, p)), 20)
  assert.equal(Math.round(scoreOf(s, p.halfLifeMs, p)), 35)
  s = record(initialScoreState(0), 40, 0, p)
  assert.equal(Math.round(scoreOf(s, 0, p)), 90)
  assert.ok(scoreOf(s, 10 * p.halfLifeMs, p) < 50.1)
})

test('credit cannot be banked above 100', () => {
  let s = initialScoreState(0)
  for (let i = 0; i < 1000; i++) s = record(s, 10, 0, p)
  s = record(s, -30, 0, p)
  assert.equal(Math.round(scoreOf(s, 0, p)), 70)
})

test('invalid parameters are refused at construction', () => {
  assert.throws(() => validateScoreParams({ ...p, banThreshold: 30, greylistThreshold: 25 }), RangeError)
  assert.throws(() => validateScoreParams({ ...p, base: 101 }), RangeError)
})

test('a peer falling below 10 is banned; bans escalate and expire', () => {
  const clock = new VirtualClock()
  const bans: BanEntry[] = []
  const scorer = new PeerScorer({ clock, banBaseMs: 1000, banMaxMs: 3000, onBan: (b) => bans.push(b) })
  const id = 'a'.repeat(64) as PeerId
  scorer.penalize(id, 'MALFORMED_MESSAGE') // 40
  scorer.penalize(id, 'MALFORMED_MESSAGE') // 30
  scorer.penalize(id, 'MALFORMED_MESSAGE') // 20
  assert.equal(scorer.band(id), 'greylisted')
  assert.equal(bans.length, 0)
  const u = scorer.penalize(id, 'MALFORMED_MESSAGE') // 10
  scorer.penalize(id, 'MALFORMED_MESSAGE') // 0
  assert.ok(u.score <= 10)
  assert.equal(bans.length, 1)
  assert.ok(scorer.isBanned(id))
  assert.equal(bans[0]!.until - clock.now(), 1000)
  scorer.ban(id, 'again')
  assert.equal(bans[1]!.until - clock.now(), 2000)
  scorer.ban(id, 'again')
  scorer.ban(id, 'again')
  assert.equal(bans[3]!.until - clock.now(), 3000, 'capped at banMaxMs')
})

test('an oversized frame bans at once', () => {
  const clock = new VirtualClock()
  const scorer = new PeerScorer({ clock })
  const id = 'b'.repeat(64) as PeerId
  const u = scorer.penalize(id, 'FRAME_TOO_LARGE')
  assert.equal(u.score, 0)
  assert.ok(u.ban !== undefined && scorer.isBanned(id))
})

test('the scorer forgets the least recently seen peers beyond its limit', () => {
  const scorer = new PeerScorer({ clock: new VirtualClock(), maxTracked: 100 })
  for (let i = 0; i < 1000; i++) scorer.reward(i.toString(16).padStart(64, '0') as PeerId, 1)
  assert.equal(scorer.tracked, 100)
})

test('slowness alone never takes a peer below the greylist threshold; misbehaviour still does', () => {
  fc.assert(fc.property(fc.array(fc.nat({ max: 60_000 }), { minLength: 1, maxLength: 400 }), (gaps) => {
    let t = 0
    const scorer = new PeerScorer({ clock: { now: () => t, wallNow: () => t } as unknown as VirtualClock })
    const id = 'slow' as PeerId
    for (const dt of gaps) {
      t += dt
      const u = scorer.penalize(id, 'SLOW_RESPONSE')
      assert.equal(u.ban, undefined)
      assert.ok(u.score >= p.greylistThreshold, String(u.score))
      assert.equal(scorer.isQuarantined(id), false)
    }
    for (let i = 0; i < 2; i++) scorer.penalize(id, 'INVALID_BLOCK')
    assert.equal(scorer.isBanned(id), true, 'a slow peer that also sends invalid blocks is banned')
  }), { numRuns: 50 })
})
