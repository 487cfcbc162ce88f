// Group commit for the chain store: final blocks are handed over as the LevelDB operations
// that write each one (block, commit, state, tip), and written in order, one atomic batch
// at a time; blocks that arrive while a batch is being written go together into the next
// one, where a key written by several (the tip, a hot state bucket) is written once, with
// its last value. Each batch ends with the tip record of its last block, so after a kill -9 the store
// holds a prefix of the blocks, each wholly or not at all. Bounded: add() waits while more
// than `maxBytes` are waiting to be written. A failed write is fatal to the store: every
// later call throws it (the blocks after the durable tip are only in memory).
import type { ClassicLevel } from 'classic-level'

export type BatchOp = { type: 'put', key: Uint8Array, value: Uint8Array } | { type: 'del', key: Uint8Array }

interface Pending {
  readonly ops: BatchOp[]
  readonly bytes: number
  /** Called once the batch that holds these operations is durable. */
  readonly written: () => void
}

export class GroupCommit {
  private queue: Pending[] = []
  private queuedBytes = 0
  private writing: Promise<void> | undefined
  /** The batch being written. */
  private batch: Promise<void> | undefined
  private error: Error | undefined
  /** Batches written, and blocks in them (statistics). */
  readonly counts = { batches: 0, blocks: 0 }

  constructor (private readonly db: ClassicLevel<Uint8Array, Uint8Array>, private readonly maxBytes: number) {}

  /** Queue one block's operations; resolves when there is room (not when written: see flush). */
  async add (ops: BatchOp[], bytes: number, written: () => void): Promise<void> {
    this.check()
    this.queue.push({ ops, bytes, written })
    this.queuedBytes += bytes
    this.writing ??= this.drain()
    while (this.queuedBytes > this.maxBytes && this.batch !== undefined) await this.batch.catch(() => {})
    this.check()
  }

  /** Resolves when everything added so far is durable. */
  async flush (): Promise<void> {
    while (this.writing !== undefined) await this.writing
    this.check()
  }

  private async drain (): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.queue
        this.queue = []
        const ops = group.length === 1 ? group[0]!.ops : lastWrites(group)
        this.batch = this.db.batch(ops)
        await this.batch
        for (const p of group) { this.queuedBytes -= p.bytes; p.written() }
        this.counts.batches++
        this.counts.blocks += group.length
      }
    } catch (err) {
      this.error = err as Error
    } finally {
      this.writing = undefined
      this.batch = undefined
    }
  }

  private check (): void {
    if (this.error !== undefined) throw new Error(`the chain store failed to write: ${this.error.message}`, { cause: this.error })
  }
}

/** The operations of several blocks in one batch: each key once, its last operation (a batch applies in order, so this is the same outcome). */
function lastWrites (group: readonly Pending[]): BatchOp[] {
  const byKey = new Map<string, BatchOp>()
  for (const p of group) {
    for (const op of p.ops) {
      const k = Buffer.from(op.key.buffer, op.key.byteOffset, op.key.byteLength).toString('latin1')
      byKey.delete(k) // keep the order of last writes
      byKey.set(k, op)
    }
  }
  return [...byKey.values()]
}
