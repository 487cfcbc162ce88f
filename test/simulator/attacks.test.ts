// Each attack with one third of the nodes Byzantine: every honest node still gets every
// valid block, every invariant holds, and the attackers whose misbehaviour is provable
// (invalid blocks, spam past the rate limit, malformed frames, duplicate floods) are banned
// by the honest nodes they reached. Withholding and delaying are not provable (a slow or
// far peer looks the same): they cost time, and nobody honest is banned for them.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { run, small, why } from './helpers.js'

for (const kind of ['invalid-blocks', 'spam', 'malformed', 'duplicate-flood'] as const) {
  test(`${kind} at one third Byzantine: honest delivery 100%, every attacker banned`, async () => {
    const r = await run(small(kind), 2)
    const { report } = r
    assert.ok(report.passed, why(r))
    assert.equal(report.nodes.byzantine, 7)
    assert.equal(report.delivery.honest_fraction, 1)
    assert.equal(report.attack!.banned, 7, JSON.stringify(report.attack))
    // banned by every honest node that saw enough of it; a duplicate flood first disconnects, and a static peer may come back once it stops
    if (kind !== 'duplicate-flood') assert.equal(report.attack!.honest_links_to_attackers_at_end, 0)
    assert.ok(report.attack!.time_to_first_ban_ms!.max < 5000, JSON.stringify(report.attack!.time_to_first_ban_ms))
  })
}

for (const kind of ['withhold', 'delay'] as const) {
  test(`${kind} at one third Byzantine: honest delivery 100%, no honest node banned`, async () => {
    const r = await run(small(kind), 3)
    assert.ok(r.report.passed, why(r))
    assert.equal(r.report.delivery.honest_fraction, 1)
    assert.equal(r.report.invariants.counts.no_honest_ban, 0)
  })
}

test('a mix of every attack at one third Byzantine: honest delivery 100%, the provable attackers banned', async () => {
  const r = await run(small('attack-mix', { nodes: 30 }), 4)
  const { report } = r
  assert.ok(report.passed, why(r))
  assert.equal(report.delivery.honest_fraction, 1)
  const a = report.attack!
  const provable = (a.by_kind['invalid-blocks'] ?? 0) + (a.by_kind.spam ?? 0) + (a.by_kind.malformed ?? 0) + (a.by_kind['duplicate-flood'] ?? 0)
  assert.ok(a.banned >= provable, JSON.stringify(a))
})

test('eclipse: Sybils (a third) all dial one victim, which knows one honest node, and answer its peer exchange with Sybil-only lists; the victim fills its outbound slots with honest peers and gets every block', async () => {
  const r = await run(small('eclipse', { nodes: 30 }), 5)
  const { report } = r
  assert.ok(report.passed, why(r))
  assert.equal(report.delivery.honest_fraction, 1)
  const e = report.attack!.eclipse!
  assert.ok(e.peers - e.sybil_peers >= 2, JSON.stringify(e))
  assert.ok(e.outbound >= 3, `peer exchange found it more outbound peers than the one it knew: ${JSON.stringify(e)}`)
  assert.ok(e.sybil_outbound * 2 < e.outbound, `most outbound slots stay honest: ${JSON.stringify(e)}`)
})
