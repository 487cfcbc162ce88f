// A thousand real nodes over six regions (the region latency table, 100 Mbit/s uplinks,
// about six links each): every block from the rotating proposers reaches every node, and
// T_prop p99 is within spec §10's 200 ms, or the report says by how much it misses, with
// the shortest-path bound beside it to say why.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { loadScenario } from '../../src/simulator/scenario.js'
import { run, why } from './helpers.js'

test('1,000 nodes over six regions: every block reaches every node; T_prop p99 ≤ 200 ms or the report says by how much and why', { timeout: 300_000 }, async () => {
  const base = loadScenario('propagation')
  const r = await run(loadScenario('propagation', { nodes: 1000, degree: 3, livenessMs: 1000, blocks: { ...base.blocks, count: 3 } }), 7)
  const { report } = r
  assert.ok(report.passed, why(r))
  assert.equal(report.nodes.total, 1000)
  assert.equal(report.delivery.honest_fraction, 1)
  assert.ok(report.bound_ms.p99 > 0 && report.t_prop_ms.p99 >= report.bound_ms.p99, JSON.stringify({ t: report.t_prop_ms, bound: report.bound_ms }))
  const s = report.spec_t_prop
  if (s.met) assert.ok(s.p99_ms <= 200)
  else assert.match(s.note, new RegExp(`misses by ${s.p99_ms - 200 > 0 ? '' : '-'}[0-9.]+ ms; the shortest-path bound's p99 is [0-9.]+ ms`))
  console.log(`1,000 nodes: T_prop p50 ${report.t_prop_ms.p50} ms, p99 ${report.t_prop_ms.p99} ms (bound p99 ${report.bound_ms.p99} ms, ratio p50 ${report.t_prop_vs_bound.p50}); ${s.note}`)
})
