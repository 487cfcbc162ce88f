// Restoring a snapshot into the chain store (state sync). Only a store at height 0 (the
// genesis, no state) restores. The snapshot is recorded first (RESTORE_KEY); then each
// proven chunk is written atomically with its done mark (chunks that arrive while a batch
// is being written go together in the next one: a group commit): whole buckets straight to
// their S and R records, slices of a large bucket aside (P records) until the end. So a
// process killed at any point keeps every chunk it had proven, and knows which (D marks).
// Finishing joins the slices, rebuilds the bucket tree from the R records, checks its root
// against the snapshot's header, and writes the tip, the commit and the joined buckets in
// one batch. Abandoning clears the state and the record (the record last, so an interrupted
// abandon is finished at the next start).
import { pb } from '../../index.js'
import { BucketTree } from '../state/bucket-tree.js'
import type { BucketRoot } from '../state/buckets.js'
import { encodeRoot, metaValue, decodeRoot, type ChainStore, type RestoreRecord, type Tip } from './chain-store.js'
import { DONE_RANGE, META_KEY, RESTORE_KEY, ROOTS_RANGE, SLICES_RANGE, STATE_RANGE, bucketKeyOf, bucketOfRootKey, commitKey, doneKey, rootKey, sliceKey } from './keys.js'

/** A bucket a chunk proved whole. */
export interface RestoredBucket extends BucketRoot {
  readonly bucket: number
  readonly blob: Uint8Array
}

/** Entries of a large bucket from entry `start`, with the bucket's proven root and count. */
export interface RestoredSlice extends RestoredBucket {
  readonly start: number
}

type Op = { type: 'put', key: Uint8Array, value: Uint8Array } | { type: 'del', key: Uint8Array }

/** Record a new restore, clearing whatever state a previous one left. */
export async function beginRestore (store: ChainStore, record: RestoreRecord): Promise<void> {
  if (store.tip.height !== 0) throw new Error(`a store at height ${store.tip.height} does not restore snapshots`)
  await clearState(store)
  await store.db.put(RESTORE_KEY, Buffer.from(JSON.stringify(record)))
  store.setRestore(record)
}

/** Chunks of the restore under way that are written. */
export async function restoredChunks (store: ChainStore): Promise<number[]> {
  const out: number[] = []
  for await (const k of store.db.keys(DONE_RANGE)) out.push(bucketOfRootKey(k))
  return out
}

/** Write one proven chunk and its done mark atomically. */
export async function writeRestoredChunk (store: ChainStore, index: number, chunk: { buckets: readonly RestoredBucket[] } | { slice: RestoredSlice }): Promise<void> {
  const ops: Op[] = [{ type: 'put', key: doneKey(index), value: new Uint8Array(0) }]
  if ('slice' in chunk) {
    const s = chunk.slice
    const value = Buffer.allocUnsafe(36 + s.blob.length)
    value.set(s.root, 0)
    value.writeUInt32BE(s.count, 32)
    value.set(s.blob, 36)
    ops.push({ type: 'put', key: sliceKey(s.bucket, s.start), value })
  } else {
    for (const b of chunk.buckets) ops.push({ type: 'put', key: bucketKeyOf(b.bucket), value: b.blob }, { type: 'put', key: rootKey(b.bucket), value: encodeRoot(b, b.blob.length) })
  }
  await groupWriter(store).write(ops)
}

/** One LevelDB batch at a time per store; what is written meanwhile waits and goes in the next batch together. */
class GroupWriter {
  private queued: Op[] = []
  private waiting: Array<{ resolve: () => void, reject: (err: unknown) => void }> = []
  private writing = false

  constructor (private readonly store: ChainStore) {}

  async write (ops: Op[]): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      for (const op of ops) this.queued.push(op)
      this.waiting.push({ resolve, reject })
      if (!this.writing) void this.flush()
    })
  }

  private async flush (): Promise<void> {
    this.writing = true
    while (this.waiting.length > 0) {
      const ops = this.queued
      const waiting = this.waiting
      this.queued = []
      this.waiting = []
      try {
        await this.store.db.batch(ops)
        for (const w of waiting) w.resolve()
      } catch (err) {
        for (const w of waiting) w.reject(err)
      }
    }
    this.writing = false
  }
}

const writers = new WeakMap<ChainStore, GroupWriter>()

function groupWriter (store: ChainStore): GroupWriter {
  let w = writers.get(store)
  if (w === undefined) writers.set(store, w = new GroupWriter(store))
  return w
}

/**
 * Every chunk is written: join the slices, check the state's root against the header of the
 * snapshot's block and make that block the tip. Throws (and changes nothing) if the root differs.
 */
export async function finishRestore (store: ChainStore, header: pb.BlockHeader, hash: Buffer, commit: pb.Commit): Promise<void> {
  const ops: Op[] = []
  const roots = new Map<number, BucketRoot>()
  for await (const [k, v] of store.db.iterator(ROOTS_RANGE)) roots.set(bucketOfRootKey(k), decodeRoot(v))
  let joining: { bucket: number, root: Uint8Array, count: number, parts: Uint8Array[] } | undefined
  const join = (): void => {
    if (joining === undefined) return
    const blob = Buffer.concat(joining.parts)
    ops.push({ type: 'put', key: bucketKeyOf(joining.bucket), value: blob }, { type: 'put', key: rootKey(joining.bucket), value: encodeRoot(joining, blob.length) })
    roots.set(joining.bucket, { root: joining.root, count: joining.count })
  }
  for await (const [k, v] of store.db.iterator(SLICES_RANGE)) {
    const bucket = bucketOfRootKey(k)
    if (joining?.bucket !== bucket) {
      join()
      joining = { bucket, root: v.subarray(0, 32), count: Buffer.from(v.buffer, v.byteOffset, v.byteLength).readUInt32BE(32), parts: [] }
    }
    joining.parts.push(v.subarray(36))
    ops.push({ type: 'del', key: k })
  }
  join()
  const tree = BucketTree.fromRoots(store.genesis.params.state_buckets, roots)
  if (!tree.root.equals(header.appHash)) throw new Error(`the restored state's root ${tree.root.toString('hex')} is not the app_hash of height ${header.height}`)
  for await (const k of store.db.keys(DONE_RANGE)) ops.push({ type: 'del', key: k })
  const tip: Tip = { height: header.height, hash, appHash: Buffer.from(header.appHash), timestamp: header.timestamp }
  ops.push({ type: 'put', key: commitKey(header.height), value: pb.Commit.encode(commit) }, { type: 'put', key: META_KEY, value: metaValue(store.genesis, tip) }, { type: 'del', key: RESTORE_KEY })
  await store.db.batch(ops)
  store.setRestore(undefined, { tip, tree })
}

/** Give the restore up: the store is at the genesis again, with no state. */
export async function abandonRestore (store: ChainStore): Promise<void> {
  await clearState(store)
  await store.db.del(RESTORE_KEY)
  store.setRestore(undefined, { tip: store.tip, tree: new BucketTree(store.genesis.params.state_buckets) })
}

async function clearState (store: ChainStore): Promise<void> {
  for (const range of [STATE_RANGE, ROOTS_RANGE, SLICES_RANGE, DONE_RANGE]) await store.db.clear(range)
}
