// The light client in Node (the same code as in the browser, on the node:crypto provider)
// against a devnet of reference-chain validators over WebSocket: it follows the head,
// verifying every header, fetches a block checked against its header, and is served as a
// light client (not a gossip peer). Against a hostile node that forges a header (a bad
// proposer signature, a commit without a quorum, or a header re-signed by every
// validator but on another parent) it reports the rule that failed, keeps its verified
// head, drops that node and goes on with the next one.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { WebSocket } from 'ws'
import { blockHash } from '../../src/index.js'
import { lightHeaderSource } from '../../src/chain/light-source.js'
import { LightClient, type InvalidReport } from '../../src/light/client.js'
import type { VerifiedHead } from '../../src/light/verify.js'
import { startNode, waitUntil } from '../helpers/nodes.js'
import { stopChains, testGenesis, untilHeight } from '../chain/helpers.js'
import { forging, wsDevnet, wsOf } from './helpers.js'

function follow (client: LightClient): { heads: VerifiedHead[], invalid: InvalidReport[] } {
  const seen = { heads: [] as VerifiedHead[], invalid: [] as InvalidReport[] }
  client.on('head', (h) => seen.heads.push(h))
  client.on('invalid', (r) => seen.invalid.push(r))
  return seen
}

test('a light client follows a WebSocket devnet, verifying every header, and fetches a block checked against its header', { timeout: 90_000 }, async () => {
  const genesis = testGenesis(4, { block_interval_ms: 200, propose_timeout_ms: 2000 })
  const chains = await wsDevnet(genesis, 4)
  const client = new LightClient({ urls: [wsOf(chains[0]!.node.listenAddresses)], genesis, WebSocket: WebSocket as never })
  try {
    const seen = follow(client)
    let connected: { peerId: string } | undefined
    client.on('connected', (c) => { connected = c })
    client.start()
    await untilHeight(chains, 3)
    const target = chains[0]!.tip.height + 3
    await waitUntil(() => (client.verifiedHead?.height ?? 0) >= target, 45_000, `verified head ${target}`)
    assert.equal(connected?.peerId, chains[0]!.node.peerId)
    assert.deepEqual(seen.heads.map((h) => h.height), Array.from({ length: seen.heads.length }, (_, i) => i + 1), 'every height, in order')
    assert.deepEqual(seen.invalid, [])
    const head = seen.heads.at(-1)!
    assert.ok(head.signers >= genesis.quorum)
    assert.equal(head.hashHex, blockHash((await chains[0]!.store.getBlock(head.height))!.header!).toString('hex'))
    const block = await client.requestBlock(head.height)
    assert.ok(blockHash(block.header!).equals(head.hash))
    // served as a light client: never a gossip peer, within its own limit
    const node = chains[0]!.node
    assert.equal(node.connectedPeers().some((p) => p.peerId === client.nodePeerId), false)
    assert.equal(node.connectedPeers().length, 3)
    assert.equal((node.statsSections().light as { clients: number }).clients, 1)
  } finally {
    client.stop()
    await stopChains(chains)
  }
})

test('a light client rejects forged headers (bad signature, no quorum, broken parent link), keeps its head and moves to an honest node', { timeout: 90_000 }, async () => {
  const genesis = testGenesis(4, { block_interval_ms: 200, propose_timeout_ms: 2000 })
  const chains = await wsDevnet(genesis, 4)
  const honest = lightHeaderSource(chains[1]!.store)
  try {
    await untilHeight(chains, 4)
    for (const [how, reason] of [['signature', 'BLOCK_BAD_SIGNATURE'], ['quorum', 'BLOCK_BAD_COMMIT'], ['parent', 'BLOCK_BAD_PARENT']] as const) {
      const hostile = await startNode({ chainId: genesis.chainId, pex: false, listen: ['ws://127.0.0.1:0'] })
      hostile.serveLightClients(forging(genesis, honest, 3, how))
      const client = new LightClient({ urls: [wsOf(hostile.listenAddresses), wsOf(chains[1]!.node.listenAddresses)], genesis, WebSocket: WebSocket as never, reconnectBaseMs: 50 })
      try {
        const seen = follow(client)
        client.start()
        await waitUntil(() => seen.invalid.length > 0, 20_000, `${how}: the forgery reported`)
        const report = seen.invalid[0]!
        assert.equal(report.peerId, hostile.peerId)
        assert.equal(report.reason, reason, `${how}: ${report.message}`)
        assert.equal(report.height, 3)
        assert.equal(report.code, 'INVALID_BLOCK')
        assert.deepEqual(seen.heads.map((h) => h.height), [1, 2], `${how}: nothing past the forgery from the hostile node`)
        // the next node is honest: the client goes on from height 3
        await waitUntil(() => (client.verifiedHead?.height ?? 0) >= 5, 20_000, `${how}: following the honest node`)
        assert.equal(client.nodePeerId, chains[1]!.node.peerId)
        assert.equal(seen.heads.find((h) => h.height === 3)!.hashHex, blockHash((await chains[1]!.store.getBlock(3))!.header!).toString('hex'))
      } finally {
        client.stop()
        await hostile.stop()
      }
    }
  } finally {
    await stopChains(chains)
  }
})
