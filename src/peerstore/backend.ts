// Where the peer store's bytes live: LevelDB on disk (classic-level) under the node's
// home, or a Map in memory for nodes without a home and for tests. Both apply a batch of
// puts and deletes atomically: LevelDB writes the batch as one checksummed log record, so
// after a kill -9 it is either wholly there or wholly absent.
import { ClassicLevel } from 'classic-level'

/** One write of a batch: a put (value set) or a delete (value undefined). */
export interface StoreWrite {
  key: string
  value: string | undefined
}

/** A key-value store with atomic batches: what the peer store needs from a database. */
export interface StoreBackend {
  open(): Promise<void>
  close(): Promise<void>
  /** Every key and value, in key order. */
  readAll(): Promise<Array<[string, string]>>
  /** Apply all writes, or none. */
  write(batch: StoreWrite[]): Promise<void>
}

/** Nothing survives the process. */
export class MemoryBackend implements StoreBackend {
  private readonly data = new Map<string, string>()

  async open (): Promise<void> {}

  async close (): Promise<void> {}

  async readAll (): Promise<Array<[string, string]>> {
    return [...this.data].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  }

  async write (batch: StoreWrite[]): Promise<void> {
    for (const w of batch) {
      if (w.value === undefined) this.data.delete(w.key)
      else this.data.set(w.key, w.value)
    }
  }
}

/** LevelDB at `location` (created if missing). */
export class LevelBackend implements StoreBackend {
  private readonly db: ClassicLevel<string, string>

  constructor (readonly location: string) {
    this.db = new ClassicLevel<string, string>(location, { keyEncoding: 'utf8', valueEncoding: 'utf8' })
  }

  async open (): Promise<void> {
    await this.db.open({ createIfMissing: true })
  }

  async close (): Promise<void> {
    await this.db.close()
  }

  async readAll (): Promise<Array<[string, string]>> {
    return await this.db.iterator().all()
  }

  async write (batch: StoreWrite[]): Promise<void> {
    if (batch.length === 0) return
    await this.db.batch(batch.map((w) => w.value === undefined
      ? { type: 'del' as const, key: w.key }
      : { type: 'put' as const, key: w.key, value: w.value }))
  }
}
