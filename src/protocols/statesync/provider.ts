// What state sync needs from the application, in the spirit of CometBFT's state provider:
// a serving node lists its snapshots and loads chunks with their proofs (SnapshotSource);
// a syncing node judges an offered snapshot against its chain, applies each chunk as it
// arrives (verifying it alone against the snapshot's root and storing it durably) and
// finishes the restore (SnapshotRestorer). The P2P layer never looks inside chunks, proofs
// or metadata: any chain can plug in its own state this way.
import { sha256 } from '../../wire/hash.js'

/** A snapshot of the application state at a final height (the wire's Snapshot). */
export interface SnapshotInfo {
  readonly height: number
  /** Application-defined chunk format. */
  readonly format: number
  /** Number of chunks (ids 0 .. chunks − 1). */
  readonly chunks: number
  /** Target bytes of chunk data the snapshot was cut with. */
  readonly chunkSize: number
  /** The root every chunk is proven against (the wire's state_root). */
  readonly root: Uint8Array
  /** Application-defined: what ties root to the chain (a signed header, a commit...). */
  readonly metadata: Uint8Array
}

export interface ChunkWithProof {
  readonly data: Uint8Array
  readonly proof: Uint8Array
}

/** The serving side. */
export interface SnapshotSource {
  /** Snapshots this node serves, newest first. */
  listSnapshots(): readonly SnapshotInfo[]
  /**
   * Chunks [first, first + count) of the snapshot whose root is `root`, in order, or
   * undefined when it is no longer served. Must not block the node: read from a store
   * snapshot, in bounded memory.
   */
  loadChunks(root: Uint8Array, first: number, count: number): Promise<ChunkWithProof[] | undefined>
}

export type OfferResult =
  /** Restore it; `done` lists the chunks already applied (a restore resumed after a restart). */
  | { readonly accept: true, readonly done: Iterable<number> }
  /** Not this one; `invalid` when it is provably bad (its metadata does not check): its advertisers are penalised. */
  | { readonly accept: false, readonly reason: string, readonly invalid?: boolean }

export type ChunkResult = { readonly accept: true } | { readonly accept: false, readonly reason: string }

/** The syncing side. Calls come one snapshot at a time: offer, chunks, then finish or abandon. */
export interface SnapshotRestorer {
  /** The root of a restore a previous run left unfinished, to be preferred when peers still serve it. */
  inProgress?(): Uint8Array | undefined
  /** Judge an offered snapshot against the chain (for example: its metadata's commit is signed by the validators). */
  offerSnapshot(snapshot: SnapshotInfo): Promise<OfferResult>
  /**
   * Verify chunk `index` alone against the accepted snapshot's root, then store it so that
   * it survives a crash before resolving accept. Chunks come in any order, several at once.
   * `data` and `proof` are views into a receive buffer: copy what is kept.
   */
  applyChunk(index: number, data: Uint8Array, proof: Uint8Array): Promise<ChunkResult>
  /** Every chunk is in: apply the state and check its root against the committed one (throws if it does not check). */
  finishSnapshot(): Promise<void>
  /** Give up the accepted snapshot and discard what was applied of it. */
  abandonSnapshot(): Promise<void>
}

/** One key per distinct snapshot (every field, metadata included): peers agree on a snapshot when their keys match. */
export function snapshotKey (s: SnapshotInfo): string {
  return `${s.height}:${s.format}:${s.chunks}:${s.chunkSize}:${hex(s.root)}:${sha256(s.metadata).toString('hex')}`
}

export function hex (b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')
}

/** A byte view as the generated codecs type their fields (they never hold a SharedArrayBuffer here). */
export function wire (b: Uint8Array): Uint8Array<ArrayBuffer> {
  return b as Uint8Array<ArrayBuffer>
}
