// The testnet's figures (src/cli/testnet/figures.ts) from hand-made timelines: propagation
// and finality over the steady hosts only, a perturbed host left out until it is back at
// the head, back-at-head times for each kind, traffic per block summed over restarts,
// percentiles by nearest rank. And the manifest: defaults, flags, checks.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { computeFigures, distribution, type HostTimeline, type PerturbationRecord } from '../../src/cli/testnet/figures.js'
import { hostLink, parseManifest, parsePerturbationFlag, validatorCount } from '../../src/cli/testnet/manifest.js'
import { manifestFromFlags } from '../../src/cli/testnet/command.js'

const hash = (h: number): string => `hash${h}`

/** n hosts, up from t = −1000, making block h final at h·1000 + 100 + 10·host, each having it at h·1000 + delay(host). */
function network (n: number, blocks: number, delay: (host: number, h: number) => number): HostTimeline[] {
  return Array.from({ length: n }, (_, host) => ({
    host,
    ups: [{ t: -1000, incarnation: 0, height: 0 }],
    finals: Array.from({ length: blocks }, (_, k) => ({ t: (k + 1) * 1000 + 100 + 10 * host, h: k + 1, hash: hash(k + 1), app_hash: `app${k + 1}`, txs: 3 })),
    candidates: Array.from({ length: blocks }, (_, k) => {
      const h = k + 1
      const proposer = h % n
      return { t: h * 1000 + (host === proposer ? 0 : delay(host, h)), h, hash: hash(h), from: host === proposer ? null : 'peer' }
    }),
    stats: Array.from({ length: blocks + 2 }, (_, k) => ({ t: k * 1000 - 500, incarnation: 0, msgs_in: 10 * k, msgs_out: 20 * k, bytes_in: 1000 * k, bytes_out: 2000 * k, loop_p99_ms: 5, loop_max_ms: 8, cpu_wait_ms: 3, final_by_sync: 0 })),
    snapshots: []
  }))
}

test('propagation is the time until the last steady host had the block; finality until it was final on all; starved blocks apart', () => {
  const hosts = network(4, 10, (host) => 20 * host + 10)
  const f = computeFigures(hosts, [], 0, 11_000)
  assert.equal(f.blocks.count, 10)
  assert.equal(f.blocks.txs, 30)
  assert.equal(f.blocks.measured, 10)
  assert.equal(f.blocks.missing_copies, 0)
  // the slowest receiver is host 3 (70 ms) unless it proposed, then host 2 (50 ms)
  const expected = Array.from({ length: 10 }, (_, k) => ((k + 1) % 4 === 3 ? 50 : 70))
  assert.deepEqual(f.blocks.heights.map((b) => b.propagation_ms), expected)
  assert.deepEqual(f.blocks.propagation_ms, { p50: 70, p99: 70, max: 70, samples: 10 })
  assert.deepEqual(f.blocks.finality_ms, { p50: 130, p99: 130, max: 130, samples: 10 }, 'host 3 makes it final 130 ms after the proposal')
  assert.deepEqual(f.per_block.map((p) => [p.msgs_in, p.bytes_out]), [[10, 2000], [10, 2000], [10, 2000], [10, 2000]])
  assert.equal(f.blocks.propagation_unstarved_ms.samples, 10)

  // host 2's event loop runs 80 ms late in the second after block 5's proposal: that block measures the machine
  hosts[2]!.stats.find((s) => s.t === 5500)!.loop_p99_ms = 80
  hosts[2]!.stats.find((s) => s.t === 5500)!.loop_max_ms = 80
  // and host 1's stalls once, 120 ms, in the second before 7 500 (its p99 does not show it): block 7 too
  hosts[1]!.stats.find((s) => s.t === 7500)!.loop_max_ms = 120
  // and host 0 waits 60 ms for a CPU in the second before 9 500, its event loop never late by more than 8 ms: block 9 too
  hosts[0]!.stats.find((s) => s.t === 9500)!.cpu_wait_ms = 60
  const g = computeFigures(hosts, [], 0, 11_000)
  assert.equal(g.blocks.heights.find((b) => b.h === 9)!.cpu_wait_ms, 60)
  assert.equal(g.blocks.heights.find((b) => b.h === 8)!.cpu_wait_ms, 3)
  assert.equal(g.blocks.heights.find((b) => b.h === 5)!.loop_ms, 80)
  assert.equal(g.blocks.heights.find((b) => b.h === 7)!.loop_ms, 120)
  assert.equal(g.blocks.heights.find((b) => b.h === 4)!.loop_ms, 8)
  assert.equal(g.blocks.propagation_unstarved_ms.samples, 7)
  assert.equal(g.event_loop_delay_ms.max, 80)
})

