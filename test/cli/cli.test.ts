// The kuber-p2p CLI as an operator runs it: keygen, start with a config file and flags
// (SIGTERM shuts it down cleanly), devnet.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const cli = ['--import', 'tsx', join(root, 'src/cli/main.ts')]

test('keygen prints the PeerID and never overwrites the key', async () => {
  const home = await mkdtemp(join(tmpdir(), 'kuber-cli-'))
  const first = spawnSync('node', [...cli, 'keygen', '--home', home], { encoding: 'utf8' })
  assert.equal(first.status, 0, first.stderr)
  const id = first.stdout.trim()
  assert.match(id, /^[0-9a-f]{64}$/)
  const key = JSON.parse(await readFile(join(home, 'node_key.json'), 'utf8'))
  assert.equal(key.peer_id, id)
  const second = spawnSync('node', [...cli, 'keygen', '--home', home], { encoding: 'utf8' })
  assert.equal(second.stdout.trim(), id)
  assert.match(second.stderr, /already exists/)
})

test('start reads config.json, flags override it, the RPC answers, SIGTERM stops it cleanly', async () => {
  const home = await mkdtemp(join(tmpdir(), 'kuber-cli-'))
  await writeFile(join(home, 'config.json'), JSON.stringify({ chainId: 'from-file', listen: ['127.0.0.1:0'], rpc: '127.0.0.1:0', maxInbound: 7 }))
  const child = spawn('node', [...cli, 'start', '--home', home, '--chain-id', 'from-flag', '--log-level', 'info'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  const deadline = Date.now() + 15_000
  while (!/rpc http:\/\/[\d.:]+\/p2p\/info/.test(stderr) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
  const rpc = /rpc http:\/\/([\d.:]+)\/p2p\/info/.exec(stderr)?.[1]
  assert.ok(rpc !== undefined, stderr)
  const info = await (await fetch(`http://${rpc}/p2p/info`)).json() as Record<string, any>
  assert.equal(info.chain_id, 'from-flag')
  assert.equal(info.peers.max_inbound, 7)
  assert.match(stderr, /"msg":"node started"/)
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  child.kill('SIGTERM')
  assert.equal(await exited, 0)
  assert.match(stderr, /"msg":"node stopped"/)
})

test('start refuses an invalid config with a clear message', async () => {
  const home = await mkdtemp(join(tmpdir(), 'kuber-cli-'))
  await writeFile(join(home, 'config.json'), JSON.stringify({ chainId: 'x', maxInbound: -1, bogus: true }))
  const r = spawnSync('node', [...cli, 'start', '--home', home], { encoding: 'utf8' })
  assert.equal(r.status, 1)
  assert.match(r.stderr, /INVALID_CONFIG/)
  assert.match(r.stderr, /maxInbound/)
  assert.match(r.stderr, /bogus/)
})

test('devnet starts N connected nodes and prints who is connected to whom', () => {
  const r = spawnSync('node', [...cli, 'devnet', '--nodes', '4', '--validators', '3', '--base-port', '0', '--duration', '2', '--tx-rate', '0'], { encoding: 'utf8', timeout: 30_000 })
  assert.equal(r.status, 0, r.stderr)
  assert.match(r.stdout, /chain kuber-devnet, 4 nodes \(3 validators, a block every 1000 ms\), 5 of 5 links up/)
  assert.match(r.stdout, /^3 +full +[0-9a-f]{12} +127\.0\.0\.1:\d+ +http:\/\/127\.0\.0\.1:\d+ +http:\/\/127\.0\.0\.1:\d+ +node1 node2$/m)
  assert.match(r.stdout, /^0 +validator +[0-9a-f]{12} /m)
})

test('devnet runs the reference chain: a status line per block (transactions, time until every node had it, time to finality)', () => {
  const r = spawnSync('node', [...cli, 'devnet', '--nodes', '3', '--base-port', '0', '--duration', '4', '--block-interval', '0.2', '--tx-rate', '20'], { encoding: 'utf8', timeout: 30_000 })
  assert.equal(r.status, 0, r.stderr)
  const blocks = [...r.stdout.matchAll(/^height +(\d+) \| txs +(\d+) \| had by all: p50 +([\d.]+) ms, max +([\d.]+) ms \| final: p50 +([\d.]+) ms, max +([\d.]+) ms \| app_hash [0-9a-f]{12}$/gm)]
  assert.ok(blocks.length >= 4, r.stdout)
  const heights = blocks.map((m) => Number(m[1]))
  assert.deepEqual(heights, [...heights].sort((a, b) => a - b))
  assert.ok(blocks.reduce((n, m) => n + Number(m[2]), 0) >= 10, `transactions in blocks: ${r.stdout}`)
  for (const m of blocks) assert.ok(Number(m[3]) <= Number(m[4]) && Number(m[5]) <= Number(m[6]), m[0])
  const summary = /^\d+ blocks and (\d+) transactions .*; heights (\d+) (\d+) (\d+)$/m.exec(r.stdout)
  assert.ok(summary !== null, r.stdout)
  const ends = summary.slice(2, 5).map(Number)
  assert.ok(Math.max(...ends) - Math.min(...ends) <= 1, summary[0])
})
