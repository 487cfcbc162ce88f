// An operator starts a node with the wrong --chain-id: its static peer refuses it, again
// at each redial. Once the operator fixes the flag and restarts, the two connect within
// 15 s: a configuration mismatch is not misbehaviour, so neither side has banned the other.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CliNode, eventually, getJson } from '../helpers/cli.js'

const COMMON = ['--listen', '127.0.0.1:0', '--rpc', '127.0.0.1:0', '--log-level', 'info']

test('a chain-id mismatch followed by the fix connects within 15 s', async () => {
  const root = await mkdtemp(join(tmpdir(), 'kuber-chainid-'))
  const a = new CliNode(['start', '--home', join(root, 'a'), '--chain-id', 'kuber-1', ...COMMON])
  let b: CliNode | undefined
  try {
    const ra = await a.started()
    const peers = ['--peers', `${ra.peerId}@${ra.p2p}`]
    b = new CliNode(['start', '--home', join(root, 'b'), '--chain-id', 'kuber-l', ...peers, ...COMMON])
    await b.started()
    await eventually(async () => ((await getJson(`${ra.rpc!}/p2p/stats`)).handshake_failures_by_code.CHAIN_ID_MISMATCH ?? 0) >= 3, 30_000, 'three refused redials')
    assert.equal(await b.stop(), 0, b.stderr)

    b = new CliNode(['start', '--home', join(root, 'b'), '--chain-id', 'kuber-1', ...peers, ...COMMON])
    const rb = await b.started()
    await eventually(async () => (await getJson(`${rb.rpc!}/p2p/peers`)).peers.some((p: { peer_id: string, state: string }) => p.peer_id === ra.peerId && p.state !== 'HANDSHAKE'), 15_000, 'connected after the fix')
    assert.deepEqual((await getJson(`${ra.rpc!}/p2p/addrbook`)).bans, [], 'nobody was banned for it')
  } finally {
    await b?.stop()
    await a.stop()
    await rm(root, { recursive: true, force: true })
  }
})
