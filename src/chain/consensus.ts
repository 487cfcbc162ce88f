// Proof-of-authority consensus of the reference chain (docs/PROTOCOL.md §11.4). One height
// at a time: the proposer of (height, round 0) proposes block_interval_ms after the parent's
// timestamp; each further propose_timeout_ms without a valid block hands the turn to the
// next validator (proposal rounds). Every validator votes for the first valid block it sees;
// votes from a quorum (> 2/3) for one block in one voting round make it final, and the next
// block carries them as its commit. When a quorum has voted in a round without agreeing,
// the validators vote again in the next round for that round's leading block: at once if no
// block can reach a quorum any more, else after a proposal timeout (late votes may still
// complete it; votes.ts says why either is safe). Everything that changes this state runs
// one step at a time (serial).
import type { Logger } from 'pino'
import { Messages, encodePayload, type Clock, type Identity, type Mempool, type PeerId, type Timer, type Verdict, pb } from '../index.js'
import type { BlockRules, CheckedBlock } from './block-rules.js'
import { checkCommit, commitFromQuorum } from './commit.js'
import type { Genesis, Validator } from './genesis.js'
import { propose } from './proposer.js'
import type { ChainStore } from './store/chain-store.js'
import { VotePool, signVote, type VoteVerifier } from './votes.js'

/** Most valid blocks kept for the height being decided (one per proposal round is normal). */
const MAX_CANDIDATES = 8
/** Votes are kept for heights up to this far above the one being decided. */
const VOTE_HEIGHT_WINDOW = 16

export interface ConsensusHost {
  readonly clock: Clock
  readonly log: Logger
  readonly genesis: Genesis
  readonly store: ChainStore
  readonly rules: BlockRules
  readonly verifier: VoteVerifier
  readonly mempool: Mempool
  /** Our key, when we are a validator. */
  readonly self: { readonly identity: Identity, readonly validator: Validator } | undefined
  publishBlock(block: pb.Block): void
  publishVote(vote: pb.VoteMessage): void
  /** Send again to every peer (gossip would not: it has seen them). */
  rebroadcast(type: 'block' | 'vote', payload: Uint8Array): void
  /** A valid block for the height being decided: from a peer, or ours when `from` is undefined. */
  onCandidate(block: CheckedBlock, from: PeerId | undefined): void
  /** A block became final and is stored. */
  onFinal(block: CheckedBlock, commit: pb.Commit): void
}

export class Consensus {
  private height: number
  private readonly candidates = new Map<string, CheckedBlock>()
  private readonly votes: VotePool
  /** Our votes at `height`, by voting round. */
  private readonly ourVotes = new Map<number, pb.VoteMessage>()
  private votingRound = 0
  /** clock.now() when our voting round was first seen split. */
  private splitSince: number | undefined
  private proposalRound = 0
  private lastCommit: pb.Commit | undefined
  private timer: Timer | undefined
  private queue: Promise<unknown> = Promise.resolve()
  private stopped = true
  private syncing = false

  constructor (private readonly host: ConsensusHost) {
    this.votes = new VotePool(host.genesis)
    this.height = host.store.tip.height + 1
  }

  /** The height being decided and our voting round. */
  get position (): { height: number, round: number, proposalRound: number } {
    return { height: this.height, round: this.votingRound, proposalRound: this.proposalRound }
  }

  get voteCount (): number {
    return this.votes.size
  }

  async start (): Promise<void> {
    this.stopped = false
    await this.serial(async () => {
      const tip = this.host.store.tip
      this.height = tip.height + 1 // a restored snapshot moved the tip since construction
      this.lastCommit = tip.height === 0 ? undefined : await this.host.store.getCommit(tip.height)
      await this.restoreOurVotes()
      this.enterHeight()
      await this.checkQuorum()
    })
  }

  stop (): void {
    this.stopped = true
    this.timer?.cancel()
  }

