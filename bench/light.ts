// `npm run bench -- light`: the light client's cost and speed.
// 1. Headers verified per second in Node with each crypto provider: the light client's
//    verifier (src/light/verify.ts, the chain's own rules) built with esbuild twice, once
//    with the node:crypto provider and once with the @noble/* one (as the browser bundle
//    is), over the same chain of signed headers (each: proposer signature, parent link,
//    a commit of `--validators` validators' votes).
// 2. Commit to verified head in the browser: a devnet of 4 validators over WebSocket,
//    the demo page in headless Chromium; for `--blocks` blocks, the time from validator 0
//    making a block final to the page reporting it verified (p50/p99). Skipped without
//    /usr/bin/chromium.
//
// Flags: --headers 300 --validators 4 --blocks 100 --block-interval-ms 200
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { blockHash, identityFromSeed, peerIdToBytes, type Identity, type pb } from '../src/index.js'
import { Genesis } from '../src/chain/genesis.js'
import { blockSignBytes } from '../src/chain/signing.js'
import { signVote } from '../src/chain/votes.js'
import { parseFlags, round, summarize, table, type Summary } from './lib/stats.js'
import type { BenchResult } from './run.js'

const root = fileURLToPath(new URL('..', import.meta.url))

interface VerifierModule {
  HeaderVerifier: new (genesis: unknown) => { verify(s: pb.SignedHeader, parent: unknown): { height: number, hash: Uint8Array, timestamp: number } }
  Genesis: { parse(json: unknown): unknown }
}

