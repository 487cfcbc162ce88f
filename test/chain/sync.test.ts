// Block sync on the reference chain over real TCP with Noise. A node that holds no blocks
// syncs a chain built offline (test/helpers/chain-builder.ts) from peers that answer range
// requests: every kind of invalid block or answer is refused with its error code (and, for
// the chain's rules, its reason), and its sender scored; and sync completes from four
// peers of which one withholds, one never answers and one serves invalid blocks (the first
// two are penalised, the third banned after its second invalid block, spec §13 rule 2).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ErrorCodes, blockHash, createNode, merkleRoot, pb, peerIdToBytes, type BlockSyncProvider, type KuberNode } from '../../src/index.js'
import { ReferenceChain } from '../../src/chain/reference-chain.js'
import { Reason } from '../../src/chain/errors.js'
import { blockSignBytes, sha256 } from '../../src/chain/signing.js'
import type { ChainStore } from '../../src/chain/store/chain-store.js'
import { storeSyncSource } from '../../src/chain/store/sync-source.js'
import { buildChain, writes } from '../helpers/chain-builder.js'
import { syncPeer } from '../helpers/sync-peer.js'
import { silentLogger, waitUntil } from '../helpers/nodes.js'
import { openStore, tempDir, testGenesis, userKey, validatorKey } from './helpers.js'

const genesis = testGenesis(4)

async function builtChain (blocks: number): Promise<ChainStore> {
  const store = await openStore(genesis)
  await buildChain(store, { genesis, keys: validatorKey, blocks, txs: writes(userKey(0), genesis, 2, 40) })
  return store
}

async function fullNode (config: Record<string, unknown> = {}): Promise<ReferenceChain> {
  const chain = await ReferenceChain.create({ genesis, node: { home: await tempDir(), listen: ['127.0.0.1:0'], pex: false, ...config }, deps: { identity: userKey(9), logger: silentLogger } })
  await chain.start()
  return chain
}

/** The block at `height` with `change` applied to it, re-signed by the right proposer (so only the rule `change` breaks fails). */
function altered (block: pb.Block, change: (b: pb.Block) => void, signer = genesis.proposer(block.header!.height, 0).index): Uint8Array {
  const b = pb.Block.decode(pb.Block.encode(block))
  change(b)
  b.proposerSignature = validatorKey(signer).sign(blockSignBytes(genesis.chainId, blockHash(b.header!))) as Uint8Array<ArrayBuffer>
  return pb.Block.encode(b)
}

const flip = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => { const c = Uint8Array.from(bytes); c[c.length - 1]! ^= 1; return c }

