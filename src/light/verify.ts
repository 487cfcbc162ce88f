// What the light client checks before it reports a header: the chain's own rules, not a
// second copy of them. A header must be well formed and signed by the proposer the
// genesis schedule names (header-rules.ts), follow the last verified header (height,
// parent_hash, timestamp), and carry a commit with valid votes of more than two thirds of
// the genesis validators for exactly this block (commit.ts). Failures are ChainErrors
// (code INVALID_BLOCK) whose reason names the rule.
import type { pb } from '../core.js'
import { checkCommit } from '../chain/commit.js'
import type { Genesis } from '../chain/genesis.js'
import { checkHeaderLink, checkSignedHeader, type ParentHeader } from '../chain/header-rules.js'
import { VoteVerifier } from '../chain/votes.js'

/** A header the light client has verified. */
export interface VerifiedHead extends ParentHeader {
  readonly hash: Buffer
  readonly hashHex: string
  readonly round: number
  readonly proposer: string
  readonly appHash: string
  readonly txRoot: Buffer
  /** Validators whose commit votes made it final, and the round they voted in. */
  readonly signers: number
  readonly commitRound: number
}

export class HeaderVerifier {
  private readonly votes: VoteVerifier

  constructor (readonly genesis: Genesis) {
    this.votes = new VoteVerifier(genesis)
  }

  /** Check `signed` (after `parent`, or on its own for the first header). Throws ChainError. */
  verify (signed: pb.SignedHeader, parent: ParentHeader | undefined): VerifiedHead {
    const { header, hash, proposer } = checkSignedHeader(this.genesis, signed.header, signed.proposerSignature)
    if (parent !== undefined) checkHeaderLink(this.genesis, header, parent)
    checkCommit(this.genesis, this.votes, signed.commit, header.height, hash)
    return {
      height: header.height,
      hash,
      hashHex: hash.toString('hex'),
      timestamp: header.timestamp,
      round: header.round,
      proposer: proposer.name,
      appHash: Buffer.from(header.appHash).toString('hex'),
      txRoot: Buffer.from(header.txRoot),
      signers: signed.commit!.signatures.length,
      commitRound: signed.commit!.round
    }
  }
}