/** The verifier bundled for Node with one provider (the browser build swaps the same file). */
async function verifierWith (provider: 'node' | 'noble', dir: string): Promise<VerifierModule> {
  const outfile = join(dir, `verify-${provider}.mjs`)
  await build({
    stdin: { contents: "export { HeaderVerifier } from './src/light/verify.ts'\nexport { Genesis } from './src/chain/genesis.ts'\n", resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'silent',
    packages: 'external',
    plugins: provider === 'noble' ? [{ name: 'noble', setup: (b) => { b.onResolve({ filter: /crypto\/provider\.js$/ }, () => ({ path: `${root}src/crypto/provider.browser.ts` })) } }] : []
  })
  return await import(pathToFileURL(outfile).href) as VerifierModule
}

function signedChain (genesisJson: unknown, keys: Identity[], count: number): pb.SignedHeader[] {
  const genesis = Genesis.parse(genesisJson)
  const out: pb.SignedHeader[] = []
  let parent: Uint8Array<ArrayBuffer> = new Uint8Array(32)
  let timestamp = Date.now() - count * 1000
  for (let height = 1; height <= count; height++) {
    timestamp += 1000
    const proposer = genesis.proposer(height, 0)
    const header: pb.BlockHeader = { height, parentHash: parent as Uint8Array<ArrayBuffer>, proposer: peerIdToBytes(proposer.peerId) as Uint8Array<ArrayBuffer>, timestamp, txRoot: new Uint8Array(32), appHash: new Uint8Array(32), round: 0, lastCommitHash: new Uint8Array(0) }
    const hash = blockHash(header)
    const signers = genesis.validators.slice(0, genesis.quorum)
    out.push({
      header,
      proposerSignature: keys[proposer.index]!.sign(blockSignBytes(genesis.chainId, hash)) as Uint8Array<ArrayBuffer>,
      commit: { height, round: 0, blockHash: hash as Uint8Array<ArrayBuffer>, signatures: signers.map((v) => ({ validatorIndex: v.index, signature: signVote(keys[v.index]!, genesis.chainId, height, 0, hash).signature })) }
    })
    parent = hash as Uint8Array<ArrayBuffer>
  }
  return out
}

async function headersPerSecond (validators: number, count: number): Promise<Array<Record<string, unknown>>> {
  const keys = Array.from({ length: validators }, (_, i) => identityFromSeed(new Uint8Array(32).fill(i + 1)))
  const genesisJson = { chain_id: 'kuber-bench', genesis_time: new Date(0).toISOString(), validators: keys.map((k, i) => ({ name: `v${i}`, public_key: Buffer.from(k.publicKey).toString('hex') })) }
  const headers = signedChain(genesisJson, keys, count)
  const dir = join(root, 'bench/.tmp') // inside the package, so the bundles' dependencies resolve
  mkdirSync(dir, { recursive: true })
  const rows = []
  for (const provider of ['node', 'noble'] as const) {
    const m = await verifierWith(provider, dir)
    const runs: number[] = []
    for (let rep = 0; rep < 3; rep++) {
      const verifier = new m.HeaderVerifier(m.Genesis.parse(genesisJson))
      let parent: unknown
      const t0 = performance.now()
      for (const h of headers) parent = verifier.verify(h, parent)
      runs.push(headers.length / ((performance.now() - t0) / 1000))
    }
    runs.sort((a, b) => a - b)
    rows.push({ provider, validators, signatures_per_header: Math.floor((2 * validators) / 3) + 2, headers: count, headers_per_s: round(runs[1]!, 0), reps: runs.map((r) => round(r, 0)) })
    process.stderr.write(`${provider}: ${round(runs[1]!, 0)} headers/s (${validators} validators)\n`)
  }
  return rows
}

async function browserCommitToHead (blocks: number, intervalMs: number): Promise<Summary | null> {
  if (!existsSync('/usr/bin/chromium')) return null
  const { chromium } = await import('playwright-core')
  // @ts-expect-error: a plain .mjs build script, without types
  const { buildLight } = await import('../scripts/build-light.mjs') as { buildLight: () => Promise<unknown> }
  const { testGenesis, stopChains } = await import('../test/chain/helpers.js')
  const { wsDevnet, wsOf } = await import('../test/light/helpers.js')
  await buildLight()
  const genesis = testGenesis(4, { block_interval_ms: intervalMs, propose_timeout_ms: 3000 })
  const chains = await wsDevnet(genesis, 4)
  const finalAt = new Map<number, number>()
  chains[0]!.on('final', (e) => finalAt.set(e.height, Date.now()))
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
  try {
    const page = await browser.newPage()
    await page.goto(wsOf(chains[0]!.node.listenAddresses).replace('ws://', 'http://') + '/')
    await page.waitForFunction('window.kuberLight?.samples.length > 0', undefined, { timeout: 30_000 })
    const start = chains[0]!.tip.height + 2 // measure blocks the page sees arrive live
    const end = start + blocks - 1
    await page.waitForFunction(`window.kuberLight.samples.some((s) => s.height >= ${end})`, undefined, { timeout: blocks * intervalMs * 20 + 30_000 })
    const samples = await page.evaluate('window.kuberLight.samples') as Array<{ height: number, verifiedAtMs: number }>
    const latencies = samples.filter((s) => s.height >= start && s.height <= end && finalAt.has(s.height)).map((s) => s.verifiedAtMs - finalAt.get(s.height)!)
    return summarize(latencies, 1)
  } finally {
    await browser.close()
    await stopChains(chains)
  }
}

export async function run (args: string[]): Promise<BenchResult> {
  const f = parseFlags(args, { headers: '300', validators: '4', blocks: '100', 'block-interval-ms': '200' })
  const verify = [
    ...await headersPerSecond(Number(f.validators), Number(f.headers)),
    ...await headersPerSecond(100, Math.max(20, Math.floor(Number(f.headers) / 10)))
  ]
  const browser = await browserCommitToHead(Number(f.blocks), Number(f['block-interval-ms']))
  const text = [
    table(['provider', 'validators', 'headers', 'headers/s'], verify.map((r) => [r.provider as string, r.validators as number, r.headers as number, r.headers_per_s as number])),
    '',
    browser === null
      ? 'browser: /usr/bin/chromium not installed, skipped'
      : table(['browser (demo page, headless Chromium)', 'blocks', 'p50 ms', 'p99 ms', 'max ms'], [['commit at validator 0 → verified head', browser.count, browser.p50, browser.p99, browser.max]])
  ].join('\n')
  return {
    json: { bench: 'light', env: { node: process.version, platform: `${process.platform}-${process.arch}` }, params: f, verify, browser_commit_to_head_ms: browser },
    table: text
  }
}
