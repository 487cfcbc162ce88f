// The reference chain on a kuber-p2p node: the worked example of embedding the package (it
// uses only what src/index.ts exports). create() opens the chain store, creates the node
// with the chain's validation hooks (validateBlock, validateVote, validateTx: invalid ones
// are scored by the P2P layer, spec §13), its block store as the BlockRequest source and
// its side of block sync (the store serves ranges; fetched blocks are checked and applied
// by the consensus engine, paused while far behind), and wires the consensus engine to
// gossip. It takes state snapshots every few blocks and serves them; a fresh node joining a
// running chain first restores one by state sync, then block sync takes it from the
// snapshot height to the tip, then it follows by gossip (spec §15: SYNC → GOSSIP; sync.ts).
// The application API (api/server.ts) and the CLI drive it through submitTx, status,
// accountNonce, read and the store.
import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import type { Registry } from 'prom-client'
import { Gauge, Counter } from 'prom-client'
import { ConfigError, ErrorCodes, MessageType, createNode, type BlockSyncProvider, type ChainApp, type KuberNode, type NodeConfigInput, type NodeDeps, type PeerId, type Verdict, pb } from '../index.js'
import { BlockRules, type CheckedBlock } from './block-rules.js'
import { Consensus } from './consensus.js'
import { ChainError, Reason, reasonOf } from './errors.js'
import { dataKey, decodeNonce, nonceKey } from './execution.js'
import type { Genesis, Validator } from './genesis.js'
import { PendingNonces } from './pending-nonces.js'
import { lightHeaderSource } from './light-source.js'
import { ChainStore, type ChainDb, type Tip } from './store/chain-store.js'
import { storeSyncSource } from './store/sync-source.js'
import { sha256 } from './signing.js'
import { checkTxSignature, decodeTx, type DecodedTx } from './tx.js'
import { BlockPrecheck } from './block-precheck.js'
import { VoteVerifier } from './votes.js'
import { ChainRestorer } from './snapshot/restorer.js'
import { Snapshotter } from './snapshot/snapshotter.js'
import { ChainSync } from './sync.js'

/** Transactions may be submitted this far ahead of an account's next nonce. */
export const MAX_NONCE_AHEAD = 256

export interface ReferenceChainOptions {
  genesis: Genesis
  /** Node options; chainId defaults to the genesis chain id and must equal it. */
  node: Omit<NodeConfigInput, 'chainId'> & { chainId?: string }
  /** Chain store directory (default <node.home>/chain; required without a home), or a database (an in-memory one, for simulations). */
  storePath?: string | ChainDb
  /** What to inject into the node (identity, clock, transport, logger...). */
  deps?: Omit<NodeDeps, 'app'>
  /** No progress log lines during a state sync (a progress bar shows it instead). */
  quietProgress?: boolean
}

/** A valid block for the height being decided reached this node. */
export interface CandidateEvent { height: number, hash: string, txs: number, from: PeerId | undefined, atMs: number }
/** A block became final here. */
export interface FinalEvent { height: number, hash: string, txs: number, appHash: string, atMs: number }

export interface ChainEvents {
  candidate: [CandidateEvent]
  final: [FinalEvent]
}

export interface SubmitResult {
  txHash: string
  /** accepted: in the mempool and gossiped; known: already there; rejected: see reason. */
  status: 'accepted' | 'known' | 'rejected'
  reason?: Reason
  message?: string
}

export class ReferenceChain extends EventEmitter<ChainEvents> {
  /** Our entry in the validator set, if the node's key is in it. */
  readonly validator: Validator | undefined
  readonly consensus: Consensus
  /** The snapshots this node serves. */
  readonly snapshots: Snapshotter
  /** State sync, then blocks, then gossip. */
  readonly sync: ChainSync
  private readonly pending: PendingNonces
  private readonly rejected = new Map<string, number>()
  private finalTxs = 0
  private votesSent = 0
  /** Blocks made final here, and of those, by block sync (fetched with their commit); the others our consensus made final from gossip. */
  private readonly finalBy = { sync: 0 }
  private finalCount = 0

