// A seed sweep: 20 seeds of a small network with every kind of trouble at once (an attack
// mix at one third Byzantine, lossy and corrupting links): every invariant holds on every
// seed. A failing seed is replayed alone with `kuber-p2p sim --seed S`.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { run, small } from './helpers.js'

test('20 seeds of an attack mix on faulty links: every invariant holds on every seed', async () => {
  const scenario = small('attack-mix', { nodes: 12, livenessMs: 3000, blocks: { count: 3 }, faults: { loss: 0.01, duplicate: 0.01, reorder: 0.01, corrupt: 0.002 } })
  const failed: string[] = []
  for (let seed = 100; seed < 120; seed++) {
    const { report } = await run(scenario, seed)
    if (!report.passed || report.delivery.honest_fraction !== 1) failed.push(`seed ${seed}: ${JSON.stringify(report.invariants.first)} delivery ${report.delivery.honest_fraction}`)
  }
  assert.deepEqual(failed, [])
})