test('invalid blocks and answers of every kind in block sync are refused with their error codes, and their senders scored', async () => {
  const source = await builtChain(12)
  const chain = await fullNode()
  const node = chain.node
  const address = node.listenAddresses[0]!
  const blocks = await Promise.all(Array.from({ length: 12 }, async (_, i) => (await source.getBlock(i + 1))!))
  const commits = await Promise.all(Array.from({ length: 12 }, async (_, i) => (await source.getCommit(i + 1))!))
  const encoded = (h: number): Uint8Array<ArrayBuffer> => pb.Block.encode(blocks[h - 1]!)
  const honest = (r: pb.BlockRequest): Partial<pb.BlockResponse> => {
    const to = Math.min(r.height + Math.max(1, r.count) - 1, 12)
    return { blocks: Array.from({ length: to - r.height + 1 }, (_, i) => encoded(r.height + i)), commit: commits[to - 1] }
  }
  const stats = (): Record<string, any> => node.statsSections() as Record<string, any>
  try {
    // answers refused when they arrive, whatever block is next: the peer's code is scored, nothing is applied
    const atReceipt: Array<[string, (r: pb.BlockRequest) => Partial<pb.BlockResponse>, string]> = [
      ['a range whose blocks do not link', (r) => ({ blocks: [encoded(r.height), altered(blocks[r.height]!, (b) => { b.header!.parentHash = Buffer.alloc(32, 7) }) as Uint8Array<ArrayBuffer>] }), ErrorCodes.INVALID_BLOCK],
      ['a block of another height', (r) => ({ blocks: [encoded(r.height + 1)] }), ErrorCodes.INVALID_BLOCK],
      ['bytes that are no block', () => ({ blocks: [Uint8Array.of(0x0a, 0x09, 0x01)] }), ErrorCodes.MALFORMED_MESSAGE],
      ['a block out of the wire bounds', (r) => ({ blocks: [altered(blocks[r.height - 1]!, (b) => { b.header!.txRoot = Buffer.alloc(31) }) as Uint8Array<ArrayBuffer>] }), ErrorCodes.MALFORMED_MESSAGE],
      ['no block for a claimed height', () => ({ blocks: [] }), ErrorCodes.BLOCK_WITHHELD]
    ]
    for (const [what, answer, code] of atReceipt) {
      const before = node.stats.penalties.toJSON()[code] ?? 0
      const peer = await syncPeer(address, genesis.chainId, 12, answer)
      await waitUntil(() => (node.stats.penalties.toJSON()[code] ?? 0) > before, 10_000, what)
      assert.equal(chain.tip.height, 0, what)
      assert.ok(node.scorer.score(peer.raw.identity.peerId) < 50, `${what}: the sender is scored`)
      peer.raw.conn.destroy()
      await waitUntil(() => node.connectedPeers().length === 0, 5000, 'peer gone')
    }
    // blocks the chain refuses: each at its own height, then the honest block there is applied
    const refusedByChain: Array<[Reason, (h: number) => { block: Uint8Array, commit?: pb.Commit, next?: Uint8Array }]> = [
      [Reason.BLOCK_MALFORMED, (h) => ({ block: altered(blocks[h - 1]!, (b) => { b.header!.txRoot = new Uint8Array(0) as Uint8Array<ArrayBuffer> }) })], // the wire allows an empty hash, the chain does not
      [Reason.BLOCK_WRONG_PROPOSER, (h) => {
        const other = genesis.validators[h % 4]!
        return { block: altered(blocks[h - 1]!, (b) => { b.header!.proposer = peerIdToBytes(other.peerId) as Uint8Array<ArrayBuffer> }, other.index) }
      }],
      [Reason.BLOCK_BAD_SIGNATURE, (h) => ({ block: pb.Block.encode({ ...blocks[h - 1]!, proposerSignature: flip(blocks[h - 1]!.proposerSignature) }) })],
      [Reason.BLOCK_BAD_TX_ROOT, (h) => ({ block: altered(blocks[h - 1]!, (b) => { b.header!.txRoot = Buffer.alloc(32, 1) }) })],
      [Reason.BLOCK_BAD_PARENT, (h) => ({ block: altered(blocks[h - 1]!, (b) => { b.header!.parentHash = Buffer.alloc(32, 2) }) })],
      [Reason.BLOCK_BAD_TIMESTAMP, (h) => ({ block: altered(blocks[h - 1]!, (b) => { b.header!.timestamp = blocks[h - 2]!.header!.timestamp }) })],
      [Reason.BLOCK_BAD_TX, (h) => ({
        block: altered(blocks[h - 1]!, (b) => {
          const tx = pb.ChainTx.decode(b.txs[0]!)
          b.txs[0] = pb.ChainTx.encode({ ...tx, signature: flip(tx.signature) })
          b.header!.txRoot = merkleRoot(b.txs.map(sha256)) as Uint8Array<ArrayBuffer>
        })
      })],
      [Reason.BLOCK_BAD_APP_HASH, (h) => ({ block: altered(blocks[h - 1]!, (b) => { b.header!.appHash = Buffer.alloc(32, 3) }) })],
      [Reason.BLOCK_BAD_COMMIT, (h) => ({ block: encoded(h), commit: { height: h, round: 0, blockHash: Buffer.from(blockHash(blocks[h - 1]!.header!)), signatures: [] } })],
      // the commit as the next block carries it, one vote's signature flipped
      [Reason.BLOCK_BAD_COMMIT, (h) => ({ block: encoded(h), next: altered(blocks[h]!, (b) => { b.lastCommit!.signatures[1]!.signature = flip(b.lastCommit!.signatures[1]!.signature) }) })]
    ]
    const refusals = new Map<Reason, number>()
    for (const [reason, bad] of refusedByChain) {
      const h = chain.tip.height + 1
      let served = false
      const peer = await syncPeer(address, genesis.chainId, 12, (r) => {
        if (r.height !== h) return { busy: true }
        if (served) return honest({ ...r, count: 1 })
        served = true
        const { block, commit, next } = bad(h)
        return { blocks: [block, ...(next === undefined ? [] : [next])] as Array<Uint8Array<ArrayBuffer>>, commit: commit ?? commits[h - 1 + (next === undefined ? 0 : 1)] }
      })
      await waitUntil(() => chain.tip.height === h, 15_000, `${reason}: refused, then the honest block ${h} (at ${chain.tip.height}, ${peer.requests.length} requests)`)
      refusals.set(reason, (refusals.get(reason) ?? 0) + 1)
      assert.equal(stats().chain.rejected_by_reason[reason], refusals.get(reason), reason)
      assert.ok(node.scorer.score(peer.raw.identity.peerId) < 50, `${reason}: the sender is scored`)
      peer.raw.conn.destroy()
      await waitUntil(() => node.connectedPeers().length === 0, 5000, 'peer gone')
    }
    assert.equal(stats().block_sync.processingFailures, refusedByChain.length)
    assert.equal(stats().block_sync.downloadFailures >= atReceipt.length, true)
    // an honest peer brings the rest
    await syncPeer(address, genesis.chainId, 12, honest)
    await waitUntil(() => chain.tip.height === 12, 15_000, 'synced')
    assert.ok(chain.tip.appHash.equals(source.tip.appHash))
  } finally {
    await chain.stop()
    await source.close()
  }
})