test('a perturbed host is left out of propagation until it is back at the head, and its recovery is measured', () => {
  // host 1 is killed at 3 500, restarted at 5 000, and has blocks 4..7 only at 7 200 (back at head then: the others are at 7)
  const hosts = network(4, 10, () => 30)
  const h1 = hosts[1]!
  h1.finals = h1.finals.filter((f) => f.h <= 3 || f.h >= 8)
  h1.finals.push(...[4, 5, 6, 7].map((h) => ({ t: 7200, h, hash: hash(h), app_hash: `app${h}`, txs: 3 })))
  h1.candidates = h1.candidates.filter((c) => c.h <= 3 || c.h >= 7)
  h1.candidates.find((c) => c.h === 8)!.t = 8000 + 900 // slow, but within the margin after its recovery: not counted
  h1.ups.push({ t: 6000, incarnation: 1, height: 3 })
  // blocks 4..7 by block sync: the new incarnation's counter from 0 (the old one had 9 from an earlier catch-up), 4 by 7 500, more later after another cut
  h1.stats = [...h1.stats.filter((s) => s.t < 3500).map((s) => ({ ...s, final_by_sync: 9 })), ...h1.stats.filter((s) => s.t >= 6000).map((s) => ({ ...s, incarnation: 1, msgs_in: s.msgs_in - 50, bytes_out: s.bytes_out - 10_000, final_by_sync: s.t < 7000 ? 0 : s.t < 9000 ? 4 : 6 }))]
  const kill: PerturbationRecord = { kind: 'kill', host: 1, startedAt: 3500, endedAt: 5000 }
  const f = computeFigures(hosts, [kill], 0, 11_000)
  assert.equal(f.perturbations[0]!.back_at_head_ms, 7200 - 5000, 'from the restart to the first final at the head')
  assert.equal(f.perturbations[0]!.resumed_height, 3)
  assert.equal(f.perturbations[0]!.blocks_by_sync, 4, 'the restarted incarnation\'s blocks by block sync until it was back')
  const cut: PerturbationRecord = { kind: 'disconnect', host: 1, startedAt: 8000, endedAt: 9200 }
  assert.equal(computeFigures(hosts, [cut], 0, 11_000).perturbations[0]!.blocks_by_sync, 2, 'same incarnation: the difference')
  assert.equal(f.blocks.missing_copies, 0, 'no copy is missed by a steady host')
  const h8 = f.blocks.heights.find((b) => b.h === 8)!
  assert.equal(h8.hosts, 3, 'host 1 left out within the margin of its recovery')
  assert.equal(h8.propagation_ms, 30)
  assert.ok(f.blocks.heights.filter((b) => b.hosts === 4).length >= 2, 'host 1 counted again later')
  assert.ok(f.blocks.propagation_ms.max <= 30)
  // traffic: both incarnations' deltas (no counter reset read as negative traffic)
  assert.ok(f.per_block[1]!.msgs_in > 0 && f.per_block[1]!.bytes_out > 0)
})

