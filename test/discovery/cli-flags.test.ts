// `kuber-p2p start --seeds ... --seed-mode`: the flags reach the node's configuration.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { resolveStartConfig } from '../../src/cli/config-file.js'

const SEED = `${'ab'.repeat(32)}@127.0.0.1:1`

test('--seeds and --seed-mode are validated and override the config file', async () => {
  const config = await resolveStartConfig({ home: '/nonexistent', chainId: 'c', seeds: [SEED], seedMode: true })
  assert.deepEqual(config.seeds, [SEED])
  assert.equal(config.seedMode, true)
  const defaults = await resolveStartConfig({ home: '/nonexistent', chainId: 'c' })
  assert.deepEqual(defaults.seeds, [])
  assert.equal(defaults.seedMode, false)
  assert.equal(defaults.targetOutbound, 8)
  await assert.rejects(resolveStartConfig({ home: '/nonexistent', chainId: 'c', seeds: ['127.0.0.1:1'] }), /seeds.*PEER_ID@host:port/)
})

test('--ws-listen adds a ws:// listener to --listen (or to the default)', async () => {
  assert.deepEqual((await resolveStartConfig({ home: '/nonexistent', chainId: 'c', wsListen: '127.0.0.1:26680' })).listen, ['127.0.0.1:26656', 'ws://127.0.0.1:26680'])
  assert.deepEqual((await resolveStartConfig({ home: '/nonexistent', chainId: 'c', listen: 'tcp://0.0.0.0:1', wsListen: '[::1]:2' })).listen, ['tcp://0.0.0.0:1', 'ws://[::1]:2'])
  await assert.rejects(resolveStartConfig({ home: '/nonexistent', chainId: 'c', wsListen: 'nope' }), /listen/)
})

test('a node started with --seed-mode --seeds crawls its seeds and serves /p2p/addrbook', async () => {
  const home = await mkdtemp(join(tmpdir(), 'kuber-cli-seed-'))
  const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', main, 'start', '--home', home, '--chain-id', 'c', '--listen', '127.0.0.1:0', '--rpc', '127.0.0.1:0',
    '--seed-mode', '--seeds', SEED, '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'] })
  try {
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    const deadline = Date.now() + 15_000
    while (!/rpc http:\/\/[\d.:]+\//.test(stderr) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
    const rpc = /rpc http:\/\/([\d.:]+)\//.exec(stderr)?.[1]
    assert.ok(rpc !== undefined, stderr)
    let stats: Record<string, any> = {}
    while (Date.now() < deadline) {
      stats = await (await fetch(`http://${rpc}/p2p/stats`)).json() as Record<string, any>
      if (stats.discovery.dials['seed:failed'] === 1) break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    assert.equal(stats.discovery.dials['seed:failed'], 1, 'the seed from --seeds was dialled (nobody listens there)')
    const book = await (await fetch(`http://${rpc}/p2p/addrbook`)).json() as Record<string, any>
    assert.equal(book.size, 0)
    assert.deepEqual(book.bans, [])
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.on('exit', resolve))
    await rm(home, { recursive: true, force: true })
  }
})
