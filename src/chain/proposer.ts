// Building a block on our turn: transactions from the mempool, oldest first, executed on
// the state; those whose nonce is already used are dropped from the mempool, those whose
// nonce is not yet next wait for a later block. The header commits to the transactions,
// the state after them and the parent's commit; the proposer signs the header's hash.
import { blockHash, merkleRoot, peerIdToBytes, pb, type Identity, type Mempool } from '../index.js'
import type { CheckedBlock } from './block-rules.js'
import { commitHash } from './commit.js'
import { applyTx, touchedKeys } from './execution.js'
import type { Genesis, Validator } from './genesis.js'
import { blockSignBytes } from './signing.js'
import { PendingState, type StateReader } from './state/pending-state.js'
import type { Tip } from './store/chain-store.js'
import { decodeTx, type DecodedTx } from './tx.js'

export interface Proposal {
  readonly checked: CheckedBlock
  /** Mempool transactions found stale (their nonce was used): drop them. */
  readonly stale: Buffer[]
}

export interface ProposeInput {
  genesis: Genesis
  state: StateReader
  mempool: Mempool
  identity: Identity
  validator: Validator
  tip: Tip
  round: number
  /** The commit of the tip (none at height 1). */
  lastCommit: pb.Commit | undefined
  wallNowMs: number
}

export async function propose (p: ProposeInput): Promise<Proposal> {
  const { genesis, tip, round } = p
  const params = genesis.params
  const stale: Buffer[] = []
  const candidates: DecodedTx[] = []
  for (const m of p.mempool.reap(params.max_block_txs, params.max_block_bytes)) {
    try {
      candidates.push(decodeTx(m.bytes, params, m.hash))
    } catch {
      stale.push(m.hash)
    }
  }
  const state = new PendingState(p.state)
  await state.prefetch(touchedKeys(candidates))
  const txs: DecodedTx[] = []
  for (const d of candidates) {
    const outcome = await applyTx(state, d)
    if (outcome === 'applied') txs.push(d)
    else if (outcome === 'stale') stale.push(d.hash)
  }
  const commitment = await state.commitment()
  const height = tip.height + 1
  const header: pb.BlockHeader = {
    height,
    parentHash: tip.hash as Uint8Array<ArrayBuffer>,
    proposer: peerIdToBytes(p.validator.peerId) as Uint8Array<ArrayBuffer>,
    timestamp: Math.max(Math.floor(p.wallNowMs), tip.timestamp + 1, tip.timestamp + round * params.propose_timeout_ms),
    txRoot: merkleRoot(txs.map((t) => t.hash)),
    appHash: commitment.appHash as Uint8Array<ArrayBuffer>,
    round,
    lastCommitHash: (p.lastCommit === undefined ? new Uint8Array(0) : commitHash(p.lastCommit)) as Uint8Array<ArrayBuffer>
  }
  const hash = blockHash(header)
  const block: pb.Block = {
    header,
    txs: txs.map((t) => t.bytes as Uint8Array<ArrayBuffer>),
    lastCommit: p.lastCommit,
    proposerSignature: p.identity.sign(blockSignBytes(genesis.chainId, hash)) as Uint8Array<ArrayBuffer>
  }
  return {
    checked: { block, header, hash, hashHex: hash.toString('hex'), proposer: p.validator, txHashes: txs.map((t) => t.hash), txs, commitment },
    stale
  }
}
