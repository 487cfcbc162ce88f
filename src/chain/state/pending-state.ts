// The state as a block being checked or built sees it: the committed state (the store) with
// the block's writes on top. Reads load whole buckets, many in one store read (prefetch the
// keys a block will touch); commitment() gives the app_hash the writes lead to and the new
// content of each bucket they change. Only touched buckets are read and hashed, so a block
// costs its writes (times the size of a bucket), not the size of the state.
import type { BucketTree } from './bucket-tree.js'
import { bucketOf, bucketRoot, type BucketRoot, type StateEntry } from './buckets.js'

/** What the overlay reads the committed state from (the chain store). */
export interface StateReader {
  readonly tree: BucketTree
  /** The committed entries of these buckets, each sorted by key, in the order asked. */
  readBuckets(buckets: readonly number[]): Promise<StateEntry[][]>
}

/** A bucket a block changes: its new root, count and entries. */
export interface BucketChange extends BucketRoot {
  readonly entries: readonly StateEntry[]
}

export interface StateCommitment {
  readonly appHash: Buffer
  readonly buckets: ReadonlyMap<number, BucketChange>
}

/** Keys as map keys: latin1 strings compare in byte order. */
const keyOf = (key: Uint8Array): string => Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1')

export class PendingState {
  /** Written entries by key; value undefined deletes. */
  private readonly writes = new Map<string, { key: Uint8Array, value: Uint8Array | undefined }>()
  /** Committed buckets read so far, entries by key. */
  private readonly loaded = new Map<number, Map<string, StateEntry>>()

  constructor (private readonly base: StateReader) {}

  /** Read the buckets holding these keys, in one read of the store. */
  async prefetch (keys: Iterable<Uint8Array>): Promise<void> {
    const buckets = this.base.tree.buckets
    await this.load(new Set([...keys].map((k) => bucketOf(k, buckets))))
  }

  async get (key: Uint8Array): Promise<Uint8Array | undefined> {
    const k = keyOf(key)
    const w = this.writes.get(k)
    if (w !== undefined) return w.value
    const b = bucketOf(key, this.base.tree.buckets)
    await this.load([b])
    return this.loaded.get(b)!.get(k)?.value
  }

  set (key: Uint8Array, value: Uint8Array | undefined): void {
    this.writes.set(keyOf(key), { key, value: value?.length === 0 ? undefined : value })
  }

  async commitment (): Promise<StateCommitment> {
    const buckets = this.base.tree.buckets
    const byBucket = new Map<number, Array<[string, { key: Uint8Array, value: Uint8Array | undefined }]>>()
    for (const entry of this.writes) {
      const b = bucketOf(entry[1].key, buckets)
      let list = byBucket.get(b)
      if (list === undefined) byBucket.set(b, list = [])
      list.push(entry)
    }
    await this.load(byBucket.keys())
    const changes = new Map<number, BucketChange>()
    for (const [b, writes] of byBucket) {
      const entries = new Map(this.loaded.get(b)!)
      for (const [k, w] of writes) {
        if (w.value === undefined) entries.delete(k)
        else entries.set(k, { key: w.key, value: w.value })
      }
      const sorted = [...entries].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([, e]) => e)
      changes.set(b, { ...bucketRoot(sorted), entries: sorted })
    }
    return { appHash: this.base.tree.rootWith(changes), buckets: changes }
  }

  private async load (buckets: Iterable<number>): Promise<void> {
    const missing = [...buckets].filter((b) => !this.loaded.has(b))
    if (missing.length === 0) return
    const contents = await this.base.readBuckets(missing)
    missing.forEach((b, i) => { if (!this.loaded.has(b)) this.loaded.set(b, new Map(contents[i]!.map((e) => [keyOf(e.key), e]))) })
  }
}
