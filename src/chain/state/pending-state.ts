// The state as a block being checked or built sees it: the committed state (the store) with
// the block's writes on top. commitment() gives the app_hash the writes lead to and the
// bucket roots they change; it reads only the buckets the block touched, so a block costs
// its writes (times the size of a bucket), not the size of the state.
import type { BucketTree } from './bucket-tree.js'
import { bucketOf, bucketRoot, compareKeys, type BucketRoot, type StateEntry } from './buckets.js'

/** What the overlay reads the committed state from (the chain store). */
export interface StateReader {
  readonly tree: BucketTree
  getState(key: Uint8Array): Promise<Uint8Array | undefined>
  bucketEntries(bucket: number): Promise<StateEntry[]>
}

export interface StateCommitment {
  readonly appHash: Buffer
  readonly buckets: ReadonlyMap<number, BucketRoot>
}

const keyOf = (key: Uint8Array): string => Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1')

export class PendingState {
  /** The writes, by key (latin1 of the key bytes); value undefined deletes. */
  readonly writes = new Map<string, { key: Uint8Array, value: Uint8Array | undefined }>()

  constructor (private readonly base: StateReader) {}

  async get (key: Uint8Array): Promise<Uint8Array | undefined> {
    const w = this.writes.get(keyOf(key))
    return w !== undefined ? w.value : await this.base.getState(key)
  }

  set (key: Uint8Array, value: Uint8Array | undefined): void {
    this.writes.set(keyOf(key), { key, value: value?.length === 0 ? undefined : value })
  }

  async commitment (): Promise<StateCommitment> {
    const buckets = this.base.tree.buckets
    const byBucket = new Map<number, Array<{ key: Uint8Array, value: Uint8Array | undefined }>>()
    for (const w of this.writes.values()) {
      const b = bucketOf(w.key, buckets)
      let list = byBucket.get(b)
      if (list === undefined) byBucket.set(b, list = [])
      list.push(w)
    }
    const roots = new Map<number, BucketRoot>()
    await Promise.all([...byBucket].map(async ([b, writes]) => {
      const entries = new Map((await this.base.bucketEntries(b)).map((e) => [keyOf(e.key), e]))
      for (const w of writes) {
        if (w.value === undefined) entries.delete(keyOf(w.key))
        else entries.set(keyOf(w.key), { key: w.key, value: w.value })
      }
      roots.set(b, bucketRoot([...entries.values()].sort((x, y) => compareKeys(x.key, y.key))))
    }))
    return { appHash: this.base.tree.rootWith(roots), buckets: roots }
  }
}
