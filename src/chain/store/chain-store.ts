// The reference chain's store: LevelDB (classic-level) under <home>/chain. Each final block
// is written with its commit, the buckets of state it changed (their entries and roots) and
// the new tip in one atomic batch, several blocks in one batch when they come faster than
// LevelDB writes them (group-commit.ts), so after a kill -9 the store holds a prefix of the
// blocks, each wholly or not at all. commit() resolves once its block is durable; stage()
// (block sync) as soon as the block is the tip in memory, so the next one is checked while
// it is written. Opening rebuilds the bucket tree from the stored roots and checks its root
// against the tip's app_hash. Recently used state buckets stay decoded in memory; reads for
// serving blocks by height and ranges (block sync) and bucket ranges (state sync) go to
// LevelDB, or to the blocks and buckets not written yet. State sync reads a snapshot's
// state through a LevelDB snapshot (snapshot-reads.ts), taken only when every staged block
// is written, and restores one into the same store (restore.ts). A simulator (or a test)
// may hand it an in-memory database instead (memory-level, the same abstract-level API).
import { setImmediate as nextTurn } from 'node:timers/promises'
import { ClassicLevel } from 'classic-level'
import { pb } from '../../index.js'
import type { Genesis } from '../genesis.js'
import { BucketTree } from '../state/bucket-tree.js'
import { bucketOf, type BucketRoot, type StateEntry } from '../state/buckets.js'
import type { BucketChange } from '../state/pending-state.js'
import { decodeBucket, encodeBucket } from './bucket-codec.js'
import { BucketCache } from './bucket-cache.js'
import { GroupCommit, type BatchOp } from './group-commit.js'
import { BLOCKS_END, META_KEY, RESTORE_KEY, ROOTS_END, ROOTS_START, VOTES_KEY, blockKey, bucketKeyOf, bucketOfRootKey, commitKey, heightOfBlockKey, rootKey } from './keys.js'

/** Decoded state buckets kept in memory (the most recently used). */
const BUCKET_CACHE_BYTES = 32 * 1024 * 1024
/** Most bytes of staged blocks and state waiting to be written (stage() waits beyond). */
const UNWRITTEN_MAX_BYTES = 16 * 1024 * 1024
/**
 * LevelDB's memtable (its default is 4 MiB; up to two are held). A bigger one flushes less
 * often, so a hot bucket written by block after block reaches the disk tables once per
 * flush, not once per block: 2,000 blocks of 512 KiB of writes took a quarter less CPU.
 */
const WRITE_BUFFER_BYTES = 32 * 1024 * 1024

/** A stored bucket root: root, entry count and the bytes of its stored entries (undefined in records written before it was kept). */
export interface StoredRoot extends BucketRoot {
  readonly bytes: number | undefined
}

/** The snapshot being restored (state sync), as stored under RESTORE_KEY. */
export interface RestoreRecord {
  readonly height: number
  readonly root: string
  readonly chunks: number
  readonly chunkSize: number
  readonly format: number
  /** SHA-256 of the snapshot's chunk plan, hex. */
  readonly plan: string
}

/** The state at one final height, kept readable while the chain moves on. */
export interface StoreSnapshot {
  readonly tip: Tip
  readonly tree: BucketTree
  /** The LevelDB snapshot every read of it goes through. */
  readonly view: ReturnType<ClassicLevel<Uint8Array, Uint8Array>['snapshot']>
}

/** The last final block (height 0: the genesis). */
export interface Tip {
  readonly height: number
  readonly hash: Buffer
  readonly appHash: Buffer
  /** Its timestamp (ms since the Unix epoch); the genesis time at height 0. */
  readonly timestamp: number
}

/** What a final block changes. */
export interface FinalBlock {
  readonly block: pb.Block
  readonly hash: Buffer
  readonly commit: pb.Commit
  /** The buckets it changed, with their new entries and roots. */
  readonly buckets: ReadonlyMap<number, BucketChange>
  readonly appHash: Buffer
  /** The block's encoding, when at hand (block sync): stored as is. */
  readonly encoded?: Uint8Array
}

/** A validator's votes at one height, and the blocks they are for. */
export interface VoteRecord {
  readonly height: number
  readonly votes: readonly pb.VoteMessage[]
  readonly blocks: readonly pb.Block[]
}

/**
 * The database a chain store keeps: LevelDB on disk, or any abstract-level database with
 * view encodings that does what it does (memory-level's MemoryLevel, for simulations).
 */
