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
import { GroupCommit, type BatchOp } from './group-commit.js'
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

type Op = BatchOp

/** Most chunk bytes waiting to be written (add() waits beyond). */
const UNWRITTEN_CHUNK_BYTES = 16 * 1024 * 1024

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
  const w = groupWriter(store)
  let bytes = 0
  for (const op of ops) if (op.type === 'put') bytes += op.value.length
  await w.add(ops, bytes, () => {})
  await w.flush()
}

/** Chunk writes of one store: those that arrive while a batch is being written go together in the next (group-commit.ts). */
const writers = new WeakMap<ChainStore, GroupCommit>()

function groupWriter (store: ChainStore): GroupCommit {
  let w = writers.get(store)
  if (w === undefined) writers.set(store, w = new GroupCommit(store.db, UNWRITTEN_CHUNK_BYTES))
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