test('back at head: 0 for a host that never fell behind, null when it never got back, from the start for a late joiner', () => {
  const hosts = network(3, 10, () => 20)
  // host 0's link is slow until 4 050: it makes 3 and 4 final only at 4 300
  hosts[0]!.finals = hosts[0]!.finals.map((x) => x.h === 3 || x.h === 4 ? { ...x, t: 4300 } : x)
  const impair: PerturbationRecord = { kind: 'impair', host: 0, startedAt: 2000, endedAt: 4050 }
  const stuck: PerturbationRecord = { kind: 'pause', host: 2, startedAt: 6000, endedAt: 8000 }
  hosts[2]!.finals = hosts[2]!.finals.filter((f) => f.h < 6)
  hosts[2]!.candidates = hosts[2]!.candidates.filter((c) => c.h < 6)
  const f = computeFigures(hosts, [impair, stuck], 0, 11_000)
  assert.equal(f.perturbations[0]!.back_at_head_ms, 250, 'behind when the impairment ends, back when it makes 4 final')
  assert.equal(computeFigures(hosts, [{ ...impair, endedAt: 4350 }], 0, 11_000).perturbations[0]!.back_at_head_ms, 0, 'at the head when it ends: 0')
  assert.equal(f.perturbations[1]!.back_at_head_ms, null)
  assert.equal(f.blocks.heights.find((b) => b.h === 10)!.hosts, 2, 'a host that never came back stays out')

  // a host cut off while the others stalled without it is at the head at link-up, but back only once it makes a block final again
  const stalled = network(3, 10, () => 20).map((h) => ({ ...h, finals: h.finals.map((x) => x.h >= 5 ? { ...x, t: x.t + 6000 } : x) }))
  const cut: PerturbationRecord = { kind: 'disconnect', host: 1, startedAt: 4500, endedAt: 9000 }
  assert.equal(computeFigures(stalled, [cut], 0, 17_000).perturbations[0]!.back_at_head_ms, 5000 + 6000 + 100 + 10 - 9000)

  const late = network(3, 10, () => 20)
  late[2]!.ups = [{ t: 4000, incarnation: 0, height: 0 }]
  late[2]!.finals = late[2]!.finals.map((x) => x.h <= 5 ? { ...x, t: 5500 } : x)
  late[2]!.snapshots = [{ t: 5400, h: 4 }]
  const join: PerturbationRecord = { kind: 'join', host: 2, startedAt: 4000, endedAt: 4000 }
  const g = computeFigures(late, [join], 0, 11_000)
  assert.equal(g.perturbations[0]!.back_at_head_ms, 1500)
  assert.equal(g.perturbations[0]!.synced_by, 'snapshot')
  assert.equal(g.perturbations[0]!.snapshot_height, 4)
  assert.equal(g.blocks.heights.find((b) => b.h === 3)!.hosts, 2, 'not counted before it joined')
})

test('distribution: nearest-rank percentiles of any samples', () => {
  assert.deepEqual(distribution([]), { p50: 0, p99: 0, max: 0, samples: 0 })
  assert.deepEqual(distribution([5, 1, 3]), { p50: 3, p99: 5, max: 5, samples: 3 })
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 300 }), (xs) => {
    const d = distribution(xs)
    const sorted = [...xs].sort((a, b) => a - b)
    return d.p50 <= d.p99 && d.p99 <= d.max && d.max === sorted.at(-1) && xs.includes(d.p50) && xs.includes(d.p99) &&
      sorted.filter((x) => x <= d.p99).length >= 0.99 * xs.length
  }))
})

test('manifest: defaults, flags over the file, and checks naming each problem', async () => {
  const m = parseManifest({})
  assert.equal(m.hosts, 5)
  assert.equal(validatorCount(m), 5)
  assert.deepEqual([0, 2, 4].map((i) => hostLink(m, i).delayMs), [20, 35, 50])
  const flags = parseManifest(await manifestFromFlags({ hosts: 4, seconds: 30, delay: '10-40', perturb: ['kill:1@5+3', 'join:3@10', 'impair:0@12+4:delay_ms=200,loss=0.05'] }))
  assert.equal(validatorCount(flags), 3, 'the late joiner is not a validator')
  assert.deepEqual(flags.perturbations[2], { kind: 'impair', host: 0, at: 12, for: 4, delay_ms: 200, loss: 0.05 })
  assert.deepEqual([0, 3].map((i) => hostLink(flags, i).delayMs), [10, 40])
  assert.throws(() => parseManifest({ hosts: 3, seconds: 10, perturbations: [{ kind: 'kill', host: 3, at: 1, for: 2 }, { kind: 'pause', host: 0, at: 12, for: 1 }] }),
    /host 3 does not exist.*at 12 s is not within the run/)
  assert.throws(() => parseManifest({ hosts: 3, perturbations: [{ kind: 'join', host: 0, at: 5 }] }), /validators: hosts that join late/)
  assert.throws(() => parseManifest({ hosts: 3, perturbations: [{ kind: 'join', host: 2, at: 5 }, { kind: 'kill', host: 2, at: 2, for: 1 }] }), /joins at 5 s, after this kill/)
  assert.throws(() => parseManifest({ bandwidth: 'fast' }), /bandwidth: a tc rate/)
  assert.throws(() => parsePerturbationFlag('explode 1'), /--perturb: got "explode 1"/)
  await assert.rejects(manifestFromFlags({ delay: 'slow' }), /--delay: got "slow"/)
})