export type ChainDb = ClassicLevel<Uint8Array, Uint8Array>

export class ChainStore {
  private readonly cache = new BucketCache(BUCKET_CACHE_BYTES)
  /** Blocks committed since opening (a read that saw another count may be stale). */
  private commits = 0
  private readonly writer: GroupCommit
  /** The last tip written (stage() moves `current` ahead of it until its batch is written). */
  private written: Tip
  /** Staged blocks and commits not written yet, by height; buckets they changed, by bucket. */
  private readonly unwritten = { blocks: new Map<number, { block: Uint8Array, commit: Uint8Array }>(), buckets: new Map<number, StateEntry[]>() }

  private constructor (
    /** The LevelDB database (for the store's own modules: snapshot reads, restore). */
    readonly db: ChainDb,
    private stateTree: BucketTree,
    private current: Tip,
    private lowest: number,
    readonly genesis: Genesis,
    private restore: RestoreRecord | undefined
  ) {
    this.writer = new GroupCommit(db, UNWRITTEN_MAX_BYTES)
    this.written = current
  }

  /** Open (or create) the store at `location` (or in `location`, a database with view encodings) for this genesis. */
  static async open (location: string | ChainDb, genesis: Genesis): Promise<ChainStore> {
    const db = typeof location === 'string' ? new ClassicLevel<Uint8Array, Uint8Array>(location, { keyEncoding: 'view', valueEncoding: 'view', writeBufferSize: WRITE_BUFFER_BYTES }) : location
    await db.open({ createIfMissing: true })
    try {
      const roots: Array<[number, BucketRoot]> = []
      for await (const [k, v] of db.iterator({ gte: ROOTS_START, lt: ROOTS_END })) roots.push([bucketOfRootKey(k), decodeRoot(v)])
      const restoring = await db.get(RESTORE_KEY)
      const restore = restoring === undefined ? undefined : JSON.parse(Buffer.from(restoring).toString('utf8')) as RestoreRecord
      const tree = BucketTree.fromRoots(genesis.params.state_buckets, roots)
      const meta = await db.get(META_KEY)
      let tip: Tip
      if (meta === undefined) {
        tip = { height: 0, hash: Buffer.alloc(32), appHash: tree.root, timestamp: genesis.genesisTimeMs }
      } else {
        const m = JSON.parse(Buffer.from(meta).toString('utf8')) as { chain_id: string, height: number, hash: string, app_hash: string, timestamp: number }
        if (m.chain_id !== genesis.chainId) throw new Error(`${location} holds chain ${m.chain_id}, not ${genesis.chainId}`)
        tip = { height: m.height, hash: Buffer.from(m.hash, 'hex'), appHash: Buffer.from(m.app_hash, 'hex'), timestamp: m.timestamp }
      }
      // a restore in progress holds part of a snapshot's state, which no tip commits to yet
      if (restore === undefined && !tree.root.equals(tip.appHash)) throw new Error(`${location}: the stored state's root ${tree.root.toString('hex')} is not the app_hash of height ${tip.height}`)
      let base = 0
      for await (const k of db.keys({ gte: blockKey(0), lt: BLOCKS_END, limit: 1 })) base = heightOfBlockKey(k)
      return new ChainStore(db, tree, tip, base, genesis, restore)
    } catch (err) {
      await db.close()
      throw err
    }
  }

  /** The last final block, what blocks are checked against (it may not be written yet: stage()). */
  get tip (): Tip {
    return this.current
  }

  /** The bucket tree of the committed state. */
  get tree (): BucketTree {
    return this.stateTree
  }

  /** The snapshot a state sync is restoring into this store, if one is under way. */
  get restoring (): RestoreRecord | undefined {
    return this.restore
  }

  /** For restore.ts: the restore under way changed, or ended with this tip and state (no block stored below it). */
  setRestore (record: RestoreRecord | undefined, restored?: { tip: Tip, tree: BucketTree }): void {
    this.restore = record
    this.commits++ // the state changed under any read in progress
    this.cache.clear()
    if (restored !== undefined) {
      this.current = restored.tip
      this.written = restored.tip
      this.stateTree = restored.tree
    }
  }

  /**
   * The committed state at this moment, readable while blocks are committed after it (call
   * between commits); undefined while staged blocks are not written yet (block sync), whose
   * state a LevelDB snapshot would miss.
   */
  takeSnapshot (): StoreSnapshot | undefined {
    if (this.written.height !== this.current.height) return undefined
    return { tip: this.current, tree: this.stateTree.clone(), view: this.db.snapshot() }
  }

