// The reference chain's snapshots, served to syncing peers (the P2P layer's SnapshotSource).
// Every `interval` blocks, right after a block is final and before the next is committed,
// the state is captured at once (a LevelDB snapshot and a copy of the bucket tree), then cut
// into chunks in the background from the buckets' stored sizes (only buckets larger than a
// chunk are read, to cut them into slices). It is listed once the next block is final: its
// metadata carries the commit that block carries, the same on every node (the votes a node
// gathered itself may be another quorum), so that peers agree on it. The newest `keep`
// snapshots are served. Serving
// reads the captured state through the LevelDB snapshot, a request's buckets in one range
// read, so it never blocks the node and never holds more than the chunks asked for.
import type { Logger } from 'pino'
import type { ChunkWithProof, Clock, SnapshotInfo, SnapshotSource } from '../../index.js'
import { planChunks, type BucketSizes, type ChunkRange } from '../state/chunks.js'
import type { ChainStore, StoreSnapshot } from '../store/chain-store.js'
import { snapshotBucket, snapshotBucketSizes, snapshotBuckets } from '../store/snapshot-reads.js'
import { EntryTree, SNAPSHOT_FORMAT, bucketsChunk, sliceChunk } from './chunk-format.js'
import { encodeMetadata } from './metadata.js'

/** Entry trees of sliced buckets kept per snapshot (each costs 64 bytes per entry at most). */
const ENTRY_TREES = 4

export interface SnapshotterOptions {
  /** A snapshot every this many blocks (0: none). */
  interval: number
  keep: number
  chunkBytes: number
}

interface Served {
  readonly info: SnapshotInfo
  readonly plan: readonly ChunkRange[]
  readonly snap: StoreSnapshot
  readonly entryTrees: Map<number, Promise<EntryTree>>
}

export class Snapshotter implements SnapshotSource {
  /** Newest first. */
  private readonly served: Served[] = []
  private planning: Promise<void> | undefined
  /** The snapshot being planned waits for the next block (its canonical commit). */
  private next: { height: number, final: () => void } | undefined
  private closed = false
  taken = 0

  constructor (private readonly store: ChainStore, private readonly options: SnapshotterOptions, private readonly clock: Clock, private readonly log: Logger) {}

  /** A block at `height` was just made final: take a snapshot if it is one of the interval's. Call before the next block is committed. */
  afterFinal (height: number): void {
    if (this.next?.height === height) this.next.final()
    const { interval } = this.options
    if (interval === 0 || height % interval !== 0 || this.closed) return
    if (this.planning !== undefined) {
      this.log.warn({ height }, 'snapshot skipped: the previous one is still being cut into chunks')
      return
    }
    const snap = this.store.takeSnapshot()
    if (snap === undefined) {
      this.log.debug({ height }, 'snapshot skipped: blocks staged by block sync are not written yet')
      return
    }
    const nextFinal = new Promise<void>((resolve) => { this.next = { height: height + 1, final: resolve } })
    this.planning = this.plan(snap, nextFinal).catch((err: unknown) => {
      snap.view.close().catch(() => {})
      this.log.error({ err, height }, 'taking a snapshot failed')
    }).finally(() => { this.planning = undefined; this.next = undefined })
  }

  listSnapshots (): SnapshotInfo[] {
    return this.served.map((s) => s.info)
  }

  async loadChunks (root: Uint8Array, first: number, count: number): Promise<ChunkWithProof[] | undefined> {
    const s = this.served.find((x) => Buffer.from(x.info.root).equals(root))
    if (s === undefined || first < 0 || first + count > s.plan.length) return undefined
    const ranges = s.plan.slice(first, first + count)
    const out: ChunkWithProof[] = []
    try {
      for (let i = 0; i < ranges.length;) {
        const r = ranges[i]!
        if (r.kind === 'slice') {
          out.push(sliceChunk(r.bucket, r.start, r.end, await this.entryTree(s, r.bucket), s.snap.tree))
          i++
          continue
        }
        let j = i
        while (j + 1 < ranges.length && ranges[j + 1]!.kind === 'buckets') j++
        const blobs = await snapshotBuckets(this.store, s.snap, r.start, (ranges[j] as { end: number }).end)
        let at = 0
        for (const range of ranges.slice(i, j + 1) as Array<{ start: number, end: number }>) {
          const from = at
          while (at < blobs.length && blobs[at]!.bucket < range.end) at++
          out.push(bucketsChunk(range.start, range.end, blobs.slice(from, at), s.snap.tree))
        }
        i = j + 1
      }
    } catch (err) {
      if (!this.served.includes(s)) return undefined // pruned meanwhile: its LevelDB snapshot is closed
      throw err
    }
    return out
  }

  async close (): Promise<void> {
    this.closed = true
    this.next?.final()
    await this.planning
    for (const s of this.served.splice(0)) await s.snap.view.close()
  }

  private async plan (snap: StoreSnapshot, nextFinal: Promise<void>): Promise<void> {
    const { height } = snap.tip
    const started = this.clock.now()
    const chunkBytes = this.options.chunkBytes
    const nonEmpty: BucketSizes[] = []
    for (const b of await snapshotBucketSizes(this.store, snap)) {
      if (b.bytes <= chunkBytes) { nonEmpty.push({ bucket: b.bucket, entryBytes: [b.bytes] }); continue }
      const blob = await snapshotBucket(this.store, snap, b.bucket)
      nonEmpty.push({ bucket: b.bucket, entryBytes: entrySizes(blob ?? new Uint8Array(0)) })
    }
    const plan = planChunks(this.store.genesis.params.state_buckets, nonEmpty, chunkBytes)
    await nextFinal
    if (this.closed) { await snap.view.close(); return }
    const [block, child] = await Promise.all([this.store.getBlock(height), this.store.getBlock(height + 1)])
    const commit = child?.lastCommit
    if (block?.header === undefined || commit === undefined) throw new Error(`no block at height ${height}, or no commit for it in block ${height + 1}`)
    const info: SnapshotInfo = { height, format: SNAPSHOT_FORMAT, chunks: plan.length, chunkSize: chunkBytes, root: snap.tip.appHash, metadata: encodeMetadata(block.header, commit, plan) }
    if (this.closed) { await snap.view.close(); return }
    this.served.unshift({ info, plan, snap, entryTrees: new Map() })
    this.taken++
    for (const old of this.served.splice(this.options.keep)) await old.snap.view.close()
    this.log.info({ height, chunks: plan.length, chunk_bytes: chunkBytes, buckets: nonEmpty.length, ms: Math.round(this.clock.now() - started) }, 'snapshot taken')
  }

  private async entryTree (s: Served, bucket: number): Promise<EntryTree> {
    let tree = s.entryTrees.get(bucket)
    if (tree === undefined) {
      tree = snapshotBucket(this.store, s.snap, bucket).then((blob) => new EntryTree(Buffer.from(blob ?? new Uint8Array(0))))
      s.entryTrees.set(bucket, tree)
      if (s.entryTrees.size > ENTRY_TREES) s.entryTrees.delete(s.entryTrees.keys().next().value!)
    }
    return await tree
  }
}

/** The sizes (entryBytes) of a stored bucket's entries, in order. */
function entrySizes (blob: Uint8Array): number[] {
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength)
  const out: number[] = []
  for (let at = 0; at + 8 <= b.length;) {
    const keyLength = b.readUInt32BE(at)
    const size = 8 + keyLength + b.readUInt32BE(at + 4 + keyLength)
    out.push(size)
    at += size
  }
  return out
}
