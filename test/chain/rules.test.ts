// Every rule of the reference chain refuses what breaks it, with its reason and the P2P
// error code the sender is scored with: transactions (form, size, keys, signature), votes
// (type, voter, signature) and blocks (proposer schedule and signature, size, tx_root,
// height, parent link, timestamps, transactions, app_hash, last commit).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { ErrorCodes, Mempool, blockHash, merkleRoot, pb, peerIdToBytes, type Identity } from '../../src/index.js'
import { BlockRules, type CheckedBlock } from '../../src/chain/block-rules.js'
import { commitFromQuorum, commitHash } from '../../src/chain/commit.js'
import { ChainError, Reason } from '../../src/chain/errors.js'
import { propose } from '../../src/chain/proposer.js'
import { blockSignBytes, sha256 } from '../../src/chain/signing.js'
import { checkTxSignature, decodeTx, signTx } from '../../src/chain/tx.js'
import { VotePool, VoteVerifier, signVote } from '../../src/chain/votes.js'
import type { ChainStore } from '../../src/chain/store/chain-store.js'
import { openStore, testGenesis, userKey, validatorKey } from './helpers.js'

const genesis = testGenesis(4, { max_block_txs: 4, max_tx_bytes: 300, max_key_bytes: 16, propose_timeout_ms: 1000 })
const params = genesis.params
const user = userKey(0)

function refused (fn: () => unknown, reason: Reason, code: string): void {
  assert.throws(fn, (err: unknown) => err instanceof ChainError && err.reason === reason && err.code === code, reason)
}

async function refusedAsync (p: Promise<unknown>, reason: Reason): Promise<void> {
  await assert.rejects(p, (err: unknown) => err instanceof ChainError && err.reason === reason && err.code === ErrorCodes.INVALID_BLOCK, reason)
}

const tx = (nonce: number, key = 'k', value = 'v', signer: Identity = user, chainId = genesis.chainId): Uint8Array =>
  signTx(signer, chainId, { nonce, key: Buffer.from(key), value: Buffer.from(value) })

test('transactions: malformed, not canonical, too large, bad key or public key, bad signature', () => {
  const check = (bytes: Uint8Array): void => checkTxSignature(decodeTx(bytes, params), genesis.chainId)
  check(tx(0))
  refused(() => check(Uint8Array.of(0xff, 0xff, 0xff)), Reason.TX_MALFORMED, ErrorCodes.INVALID_TX)
  refused(() => check(Buffer.concat([tx(0), Uint8Array.of(0x48, 0x01)])), Reason.TX_NOT_CANONICAL, ErrorCodes.INVALID_TX)
  refused(() => check(tx(0, 'k', 'x'.repeat(300))), Reason.TX_TOO_LARGE, ErrorCodes.INVALID_TX)
  refused(() => check(tx(0, '')), Reason.TX_BAD_KEY, ErrorCodes.INVALID_TX)
  refused(() => check(tx(0, 'k'.repeat(17))), Reason.TX_BAD_KEY, ErrorCodes.INVALID_TX)
  const t = pb.ChainTx.decode(tx(0))
  refused(() => check(pb.ChainTx.encode({ ...t, publicKey: t.publicKey.subarray(1) })), Reason.TX_BAD_PUBLIC_KEY, ErrorCodes.INVALID_TX)
  refused(() => check(pb.ChainTx.encode({ ...t, value: Buffer.from('w') as Uint8Array<ArrayBuffer> })), Reason.TX_BAD_SIGNATURE, ErrorCodes.INVALID_TX)
  refused(() => check(tx(0, 'k', 'v', user, 'another-chain')), Reason.TX_BAD_SIGNATURE, ErrorCodes.INVALID_TX)
})