  /** The last final block written: where a restarted node would resume. */
  get durableTip (): Tip {
    return this.written
  }

  /** The lowest height whose block is stored (0: none, as after a restore until the next block). */
  get base (): number {
    return this.lowest
  }

  /** Batches written since opening, and the blocks in them. */
  get writes (): { batches: number, blocks: number } {
    return this.writer.counts
  }

  async getBlock (height: number): Promise<pb.Block | undefined> {
    const bytes = this.unwritten.blocks.get(height)?.block ?? await this.db.get(blockKey(height))
    return bytes === undefined ? undefined : pb.Block.decode(bytes)
  }

  /** Final blocks [from, to], in order, stopping before `maxBytes` of encoded blocks (one at least). */
  async getBlocks (from: number, to: number, maxBytes = Infinity): Promise<pb.Block[]> {
    return (await this.getBlockBytes(from, to, maxBytes)).map((v) => pb.Block.decode(v))
  }

  /** The same, encoded as stored (what block sync serves). */
  async getBlockBytes (from: number, to: number, maxBytes = Infinity): Promise<Uint8Array[]> {
    const out: Uint8Array[] = []
    let bytes = 0
    const take = (v: Uint8Array): boolean => {
      if (out.length > 0 && bytes + v.length > maxBytes) return false
      bytes += v.length
      out.push(v)
      return true
    }
    // staged blocks from memory, written ones from LevelDB (a run written meanwhile is read again)
    for (let h = from; h <= to;) {
      const staged = this.unwritten.blocks.get(h)?.block
      if (staged !== undefined) {
        if (!take(staged)) break
        h++
        continue
      }
      const before = out.length
      for await (const v of this.db.values({ gte: blockKey(h), lte: blockKey(to) })) if (!take(v)) return out
      if (out.length === before) break
      h += out.length - before
    }
    return out
  }

  async getCommit (height: number): Promise<pb.Commit | undefined> {
    const bytes = this.unwritten.blocks.get(height)?.commit ?? await this.db.get(commitKey(height))
    return bytes === undefined ? undefined : pb.Commit.decode(bytes)
  }

  /** The committed value of a state key. */
  async getState (key: Uint8Array): Promise<Uint8Array | undefined> {
    const [entries] = await this.readBuckets([bucketOf(key, this.genesis.params.state_buckets)])
    return entries!.find((e) => Buffer.from(e.key).equals(key))?.value
  }

  /** The committed entries of these buckets, each by key, in one read (of those not in memory). */
  async readBuckets (buckets: readonly number[]): Promise<StateEntry[][]> {
    const out = buckets.map((b) => this.unwritten.buckets.get(b) ?? this.cache.get(b))
    const missing = buckets.filter((_, i) => out[i] === undefined)
    if (missing.length === 0) return out as StateEntry[][]
    const commits = this.commits
    const blobs = await this.db.getMany(missing.map(bucketKeyOf))
    let j = 0
    return out.map((hit, i) => {
      if (hit !== undefined) return hit
      const blob = blobs[j++]
      const entries = blob === undefined ? [] : decodeBucket(blob)
      if (commits === this.commits) this.cache.set(buckets[i]!, entries) // (a block committed meanwhile may have changed it)
      return entries
    })
  }

  /** The committed entries of one bucket, by key. */
  async bucketEntries (bucket: number): Promise<StateEntry[]> {
    return (await this.readBuckets([bucket]))[0]!
  }

  /** The committed entries of buckets [start, end), by bucket then key (a snapshot chunk's content; state sync): read once the staged blocks are written. */
  async bucketRange (start: number, end: number): Promise<StateEntry[]> {
    await this.writer.flush()
    const out: StateEntry[] = []
    for await (const v of this.db.values({ gte: bucketKeyOf(start), lt: bucketKeyOf(end) })) out.push(...decodeBucket(v))
    return out
  }

  /** Make a final block the tip and write it; resolves once it is durable. */
  async commit (f: FinalBlock): Promise<void> {
    await this.stage(f)
    await this.writer.flush()
  }

