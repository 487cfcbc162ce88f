// The chain store: final blocks survive a reopen with the same tip and state root; a store
// whose bucket roots do not match its tip is refused; and the state it holds can be cut
// into snapshot chunks that each verify alone against the tip's app_hash (state sync).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { ClassicLevel } from 'classic-level'
import { Mempool } from '../../src/index.js'
import { propose } from '../../src/chain/proposer.js'
import { sha256 } from '../../src/chain/signing.js'
import { ChainStore } from '../../src/chain/store/chain-store.js'
import { rootKey } from '../../src/chain/store/keys.js'
import { bucketOf } from '../../src/chain/state/buckets.js'
import { buildChunk, chunkError, entryBytes, planChunks } from '../../src/chain/state/chunks.js'
import { commitFromQuorum } from '../../src/chain/commit.js'
import { VotePool, signVote } from '../../src/chain/votes.js'
import { signTx } from '../../src/chain/tx.js'
import { tempDir, testGenesis, userKey, validatorKey } from './helpers.js'

const genesis = testGenesis(1, { state_buckets: 16 })

/** Make `blocks` final blocks of `perBlock` writes each, as the single validator would. */
async function fill (store: ChainStore, blocks: number, perBlock: number, durable = true): Promise<void> {
  let nonce = 0
  for (let b = 0; b < blocks; b++) {
    const mempool = new Mempool({ maxTxs: 1000, maxBytes: 1 << 22, maxTxBytes: 1 << 16 })
    for (let i = 0; i < perBlock; i++) {
      const tx = signTx(userKey(0), genesis.chainId, { nonce: nonce++, key: Buffer.from(`key ${nonce % 70}`), value: Buffer.alloc(1 + (nonce % 200), nonce) })
      mempool.add(sha256(tx), tx)
    }
    const v = genesis.validators[0]!
    const { checked } = await propose({ genesis, state: store, mempool, identity: validatorKey(0), validator: v, tip: store.tip, round: 0, lastCommit: await store.getCommit(store.tip.height), wallNowMs: Date.now() + b })
    const pool = new VotePool(genesis)
    pool.add(signVote(validatorKey(0), genesis.chainId, checked.header.height, 0, checked.hash), v)
    const final = { block: checked.block, hash: checked.hash, commit: commitFromQuorum(checked.header.height, pool.quorum(checked.header.height)!), buckets: checked.commitment.buckets, appHash: checked.commitment.appHash }
    await (durable ? store.commit(final) : store.stage(final))
  }
}

test('a reopened store has the same tip and state root; a store whose state does not match its tip is refused', async () => {
  const path = join(await tempDir(), 'chain')
  const store = await ChainStore.open(path, genesis)
  await fill(store, 5, 30)
  const tip = store.tip
  assert.equal(tip.height, 5)
  await store.close()
  const again = await ChainStore.open(path, genesis)
  assert.deepEqual(again.tip, tip)
  assert.ok(again.tree.root.equals(tip.appHash))
  assert.equal((await again.getBlocks(2, 4)).map((b) => b.header!.height).join(','), '2,3,4')
  assert.equal((await again.getBlocks(1, 5, 1)).length, 1, 'a byte budget stops the range, one block at least')
  await again.close()
  const db = new ClassicLevel<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' })
  await db.put(rootKey(3), Buffer.alloc(36, 7))
  await db.close()
  await assert.rejects(ChainStore.open(path, genesis), /not the app_hash of height 5/)
  await assert.rejects(ChainStore.open(path, testGenesis(1, { state_buckets: 16 }, 'other-chain')), /holds chain kuber-test/)
})

test('staged blocks (block sync) are read back before they are written, written in groups, and durable after a flush or a close', async () => {
  const path = join(await tempDir(), 'chain')
  const store = await ChainStore.open(path, genesis)
  await fill(store, 12, 20, false)
  const tip = store.tip
  assert.equal(tip.height, 12)
  assert.ok(store.durableTip.height <= 12)
  assert.equal((await store.getBlocks(1, 12)).map((b) => b.header!.height).join(','), '1,2,3,4,5,6,7,8,9,10,11,12', 'every staged block is served, written or not')
  assert.equal((await store.getCommit(12))?.height, 12)
  const key = Buffer.concat([Uint8Array.of(1), Buffer.from('key 30')]) // last written by block 12 (nonce 239)
  assert.deepEqual(Buffer.from((await store.getState(key))!), Buffer.alloc(41, 240), 'the state reads what staged blocks wrote')
  await store.flush()
  assert.deepEqual(store.durableTip, tip)
  assert.equal(store.writes.blocks, 12)
  assert.ok(store.writes.batches <= 12)
  await fill(store, 3, 20, false)
  const last = store.tip
  await store.close() // writes what is staged
  const again = await ChainStore.open(path, genesis)
  assert.deepEqual(again.tip, last)
  assert.ok(again.tree.root.equals(last.appHash))
  assert.deepEqual(Buffer.from((await again.getState(key))!), Buffer.alloc(41, 240))
  await again.close()
})

test('the stored state cut into chunks of about chunk_size: each chunk verifies alone against the tip app_hash', async () => {
  const store = await ChainStore.open(join(await tempDir(), 'chain'), genesis)
  try {
    await fill(store, 4, 60)
    const all = await store.bucketRange(0, 16)
    assert.equal(all.length, 71) // 70 keys and the account's nonce
    const byBucket = new Map<number, number[]>()
    for (const e of all) byBucket.set(bucketOf(e.key, 16), [...(byBucket.get(bucketOf(e.key, 16)) ?? []), entryBytes(e)])
    for (const chunkBytes of [400, 2048]) {
      const ranges = planChunks(16, [...byBucket].map(([bucket, sizes]) => ({ bucket, entryBytes: sizes })), chunkBytes)
      let entries = 0
      for (const r of ranges) {
        const content = r.kind === 'buckets' ? await store.bucketRange(r.start, r.end) : await store.bucketEntries(r.bucket)
        const chunk = buildChunk(r, content, store.tree)
        assert.equal(chunkError(chunk, 16, store.tip.appHash), undefined)
        entries += chunk.entries.length
      }
      assert.equal(entries, all.length)
      const total = all.reduce((n, e) => n + entryBytes(e), 0)
      assert.ok(ranges.length >= Math.floor(total / chunkBytes), `${ranges.length} chunks of ${chunkBytes} bytes for ${total} bytes`)
    }
  } finally {
    await store.close()
  }
})
