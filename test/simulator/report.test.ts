// The reports as a user gets them: `kuber-p2p sim --scenario attacks` runs every attack at
// one third Byzantine with one seed, prints a line per attack, exits 0 when every
// invariant held, and writes one JSON report (every run) and one self-contained HTML page.
// Headless Chromium (Debian's, driven by playwright-core) opens that page from a file with
// no network: the chart comparing the attacks and every run's five charts draw, no script
// fails, and a screenshot is saved to test-output/. The browser part is skipped, saying
// so, only where /usr/bin/chromium is absent outside CI (.ci/run installs it).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { runCli } from '../helpers/cli.js'
import type { SimReport } from '../../src/simulator/report.js'
import { SUITES } from '../../src/simulator/scenario.js'

const CHROMIUM = '/usr/bin/chromium'
const OUT = new URL('../../test-output/', import.meta.url)
const missing = !existsSync(CHROMIUM)
if (missing && process.env.CI !== undefined) throw new Error(`${CHROMIUM} is missing in CI: .ci/run installs Debian's chromium`)
mkdirSync(OUT, { recursive: true })
const html = new URL('sim-attacks.html', OUT).pathname
const json = new URL('sim-attacks.json', OUT).pathname
const ATTACKS = SUITES.attacks!
/** Provable misbehaviour: every attacker must be banned. Withholding, delaying and eclipsing look like a slow or far peer. */
const PROVABLE = new Set(['invalid-blocks', 'spam', 'malformed', 'duplicate-flood'])

const made = (async () => await runCli(['sim', '--scenario', 'attacks', '--nodes', '12', '--blocks', '5', '--seed', '2', '--html', html, '--out', json, '--quiet'], { timeoutMs: 150_000 }))()

test('sim --scenario attacks: every attack at one third Byzantine, honest delivery 100%, the provable attackers banned, one JSON report of every run', { timeout: 180_000 }, async () => {
  const r = await made
  assert.equal(r.status, 0, r.stdout + r.stderr)
  const lines = r.stdout.trim().split('\n')
  assert.match(lines[0]!, /^kuber sim: seed 2, set attacks \(invalid-blocks, spam, .*\), 12 nodes each$/)
  const report = JSON.parse(readFileSync(json, 'utf8')) as { set: string, seed: number, runs: SimReport[] }
  assert.equal(report.set, 'attacks')
  assert.deepEqual(report.runs.map((x) => x.scenario.name), ATTACKS)
  for (const run of report.runs) {
    const a = run.attack!
    const line = lines.find((l) => l.startsWith(`${run.scenario.name}: `))
    assert.ok(line !== undefined, `a line for ${run.scenario.name}`)
    assert.match(line, /^[a-z-]+: passed, delivery to honest nodes 100%, \d+ of 4 attackers banned/)
    assert.ok(run.passed, `${a.kind}: ${JSON.stringify(run.invariants.first)}`)
    assert.equal(run.nodes.byzantine, 4)
    assert.equal(run.delivery.honest_fraction, 1, a.kind)
    assert.equal(run.invariants.counts.no_honest_ban, 0, a.kind)
    // a mix splits its attackers among the kinds: those of a provable kind are banned, the others not
    const provable = Object.entries(a.by_kind).reduce((n, [kind, k]) => n + (PROVABLE.has(kind) ? k : 0), 0)
    assert.equal(a.banned, provable, `${a.kind}: ${JSON.stringify(a)}`)
  }
  const eclipse = report.runs.find((x) => x.attack!.kind === 'eclipse')!.attack!.eclipse!
  assert.ok(eclipse.peers - eclipse.sybil_peers >= 2, `the victim keeps honest peers: ${JSON.stringify(eclipse)}`)
  assert.match(r.stdout, /^8 passed, 0 failed/m)
})

test('the HTML report of every attack opens in headless Chromium with every chart drawn', { skip: missing ? `${CHROMIUM} not installed (apt-get install chromium; CI installs it)` : false, timeout: 180_000 }, async () => {
  const r = await made
  assert.equal(r.status, 0, r.stdout + r.stderr)
  const page = readFileSync(html, 'utf8')
  assert.doesNotMatch(page, /<script[^>]+src=|<link[^>]+href=/i, 'scripts and styles inline')
  assert.ok(statSync(html).size < 1_000_000)
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
  try {
    const tab = await browser.newPage({ viewport: { width: 1250, height: 1400 } })
    const errors: string[] = []
    tab.on('pageerror', (err) => errors.push(err.message))
    const requests: string[] = []
    tab.on('request', (req) => { if (!req.url().startsWith('file:')) requests.push(req.url()) })
    await tab.goto(`file://${html}`)
    await tab.waitForFunction('window.__chartsExpected > 0 && window.__chartsDrawn === window.__chartsExpected', undefined, { timeout: 30_000 })
    // the comparison, then per run: CDF, per block, bytes and duplicates, bans, topology
    assert.equal(await tab.evaluate('window.__chartsExpected'), 1 + 5 * ATTACKS.length)
    const blank = await tab.evaluate(`[...document.querySelectorAll('[data-chart] canvas')].filter((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
      for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return false
      return true
    }).length`)
    assert.equal(blank, 0, 'every chart has something on it')
    const text = await tab.innerText('body')
    assert.match(text, /Runs compared: delivery to honest nodes and time until attackers are banned/)
    assert.equal(text.match(/all invariants held/g)?.length, ATTACKS.length)
    await tab.screenshot({ path: new URL('sim-attacks.png', OUT).pathname, fullPage: true })
    assert.deepEqual(errors, [])
    assert.deepEqual(requests, [])
  } finally {
    await browser.close()
  }
})
