// Builds a reference chain offline, straight into a chain store, as its validators would
// have made it: block h proposed by its round-0 proposer from the given transactions, then
// votes from the first quorum of validators as its commit (carried by block h + 1). For
// tests and benchmarks that need a long valid chain without running consensus.
import { Mempool, type Identity } from '../../src/index.js'
import { commitFromQuorum } from '../../src/chain/commit.js'
import type { Genesis } from '../../src/chain/genesis.js'
import { propose } from '../../src/chain/proposer.js'
import { sha256 } from '../../src/chain/signing.js'
import type { ChainStore } from '../../src/chain/store/chain-store.js'
import { signTx } from '../../src/chain/tx.js'
import { VotePool, signVote } from '../../src/chain/votes.js'

export interface BuildOptions {
  genesis: Genesis
  /** Validator i's key. */
  keys: (i: number) => Identity
  /** Blocks to add on top of the store's tip. */
  blocks: number
  /** The transactions of block h, in nonce order (default none). */
  txs?: (height: number) => Uint8Array[]
}

/** Add `blocks` final blocks to the store (timestamps 1 ms apart from the tip's). */
export async function buildChain (store: ChainStore, options: BuildOptions): Promise<void> {
  const { genesis, keys } = options
  const voters = genesis.validators.slice(0, genesis.quorum)
  let lastCommit = store.tip.height === 0 ? undefined : await store.getCommit(store.tip.height)
  for (let i = 0; i < options.blocks; i++) {
    const height = store.tip.height + 1
    const txs = options.txs?.(height) ?? []
    const mempool = new Mempool({ maxTxs: Math.max(1, txs.length), maxBytes: 64 << 20, maxTxBytes: genesis.params.max_tx_bytes })
    for (const tx of txs) mempool.add(sha256(tx), tx)
    const proposer = genesis.proposer(height, 0)
    const { checked } = await propose({ genesis, state: store, mempool, identity: keys(proposer.index), validator: proposer, tip: store.tip, round: 0, lastCommit, wallNowMs: store.tip.timestamp + 1 })
    if (checked.txs.length !== txs.length) throw new Error(`block ${height}: ${checked.txs.length} of ${txs.length} transactions fit`)
    const pool = new VotePool(genesis)
    for (const v of voters) pool.add(signVote(keys(v.index), genesis.chainId, height, 0, checked.hash), v)
    const commit = commitFromQuorum(height, pool.quorum(height)!)
    await store.commit({ block: checked.block, hash: checked.hash, commit, buckets: checked.commitment.buckets, appHash: checked.commitment.appHash })
    lastCommit = commit
  }
}

/** Transactions for buildChain: `perBlock` writes a block by `user`, of `valueBytes` each, to keys that repeat every `keys` writes. */
export function writes (user: Identity, genesis: Genesis, perBlock: number, valueBytes: number, keys = 64): (height: number) => Uint8Array[] {
  let nonce = 0
  return () => Array.from({ length: perBlock }, () => {
    const n = nonce++
    return signTx(user, genesis.chainId, { nonce: n, key: Buffer.from(`key ${n % keys}`), value: Buffer.alloc(valueBytes, n & 255) })
  })
}
