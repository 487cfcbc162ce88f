// `kuber-p2p bans list|clear` round trip through the real binary: a peer sends an
// oversized frame and the node bans it (logged at warn with peer, reason and expiry); while the node runs the
// command refuses politely; once it is stopped the ban is listed, cleared, and the peer
// connects again after the node restarts.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CliNode, eventually, runCli } from '../helpers/cli.js'
import { ackStatus, rawPeer } from '../helpers/raw-peer.js'
import { createTcpTransport } from '../../src/transport/tcp.js'
import { generateIdentity } from '../../src/identity/keys.js'
import { SeededRandom } from '../../src/runtime/random.js'
import { MessageType } from '../../src/wire/codecs.js'

const tcp = createTcpTransport()

const START = ['--chain-id', 'kuber-test', '--listen', '127.0.0.1:0', '--rpc', 'off', '--log-level', 'info']

test('bans: a banned peer is logged, listed and cleared on the stopped node, then connects again', async () => {
  const home = await mkdtemp(join(tmpdir(), 'kuber-bans-'))
  const identity = generateIdentity(new SeededRandom(31))
  const offender = identity.peerId
  let node = new CliNode(['start', '--home', home, ...START])
  try {
    const { p2p } = await node.started()
    // a frame declaring more than 2 MiB bans at once (spec §13 rule 4)
    const p = await rawPeer(tcp, p2p, { identity })
    p.hello()
    p.send(MessageType.HELLO_ACK, Buffer.alloc(0))
    const header = Buffer.alloc(4)
    header.writeUInt32BE(3 * 1024 * 1024)
    p.sendRaw(header)
    await node.waitFor(/"msg":"peer banned"/)
    const ban = node.logs().find((l) => l.msg === 'peer banned')!
    assert.equal(ban.level, 40)
    assert.equal(ban.peer, offender)
    assert.equal(ban.reason, 'FRAME_TOO_LARGE')
    assert.ok(Date.parse(String(ban.until)) > Date.now(), 'the expiry is in the future')

    const busy = await runCli(['bans', 'list', '--home', home])
    assert.equal(busy.status, 1)
    assert.match(busy.stderr, /a node is running with --home .*: stop it first to change its bans\. While it runs, its debug RPC lists them/)

    assert.equal(await node.stop(), 0, node.stderr)
    const listed = await runCli(['bans', 'list', '--home', home])
    assert.equal(listed.status, 0, listed.stderr)
    assert.match(listed.stdout, new RegExp(`^${offender} +FRAME_TOO_LARGE +\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z +1$`, 'm'))
    const json = JSON.parse((await runCli(['bans', 'list', '--home', home, '--json'])).stdout) as Array<Record<string, unknown>>
    assert.deepEqual(json.map((b) => [b.peer_id, b.reason, b.active]), [[offender, 'FRAME_TOO_LARGE', true]])

    const wrong = await runCli(['bans', 'clear', 'zz', '--home', home])
    assert.match(wrong.stderr, /INVALID_PEER_ID: malformed PeerID: expected 64 lowercase hex digits, got "zz"/)
    const cleared = await runCli(['bans', 'clear', offender, '--home', home])
    assert.equal(cleared.status, 0, cleared.stderr)
    assert.match(cleared.stdout, new RegExp(`cleared ${offender} \\(FRAME_TOO_LARGE, banned 1 time\\)`))
    const empty = await runCli(['bans', 'list', '--home', home, '--all'])
    assert.equal(empty.stdout, '')
    assert.match(empty.stderr, /no bans in /)

    node = new CliNode(['start', '--home', home, ...START])
    const again = await node.started()
    const back = await rawPeer(tcp, again.p2p, { identity })
    back.hello()
    assert.equal(ackStatus(await back.waitFor(MessageType.HELLO_ACK, 15_000)), 'OK', 'the peer is welcome again')
    back.conn.destroy()
  } finally {
    await node.stop()
    await rm(home, { recursive: true, force: true })
  }
})

test('bans on a home without a peer store says so', async () => {
  const r = await runCli(['bans', 'list', '--home', join(tmpdir(), 'kuber-no-such-home')])
  assert.equal(r.status, 1)
  assert.match(r.stderr, /no peer store at .*kuber-no-such-home\/peerstore: has a node run with --home/)
})