  /**
   * Make a final block the tip, here at once (reads see it), on disk with the next group
   * of blocks: resolves when there is room for more (and after a turn of the event loop),
   * not when it is durable (flush()).
   */
  async stage (f: FinalBlock): Promise<void> {
    const header = f.block.header!
    const block = f.encoded ?? pb.Block.encode(f.block)
    const commit = pb.Commit.encode(f.commit)
    const ops: BatchOp[] = [
      { type: 'put', key: blockKey(header.height), value: block },
      { type: 'put', key: commitKey(header.height), value: commit }
    ]
    let bytes = block.length + commit.length
    for (const [b, r] of f.buckets) {
      if (r.count === 0) ops.push({ type: 'del', key: bucketKeyOf(b) }, { type: 'del', key: rootKey(b) })
      else {
        const blob = encodeBucket(r.entries)
        bytes += blob.length
        ops.push({ type: 'put', key: bucketKeyOf(b), value: blob }, { type: 'put', key: rootKey(b), value: encodeRoot(r, blob.length) })
      }
    }
    const tip: Tip = { height: header.height, hash: f.hash, appHash: f.appHash, timestamp: header.timestamp }
    ops.push({ type: 'put', key: META_KEY, value: metaValue(this.genesis, tip) })
    ops.push({ type: 'del', key: VOTES_KEY })
    const { blocks, buckets } = this.unwritten
    const changed = new Map<number, StateEntry[]>()
    for (const [b, r] of f.buckets) changed.set(b, r.entries as StateEntry[])
    const written = (): void => {
      this.written = tip
      blocks.delete(tip.height)
      for (const [b, entries] of changed) {
        if (buckets.get(b) !== entries) continue // changed again by a later block, not written yet
        buckets.delete(b)
        this.cache.set(b, entries)
      }
    }
    blocks.set(tip.height, { block, commit })
    for (const [b, entries] of changed) { buckets.set(b, entries); this.cache.delete(b) }
    this.commits++
    this.tree.apply(f.buckets)
    this.current = tip
    if (this.lowest === 0) this.lowest = tip.height
    await this.writer.add(ops, bytes, written)
    // not before the next turn of the event loop: a run of blocks in memory would otherwise
    // be applied in one go of promise callbacks, with sockets unread and timers late (block
    // sync then sees its next range as stalled)
    await nextTurn()
  }

  /** Resolves when every staged block is durable. */
  async flush (): Promise<void> {
    await this.writer.flush()
  }

  /** This validator's votes at the height being decided (undefined: none since the tip). */
  async loadVotes (): Promise<VoteRecord | undefined> {
    const bytes = await this.db.get(VOTES_KEY)
    if (bytes === undefined) return undefined
    const r = JSON.parse(Buffer.from(bytes).toString('utf8')) as { height: number, votes: string[], blocks: string[] }
    return { height: r.height, votes: r.votes.map((v) => pb.VoteMessage.decode(Buffer.from(v, 'hex'))), blocks: r.blocks.map((b) => pb.Block.decode(Buffer.from(b, 'hex'))) }
  }

  /** Record our votes before they are sent, so a restarted validator never votes twice in a round. */
  async saveVotes (record: VoteRecord): Promise<void> {
    await this.writer.flush() // after the blocks before it (whose batches clear the votes)
    const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
    await this.db.put(VOTES_KEY, Buffer.from(JSON.stringify({ height: record.height, votes: record.votes.map((v) => hex(pb.VoteMessage.encode(v))), blocks: record.blocks.map((b) => hex(pb.Block.encode(b))) })))
  }

  async close (): Promise<void> {
    try {
      await this.writer.flush()
    } finally {
      await this.db.close()
    }
  }
}

/** The META_KEY record of a tip. */
export function metaValue (genesis: Genesis, tip: Tip): Uint8Array {
  return Buffer.from(JSON.stringify({ chain_id: genesis.chainId, height: tip.height, hash: tip.hash.toString('hex'), app_hash: tip.appHash.toString('hex'), timestamp: tip.timestamp }))
}

export function encodeRoot (r: BucketRoot, bytes: number): Uint8Array {
  const v = Buffer.allocUnsafe(40)
  v.set(r.root, 0)
  v.writeUInt32BE(r.count, 32)
  v.writeUInt32BE(bytes, 36)
  return v
}

export function decodeRoot (v: Uint8Array): StoredRoot {
  const b = Buffer.from(v.buffer, v.byteOffset, v.byteLength)
  return { root: v.subarray(0, 32), count: b.readUInt32BE(32), bytes: b.length >= 40 ? b.readUInt32BE(36) : undefined }
}
