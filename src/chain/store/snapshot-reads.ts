// Reading the state as it was at a store snapshot (ChainStore.takeSnapshot): the sizes of
// the non-empty buckets (their roots' records) to cut it into chunks, and bucket contents
// to serve them, all through the LevelDB snapshot so that blocks committed later never
// show through. Reads stream from LevelDB: nothing holds the whole state in memory.
import type { StoreSnapshot, ChainStore } from './chain-store.js'
import { decodeRoot } from './chain-store.js'
import { ROOTS_END, ROOTS_START, bucketKeyOf, bucketOfRootKey } from './keys.js'

export interface BucketSize {
  readonly bucket: number
  readonly count: number
  /** Bytes of its stored entries (read from the bucket itself for records that do not say). */
  readonly bytes: number
}

/** The non-empty buckets at the snapshot, in order. */
export async function snapshotBucketSizes (store: ChainStore, snap: StoreSnapshot): Promise<BucketSize[]> {
  const out: BucketSize[] = []
  const unknown: number[] = []
  for await (const [k, v] of store.db.iterator({ gte: ROOTS_START, lt: ROOTS_END, snapshot: snap.view })) {
    const r = decodeRoot(v)
    const bucket = bucketOfRootKey(k)
    if (r.bytes === undefined) unknown.push(out.length)
    out.push({ bucket, count: r.count, bytes: r.bytes ?? 0 })
  }
  for (const i of unknown) out[i] = { ...out[i]!, bytes: (await snapshotBucket(store, snap, out[i]!.bucket))?.length ?? 0 }
  return out
}

/** The stored encodings of the non-empty buckets in [start, end) at the snapshot, in order. */
export async function snapshotBuckets (store: ChainStore, snap: StoreSnapshot, start: number, end: number): Promise<Array<{ bucket: number, blob: Uint8Array }>> {
  const rows = await store.db.iterator({ gte: bucketKeyOf(start), lt: bucketKeyOf(end), snapshot: snap.view }).all()
  return rows.map(([k, v]) => ({ bucket: bucketOfRootKey(k), blob: v }))
}

/** One bucket's stored encoding at the snapshot (undefined: empty). */
export async function snapshotBucket (store: ChainStore, snap: StoreSnapshot, bucket: number): Promise<Uint8Array | undefined> {
  return await store.db.get(bucketKeyOf(bucket), { snapshot: snap.view })
}
