// Discovery through a seed on one machine, as an operator tries it: a seed-mode node and
// six nodes that know only the seed, each a real `kuber-p2p start` process on 127.0.0.1
// with default discovery settings and no config file. Every node finds at least three
// peers other than the seed, and a node restarted without --seeds reconnects from its
// peer store.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CliNode, eventually, getJson } from '../helpers/cli.js'

const COMMON = ['--chain-id', 'kuber-seeds', '--listen', '127.0.0.1:0', '--rpc', '127.0.0.1:0', '--log-level', 'info']
const NODES = 6
const FIND_WITHIN_MS = 30_000

/** Connected peers of a node other than the seed. */
async function nonSeedPeers (rpc: string, seedId: string): Promise<number> {
  const { peers } = await getJson(`${rpc}/p2p/peers`)
  return (peers as Array<{ peer_id: string, state: string }>).filter((p) => p.peer_id !== seedId && p.state !== 'HANDSHAKE').length
}

test('seed on loopback: six nodes that know only the seed each find >= 3 other peers; a restarted node reconnects from its peer store', async () => {
  const root = await mkdtemp(join(tmpdir(), 'kuber-seeds-'))
  const procs: CliNode[] = []
  try {
    const seed = new CliNode(['start', '--home', join(root, 'seed'), ...COMMON, '--seed-mode'])
    procs.push(seed)
    const s = await seed.started()
    const seeds = ['--seeds', `${s.peerId}@${s.p2p}`]
    const nodes = Array.from({ length: NODES }, (_, i) => new CliNode(['start', '--home', join(root, `n${i}`), ...COMMON, ...seeds]))
    procs.push(...nodes)
    const started = await Promise.all(nodes.map(async (n) => await n.started()))
    await eventually(async () => {
      const counts = await Promise.all(started.map(async (n) => await nonSeedPeers(n.rpc!, s.peerId)))
      return counts.every((c) => c >= 3)
    }, FIND_WITHIN_MS, 'every node connected to >= 3 non-seed peers')
    const book = await getJson(`${started[0]!.rpc!}/p2p/addrbook`)
    assert.ok(book.size >= 3, `the address book holds loopback peers: ${JSON.stringify(book)}`)

    // restart node 0 without --seeds: only what its peer store remembers
    assert.equal(await nodes[0]!.stop(), 0)
    const again = new CliNode(['start', '--home', join(root, 'n0'), ...COMMON])
    procs.push(again)
    const r = await again.started()
    assert.equal(r.peerId, started[0]!.peerId, 'same identity')
    await eventually(async () => await nonSeedPeers(r.rpc!, s.peerId) >= 3, FIND_WITHIN_MS, 'the restarted node reconnected to >= 3 peers')
    const stats = await getJson(`${r.rpc!}/p2p/stats`)
    assert.equal(stats.discovery.dials['seed:ok'] ?? 0, 0, 'it did not need the seed')
  } finally {
    await Promise.all(procs.map(async (p) => await p.stop()))
    await rm(root, { recursive: true, force: true })
  }
})
