// The transaction signatures of fetched blocks checked ahead, on the signature worker:
// block sync hands each block over as it arrives (prepare), long before it is applied.
// When BlockRules.checkNext gets to the block, a job the worker has not started is taken
// back and checked there, one it has is awaited; if every signature verified, they are not
// checked again. Anything else (not sent: the worker is full; a malformed transaction; a
// bad signature) leaves every check to the main thread, as without this. Commit votes and
// the proposer's signature stay on the main thread: 64-byte messages, where handing them
// over cost more than checking them (blocks without transactions synced at half the rate).
import { pb } from '../index.js'
import { SignatureWorker, type SignatureJob } from './signature-worker.js'
import { txSignParts } from './signing.js'

/** Most signing bytes in the worker at once (blocks past it are checked on the main thread). */
const MAX_BYTES_IN_WORKER = 32 * 1024 * 1024

export class BlockPrecheck {
  private readonly jobs = new WeakMap<pb.Block, SignatureJob>()
  private readonly worker = new SignatureWorker(MAX_BYTES_IN_WORKER)

  constructor (private readonly chainId: string) {}

  /** Start checking the signatures of a block's transactions. */
  prepare (block: pb.Block): void {
    if (block.txs.length === 0 || this.jobs.has(block)) return
    let checks
    try {
      checks = block.txs.map((bytes) => {
        const tx = pb.ChainTx.decode(bytes)
        return { publicKey: tx.publicKey, message: txSignParts(this.chainId, tx), signature: tx.signature }
      })
    } catch {
      return // malformed: checkNext says so
    }
    const job = this.worker.verifyAll(checks)
    if (job !== undefined) this.jobs.set(block, job)
  }

  /** True when every transaction signature of this block verified ahead (asked once per block). */
  async txsChecked (block: pb.Block): Promise<boolean> {
    const job = this.jobs.get(block)
    this.jobs.delete(block)
    if (job === undefined || job.claim()) return false
    return await job.answer
  }

  async close (): Promise<void> {
    await this.worker.close()
  }
}
