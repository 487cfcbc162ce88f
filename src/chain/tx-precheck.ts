// Transaction signatures of fetched blocks checked ahead, on the signature worker: block
// sync hands each block over as it arrives (prepare), long before it is applied, and
// BlockRules.checkNext then awaits the answer instead of verifying on the main thread. Only
// the answer "every signature verifies" is used; anything else (not sent, a malformed
// transaction, a bad signature) leaves the checks to checkNext, as without this.
import { pb } from '../index.js'
import { SignatureWorker } from './signature-worker.js'
import { txSignBytes } from './signing.js'

/** Most signing bytes in the worker at once (blocks past it are checked on the main thread). */
const MAX_BYTES_IN_WORKER = 32 * 1024 * 1024

export class TxPrecheck {
  private readonly answers = new WeakMap<pb.Block, Promise<boolean>>()
  private readonly worker = new SignatureWorker(MAX_BYTES_IN_WORKER)

  constructor (private readonly chainId: string) {}

  /** Start checking the signatures of a block's transactions. */
  prepare (block: pb.Block): void {
    if (block.txs.length === 0 || this.answers.has(block)) return
    let checks
    try {
      checks = block.txs.map((bytes) => {
        const tx = pb.ChainTx.decode(bytes)
        return { publicKey: tx.publicKey, message: txSignBytes(this.chainId, tx), signature: tx.signature }
      })
    } catch {
      return // malformed: checkNext says so
    }
    const answer = this.worker.verifyAll(checks)
    if (answer !== undefined) this.answers.set(block, answer)
  }

  /** True when every transaction signature of this block verified ahead (once per block). */
  async verified (block: pb.Block): Promise<boolean> {
    const answer = this.answers.get(block)
    if (answer === undefined) return false
    this.answers.delete(block)
    return await answer
  }

  async close (): Promise<void> {
    await this.worker.close()
  }
}
