// A small application state for the P2P layer's state sync tests: a byte string cut into
// chunks whose hashes the snapshot's metadata lists; the root is SHA-256 of that list, so a
// restorer that trusts the root verifies every chunk alone. It stands in for any chain's
// own state through the provider interface (the reference chain's proofs are tested in
// test/chain). The source can be told to misbehave: corrupt, hold back or refuse chunks.
import { createHash } from 'node:crypto'
import type { ChunkResult, ChunkWithProof, OfferResult, SnapshotInfo, SnapshotRestorer, SnapshotSource } from '../../src/index.js'
import type { Clock } from '../../src/runtime/clock.js'

const sha = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest()

export interface BlobSnapshot {
  info: SnapshotInfo
  chunks: Uint8Array[]
}

export function blobSnapshot (height: number, count: number, chunkSize: number, seed = 1): BlobSnapshot {
  const chunks = Array.from({ length: count }, (_, i) => {
    const c = Buffer.alloc(chunkSize)
    for (let j = 0; j < chunkSize; j += 4) c.writeUInt32BE(((i + 1) * 2654435761 + j * 40503 + seed * 97) >>> 0, j)
    return c
  })
  const metadata = Buffer.concat(chunks.map(sha))
  return { info: { height, format: 7, chunks: count, chunkSize, root: sha(metadata), metadata }, chunks }
}

export interface Misbehaviour {
  /** Chunks sent with wrong data. */
  corrupt?: (i: number) => boolean
  /** Never answer (loads never resolve). */
  hang?: boolean
  /** Chunks this source cannot serve (a request touching one gets `missing`). */
  missing?: ReadonlySet<number>
  /** Milliseconds (on the clock) each load takes. */
  delayMs?: number
}

export class BlobSource implements SnapshotSource {
  /** How often each chunk was loaded. */
  readonly loads = new Map<number, number>()

  constructor (private readonly snapshots: BlobSnapshot[], private readonly clock?: Clock, readonly misbehave: Misbehaviour = {}) {}

  listSnapshots (): SnapshotInfo[] {
    return this.snapshots.map((s) => s.info)
  }

  async loadChunks (root: Uint8Array, first: number, count: number): Promise<ChunkWithProof[] | undefined> {
    const s = this.snapshots.find((x) => Buffer.from(x.info.root).equals(root))
    if (s === undefined) return undefined
    const m = this.misbehave
    if (m.hang === true) return await new Promise(() => {})
    if (m.delayMs !== undefined && this.clock !== undefined) await new Promise<void>((resolve) => this.clock!.setTimeout(resolve, m.delayMs!))
    const out: ChunkWithProof[] = []
    for (let i = first; i < first + count; i++) {
      if (m.missing?.has(i) === true) return undefined
      this.loads.set(i, (this.loads.get(i) ?? 0) + 1)
      const data = m.corrupt?.(i) === true ? Buffer.from(s.chunks[i]!).fill(0xee, 0, 8) : s.chunks[i]!
      out.push({ data, proof: new Uint8Array(0) })
    }
    return out
  }
}

/** Restores a BlobSnapshot whose root it trusts. */
export class BlobRestorer implements SnapshotRestorer {
  /** How often each chunk was applied (accepted). */
  readonly applied = new Map<number, number>()
  readonly offered: SnapshotInfo[] = []
  rejected = 0
  finished = 0
  abandoned = 0
  private hashes: Buffer | undefined

  constructor (private readonly trustedRoot: Uint8Array, private readonly resumeDone: number[] = [], private readonly resumeRoot?: Uint8Array) {}

  inProgress (): Uint8Array | undefined {
    return this.resumeRoot
  }

  async offerSnapshot (s: SnapshotInfo): Promise<OfferResult> {
    this.offered.push(s)
    if (!Buffer.from(s.root).equals(this.trustedRoot) || !sha(s.metadata).equals(s.root) || s.metadata.length !== 32 * s.chunks) return { accept: false, reason: 'not the trusted root', invalid: true }
    this.hashes = Buffer.from(s.metadata)
    return { accept: true, done: this.resumeDone }
  }

  async applyChunk (index: number, data: Uint8Array): Promise<ChunkResult> {
    await Promise.resolve()
    if (!sha(data).equals(this.hashes!.subarray(32 * index, 32 * index + 32))) {
      this.rejected++
      return { accept: false, reason: 'hash mismatch' }
    }
    this.applied.set(index, (this.applied.get(index) ?? 0) + 1)
    return { accept: true }
  }

  async finishSnapshot (): Promise<void> {
    this.finished++
  }

  async abandonSnapshot (): Promise<void> {
    this.abandoned++
  }
}