test('sync completes from four peers when one withholds, one never answers and one serves invalid blocks: the first two are penalised, the third banned after its second invalid block', async () => {
  const source = await builtChain(400)
  const honest: BlockSyncProvider = { ...storeSyncSource(source), applyBlock: async () => false }
  const providers: BlockSyncProvider[] = [
    honest,
    { ...honest, blocks: async () => [] }, // withholds
    { ...honest, blocks: async () => await new Promise<Uint8Array[]>(() => {}) }, // never answers
    { ...honest, blocks: async (from, to, maxBytes) => (await honest.blocks(from, to, maxBytes)).map((b) => pb.Block.encode({ ...pb.Block.decode(b), proposerSignature: flip(pb.Block.decode(b).proposerSignature) })) } // invalid
  ]
  const servers: KuberNode[] = []
  for (const p of providers) {
    const node = await createNode({ chainId: genesis.chainId, listen: ['127.0.0.1:0'], pex: false }, { logger: silentLogger, app: { blockSync: p } })
    await node.start()
    servers.push(node)
  }
  const [, withholder, silent, liar] = servers.map((s) => s.peerId)
  const chain = await fullNode({ peers: servers.map((s) => `${s.peerId}@${s.listenAddresses[0]!}`), blockSync: { rangeBlocks: 16, requestTimeoutMs: 3000 } })
  const node = chain.node
  try {
    await waitUntil(() => chain.tip.height === 400 && node.scorer.isBanned(liar!), 60_000, `synced to 400 (at ${chain.tip.height}) and the liar banned`)
    assert.ok(chain.tip.appHash.equals(source.tip.appHash))
    const s = (node.statsSections() as Record<string, any>).block_sync
    assert.ok(s.withheld >= 1 && s.rangeTimeouts + s.stalls >= 1 && s.processingFailures >= 2, JSON.stringify(s))
    assert.ok(node.scorer.score(withholder!) < 50, 'the withholder is penalised')
    assert.ok(node.scorer.score(silent!) < 50, 'the silent peer is penalised')
    assert.equal(node.stats.disconnects.toJSON().invalid_blocks, 1)
    assert.equal(s.phase, 'gossip')
  } finally {
    await chain.stop()
    await Promise.all(servers.map(async (n) => await n.stop()))
    await source.close()
  }
})
