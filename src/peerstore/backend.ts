// Where the peer store's bytes live: LevelDB on disk (classic-level) under the node's
// home, or a Map in memory for nodes without a home and for tests. Both apply a batch of
// puts and deletes atomically: LevelDB writes the batch as one checksummed log record, so
// after a kill -9 it is either wholly there or wholly absent. Errors opening LevelDB are
// StorageErrors that say which path, why (locked by another process, permission,
// corruption) and what to do; a corrupt store can be moved aside and started afresh.
import { rename } from 'node:fs/promises'
import { ClassicLevel } from 'classic-level'
import { ErrorCodes, StorageError, type ErrorCode } from '../errors.js'

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
  /**
   * The store is corrupt (`err` is a StorageError with code STORE_CORRUPT): set it aside
   * and start an empty one. Returns where the old one went. Absent: cannot recover.
   */
  discardCorrupt?(wallNowMs: number): Promise<string>
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
  private db: ClassicLevel<string, string>

  constructor (readonly location: string) {
    this.db = this.create()
  }

  async open (): Promise<void> {
    try {
      await this.db.open({ createIfMissing: true })
    } catch (err) {
      throw describeOpenError(this.location, err)
    }
  }

  async close (): Promise<void> {
    await this.db.close()
  }

  async readAll (): Promise<Array<[string, string]>> {
    try {
      return await this.db.iterator().all()
    } catch (err) {
      throw isCorruption(err) ? corrupt(this.location, err) : err
    }
  }

  async write (batch: StoreWrite[]): Promise<void> {
    if (batch.length === 0) return
    await this.db.batch(batch.map((w) => w.value === undefined
      ? { type: 'del' as const, key: w.key }
      : { type: 'put' as const, key: w.key, value: w.value }))
  }

  /** Rename the directory to `<location>.corrupt-<UTC time>` and start an empty store there. */
  async discardCorrupt (wallNowMs: number): Promise<string> {
    await this.db.close().catch(() => {})
    const aside = `${this.location}.corrupt-${new Date(wallNowMs).toISOString().replace(/[:.]/g, '-')}`
    await rename(this.location, aside)
    this.db = this.create()
    return aside
  }

  private create (): ClassicLevel<string, string> {
    return new ClassicLevel<string, string>(this.location, { keyEncoding: 'utf8', valueEncoding: 'utf8' })
  }
}

/** The LevelDB error under classic-level's "Database failed to open". */
function rootCause (err: unknown): { code: string, message: string } {
  const e = err as { code?: string, message?: string, cause?: { code?: string, message?: string } }
  const inner = e.cause ?? e
  return { code: inner.code ?? '', message: inner.message ?? String(err) }
}

function isCorruption (err: unknown): boolean {
  const { code, message } = rootCause(err)
  return code === 'LEVEL_CORRUPTION' || /^Corruption:/.test(message)
}

function storageError (code: ErrorCode, message: string, err: unknown): StorageError {
  return new StorageError(code, message, { cause: err })
}

function corrupt (location: string, err: unknown): StorageError {
  return storageError(ErrorCodes.STORE_CORRUPT, `peer store ${location} is corrupt (${rootCause(err).message}); move it aside or delete it: the node starts with an empty one and relearns its peers`, err)
}

/** Turn a failed open into a StorageError saying which path, why and what to do. */
function describeOpenError (location: string, err: unknown): StorageError {
  const { code, message } = rootCause(err)
  if (code === 'LEVEL_LOCKED' || /lock .*already held/i.test(message)) {
    return storageError(ErrorCodes.STORE_LOCKED, `peer store ${location} is locked by another process: another kuber-p2p node is probably running with this home; stop it, or give this node its own --home`, err)
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || /permission denied|read-only file system/i.test(message)) {
    return storageError(ErrorCodes.STORE_PERMISSION_DENIED, `cannot open peer store ${location}: permission denied (${message}); make the directory writable by the user running the node (chown/chmod), or choose another --home`, err)
  }
  // a damaged CURRENT file may name a manifest that does not exist
  if (isCorruption(err) || (code === 'LEVEL_IO_ERROR' && /MANIFEST|CURRENT|No such file or directory/.test(message) && message.includes(location))) {
    return corrupt(location, err)
  }
  return storageError(ErrorCodes.STORE_FAILED, `cannot open peer store ${location}: ${message}`, err)
}
