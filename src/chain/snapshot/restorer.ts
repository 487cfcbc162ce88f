// The reference chain restoring a snapshot (the P2P layer's SnapshotRestorer): an offered
// snapshot is accepted only when its metadata checks against the genesis (metadata.ts) and
// the store has no state yet; each chunk is verified alone against the snapshot's root and
// its range in the plan (chunk-format.ts), then written with its done mark (restore.ts); a
// restore left by a killed process resumes with the chunks it had written, with this
// snapshot or any other of the same state cut the same way.
import type { ChunkResult, OfferResult, SnapshotInfo, SnapshotRestorer } from '../../index.js'
import type { Genesis } from '../genesis.js'
import type { ChainStore, RestoreRecord } from '../store/chain-store.js'
import { abandonRestore, beginRestore, finishRestore, restoredChunks, writeRestoredChunk } from '../store/restore.js'
import type { VoteVerifier } from '../votes.js'
import { AuthenticatedTree } from './authenticated-tree.js'
import { verifyChunk } from './chunk-format.js'
import { checkSnapshot, type TrustedSnapshot } from './metadata.js'

export class ChainRestorer implements SnapshotRestorer {
  private current: { readonly trusted: TrustedSnapshot, readonly tree: AuthenticatedTree } | undefined

  constructor (private readonly store: ChainStore, private readonly genesis: Genesis, private readonly verifier: VoteVerifier) {}

  inProgress (): Uint8Array | undefined {
    const r = this.store.restoring
    return r === undefined ? undefined : Buffer.from(r.root, 'hex')
  }

  async offerSnapshot (info: SnapshotInfo): Promise<OfferResult> {
    if (this.store.tip.height !== 0) return { accept: false, reason: `this node has state (height ${this.store.tip.height})` }
    const trusted = checkSnapshot(this.genesis, this.verifier, info)
    if ('reason' in trusted) return { accept: false, reason: trusted.reason, invalid: trusted.invalid }
    const record = recordOf(info, trusted)
    const done = sameRestore(this.store.restoring, record) ? await restoredChunks(this.store) : []
    if (done.length === 0) await beginRestore(this.store, record)
    this.current = { trusted, tree: new AuthenticatedTree(this.genesis.params.state_buckets, info.root) }
    return { accept: true, done }
  }

  async applyChunk (index: number, data: Uint8Array, proof: Uint8Array): Promise<ChunkResult> {
    const c = this.current
    const range = c?.trusted.plan[index]
    if (c === undefined || range === undefined) return { accept: false, reason: `no chunk ${index} in the snapshot being restored` }
    const proven = verifyChunk(range, data, proof, c.tree)
    if (typeof proven === 'string') return { accept: false, reason: proven }
    await writeRestoredChunk(this.store, index, proven.kind === 'buckets' ? { buckets: proven.buckets } : { slice: proven })
    return { accept: true }
  }

  async finishSnapshot (): Promise<void> {
    const t = this.current!.trusted
    await finishRestore(this.store, t.header, t.hash, t.commit)
    this.current = undefined
  }

  async abandonSnapshot (): Promise<void> {
    this.current = undefined
    await abandonRestore(this.store)
  }
}

function recordOf (s: SnapshotInfo, t: TrustedSnapshot): RestoreRecord {
  return { height: s.height, root: Buffer.from(s.root).toString('hex'), chunks: s.chunks, chunkSize: s.chunkSize, format: s.format, plan: t.planHash.toString('hex') }
}

/** The same chunks: the same state cut the same way (a later snapshot of an unchanged state resumes an earlier one). */
function sameRestore (a: RestoreRecord | undefined, b: RestoreRecord): boolean {
  return a !== undefined && a.root === b.root && a.chunks === b.chunks && a.chunkSize === b.chunkSize && a.format === b.format && a.plan === b.plan
}