test('a transaction is refused as not canonical exactly when encoding it again gives other bytes (fields reordered, repeated, unknown, explicit defaults, long varints)', () => {
  const varint = (n: number, pad: number): number[] => { const out: number[] = []; do { out.push((n % 128) | 0x80); n = Math.floor(n / 128) } while (n > 0); for (let i = 0; i < pad; i++) out.push(0x80); out[out.length - 1]! &= 0x7f; return out }
  const field = fc.record({ n: fc.integer({ min: 1, max: 7 }), pad: fc.integer({ min: 0, max: 1 }), value: fc.uint8Array({ minLength: 0, maxLength: 40 }), nonce: fc.integer({ min: 0, max: 2 ** 40 }) })
  fc.assert(fc.property(fc.array(field, { maxLength: 8 }), fc.boolean(), (fields, fromSigned) => {
    const parts: number[] = fromSigned ? [...tx(3)] : []
    for (const f of fields) {
      if (f.n === 2 || f.n === 6) parts.push(...varint(f.n * 8, f.pad), ...varint(f.nonce, f.pad))
      else parts.push(...varint(f.n * 8 + 2, f.pad), ...varint(f.value.length, f.pad), ...f.value)
    }
    const bytes = Uint8Array.from(parts)
    let decoded: pb.ChainTx
    try { decoded = pb.ChainTx.decode(bytes) } catch { return }
    const canonical = Buffer.from(pb.ChainTx.encode(decoded)).equals(bytes)
    let reason: Reason | undefined
    try { decodeTx(bytes, { ...params, max_tx_bytes: 1 << 20 }) } catch (err) { reason = (err as ChainError).reason }
    assert.equal(reason === Reason.TX_NOT_CANONICAL, !canonical)
  }), { numRuns: 2000 })
})

test('votes: wrong type, malformed, not a validator, bad signature', () => {
  const verifier = new VoteVerifier(genesis)
  const vote = signVote(validatorKey(2), genesis.chainId, 5, 0, Buffer.alloc(32, 1))
  assert.equal(verifier.check(vote).index, 2)
  refused(() => verifier.check({ ...vote, voteType: 2 }), Reason.VOTE_BAD_TYPE, ErrorCodes.INVALID_VOTE)
  refused(() => verifier.check({ ...vote, blockHash: Buffer.alloc(31) as Uint8Array<ArrayBuffer> }), Reason.VOTE_MALFORMED, ErrorCodes.INVALID_VOTE)
  refused(() => verifier.check(signVote(userKey(1), genesis.chainId, 5, 0, Buffer.alloc(32, 1))), Reason.VOTE_UNKNOWN_VALIDATOR, ErrorCodes.INVALID_VOTE)
  refused(() => verifier.check({ ...vote, height: 6 }), Reason.VOTE_BAD_SIGNATURE, ErrorCodes.INVALID_VOTE)
  refused(() => verifier.check(signVote(validatorKey(2), 'another-chain', 5, 0, Buffer.alloc(32, 1))), Reason.VOTE_BAD_SIGNATURE, ErrorCodes.INVALID_VOTE)
})

/** A block 1 (or a child of the store's tip) proposed by the scheduled validator from these transactions. */
async function proposed (store: ChainStore, txs: Uint8Array[], round = 0, lastCommit?: pb.Commit): Promise<CheckedBlock> {
  const mempool = new Mempool({ maxTxs: 100, maxBytes: 1 << 20, maxTxBytes: 1 << 16 })
  for (const t of txs) mempool.add(sha256(t), t)
  const v = genesis.proposer(store.tip.height + 1, round)
  const { checked } = await propose({ genesis, state: store, mempool, identity: validatorKey(v.index), validator: v, tip: store.tip, round, lastCommit, wallNowMs: Date.now() })
  return checked
}

/** The block with header fields changed, then hashed and signed again (by the scheduled proposer unless `signer`). */
function resealed (block: pb.Block, header: Partial<pb.BlockHeader>, extra: Partial<pb.Block> = {}, signer?: Identity): pb.Block {
  const h = { ...block.header!, ...header }
  const scheduled = genesis.proposer(h.height, h.round)
  if (header.proposer === undefined) h.proposer = peerIdToBytes(scheduled.peerId) as Uint8Array<ArrayBuffer>
  const key = signer ?? validatorKey(scheduled.index)
  return { ...block, ...extra, header: h, proposerSignature: key.sign(blockSignBytes(genesis.chainId, blockHash(h))) as Uint8Array<ArrayBuffer> }
}

