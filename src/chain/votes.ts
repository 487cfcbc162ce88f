// Votes (spec §7.4 VoteMessage, with the block_hash extension; docs/PROTOCOL.md §11.4):
// signing and checking one vote, and the pool of votes a node has seen at the heights it is
// deciding. Each validator votes at most once per (height, round): in round 0 for the first
// valid block it sees. When the votes of a round seen so far come from a quorum of
// validators but give no block a quorum (a split vote), validators vote again in the next
// round for that round's leading block (most votes seen, then lowest hash). This is safe for
// honest validators: if a block A had a quorum q > 2n/3 in round r, any q votes of round r
// hold at least 2q − n votes for A and at most n − q for all other blocks together, and
// 2q − n > n − q, so every validator that moves on votes A.
import { peerIdFromBytes, peerIdToBytes, pb, verifySignature, type Identity } from '../core.js'
import { ChainError, Reason } from './errors.js'
import type { Genesis, Validator } from './genesis.js'
import { voteSignBytes } from './signing.js'

/** The one vote type of the reference chain: "this block is valid, make it final". */
export const VOTE_TYPE_COMMIT = 1

/** Most voting rounds remembered per height (more are ignored). */
const MAX_ROUNDS_PER_HEIGHT = 16
/** Most verified vote signatures remembered (commits reuse them without verifying again). */
const VERIFIED_CACHE_MAX = 8192

export function signVote (identity: Identity, chainId: string, height: number, round: number, blockHash: Uint8Array): pb.VoteMessage {
  const body = { height, round, voteType: VOTE_TYPE_COMMIT, blockHash: blockHash as Uint8Array<ArrayBuffer> }
  return { ...body, voter: peerIdToBytes(identity.peerId) as Uint8Array<ArrayBuffer>, signature: identity.sign(voteSignBytes(chainId, body)) as Uint8Array<ArrayBuffer> }
}

/** Checks vote signatures (a validator's signature over a vote's signing bytes), remembering those that verified. */
export class VoteVerifier {
  private readonly verified = new Set<string>()

  constructor (private readonly genesis: Genesis) {}

  /** True if `validator` signed a commit vote for (height, round, blockHash). */
  verify (validator: Validator, height: number, round: number, blockHash: Uint8Array, signature: Uint8Array): boolean {
    const key = `${validator.index}:${height}:${round}:${Buffer.from(blockHash).toString('hex')}:${Buffer.from(signature).toString('hex')}`
    if (this.verified.has(key)) return true
    if (!verifySignature(validator.publicKey, voteSignBytes(this.genesis.chainId, { height, round, voteType: VOTE_TYPE_COMMIT, blockHash }), signature)) return false
    if (this.verified.size >= VERIFIED_CACHE_MAX) this.verified.delete(this.verified.values().next().value!)
    this.verified.add(key)
    return true
  }

  /** Check a vote's form, voter and signature; returns the voter. Throws ChainError (INVALID_VOTE). */
  check (vote: pb.VoteMessage): Validator {
    if (vote.voteType !== VOTE_TYPE_COMMIT) throw new ChainError(Reason.VOTE_BAD_TYPE, `vote_type ${vote.voteType}`)
    if (vote.height < 1 || !Number.isSafeInteger(vote.height) || !Number.isSafeInteger(vote.round) || vote.blockHash.length !== 32 || vote.voter.length !== 32) {
      throw new ChainError(Reason.VOTE_MALFORMED, 'height, round, voter or block_hash out of form')
    }
    const validator = this.genesis.validator(peerIdFromBytes(vote.voter))
    if (validator === undefined) throw new ChainError(Reason.VOTE_UNKNOWN_VALIDATOR, 'the voter is not a validator')
    if (!this.verify(validator, vote.height, vote.round, vote.blockHash, vote.signature)) throw new ChainError(Reason.VOTE_BAD_SIGNATURE, 'signature does not verify')
    return validator
  }
}

interface Cast { readonly hash: string, readonly signature: Uint8Array }

/** A quorum of votes for one block in one round: what a Commit is built from. */
export interface Quorum {
  readonly round: number
  readonly blockHash: string
  readonly signatures: pb.CommitSig[]
}

export class VotePool {
  /** height → round → validator index → vote. */
  private readonly heights = new Map<number, Map<number, Map<number, Cast>>>()

  constructor (private readonly genesis: Genesis) {}

  /** Record a checked vote. 'conflict': the validator voted for another block in that round (the first vote stays). */
  add (vote: pb.VoteMessage, validator: Validator): 'added' | 'duplicate' | 'conflict' | 'full' {
    let rounds = this.heights.get(vote.height)
    if (rounds === undefined) this.heights.set(vote.height, rounds = new Map())
    let votes = rounds.get(vote.round)
    if (votes === undefined) {
      if (rounds.size >= MAX_ROUNDS_PER_HEIGHT) return 'full'
      rounds.set(vote.round, votes = new Map())
    }
    const hash = Buffer.from(vote.blockHash).toString('hex')
    const prior = votes.get(validator.index)
    if (prior !== undefined) return prior.hash === hash ? 'duplicate' : 'conflict'
    votes.set(validator.index, { hash, signature: vote.signature })
    return 'added'
  }

  /** The first round (lowest) in which one block has a quorum at `height`. */
  quorum (height: number): Quorum | undefined {
    const rounds = this.heights.get(height)
    if (rounds === undefined) return undefined
    for (const round of [...rounds.keys()].sort((a, b) => a - b)) {
      const votes = rounds.get(round)!
      for (const [hash, n] of tally(votes)) {
        if (n < this.genesis.quorum) continue
        const signatures = [...votes].filter(([, c]) => c.hash === hash).sort(([a], [b]) => a - b).map(([validatorIndex, c]) => ({ validatorIndex, signature: c.signature as Uint8Array<ArrayBuffer> }))
        return { round, blockHash: hash, signatures }
      }
    }
    return undefined
  }

  /**
   * How a round's vote stands: 'open' while fewer than a quorum of validators have been
   * heard from or a block has a quorum; 'split' when a quorum has voted without one;
   * 'stuck' when no block can reach a quorum in it any more.
   */
  split (height: number, round: number): 'open' | 'split' | 'stuck' {
    const votes = this.heights.get(height)?.get(round)
    const { quorum, validators } = this.genesis
    if (votes === undefined || votes.size < quorum) return 'open'
    const lead = Math.max(0, ...tally(votes).values())
    if (lead >= quorum) return 'open'
    return lead + (validators.length - votes.size) < quorum ? 'stuck' : 'split'
  }

  /** The block with most votes in `round` (ties: the lowest hash). */
  best (height: number, round: number): string | undefined {
    const votes = this.heights.get(height)?.get(round)
    if (votes === undefined) return undefined
    let best: [string, number] | undefined
    for (const [hash, n] of tally(votes)) if (best === undefined || n > best[1] || (n === best[1] && hash < best[0])) best = [hash, n]
    return best?.[0]
  }

  /** Forget every height below `height`. */
  pruneBelow (height: number): void {
    for (const h of this.heights.keys()) if (h < height) this.heights.delete(h)
  }

  /** Votes held (for stats). */
  get size (): number {
    let n = 0
    for (const rounds of this.heights.values()) for (const votes of rounds.values()) n += votes.size
    return n
  }
}

function tally (votes: Map<number, Cast>): Map<string, number> {
  const counts = new Map<string, number>()
  for (const c of votes.values()) counts.set(c.hash, (counts.get(c.hash) ?? 0) + 1)
  return counts
}
