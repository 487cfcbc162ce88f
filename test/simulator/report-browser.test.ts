// The HTML report as a person sees it: `kuber-p2p sim --html` writes one self-contained
// page; headless Chromium (Debian's, driven by playwright-core) opens it from a file with
// no network, every chart draws, no script fails, and a screenshot is saved to test-output/.
// Skipped, saying so, only where /usr/bin/chromium is absent outside CI (.ci/run installs it).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { runCli } from '../helpers/cli.js'

const CHROMIUM = '/usr/bin/chromium'
const OUT = new URL('../../test-output/', import.meta.url)
const missing = !existsSync(CHROMIUM)
if (missing && process.env.CI !== undefined) throw new Error(`${CHROMIUM} is missing in CI: .ci/run installs Debian's chromium`)

test('the HTML report opens in headless Chromium with every chart drawn', { skip: missing ? `${CHROMIUM} not installed (apt-get install chromium; CI installs it)` : false, timeout: 120_000 }, async () => {
  mkdirSync(OUT, { recursive: true })
  const html = new URL('sim-report.html', OUT).pathname
  const json = new URL('sim-report.json', OUT).pathname
  const r = await runCli(['sim', '--scenario', 'attack-mix', '--nodes', '18', '--blocks', '4', '--seed', '5', '--html', html, '--out', json, '--quiet'], { timeoutMs: 90_000 })
  assert.equal(r.status, 0, r.stdout + r.stderr)
  const page = readFileSync(html, 'utf8')
  assert.doesNotMatch(page, /<script[^>]+src=|<link[^>]+href=/i, 'scripts and styles inline')
  assert.ok(statSync(html).size < 400_000)
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
  try {
    const tab = await browser.newPage({ viewport: { width: 1250, height: 1400 } })
    const errors: string[] = []
    tab.on('pageerror', (err) => errors.push(err.message))
    const requests: string[] = []
    tab.on('request', (req) => { if (!req.url().startsWith('file:')) requests.push(req.url()) })
    await tab.goto(`file://${html}`)
    await tab.waitForFunction('window.__chartsExpected > 0 && window.__chartsDrawn === window.__chartsExpected', undefined, { timeout: 20_000 })
    assert.equal(await tab.evaluate('window.__chartsExpected'), 5, 'CDF, per block, bytes and duplicates, bans, topology')
    // every chart's canvas has something on it
    const blank = await tab.evaluate(`[...document.querySelectorAll('[data-chart] canvas')].filter((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
      for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return false
      return true
    }).length`)
    assert.equal(blank, 0)
    assert.match(await tab.textContent('body') ?? '', /all invariants held/)
    await tab.screenshot({ path: new URL('sim-report.png', OUT).pathname, fullPage: true })
    assert.deepEqual(errors, [])
    assert.deepEqual(requests, [])
  } finally {
    await browser.close()
  }
})
