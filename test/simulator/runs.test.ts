// Whole runs of the simulator: the same seed gives the same report byte for byte (and
// another seed another one); a partition heals and both sides converge on the reference
// chain; nodes that leave and come back, and nodes that join late, catch up; lossy,
// duplicating and corrupting links lose no block; and a broken invariant fails the run
// with the seed and the first event that broke it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { run, small, why } from './helpers.js'

test('the same seed gives a byte-identical report; another seed gives another', async () => {
  const scenario = small('attack-mix', { nodes: 18, faults: { loss: 0.02, reorder: 0.02, duplicate: 0.02, corrupt: 0.002 } })
  const a = JSON.stringify((await run(scenario, 11)).report)
  const b = JSON.stringify((await run(scenario, 11)).report)
  const c = JSON.stringify((await run(scenario, 12)).report)
  assert.equal(a, b)
  assert.notEqual(a, c)
  assert.doesNotMatch(a, /wall|rss/i, 'no wall time or memory in the deterministic report')
})

test('a partition of a third of the network heals and both sides converge on the same chain', async () => {
  const r = await run(small('partition', { nodes: 24, livenessMs: 25_000, blocks: { count: 10 } }), 3)
  const { report } = r
  assert.ok(report.passed, why(r))
  assert.equal(report.delivery.honest_fraction, 1)
  assert.ok(report.blocks.final_height! > report.blocks.target_height!, JSON.stringify(report.blocks))
})

test('churn and late joiners: nodes that leave and come back, and nodes that join after 5 s, catch up on the chain', async () => {
  for (const preset of ['churn', 'late-join'] as const) {
    const r = await run(small(preset, { nodes: 20, livenessMs: 15_000, blocks: { count: 8 }, ...(preset === 'late-join' ? { lateJoin: { nodes: 3, atMs: 4000 } } : {}) }), 6)
    assert.ok(r.report.passed, `${preset}: ${why(r)}`)
    assert.equal(r.report.delivery.honest_fraction, 1, preset)
  }
})

test('lossy, reordering, duplicating and corrupting links: every block reaches every honest node; corrupted records are caught', async () => {
  const r = await run(small('faults', { nodes: 20, faults: { loss: 0.02, reorder: 0.02, duplicate: 0.02, corrupt: 0.005 } }), 8)
  assert.ok(r.report.passed, why(r))
  assert.equal(r.report.delivery.honest_fraction, 1)
  assert.ok(r.report.faults.corrupted > 0 && r.report.faults.lost > 0, JSON.stringify(r.report.faults))
})

test('a broken invariant fails the run with the first event that broke it', async () => {
  // a plain network with a 2 s gossip memory, cut in two for 8 s: blocks made on one side never reach the other
  const r = await run(small('partition', {
    chain: false, nodes: 16, blocks: { count: 10 }, partition: { share: 0.5, atMs: 1000, healMs: 9000 },
    config: { blocks: { compactRelay: false }, gossip: { historyTtlMs: 3000 } }
  }), 1)
  assert.equal(r.report.passed, false)
  const v = r.report.invariants.first!
  assert.equal(v.invariant, 'liveness')
  assert.match(v.detail, /never got block [0-9a-f]{12} \(height \d+/)
  assert.ok(r.report.invariants.counts.liveness >= 1)
})