  private constructor (readonly genesis: Genesis, readonly store: ChainStore, readonly node: KuberNode, verifier: VoteVerifier, private readonly precheck: BlockPrecheck, snapshots: Snapshotter, options: ReferenceChainOptions) {
    super()
    this.snapshots = snapshots
    this.validator = genesis.validator(node.peerId)
    this.pending = new PendingNonces(node.mempool, node.mempool.limits.maxTxs)
    const rules = new BlockRules({ genesis, verifier, state: store, isCheckedTx: (h) => node.mempool.has(h), precheck })
    this.consensus = new Consensus({
      clock: node.clock,
      log: node.log,
      genesis,
      store,
      rules,
      verifier,
      mempool: node.mempool,
      self: this.validator === undefined ? undefined : { identity: node.identity, validator: this.validator },
      publishBlock: (block) => { node.publishBlock(block) },
      publishVote: (vote) => { this.votesSent++; node.publishVote(vote) },
      rebroadcast: (what) => { node.republishOurs(what) },
      onCandidate: (b, from) => { this.emit('candidate', { height: b.header.height, hash: b.hashHex, txs: b.txs.length, from, atMs: node.clock.now() }) },
      onFinal: (b) => { this.onFinal(b) }
    })
    this.sync = new ChainSync({ store, node, restorer: new ChainRestorer(store, genesis, verifier), startChain: async () => await this.consensus.start(), quietProgress: options.quietProgress })
    node.setLatestHeight(store.tip.height)
    node.serveLightClients(lightHeaderSource(store), { genesis: genesis.toJSON() })
    node.addStatsSection('chain', () => this.stats())
    node.addMetrics((registry) => this.registerMetrics(registry))
  }

