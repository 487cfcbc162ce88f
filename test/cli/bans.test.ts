// `kuber-p2p bans list|clear` round trip through the real binary: a peer misbehaves until
// the node bans it (logged at warn with peer, reason and expiry); while the node runs the
// command refuses politely; once it is stopped the ban is listed, cleared, and the peer
// connects again after the node restarts.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CliNode, eventually, runCli } from '../helpers/cli.js'
import { startNode } from '../helpers/nodes.js'
import type { PeerId } from '../../src/identity/peer-id.js'

const START = ['--chain-id', 'kuber-test', '--listen', '127.0.0.1:0', '--rpc', 'off', '--log-level', 'info']

test('bans: a banned peer is logged, listed and cleared on the stopped node, then connects again', async () => {
  const home = await mkdtemp(join(tmpdir(), 'kuber-bans-'))
  const offender = await startNode()
  let node = new CliNode(['start', '--home', home, ...START])
  try {
    const { peerId, p2p } = await node.started()
    await offender.dial(`${peerId}@${p2p}`)
    // unknown message types cost 5 points each: from 50 to below the ban threshold of 10
    for (let i = 0; i < 12; i++) offender.send(peerId as PeerId, 222, Buffer.from('?'))
    await node.waitFor(/"msg":"peer banned"/)
    const ban = node.logs().find((l) => l.msg === 'peer banned')!
    assert.equal(ban.level, 40)
    assert.equal(ban.peer, offender.peerId)
    assert.equal(ban.reason, 'UNKNOWN_MESSAGE_TYPE')
    assert.ok(Date.parse(String(ban.until)) > Date.now(), 'the expiry is in the future')

    const busy = await runCli(['bans', 'list', '--home', home])
    assert.equal(busy.status, 1)
    assert.match(busy.stderr, /a node is running with --home .*: stop it first to change its bans\. While it runs, its debug RPC lists them/)

    assert.equal(await node.stop(), 0, node.stderr)
    const listed = await runCli(['bans', 'list', '--home', home])
    assert.equal(listed.status, 0, listed.stderr)
    assert.match(listed.stdout, new RegExp(`^${offender.peerId} +UNKNOWN_MESSAGE_TYPE +\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z +1$`, 'm'))
    const json = JSON.parse((await runCli(['bans', 'list', '--home', home, '--json'])).stdout) as Array<Record<string, unknown>>
    assert.deepEqual(json.map((b) => [b.peer_id, b.reason, b.active]), [[offender.peerId, 'UNKNOWN_MESSAGE_TYPE', true]])

    const wrong = await runCli(['bans', 'clear', 'zz', '--home', home])
    assert.match(wrong.stderr, /INVALID_PEER_ID: malformed PeerID: expected 64 lowercase hex digits, got "zz"/)
    const cleared = await runCli(['bans', 'clear', offender.peerId, '--home', home])
    assert.equal(cleared.status, 0, cleared.stderr)
    assert.match(cleared.stdout, new RegExp(`cleared ${offender.peerId} \\(UNKNOWN_MESSAGE_TYPE, banned 1 time\\)`))
    const empty = await runCli(['bans', 'list', '--home', home, '--all'])
    assert.equal(empty.stdout, '')
    assert.match(empty.stderr, /no bans in /)

    node = new CliNode(['start', '--home', home, ...START])
    const again = await node.started()
    // the restarted node may dial the peer it learned first (its address book): either way, connected
    void offender.dial(`${again.peerId}@${again.p2p}`).catch(() => {})
    await eventually(() => offender.getPeer(again.peerId as PeerId) !== undefined, 15_000, 'the unbanned peer connected again')
  } finally {
    await node.stop()
    await offender.stop()
    await rm(home, { recursive: true, force: true })
  }
})

test('bans on a home without a peer store says so', async () => {
  const r = await runCli(['bans', 'list', '--home', join(tmpdir(), 'kuber-no-such-home')])
  assert.equal(r.status, 1)
  assert.match(r.stderr, /no peer store at .*kuber-no-such-home\/peerstore: has a node run with --home/)
})