  /** Run fn after everything queued before it (all state changes go through here). */
  async serial<T> (fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn)
    this.queue = run.catch(() => {})
    return await run
  }

  /** The node's validateBlock hook. Throws ChainError (INVALID_BLOCK) for an invalid block. */
  async judgeBlock (block: pb.Block, from: PeerId): Promise<Verdict> {
    return await this.serial(async () => await this.onBlock(block, from))
  }

  /** The node's validateVote hook. Throws ChainError (INVALID_VOTE) for an invalid vote. */
  judgeVote (vote: pb.VoteMessage): Verdict {
    const validator = this.host.verifier.check(vote)
    if (vote.height < this.height - 1 || vote.height > this.height + VOTE_HEIGHT_WINDOW) return 'ignore'
    if (vote.height === this.height - 1) return 'accept' // just final here: still useful to peers that are not there yet
    if (this.votes.add(vote, validator) !== 'added') return 'ignore'
    if (vote.height === this.height) this.serial(async () => { await this.onVote(vote.height) }).catch((err: unknown) => this.host.log.error({ err }, 'vote handling failed'))
    return 'accept'
  }

  /**
   * Make a block final that was decided elsewhere (block sync): checked against the tip,
   * with its commit. False, doing nothing, when the tip is already at or past its height.
   */
  async applyFinal (block: pb.Block, commit: pb.Commit, encoded?: Uint8Array): Promise<boolean> {
    return await this.serial(async () => {
      if ((block.header?.height ?? 0) <= this.host.store.tip.height) return false
      const signed = this.host.rules.checkSigned(block)
      const checked = await this.host.rules.checkNext(signed, this.host.store.tip, this.host.clock.wallNow())
      checkCommit(this.host.genesis, this.host.verifier, commit, checked.header.height, checked.hash)
      await this.finalize(checked, commit, { encoded, durable: false })
      return true
    })
  }

  /** Block sync is fetching a long way behind the others: make no proposal and cast no vote until it is done. */
  setSyncing (active: boolean): void {
    if (active === this.syncing) return
    this.syncing = active
    if (active) this.timer?.cancel()
    else this.enterHeight()
  }

  private async onBlock (block: pb.Block, from: PeerId): Promise<Verdict> {
    const { rules, store } = this.host
    const signed = rules.checkSigned(block)
    const h = signed.header.height
    if (h <= store.tip.height) return 'ignore'
    if (this.candidates.has(signed.hashHex)) return 'accept'
    if (h === this.height + 1) {
      // a child of a block we hold: its commit makes that block final
      const parent = this.candidates.get(Buffer.from(signed.header.parentHash).toString('hex'))
      if (parent === undefined) return 'ignore'
      checkCommit(this.host.genesis, this.host.verifier, block.lastCommit, this.height, parent.hash)
      await this.finalize(parent, block.lastCommit!)
    }
    if (h !== this.height) return 'ignore'
    const checked = await rules.checkNext(signed, store.tip, this.host.clock.wallNow())
    await this.addCandidate(checked, from)
    return 'accept'
  }

  private async onVote (height: number): Promise<void> {
    if (height !== this.height) return
    await this.checkQuorum()
    if (this.height === height) await this.advanceVotingRound()
  }

  /** Move past split voting rounds (stuck ones at once, split ones after a proposal timeout), then vote. */
  private async advanceVotingRound (): Promise<void> {
    for (;;) {
      const state = this.votes.split(this.height, this.votingRound)
      if (state === 'open') break
      const since = this.splitSince ??= this.host.clock.now()
      if (state === 'split' && this.host.clock.now() - since < this.host.genesis.params.propose_timeout_ms) break
      this.votingRound++
      this.splitSince = undefined
    }
    await this.maybeVote()
    await this.checkQuorum()
  }

  private async addCandidate (checked: CheckedBlock, from: PeerId | undefined): Promise<void> {
    if (this.candidates.size >= MAX_CANDIDATES) return
    this.candidates.set(checked.hashHex, checked)
    this.host.onCandidate(checked, from)
    await this.maybeVote()
    await this.checkQuorum()
  }

  /** Vote in our current voting round if we have not: round 0 for the first valid block, later rounds for the best of the round before. */
  private async maybeVote (): Promise<void> {
    const self = this.host.self
    const round = this.votingRound
    if (self === undefined || this.syncing || this.ourVotes.has(round)) return
    const target = round === 0 ? this.candidates.values().next().value : this.candidates.get(this.votes.best(this.height, round - 1) ?? '')
    if (target === undefined) return
    const vote = signVote(self.identity, this.host.genesis.chainId, this.height, round, target.hash)
    this.ourVotes.set(round, vote)
    const votedFor = new Set([...this.ourVotes.values()].map((v) => Buffer.from(v.blockHash).toString('hex')))
    await this.host.store.saveVotes({ height: this.height, votes: [...this.ourVotes.values()], blocks: [...votedFor].map((h) => this.candidates.get(h)!.block) })
    this.votes.add(vote, self.validator)
    this.host.publishVote(vote)
  }

  private async checkQuorum (): Promise<void> {
    const q = this.votes.quorum(this.height)
    const block = q === undefined ? undefined : this.candidates.get(q.blockHash)
    if (q !== undefined && block !== undefined) await this.finalize(block, commitFromQuorum(this.height, q))
  }

  /** Make a block final: the tip, durable before anything else happens (durable: false, block sync: written with the next ones while those are checked). */
  private async finalize (block: CheckedBlock, commit: pb.Commit, opts: { encoded?: Uint8Array, durable: boolean } = { durable: true }): Promise<void> {
    const { store } = this.host
    const final = { block: block.block, hash: block.hash, commit, buckets: block.commitment.buckets, appHash: block.commitment.appHash, encoded: opts.encoded }
    await (opts.durable ? store.commit(final) : store.stage(final))
    this.lastCommit = commit
    this.candidates.clear()
    this.ourVotes.clear()
    this.votingRound = 0
    this.splitSince = undefined
    this.height = store.tip.height + 1
    this.votes.pruneBelow(this.height)
    this.host.onFinal(block, commit)
    this.enterHeight()
  }

  private enterHeight (): void {
    this.timer?.cancel()
    this.proposalRound = 0
    if (this.stopped || this.syncing) return
    const { params } = this.host.genesis
    const delay = Math.max(0, this.host.store.tip.timestamp + params.block_interval_ms - this.host.clock.wallNow())
    this.armRoundTimer(delay)
  }

  private armRoundTimer (delayMs: number): void {
    const height = this.height
    this.timer = this.host.clock.setTimeout(() => {
      this.serial(async () => { if (this.height === height && !this.stopped) await this.onRoundTimer() })
        .catch((err: unknown) => this.host.log.error({ err }, 'proposal round failed'))
    }, delayMs)
  }

  /** Proposal round `proposalRound` begins: propose if it is our turn and no valid block has come. */
  private async onRoundTimer (): Promise<void> {
    const height = this.height
    const round = this.proposalRound
    const self = this.host.self
    if (round > 0) this.rebroadcastOurs()
    await this.advanceVotingRound()
    if (this.height !== height) return
    if (self !== undefined && this.host.genesis.proposer(height, round).index === self.validator.index && this.candidates.size === 0 && this.ourVotes.size === 0) {
      await this.proposeBlock(self, round)
    }
    if (this.height !== height) return // our block became final: enterHeight armed the next timer
    this.proposalRound = round + 1
    this.armRoundTimer(this.host.genesis.params.propose_timeout_ms)
  }

  private async proposeBlock (self: NonNullable<ConsensusHost['self']>, round: number): Promise<void> {
    const { store, genesis, mempool } = this.host
    const { checked, stale } = await propose({
      genesis, state: store, mempool, identity: self.identity, validator: self.validator,
      tip: store.tip, round, lastCommit: this.lastCommit, wallNowMs: this.host.clock.wallNow()
    })
    mempool.remove(stale)
    this.host.log.debug({ height: checked.header.height, round, txs: checked.txs.length }, 'proposing')
    this.host.publishBlock(checked.block)
    await this.addCandidate(checked, undefined)
  }

  /** A height that makes no progress: send our votes and the blocks they are for to every peer again (a peer may have missed them). */
  private rebroadcastOurs (): void {
    for (const vote of this.ourVotes.values()) {
      this.host.rebroadcast('vote', encodePayload(Messages.vote, vote))
      const block = this.candidates.get(Buffer.from(vote.blockHash).toString('hex'))
      if (block !== undefined) this.host.rebroadcast('block', encodePayload(Messages.block, { block: block.block }))
    }
  }

  /** After a restart: the votes we sent at this height (never vote twice in a round) and the blocks they are for. */
  private async restoreOurVotes (): Promise<void> {
    const { store, rules, self } = this.host
    const record = await store.loadVotes()
    if (self === undefined || record === undefined || record.height !== this.height) return
    for (const block of record.blocks) {
      try {
        const checked = await rules.checkNext(rules.checkSigned(block), store.tip, Infinity)
        this.candidates.set(checked.hashHex, checked)
      } catch (err) {
        this.host.log.warn({ err }, 'a block we voted for no longer checks')
      }
    }
    for (const vote of record.votes) {
      this.ourVotes.set(vote.round, vote)
      this.votes.add(vote, self.validator)
      this.votingRound = Math.max(this.votingRound, vote.round)
    }
  }
}
