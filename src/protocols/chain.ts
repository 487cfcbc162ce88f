// Composes the chain protocols of one node: the gossip engine, block relay (gossip, compact
// blocks, blocks by height), votes and the mempool, wired to the node through narrow
// host interfaces. KuberNode creates one ChainProtocols and delegates publishBlock,
// publishVote, submitTx, publish and requestBlock to it.
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import type { Clock } from '../runtime/clock.js'
import type { Random } from '../runtime/random.js'
import type { KuberError } from '../errors.js'
import type { PeerId } from '../identity/peer-id.js'
import type { MessageHandler, Peer, Protocol } from '../router/types.js'
import type { DisconnectReason } from '../session/lifecycle.js'
import type { DropReason } from '../session/stats.js'
import type { PeerScorer } from '../scoring/scorer.js'
import type { Block, VoteMessage } from '../wire/gen/kuber.js'
import { GossipEngine, type GossipHost } from '../gossip/engine.js'
import type { GossipParams } from '../gossip/params.js'
import type { ChainApp } from './app.js'
import type { ChainHost } from './host.js'
import { BlockJudge } from './blocks/block-judge.js'
import { BlockRelay } from './blocks/block-relay.js'
import { BlockSync } from './blocks/block-sync.js'
import type { BlockConfig } from './blocks/config.js'
import { CompactRelay } from './blocks/compact-relay.js'
import { Mempool, type MempoolConfig } from './mempool/mempool.js'
import { TxRelay } from './mempool/tx-relay.js'
import { VoteRelay } from './votes.js'
import { registerChainMetrics } from './metrics.js'

/** What ChainProtocols needs from the node (KuberNode provides it). */
export interface ChainNode {
  readonly clock: Clock
  readonly random: Random
  readonly log: Logger
  readonly scorer: PeerScorer
  readonly config: { gossip: GossipParams, mempool: MempoolConfig, blocks: BlockConfig }
  connectedPeers(): Peer[]
  getPeer(id: PeerId): Peer | undefined
  penalize(id: PeerId, err: KuberError): void
  /** Count `n` discarded messages from a peer under `reason` (drops_by_reason, per node and per peer). */
  recordDrop(id: PeerId, reason: DropReason, n?: number): void
  disconnect(id: PeerId, reason?: DisconnectReason): boolean
  registerProtocol(protocol: Protocol): void
  handle(type: number, handler: MessageHandler): void
  addMetrics(register: (registry: Registry) => void): void
  addStatsSection(name: string, read: () => Record<string, unknown>): void
}

/** Where accepted messages from peers go (the node emits them as events). */
export interface ChainDeliveries {
  block(block: Block, from: PeerId): void
  vote(vote: VoteMessage, from: PeerId): void
  tx(tx: Uint8Array, txHash: Buffer, from: PeerId): void
}

export class ChainProtocols {
  readonly gossip: GossipEngine
  readonly mempool: Mempool
  readonly judge: BlockJudge
  readonly blocks: BlockRelay
  readonly compact: CompactRelay
  readonly sync: BlockSync
  readonly votes: VoteRelay
  readonly txs: TxRelay

  constructor (node: ChainNode, app: ChainApp, deliver: ChainDeliveries) {
    const { clock, random, log, scorer, config } = node
    const isQuarantined = (id: PeerId): boolean => scorer.isQuarantined(id)
    const reward = (id: PeerId, weight: number): void => { scorer.reward(id, weight) }
    const gossipHost: GossipHost = {
      clock, random, log, isQuarantined, reward,
      penalize: (id, err) => node.penalize(id, err),
      disconnect: (id, reason) => { node.disconnect(id, reason) },
      drop: (id, reason, n) => node.recordDrop(id, reason, n),
      route: (type, handler) => node.handle(type, handler)
    }
    const chainHost: ChainHost = {
      clock, random, log, isQuarantined, reward,
      connectedPeers: () => node.connectedPeers(),
      getPeer: (id) => node.getPeer(id),
      penalize: (id, err) => node.penalize(id, err),
      drop: (id, reason) => node.recordDrop(id, reason),
      punish: (id, reason) => {
        node.disconnect(id, reason)
        scorer.setScore(id, 0, reason)
      }
    }
    this.gossip = new GossipEngine(gossipHost, config.gossip)
    this.mempool = new Mempool(config.mempool)
    this.judge = new BlockJudge(chainHost, app, config.blocks.maxInvalidBlocks)
    this.blocks = new BlockRelay(this.gossip, this.judge, { clock, compactRelay: config.blocks.compactRelay, recentBlocks: config.blocks.recentBlocks, onBlock: deliver.block })
    this.compact = new CompactRelay(this.gossip, this.blocks, this.mempool, {
      clock,
      timeoutMs: config.blocks.compactTimeoutMs,
      penalize: (id, err) => node.penalize(id, err),
      drop: (id, reason) => node.recordDrop(id, reason)
    })
    this.sync = new BlockSync(chainHost, this.judge, app.blockSource, config.blocks.requestTimeoutMs, config.blocks)
    this.votes = new VoteRelay(this.gossip, app, deliver.vote)
    this.txs = new TxRelay(this.gossip, this.mempool, app, {
      clock,
      maxTxsPerPeerPerSecond: config.mempool.maxTxsPerPeerPerSecond,
      txBurstPerPeer: config.mempool.txBurstPerPeer,
      penalize: (id, err) => node.penalize(id, err),
      drop: (id, reason) => node.recordDrop(id, reason),
      onTx: deliver.tx
    })
    for (const p of [this.gossip, this.compact, this.sync]) node.registerProtocol(p)
    node.addMetrics((registry) => registerChainMetrics(this, registry))
    node.addStatsSection('mempool', () => ({ txs: this.mempool.size, bytes: this.mempool.bytes, origins: this.mempool.origins, evicted: this.mempool.evicted, evicted_over_share: this.mempool.evictedOverShare, ...config.mempool }))
    node.addStatsSection('blocks', () => ({
      invalid: this.judge.rejected,
      peers_disconnected_for_invalid_blocks: this.judge.punished
    }))
  }
}