test('blocks: each rule that needs only the genesis', async () => {
  const store = await openStore(genesis)
  const rules = new BlockRules({ genesis, verifier: new VoteVerifier(genesis), state: store, isCheckedTx: () => false })
  try {
    const { block } = await proposed(store, [tx(0), tx(1, 'k2')])
    const txRoot = block.header!.txRoot
    assert.equal(rules.checkSigned(block).proposer.index, 0)
    refused(() => rules.checkSigned({ ...block, header: undefined }), Reason.BLOCK_MALFORMED, ErrorCodes.INVALID_BLOCK)
    refused(() => rules.checkSigned(resealed(block, { appHash: Buffer.alloc(31) as Uint8Array<ArrayBuffer> })), Reason.BLOCK_MALFORMED, ErrorCodes.INVALID_BLOCK)
    refused(() => rules.checkSigned(resealed(block, { proposer: peerIdToBytes(genesis.validators[1]!.peerId) as Uint8Array<ArrayBuffer> }, {}, validatorKey(1))), Reason.BLOCK_WRONG_PROPOSER, ErrorCodes.INVALID_BLOCK)
    refused(() => rules.checkSigned(resealed(block, {}, {}, validatorKey(1))), Reason.BLOCK_BAD_SIGNATURE, ErrorCodes.INVALID_BLOCK)
    refused(() => rules.checkSigned({ ...block, proposerSignature: new Uint8Array(64) as Uint8Array<ArrayBuffer> }), Reason.BLOCK_BAD_SIGNATURE, ErrorCodes.INVALID_BLOCK)
    refused(() => rules.checkSigned(resealed(block, { txRoot: sha256(txRoot) })), Reason.BLOCK_BAD_TX_ROOT, ErrorCodes.INVALID_BLOCK)
    const five = Array.from({ length: 5 }, (_, i) => tx(i, `k${i}`))
    refused(() => rules.checkSigned(resealed(block, { txRoot: merkleRoot(five.map(sha256)) }, { txs: five as Array<Uint8Array<ArrayBuffer>> })), Reason.BLOCK_TOO_LARGE, ErrorCodes.INVALID_BLOCK)
    const commit: pb.Commit = { height: 0, round: 0, blockHash: Buffer.alloc(32) as Uint8Array<ArrayBuffer>, signatures: [] }
    refused(() => rules.checkSigned(resealed(block, { lastCommitHash: commitHash(commit) as Uint8Array<ArrayBuffer> }, { lastCommit: commit })), Reason.BLOCK_BAD_COMMIT, ErrorCodes.INVALID_BLOCK)
  } finally {
    await store.close()
  }
})

