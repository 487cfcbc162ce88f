// What ties a reference-chain snapshot to the chain (docs/PROTOCOL.md §11.7): its metadata
// is the header of the block at the snapshot's height, the commit that made that block
// final, and the chunk plan. A syncing node trusts a snapshot only when the commit is
// signed by a quorum of the genesis validators for that header and the header's app_hash
// is the snapshot's root: never on a peer's word.
import { MAX_COMMIT_SIGNATURES, blockHash, pb, type SnapshotInfo } from '../../index.js'
import { checkCommit } from '../commit.js'
import { sha256 } from '../signing.js'
import { ChainError } from '../errors.js'
import type { Genesis } from '../genesis.js'
import type { ChunkRange } from '../state/chunks.js'
import type { VoteVerifier } from '../votes.js'
import { SNAPSHOT_FORMAT } from './chunk-format.js'
import { decodePlan, encodePlan } from './plan.js'

/** A snapshot checked against the chain. */
export interface TrustedSnapshot {
  readonly header: pb.BlockHeader
  readonly hash: Buffer
  readonly commit: pb.Commit
  readonly plan: readonly ChunkRange[]
  /** SHA-256 of the encoded plan: snapshots with the same root and plan hold the same chunks, whatever their height. */
  readonly planHash: Buffer
}

export function encodeMetadata (header: pb.BlockHeader, commit: pb.Commit, plan: readonly ChunkRange[]): Uint8Array {
  return pb.ChainSnapshotMetadata.encode({ header, commit, chunkPlan: encodePlan(plan) as Uint8Array<ArrayBuffer> })
}

/**
 * Check an offered snapshot against the genesis: the trusted snapshot, or why it is not
 * one (`invalid`: provably bad, as opposed to a format this node does not read).
 */
export function checkSnapshot (genesis: Genesis, verifier: VoteVerifier, info: SnapshotInfo): TrustedSnapshot | { reason: string, invalid: boolean } {
  if (info.format !== SNAPSHOT_FORMAT) return { reason: `chunk format ${info.format}, this node reads ${SNAPSHOT_FORMAT}`, invalid: false }
  const bad = (reason: string): { reason: string, invalid: boolean } => ({ reason, invalid: true })
  let m: pb.ChainSnapshotMetadata
  try {
    m = pb.ChainSnapshotMetadata.decode(info.metadata, { limits: { commit: { signatures: MAX_COMMIT_SIGNATURES } } })
  } catch (err) {
    return bad(`metadata does not decode: ${(err as Error).message}`)
  }
  const header = m.header
  if (header === undefined) return bad('metadata has no header')
  if (header.height !== info.height) return bad(`header at height ${header.height}, snapshot at ${info.height}`)
  if (header.appHash.length !== 32 || !Buffer.from(header.appHash).equals(info.root)) return bad('the header\'s app_hash is not the snapshot root')
  const hash = blockHash(header)
  try {
    checkCommit(genesis, verifier, m.commit, header.height, hash)
  } catch (err) {
    if (err instanceof ChainError) return bad(`commit: ${err.message}`)
    throw err
  }
  const plan = decodePlan(m.chunkPlan, genesis.params.state_buckets, info.chunks)
  if (typeof plan === 'string') return bad(`chunk plan: ${plan}`)
  return { header, hash, commit: m.commit!, plan, planHash: sha256(m.chunkPlan) }
}
