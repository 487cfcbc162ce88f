// The reference chain as an operator runs it, through the CLI only: `init` writes a genesis
// and validator homes; `start --genesis` runs a validator with its application API; `tx`
// submits a signed write; the API refuses bad input; a validator killed with SIGKILL while
// it makes blocks resumes from its store at its height with the same app_hash.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { loadNodeKey } from '../../src/index.js'
import { ApiError, ChainClient } from '../../src/chain/api/client.js'
import { tempDir } from './helpers.js'
import { cli, getJson, startCliNode, type CliNode } from './cli-node.js'

const startValidator = async (home: string): Promise<CliNode> => await startCliNode(join(home, 'node0'), join(home, 'genesis.json'))
const get = getJson

const post = async (api: string, body: string, type = 'application/json'): Promise<{ status: number, body: Record<string, any> }> => {
  const res = await fetch(`http://${api}/tx`, { method: 'POST', headers: { 'content-type': type }, body })
  return { status: res.status, body: await res.json() as Record<string, any> }
}

test('init writes a genesis and validator homes, and never overwrites them', async () => {
  const home = await tempDir()
  const r = spawnSync('node', [...cli, 'init', '--home', home, '--chain-id', 'cli-net', '--validators', '3', '--base-port', '36000'], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  const genesis = JSON.parse(await readFile(join(home, 'genesis.json'), 'utf8'))
  assert.equal(genesis.chain_id, 'cli-net')
  assert.equal(genesis.validators.length, 3)
  for (let i = 0; i < 3; i++) {
    const key = JSON.parse(await readFile(join(home, `node${i}`, 'node_key.json'), 'utf8'))
    assert.equal(Buffer.from(key.public_key, 'base64').toString('hex'), genesis.validators[i].public_key)
    const config = JSON.parse(await readFile(join(home, `node${i}`, 'config.json'), 'utf8'))
    assert.deepEqual(config.listen, [`127.0.0.1:${36000 + 3 * i}`])
    assert.equal(config.peers.length, 2)
  }
  assert.match(r.stdout, new RegExp(`start --home ${join(home, 'node2')} --genesis ${join(home, 'genesis.json')} --api 127\\.0\\.0\\.1:36008`))
  const again = spawnSync('node', [...cli, 'init', '--home', home, '--chain-id', 'cli-net', '--validators', '3'], { encoding: 'utf8' })
  assert.equal(again.status, 1)
  assert.match(again.stderr, /already exists/)
})

test('a validator from init: tx via the CLI, the API and its input checks, then SIGKILL and a restart at the same height and app_hash', async () => {
  const home = await tempDir()
  assert.equal(spawnSync('node', [...cli, 'init', '--home', home, '--chain-id', 'kill-net', '--validators', '1', '--base-port', '0', '--block-interval-ms', '30'], { encoding: 'utf8' }).status, 0)
  assert.equal(spawnSync('node', [...cli, 'keygen', '--home', join(home, 'user')], { encoding: 'utf8' }).status, 0)
  let node = await startValidator(home)
  try {
    const tx = spawnSync('node', [...cli, 'tx', '--key-file', join(home, 'user', 'node_key.json'), '--api', node.api, '--key', 'greeting', '--value', 'hello', '--wait'], { encoding: 'utf8', timeout: 30_000 })
    assert.equal(tx.status, 0, tx.stderr)
    assert.match(tx.stdout, /"status":"accepted"/)
    assert.match(tx.stdout, /"final":true/)
    const kv = await get(node.api, `/kv/${Buffer.from('greeting').toString('hex')}`)
    assert.equal(kv.body.value_text, 'hello')
    const status = await get(node.api, '/status')
    assert.equal(status.body.chain_id, 'kill-net')
    assert.equal(status.body.validator, 'node0')
    assert.match(status.body.app_hash, /^[0-9a-f]{64}$/)
    const block = await get(node.api, `/blocks/${status.body.height as number}`)
    assert.equal(block.body.header.app_hash, status.body.app_hash)
    assert.equal(block.body.commit.signatures.length, 1)

    assert.equal((await get(node.api, '/blocks/0')).status, 400)
    assert.equal((await get(node.api, '/blocks/x')).status, 400)
    assert.equal((await get(node.api, '/blocks/99999999')).status, 404)
    assert.equal((await get(node.api, '/nowhere')).status, 404)
    assert.equal((await fetch(`http://${node.api}/status`, { method: 'DELETE' })).status, 405)
    assert.equal((await post(node.api, '{"tx": "zz"}')).status, 400)
    assert.equal((await post(node.api, 'not json')).status, 400)
    assert.equal((await post(node.api, '{"tx": "00"}', 'text/plain')).status, 415)
    assert.equal((await post(node.api, JSON.stringify({ tx: 'ab'.repeat(200_000) }))).status, 413)
    const bad = await post(node.api, JSON.stringify({ tx: '0aff01' }))
    assert.equal(bad.status, 400)
    assert.equal(bad.body.reason, 'TX_MALFORMED')
    const user = await loadNodeKey(join(home, 'user', 'node_key.json'))
    const client = new ChainClient(node.api)
    await assert.rejects(client.write(user, Buffer.from('greeting'), Buffer.from('again'), 0), (err: unknown) => err instanceof ApiError && err.body.reason === 'TX_BAD_NONCE')

    // writes keep coming while the node is killed in the middle of making blocks
    let writing = true
    const writer = (async () => { while (writing) await client.write(user, Buffer.from(`k${Math.random()}`), Buffer.from('during the kill')).catch(() => {}) })()
    await new Promise((resolve) => setTimeout(resolve, 300))
    const before = await get(node.api, '/status')
    node.child.kill('SIGKILL')
    assert.equal(await node.exited, null)
    writing = false
    await writer
    assert.ok(existsSync(join(home, 'node0', 'chain')))

    node = await startValidator(home)
    assert.ok(node.height >= before.body.height, `resumed at ${node.height}, was at ${before.body.height as number}`)
    const same = await get(node.api, `/blocks/${before.body.height as number}`)
    assert.equal(same.body.header.app_hash, before.body.app_hash)
    assert.equal(same.body.hash, before.body.hash)
    const deadline = Date.now() + 20_000
    while ((await get(node.api, '/status')).body.height < node.height + 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
    assert.ok((await get(node.api, '/status')).body.height >= node.height + 3, 'the restarted validator makes blocks again')
    assert.equal((await get(node.api, `/kv/${Buffer.from('greeting').toString('hex')}`)).status, 200)
  } finally {
    node.child.kill('SIGTERM')
    await node.exited
  }
})
