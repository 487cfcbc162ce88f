// `kuber-p2p sim` as a user runs it: the seed comes first, a summary at the end, a
// deterministic JSON and HTML report; `--seeds A..B` names every seed's outcome; a run whose
// invariant breaks exits 1 with the seed, the first event that broke it and the command
// that replays it; a bad flag is refused before anything runs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { runCli } from '../helpers/cli.js'

const digest = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex')
const dir = mkdtempSync(join(tmpdir(), 'kuber-sim-'))

test('sim prints its seed first and a summary; the same seed writes the same JSON and HTML, byte for byte', { timeout: 120_000 }, async () => {
  const args = ['sim', '--scenario', 'invalid-blocks', '--nodes', '15', '--blocks', '6', '--seed', '9', '--quiet']
  const a = await runCli([...args, '--out', join(dir, 'a.json'), '--html', join(dir, 'a.html')], { timeoutMs: 90_000 })
  const b = await runCli([...args, '--out', join(dir, 'b.json'), '--html', join(dir, 'b.html')], { timeoutMs: 90_000 })
  assert.equal(a.status, 0, a.stdout + a.stderr)
  assert.match(a.stdout.split('\n')[0]!, /^kuber sim: seed 9, scenario invalid-blocks, 15 nodes$/)
  assert.match(a.stdout, /delivery to honest nodes 100%/)
  assert.match(a.stdout, /attack invalid-blocks: 5 attackers, 5 banned/)
  assert.match(a.stdout, /invariants: all held/)
  assert.equal(digest(join(dir, 'a.json')), digest(join(dir, 'b.json')))
  assert.equal(digest(join(dir, 'a.html')), digest(join(dir, 'b.html')))
  assert.equal(JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')).seed, 9)
})

test('sim --seeds sweeps, and a failing scenario file exits 1 naming the seed and how to replay it', { timeout: 120_000 }, async () => {
  const ok = await runCli(['sim', '--scenario', 'spam', '--nodes', '9', '--blocks', '2', '--seeds', '1..3', '--quiet'], { timeoutMs: 90_000 })
  assert.equal(ok.status, 0, ok.stdout + ok.stderr)
  assert.match(ok.stdout, /seed 1: passed[^]*seed 2: passed[^]*seed 3: passed/)
  assert.match(ok.stdout, /3 passed, 0 failed/)

  const file = join(dir, 'forgetful.json')
  writeFileSync(file, JSON.stringify({ name: 'forgetful', nodes: 12, blocks: { count: 8 }, livenessMs: 3000, partition: { share: 0.5, atMs: 1000, healMs: 8000 }, config: { blocks: { compactRelay: false }, gossip: { historyTtlMs: 3000 } } }))
  const bad = await runCli(['sim', '--scenario', file, '--seeds', '4..5', '--quiet'], { timeoutMs: 90_000 })
  assert.equal(bad.status, 1, bad.stdout + bad.stderr)
  assert.match(bad.stdout, /seed 4: FAILED liveness at [0-9.]+ ms, node \d+: never got block/)
  assert.match(bad.stdout, new RegExp(`replay: kuber-p2p sim --scenario ${file.replace(/[/.]/g, '\\$&')} --nodes 12 --seed 4`))
})

test('sim refuses a bad flag or scenario before running', async () => {
  const r = await runCli(['sim', '--scenario', 'nonsense'])
  assert.equal(r.status, 1)
  assert.match(r.stderr, /unknown scenario "nonsense": one of propagation, chain/)
  const s = await runCli(['sim', '--byzantine', '0.5'])
  assert.equal(s.status, 1)
  assert.match(s.stderr, /expected a share in \[0, 1\/3\]/)
  const set = await runCli(['sim', '--scenario', 'attacks', '--seeds', '1..3'])
  assert.equal(set.status, 1)
  assert.match(set.stderr, /--seeds: the set "attacks" runs with one --seed/)
})