test('blocks: each rule that needs the parent and the state', async () => {
  const store = await openStore(genesis)
  const rules = new BlockRules({ genesis, verifier: new VoteVerifier(genesis), state: store, isCheckedTx: () => false })
  const next = async (b: pb.Block, now = Date.now()): Promise<CheckedBlock> => await rules.checkNext(rules.checkSigned(b), store.tip, now)
  try {
    const good = await proposed(store, [tx(0), tx(1, 'k2')])
    const { block } = good
    assert.equal((await next(block)).commitment.appHash.toString('hex'), Buffer.from(block.header!.appHash).toString('hex'))
    const someCommit: pb.Commit = { height: 1, round: 0, blockHash: Buffer.alloc(32) as Uint8Array<ArrayBuffer>, signatures: [] }
    await refusedAsync(next(resealed(block, { height: 2, lastCommitHash: commitHash(someCommit) as Uint8Array<ArrayBuffer> }, { lastCommit: someCommit })), Reason.BLOCK_BAD_HEIGHT)
    await refusedAsync(next(resealed(block, { parentHash: Buffer.alloc(32, 1) as Uint8Array<ArrayBuffer> })), Reason.BLOCK_BAD_PARENT)
    await refusedAsync(next(resealed(block, { timestamp: store.tip.timestamp })), Reason.BLOCK_BAD_TIMESTAMP)
    await refusedAsync(next(resealed(block, { timestamp: Date.now() + params.max_future_ms + 60_000 })), Reason.BLOCK_BAD_TIMESTAMP)
    // a later proposer may take over only a timeout after the parent
    await refusedAsync(next(resealed(block, { round: 1, timestamp: store.tip.timestamp + 10 })), Reason.BLOCK_BAD_TIMESTAMP)
    await refusedAsync(next(resealed(block, { appHash: sha256(block.header!.appHash) })), Reason.BLOCK_BAD_APP_HASH)
    const withTxs = (txs: Uint8Array[]): pb.Block => resealed(block, { txRoot: merkleRoot(txs.map(sha256)) }, { txs: txs as Array<Uint8Array<ArrayBuffer>> })
    await refusedAsync(next(withTxs([tx(0), tx(2, 'k2')])), Reason.BLOCK_BAD_TX) // nonce 2 is not next
    await refusedAsync(next(withTxs([tx(0), tx(0, 'k2')])), Reason.BLOCK_BAD_TX) // nonce 0 twice
    const forged = pb.ChainTx.decode(tx(1, 'k2'))
    await refusedAsync(next(withTxs([tx(0), pb.ChainTx.encode({ ...forged, value: Buffer.from('x') as Uint8Array<ArrayBuffer> })])), Reason.BLOCK_BAD_TX)

    // block 1 final with votes of three validators: block 2 must carry a valid commit for it
    const pool = new VotePool(genesis)
    for (const i of [0, 2, 3]) pool.add(signVote(validatorKey(i), genesis.chainId, 1, 0, good.hash), genesis.validators[i]!)
    const commit = commitFromQuorum(1, pool.quorum(1)!)
    await store.commit({ block, hash: good.hash, commit, buckets: good.commitment.buckets, appHash: good.commitment.appHash })
    const two = (await proposed(store, [tx(2, 'k3')], 0, commit)).block
    await next(two)
    const withCommit = (c: pb.Commit): pb.Block => resealed(two, { lastCommitHash: commitHash(c) as Uint8Array<ArrayBuffer> }, { lastCommit: c })
    await refusedAsync(next(withCommit({ ...commit, signatures: commit.signatures.slice(0, 2) })), Reason.BLOCK_BAD_COMMIT)
    await refusedAsync(next(withCommit({ ...commit, signatures: [commit.signatures[0]!, commit.signatures[0]!, commit.signatures[1]!] })), Reason.BLOCK_BAD_COMMIT)
    await refusedAsync(next(withCommit({ ...commit, signatures: [...commit.signatures].reverse() })), Reason.BLOCK_BAD_COMMIT)
    await refusedAsync(next(withCommit({ ...commit, round: 1 })), Reason.BLOCK_BAD_COMMIT)
    await refusedAsync(next(withCommit({ ...commit, blockHash: Buffer.alloc(32, 3) as Uint8Array<ArrayBuffer> })), Reason.BLOCK_BAD_COMMIT)
    await refusedAsync(next(withCommit({ ...commit, signatures: commit.signatures.map((s) => ({ ...s, validatorIndex: s.validatorIndex === 3 ? 1 : s.validatorIndex })).sort((a, b) => a.validatorIndex - b.validatorIndex) })), Reason.BLOCK_BAD_COMMIT)
    refused(() => rules.checkSigned(resealed(two, {}, { lastCommit: { ...commit, round: 1 } })), Reason.BLOCK_BAD_COMMIT, ErrorCodes.INVALID_BLOCK)
    refused(() => rules.checkSigned(resealed(two, { lastCommitHash: new Uint8Array(0) as Uint8Array<ArrayBuffer> }, { lastCommit: undefined })), Reason.BLOCK_BAD_COMMIT, ErrorCodes.INVALID_BLOCK)
  } finally {
    await store.close()
  }
})
