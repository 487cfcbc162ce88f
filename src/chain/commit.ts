// Commits (docs/PROTOCOL.md §11.4): the votes that made a block final, as the next block
// carries them. A commit is valid for block B at height h when it names h and B's hash and
// holds valid signatures from at least a quorum of distinct validators, listed by strictly
// increasing validator index, all from one voting round. Anyone holding the genesis can
// check it alone.
import { pb } from '../core.js'
import { ChainError, Reason } from './errors.js'
import type { Genesis } from './genesis.js'
import { sha256 } from './signing.js'
import type { Quorum, VoteVerifier } from './votes.js'

export function commitFromQuorum (height: number, q: Quorum): pb.Commit {
  return { height, round: q.round, blockHash: Buffer.from(q.blockHash, 'hex') as Uint8Array<ArrayBuffer>, signatures: q.signatures }
}

/** SHA-256 of the encoded commit: the next header's last_commit_hash. */
export function commitHash (commit: pb.Commit): Buffer {
  return sha256(pb.Commit.encode(commit))
}

/** Throws ChainError(BLOCK_BAD_COMMIT) unless `commit` makes the block (height, blockHash) final. */
export function checkCommit (genesis: Genesis, verifier: VoteVerifier, commit: pb.Commit | undefined, height: number, blockHash: Uint8Array): void {
  const fail = (why: string): never => { throw new ChainError(Reason.BLOCK_BAD_COMMIT, why) }
  if (commit === undefined) return fail(`no commit for height ${height}`)
  if (commit.height !== height) fail(`commit for height ${commit.height}, not ${height}`)
  if (!Buffer.from(commit.blockHash).equals(blockHash)) fail('commit for another block')
  if (!Number.isSafeInteger(commit.round)) fail('round out of range')
  if (commit.signatures.length < genesis.quorum) fail(`${commit.signatures.length} signatures, quorum is ${genesis.quorum}`)
  let last = -1
  for (const s of commit.signatures) {
    if (s.validatorIndex <= last) fail('validator indexes not strictly increasing')
    const validator = genesis.validators[s.validatorIndex]
    if (validator === undefined) fail(`no validator ${s.validatorIndex}`)
    if (!verifier.verify(validator!, height, commit.round, blockHash, s.signature)) fail(`signature of validator ${s.validatorIndex} does not verify`)
    last = s.validatorIndex
  }
}
