// A static peer on the wrong chain is refused, redialled with backoff and never banned, so
// it connects as soon as its operator restarts it with the right chain id (issue 8 item 9).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { addressOf, startNode, stopAll, waitUntil } from '../helpers/nodes.js'
import type { KuberNode } from '../../src/node/node.js'

test('a static peer on another chain connects within 15 s of being restarted with the right chain id', async () => {
  const nodes: KuberNode[] = []
  try {
    const wrong = await startNode({ chainId: 'kuber-typo' })
    nodes.push(wrong)
    const identity = wrong.identity
    const listen = wrong.listenAddresses[0]!
    const a = await startNode({ peers: [addressOf(wrong)], pex: false })
    nodes.push(a)
    // refused at start and on two redials (three refusals used to ban); each side records it and blames nobody
    await waitUntil(() => a.stats.handshakeFailures.get('CHAIN_ID_MISMATCH') >= 3, 15_000, 'three refusals')
    assert.equal(a.connectedPeers().length, 0)
    for (const [node, other] of [[a, wrong], [wrong, a]] as const) {
      assert.equal(node.scorer.score(other.peerId), 50)
      assert.equal(node.scorer.isBanned(other.peerId), false)
    }
    // the operator fixes the config: same key, same address, right chain id
    await wrong.stop()
    const fixedAt = Date.now()
    const fixed = await startNode({ listen: [listen], pex: false }, { identity })
    nodes.push(fixed)
    await waitUntil(() => a.getPeer(identity.peerId) !== undefined, 15_000, 'the static peer reconnects')
    const took = Date.now() - fixedAt
    assert.ok(took < 15_000, `connected after ${took} ms`)
    assert.equal(a.scorer.activeBans().length, 0)
  } finally {
    await stopAll(nodes)
  }
})