  /** Open the store and create the node (not started). */
  static async create (options: ReferenceChainOptions): Promise<ReferenceChain> {
    const { genesis } = options
    const chainId = options.node.chainId ?? genesis.chainId
    if (chainId !== genesis.chainId) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `chain id ${chainId} is not the genesis chain id ${genesis.chainId}`)
    const home = options.node.home
    const storePath = options.storePath ?? (home === undefined ? undefined : join(home, 'chain'))
    if (storePath === undefined) throw new ConfigError(ErrorCodes.INVALID_CONFIG, 'the reference chain needs a home or a storePath')
    const store = await ChainStore.open(storePath, genesis)
    const verifier = new VoteVerifier(genesis)
    const precheck = new BlockPrecheck(genesis.chainId)
    let chain: ReferenceChain | undefined
    let snapshots: Snapshotter | undefined
    const counted = <T>(fn: () => T): T => {
      try {
        const out = fn()
        return out instanceof Promise ? out.catch((err: unknown) => { throw chain!.countRejection(err) }) as T : out
      } catch (err) {
        throw chain!.countRejection(err)
      }
    }
    const blockSync: BlockSyncProvider = {
      ...storeSyncSource(store),
      prepare: (block) => { precheck.prepare(block) },
      applyBlock: async (block, commit, encoded) => await counted(async () => {
        const applied = await chain!.consensus.applyFinal(block, commit, encoded)
        if (applied) chain!.finalBy.sync++
        return applied
      }),
      syncing: (active) => chain!.consensus.setSyncing(active),
      ready: () => chain?.sync.blocksWanted === true
    }
    // while a snapshot is being restored the state is partial: blocks, votes and transactions wait
    const app: ChainApp = {
      validateBlock: async (block, from) => chain!.sync.restoring ? 'ignore' : await counted(async () => await chain!.consensus.judgeBlock(block, from)),
      validateVote: (vote) => chain!.sync.restoring ? 'ignore' : counted(() => chain!.consensus.judgeVote(vote)),
      validateTx: async (tx, txHash) => chain!.sync.restoring ? 'ignore' : await counted(async () => await chain!.judgeTx(tx, Buffer.from(txHash))),
      blockSource: { getBlock: async (height) => await store.getBlock(height) },
      blockSync,
      snapshots: { listSnapshots: () => snapshots?.listSnapshots() ?? [], loadChunks: async (root, first, count) => await snapshots!.loadChunks(root, first, count) }
    }
    let node: KuberNode
    try {
      // in GOSSIP, blocks are fetched when none came for a proposal timeout
      const blockSyncConfig = { catchUpAfterMs: genesis.params.propose_timeout_ms, ...options.node.blockSync }
      node = await createNode({ ...options.node, chainId, blockSync: blockSyncConfig }, { ...options.deps, app })
    } catch (err) {
      await store.close()
      throw err
    }
    const { snapshotInterval, snapshotKeep, chunkBytes } = node.config.stateSync
    snapshots = new Snapshotter(store, { interval: snapshotInterval, keep: snapshotKeep, chunkBytes }, node.clock, node.log)
    chain = new ReferenceChain(genesis, store, node, verifier, precheck, snapshots, options)
    return chain
  }

  get tip (): Tip {
    return this.store.tip
  }

  /** Start the node, then (in the background) state sync if this node is new to a running chain, blocks, and gossip. */
  async start (): Promise<void> {
    await this.node.start()
    this.sync.start()
  }

  async stop (): Promise<void> {
    this.sync.stop()
    this.consensus.stop()
    await this.node.stop()
    await this.sync.stopped()
    await this.consensus.serial(async () => {}) // let a step in progress finish its write
    await this.snapshots.close()
    await this.precheck.close()
    await this.store.close()
  }

  /** Check a transaction made here, then add it to the mempool and gossip it. */
  async submitTx (bytes: Uint8Array): Promise<SubmitResult> {
    const txHash = sha256(bytes)
    let d: DecodedTx
    try {
      d = decodeTx(bytes, this.genesis.params, txHash)
      checkTxSignature(d, this.genesis.chainId)
      const committed = await this.committedNonce(d.tx.publicKey)
      if (d.tx.nonce < committed) throw new ChainError(Reason.TX_BAD_NONCE, `nonce ${d.tx.nonce} is used; the account's next nonce is ${committed}`)
      if (d.tx.nonce >= committed + MAX_NONCE_AHEAD) throw new ChainError(Reason.TX_BAD_NONCE, `nonce ${d.tx.nonce} is more than ${MAX_NONCE_AHEAD} ahead of the account's next nonce ${committed}`)
      if (this.pending.taken(d.account, d.tx.nonce, d.hash)) throw new ChainError(Reason.TX_BAD_NONCE, `another transaction with nonce ${d.tx.nonce} is pending`)
    } catch (err) {
      if (!(err instanceof ChainError)) throw err
      return { txHash: txHash.toString('hex'), status: 'rejected', reason: err.reason, message: err.message }
    }
    const { verdict } = await this.node.submitTx(bytes)
    return { txHash: txHash.toString('hex'), status: verdict === 'accept' ? 'accepted' : verdict === 'ignore' ? 'known' : 'rejected' }
  }

  /** Make a block final that was decided elsewhere: checked against the tip, then applied with its commit (false: the tip is already past it). Block sync does this. */
  async applyFinalBlock (block: pb.Block, commit: pb.Commit): Promise<boolean> {
    return await this.consensus.applyFinal(block, commit)
  }

  /** An account's next nonce: committed, and counting its pending transactions. */
  async accountNonce (publicKey: Uint8Array): Promise<{ committed: number, pending: number }> {
    const committed = await this.committedNonce(publicKey)
    return { committed, pending: this.pending.next(Buffer.from(publicKey).toString('hex'), committed) }
  }

  /** The committed value of a key written by transactions. */
  async read (key: Uint8Array): Promise<Uint8Array | undefined> {
    return await this.store.getState(dataKey(key))
  }

  /** What the node reports: the last block written (a block sync a little ahead of it is not lost on a kill -9, only done again). */
  status (): Record<string, unknown> {
    const tip = this.store.durableTip
    const sync = this.node.blockSync.status()
    const { height, round } = this.consensus.position
    return {
      chain_id: this.genesis.chainId,
      node_id: this.node.peerId,
      validator: this.validator?.name ?? null,
      height: tip.height,
      hash: tip.hash.toString('hex'),
      app_hash: tip.appHash.toString('hex'),
      time: new Date(tip.timestamp).toISOString(),
      sync: {
        state: this.sync.restoring ? 'state_sync' : sync.phase === 'sync' ? 'catching_up' : 'synced',
        peers_best_height: sync.target,
        peers: sync.peers,
        blocks_per_s: sync.blocksPerSecond,
        bytes_per_s: sync.bytesPerSecond,
        ...(sync.error === undefined ? {} : { error: sync.error }),
        ...this.sync.status()
      },
      consensus: { height, round },
      peers: this.node.connectedPeers().length,
      mempool_txs: this.node.mempool.size
    }
  }

  private async committedNonce (publicKey: Uint8Array): Promise<number> {
    return decodeNonce(await this.store.getState(nonceKey(publicKey)))
  }

  /** validateTx: form and signature (reject), then the nonce against the state and the mempool (ignore). */
  private async judgeTx (tx: Uint8Array, txHash: Buffer): Promise<Verdict> {
    const d = decodeTx(tx, this.genesis.params, txHash)
    checkTxSignature(d, this.genesis.chainId)
    const committed = await this.committedNonce(d.tx.publicKey)
    if (d.tx.nonce < committed || d.tx.nonce >= committed + MAX_NONCE_AHEAD) return 'ignore'
    if (this.pending.taken(d.account, d.tx.nonce, d.hash)) return 'ignore'
    this.pending.add(d.account, d.tx.nonce, d.hash)
    return 'accept'
  }

  private onFinal (b: CheckedBlock): void {
    const { mempool } = this.node
    mempool.remove(b.txHashes)
    const next = new Map<string, number>()
    for (const d of b.txs) next.set(d.account, d.tx.nonce + 1)
    for (const [account, nonce] of next) mempool.remove(this.pending.settle(account, nonce))
    this.finalTxs += b.txs.length
    this.finalCount++
    this.node.setLatestHeight(b.header.height)
    this.snapshots.afterFinal(b.header.height)
    this.emit('final', { height: b.header.height, hash: b.hashHex, txs: b.txs.length, appHash: b.commitment.appHash.toString('hex'), atMs: this.node.clock.now() })
    this.node.lightHeaderFinal(b.header.height)
  }

  private countRejection (err: unknown): unknown {
    const reason = reasonOf(err)
    if (reason !== undefined) this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1)
    return err
  }

  private stats (): Record<string, unknown> {
    const { height, round, proposalRound } = this.consensus.position
    return {
      height: this.store.tip.height,
      deciding: { height, voting_round: round, proposal_round: proposalRound },
      votes_held: this.consensus.voteCount,
      votes_sent: this.votesSent,
      pending_nonces: this.pending.size,
      snapshots: { taken: this.snapshots.taken, served: this.snapshots.listSnapshots().map((s) => ({ height: s.height, chunks: s.chunks, chunk_size: s.chunkSize })) },
      txs_final: this.finalTxs,
      final_by_sync: this.finalBy.sync,
      final_by_consensus: this.finalCount - this.finalBy.sync,
      rejected_by_reason: Object.fromEntries(this.rejected)
    }
  }

  private registerMetrics (registry: Registry): void {
    const chain = this
    registry.registerMetric(new Gauge({ name: 'kuber_chain_height', help: 'Height of the last final block.', registers: [], collect () { this.set(chain.store.tip.height) } }))
    registry.registerMetric(new Counter({ name: 'kuber_chain_txs_total', help: 'Transactions in final blocks.', registers: [], collect () { this.reset(); this.inc(chain.finalTxs) } }))
    registry.registerMetric(new Counter({
      name: 'kuber_chain_rejected_total', help: 'Transactions, votes and blocks refused, by the chain rule that failed.', labelNames: ['reason'], registers: [],
      collect () { this.reset(); for (const [reason, n] of chain.rejected) this.inc({ reason }, n) }
    }))
  }
}
