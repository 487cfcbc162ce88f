// End to end in a browser: a WebSocket devnet of reference-chain validators serves the
// light-client demo page; headless Chromium (Debian's, driven by playwright-core) opens
// it and the verified head height advances; a hostile node's page turns red. Screenshots
// go to test-output/ (git-ignored). Skipped, saying so, only where /usr/bin/chromium is
// absent outside CI (.ci/run installs it; in CI its absence fails the test).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
// @ts-expect-error: a plain .mjs build script, without types
import { buildLight } from '../../scripts/build-light.mjs'
import { lightHeaderSource } from '../../src/chain/light-source.js'
import { startNode } from '../helpers/nodes.js'
import { stopChains, testGenesis, untilHeight } from '../chain/helpers.js'
import { forging, wsDevnet, wsOf } from './helpers.js'

const CHROMIUM = '/usr/bin/chromium'
const OUT = new URL('../../test-output/', import.meta.url)
const missing = !existsSync(CHROMIUM)
if (missing && process.env.CI !== undefined) throw new Error(`${CHROMIUM} is missing in CI: .ci/run installs Debian's chromium`)

const pageUrl = (ws: string): string => ws.replace('ws://', 'http://') + '/'
/** In-page condition (a string: this project's types have no DOM): the verified head is at least h. */
const headAtLeast = (h: number): string => `Number(document.querySelector('#height')?.textContent) >= ${h}`
const height = async (page: Page): Promise<number> => Number(await page.textContent('#height')) || 0

test('the demo page in headless Chromium verifies the head as it advances; a forging node turns it red', { skip: missing ? `${CHROMIUM} not installed (apt-get install chromium; CI installs it)` : false, timeout: 90_000 }, async () => {
  await buildLight() // the page loads dist/light/kuber-light.js
  mkdirSync(OUT, { recursive: true })
  const genesis = testGenesis(4, { block_interval_ms: 200, propose_timeout_ms: 2000 })
  const chains = await wsDevnet(genesis, 4)
  let browser: Browser | undefined
  const hostile = await startNode({ chainId: genesis.chainId, pex: false, listen: ['ws://127.0.0.1:0'] })
  try {
    await untilHeight(chains, 2)
    hostile.serveLightClients(forging(genesis, lightHeaderSource(chains[1]!.store), 3, 'quorum'), { genesis: genesis.toJSON() })
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (err) => errors.push(err.message))
    await page.goto(pageUrl(wsOf(chains[0]!.node.listenAddresses)))
    await page.waitForFunction(headAtLeast(2), undefined, { timeout: 20_000 })
    await page.waitForFunction(headAtLeast(await height(page) + 3), undefined, { timeout: 20_000 })
    assert.equal(await page.getAttribute('#status', 'data-state'), 'ok')
    assert.equal(await page.textContent('#peer'), chains[0]!.node.peerId)
    assert.match(await page.textContent('#finality') ?? '', /of 4 validators signed/)
    await page.screenshot({ path: new URL('light-demo.png', OUT).pathname })
    assert.deepEqual(errors, [])

    const red = await browser.newPage()
    await red.goto(pageUrl(wsOf(hostile.listenAddresses)))
    await red.waitForFunction('document.querySelector("#status")?.dataset.state === "invalid"', undefined, { timeout: 20_000 })
    assert.match(await red.textContent('#status') ?? '', /NOT VERIFIED.*header 3.*BLOCK_BAD_COMMIT/)
    assert.equal(await height(red), 2)
    await red.screenshot({ path: new URL('light-demo-invalid.png', OUT).pathname })
  } finally {
    await browser?.close()
    await hostile.stop()
    await stopChains(chains)
  }
})
