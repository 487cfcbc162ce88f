// The signatures of fetched blocks checked ahead, on the signature worker: block sync hands
// each block over as it arrives (prepare), long before it is applied. Two jobs a block: its
// transactions' signatures, and the votes of its last commit. When the chain gets to them
// (BlockRules.checkNext for the transactions, checkFinal for the commit that makes the
// block before final), a job the worker has not started is taken back and checked there,
// one it has is awaited: if every signature verified, the transactions are not checked
// again and the votes are found verified in the VoteVerifier. Anything else (not sent: the
// worker is full; a malformed transaction; a bad signature) leaves every check to the main
// thread, as without this.
import { pb } from '../index.js'
import type { Genesis, Validator } from './genesis.js'
import { SignatureWorker, type SignatureJob } from './signature-worker.js'
import { txSignParts } from './signing.js'
import type { VoteVerifier } from './votes.js'

/** Most signing bytes in the worker at once (blocks past it are checked on the main thread). */
const MAX_BYTES_IN_WORKER = 32 * 1024 * 1024

export class BlockPrecheck {
  private readonly txJobs = new WeakMap<pb.Block, SignatureJob>()
  private readonly voteJobs = new WeakMap<pb.Commit, { job: SignatureJob, height: number, votes: Array<{ validator: Validator, signature: Uint8Array }> }>()
  private readonly worker = new SignatureWorker(MAX_BYTES_IN_WORKER)

  constructor (private readonly genesis: Genesis, private readonly verifier: VoteVerifier) {}

  /** Start checking the signatures in a block. */
  prepare (block: pb.Block): void {
    if (block.txs.length > 0 && !this.txJobs.has(block)) {
      try {
        const checks = block.txs.map((bytes) => {
          const tx = pb.ChainTx.decode(bytes)
          return { publicKey: tx.publicKey, message: txSignParts(this.genesis.chainId, tx), signature: tx.signature }
        })
        const job = this.worker.verifyAll(checks)
        if (job !== undefined) this.txJobs.set(block, job)
      } catch {} // malformed: checkNext says so
    }
    const commit = block.lastCommit
    const height = (block.header?.height ?? 0) - 1
    if (commit === undefined || height < 1 || this.voteJobs.has(commit) || commit.blockHash.length !== 32 || !Number.isSafeInteger(commit.round)) return
    const message = this.verifier.signBytes(height, commit.round, commit.blockHash)
    const votes = commit.signatures.map((s) => ({ validator: this.genesis.validators[s.validatorIndex], signature: s.signature }))
    if (votes.some((v) => v.validator === undefined)) return // checkCommit refuses it
    const job = this.worker.verifyAll(votes.map((v) => ({ publicKey: v.validator!.publicKey, message, signature: v.signature })))
    if (job !== undefined) this.voteJobs.set(commit, { job, height, votes: votes as Array<{ validator: Validator, signature: Uint8Array }> })
  }

  /** True when every transaction signature of this block verified ahead (asked once per block). */
  async txsChecked (block: pb.Block): Promise<boolean> {
    const job = this.txJobs.get(block)
    this.txJobs.delete(block)
    return await outcome(job)
  }

  /** Resolves once the votes of this commit, if sent ahead, are checked (those that verified are remembered by the VoteVerifier). */
  async commitChecked (commit: pb.Commit): Promise<void> {
    const sent = this.voteJobs.get(commit)
    if (sent === undefined) return
    this.voteJobs.delete(commit)
    if (!await outcome(sent.job)) return
    for (const v of sent.votes) this.verifier.remember(v.validator, sent.height, commit.round, commit.blockHash, v.signature)
  }

  async close (): Promise<void> {
    await this.worker.close()
  }
}

/** A job's answer: awaited when the worker has it, else taken back (false: check here). */
async function outcome (job: SignatureJob | undefined): Promise<boolean> {
  if (job === undefined || job.claim()) return false
  return await job.answer
}
