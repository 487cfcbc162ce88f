// The signatures of fetched blocks checked ahead, on the signature worker: block sync hands
// each block over as it arrives (prepare), long before it is applied; its transactions'
// signatures and the votes of its last commit go to the worker in one job. When every one
// verified, the votes are remembered by the VoteVerifier (checkCommit finds them there)
// and BlockRules.checkNext, told so by checked(), skips verifying the transactions again.
// Anything else (not sent: the worker is full; a malformed transaction; a bad signature)
// leaves every check to checkNext on the main thread, as without this.
import { pb } from '../index.js'
import type { Genesis, Validator } from './genesis.js'
import { SignatureWorker, type SignatureCheck } from './signature-worker.js'
import { txSignBytes } from './signing.js'
import type { VoteVerifier } from './votes.js'

/** Most signing bytes in the worker at once (blocks past it are checked on the main thread). */
const MAX_BYTES_IN_WORKER = 32 * 1024 * 1024

export class BlockPrecheck {
  /** Per block being checked: resolves true when its transaction signatures all verified. */
  private readonly answers = new WeakMap<pb.Block, Promise<boolean>>()
  private readonly worker = new SignatureWorker(MAX_BYTES_IN_WORKER)

  constructor (private readonly genesis: Genesis, private readonly verifier: VoteVerifier) {}

  /** Start checking the signatures in a block. */
  prepare (block: pb.Block): void {
    if (this.answers.has(block)) return
    const checks: SignatureCheck[] = []
    const votes: Array<{ validator: Validator, signature: Uint8Array }> = []
    const commit = block.lastCommit
    const height = (block.header?.height ?? 0) - 1
    try {
      for (const bytes of block.txs) {
        const tx = pb.ChainTx.decode(bytes)
        checks.push({ publicKey: tx.publicKey, message: txSignBytes(this.genesis.chainId, tx), signature: tx.signature })
      }
      if (commit !== undefined && height >= 1 && commit.blockHash.length === 32 && Number.isSafeInteger(commit.round)) {
        const message = this.verifier.signBytes(height, commit.round, commit.blockHash)
        for (const s of commit.signatures) {
          const validator = this.genesis.validators[s.validatorIndex]
          if (validator === undefined) return // checkCommit refuses it
          votes.push({ validator, signature: s.signature })
          checks.push({ publicKey: validator.publicKey, message, signature: s.signature })
        }
      }
    } catch {
      return // malformed: checkNext says so
    }
    const answer = this.worker.verifyAll(checks)
    if (answer === undefined) return
    this.answers.set(block, answer.then((ok) => {
      if (ok) for (const v of votes) this.verifier.remember(v.validator, height, commit!.round, commit!.blockHash, v.signature)
      return ok && checks.length > votes.length
    }))
  }

  /** True when every transaction signature of this block verified ahead (asked once per block). */
  async checked (block: pb.Block): Promise<boolean> {
    const answer = this.answers.get(block)
    if (answer === undefined) return false
    this.answers.delete(block)
    return await answer
  }

  async close (): Promise<void> {
    await this.worker.close()
  }
}
