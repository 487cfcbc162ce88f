// The validity rules of a reference-chain block (docs/PROTOCOL.md §11.5), in two steps.
// checkSigned needs only the genesis: form and size, the proposer schedule, the proposer's
// signature (header-rules.ts), tx_root, and that the header binds the block's last commit.
// checkNext needs the tip the block extends: height, parent link, timestamps (header-rules.ts), the last commit's quorum,
// every transaction (form, signature, nonce) and the app_hash of the state they lead to.
// Each failure is a ChainError whose reason names the rule.
import { merkleRoot, pb } from '../index.js'
import { checkCommit, commitHash } from './commit.js'
import { checkHeaderLink, checkSignedHeader } from './header-rules.js'
import { ChainError, Reason } from './errors.js'
import { applyTx, touchedKeys } from './execution.js'
import type { Genesis, Validator } from './genesis.js'
import { sha256 } from './signing.js'
import { PendingState, type StateCommitment, type StateReader } from './state/pending-state.js'
import type { Tip } from './store/chain-store.js'
import { checkTxSignature, decodeTx, type DecodedTx } from './tx.js'
import type { VoteVerifier } from './votes.js'

/** A block whose proposer and form were checked. */
export interface SignedBlock {
  readonly block: pb.Block
  readonly header: pb.BlockHeader
  readonly hash: Buffer
  readonly hashHex: string
  readonly proposer: Validator
  readonly txHashes: Buffer[]
}

/** A block checked against its parent, with the state it leads to. */
export interface CheckedBlock extends SignedBlock {
  readonly txs: DecodedTx[]
  readonly commitment: StateCommitment
}

export interface BlockRulesDeps {
  genesis: Genesis
  verifier: VoteVerifier
  state: StateReader
  /** True for transactions whose signature this node already checked (its mempool). */
  isCheckedTx(hash: Uint8Array): boolean
  /** Signatures checked ahead (block-precheck.ts): true when every transaction signature of this block verified. */
  precheck?: { txsChecked(block: pb.Block): Promise<boolean> }
}

const fail = (reason: Reason, why: string): never => { throw new ChainError(reason, why) }

export class BlockRules {
  constructor (private readonly deps: BlockRulesDeps) {}

  checkSigned (block: pb.Block): SignedBlock {
    const { genesis } = this.deps
    const params = genesis.params
    const { header, hash, proposer } = checkSignedHeader(genesis, block.header, block.proposerSignature)
    if (block.txs.length > params.max_block_txs) fail(Reason.BLOCK_TOO_LARGE, `${block.txs.length} transactions, more than max_block_txs ${params.max_block_txs}`)
    const bytes = block.txs.reduce((n, tx) => n + tx.length, 0)
    if (bytes > params.max_block_bytes) fail(Reason.BLOCK_TOO_LARGE, `${bytes} transaction bytes, more than max_block_bytes ${params.max_block_bytes}`)
    const txHashes = block.txs.map(sha256)
    if (!merkleRoot(txHashes).equals(header.txRoot)) fail(Reason.BLOCK_BAD_TX_ROOT, 'tx_root does not match the transactions')
    if (header.height === 1) {
      if (block.lastCommit !== undefined || header.lastCommitHash.length !== 0) fail(Reason.BLOCK_BAD_COMMIT, 'block 1 has no last commit')
    } else if (block.lastCommit === undefined || !commitHash(block.lastCommit).equals(header.lastCommitHash)) {
      fail(Reason.BLOCK_BAD_COMMIT, 'last_commit missing or not the one last_commit_hash names')
    }
    return { block, header, hash, hashHex: hash.toString('hex'), proposer, txHashes }
  }

  async checkNext (s: SignedBlock, tip: Tip, wallNowMs: number): Promise<CheckedBlock> {
    const { genesis, verifier, state: reader } = this.deps
    const { header, block } = s
    checkHeaderLink(genesis, header, tip)
    if (header.timestamp > wallNowMs + genesis.params.max_future_ms) fail(Reason.BLOCK_BAD_TIMESTAMP, `timestamp ${header.timestamp} more than ${genesis.params.max_future_ms} ms ahead of ours`)
    if (header.height > 1) checkCommit(genesis, verifier, block.lastCommit, tip.height, tip.hash)
    const signaturesChecked = await this.deps.precheck?.txsChecked(block) === true
    const txs = block.txs.map((bytes, i) => {
      try {
        const d = decodeTx(bytes, genesis.params, s.txHashes[i])
        if (!signaturesChecked && !this.deps.isCheckedTx(d.hash)) checkTxSignature(d, genesis.chainId)
        return d
      } catch (err) {
        return fail(Reason.BLOCK_BAD_TX, `transaction ${i}: ${(err as Error).message}`)
      }
    })
    const state = new PendingState(reader)
    await state.prefetch(touchedKeys(txs))
    for (const [i, d] of txs.entries()) {
      const outcome = await applyTx(state, d)
      if (outcome !== 'applied') fail(Reason.BLOCK_BAD_TX, `transaction ${i}: nonce ${d.tx.nonce} is ${outcome}`)
    }
    const commitment = await state.commitment()
    if (!commitment.appHash.equals(header.appHash)) fail(Reason.BLOCK_BAD_APP_HASH, 'app_hash is not the root of the state after the block')
    return { ...s, txs, commitment }
  }
}
