// Composes the chain protocols of one node: the gossip engine, block relay (gossip, compact
// blocks, blocks by height), votes, the mempool and state sync, wired to the node through narrow
// host interfaces. KuberNode creates one ChainProtocols and delegates publishBlock,
// publishVote, submitTx, publish, requestBlock and block sync to it.
import type { PeerId } from '../identity/peer-id.js'
import type { MessageHandler, Protocol } from '../router/types.js'
import type { ProtocolHost } from '../router/host.js'
import type { PeerScorer } from '../scoring/scorer.js'
import type { Block, VoteMessage } from '../wire/gen/kuber.js'
import { GossipEngine, type GossipHost } from '../gossip/engine.js'
import type { GossipParams } from '../gossip/params.js'
import type { ChainApp } from './app.js'
import type { ChainHost } from './host.js'
import { BlockJudge } from './blocks/block-judge.js'
import { BlockRelay } from './blocks/block-relay.js'
import type { BlockConfig } from './blocks/config.js'
import type { StateSyncConfig } from './statesync/config.js'
import { StateSync } from './statesync/state-sync.js'
import { BlockSync } from './blocksync/block-sync.js'
import type { BlockSyncConfig } from './blocksync/config.js'
import { CompactRelay } from './blocks/compact-relay.js'
import { Mempool, type MempoolConfig } from './mempool/mempool.js'
import { TxRelay } from './mempool/tx-relay.js'
import { VoteRelay } from './votes.js'
import { registerChainMetrics } from './metrics.js'
import type { Digest } from '../wire/hash.js'

/** What ChainProtocols needs from the node beyond the protocol host (KuberNode provides it). */
export interface ChainNode {
  readonly scorer: Pick<PeerScorer, 'setScore'>
  readonly config: { gossip: GossipParams, mempool: MempoolConfig, blocks: BlockConfig, blockSync: BlockSyncConfig, stateSync: StateSyncConfig, maxFrameBytes: number, maxSendBufferBytes: number }
  registerProtocol(protocol: Protocol): void
  handle(type: number, handler: MessageHandler): void
  addStatsSection(name: string, read: () => Record<string, unknown>): void
}

/** Where accepted messages from peers go (the node emits them as events). */
export interface ChainDeliveries {
  block(block: Block, from: PeerId): void
  vote(vote: VoteMessage, from: PeerId): void
  tx(tx: Uint8Array, txHash: Digest, from: PeerId): void
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
  readonly stateSync: StateSync

  constructor (host: ProtocolHost, node: ChainNode, app: ChainApp, deliver: ChainDeliveries) {
    const { config } = node
    const { clock } = host
    const gossipHost: GossipHost = { ...host, route: (type, handler) => node.handle(type, handler) }
    const chainHost: ChainHost = {
      ...host,
      punish: (id, reason) => {
        // score first, so the disconnect (and its peer:disconnected event) sees 0
        node.scorer.setScore(id, 0, reason)
        host.disconnect(id, reason)
      }
    }
    this.gossip = new GossipEngine(gossipHost, config.gossip, config.maxFrameBytes)
    this.mempool = new Mempool(config.mempool)
    this.judge = new BlockJudge(chainHost, app, config.blocks.maxInvalidBlocks)
    this.blocks = new BlockRelay(this.gossip, this.judge, {
      clock,
      compactRelay: config.blocks.compactRelay,
      recentBlocks: config.blocks.recentBlocks,
      onBlock: deliver.block,
      hold: (decoded, from, bytes) => this.sync.hold(decoded, from, bytes)
    })
    this.compact = new CompactRelay(this.gossip, this.blocks, this.mempool, { host, enabled: config.blocks.compactRelay, timeoutMs: config.blocks.compactTimeoutMs, maxFrameBytes: config.maxFrameBytes })
    this.sync = new BlockSync({
      host: chainHost,
      judge: this.judge,
      relay: this.blocks,
      source: app.blockSource,
      provider: app.blockSync,
      config: config.blockSync,
      servedBudget: { rate: config.blocks.maxServedBytesPerPeerPerSecond, burst: config.blocks.servedByteBurstPerPeer },
      requestTimeoutMs: config.blocks.requestTimeoutMs,
      maxFrameBytes: config.maxFrameBytes
    })
    this.votes = new VoteRelay(this.gossip, app, deliver.vote)
    this.txs = new TxRelay(this.gossip, this.mempool, app, {
      host,
      maxTxsPerPeerPerSecond: config.mempool.maxTxsPerPeerPerSecond,
      txBurstPerPeer: config.mempool.txBurstPerPeer,
      onTx: deliver.tx
    })
    this.stateSync = new StateSync(host, config.stateSync, app.snapshots, { maxFrameBytes: config.maxFrameBytes, maxSendBufferBytes: config.maxSendBufferBytes })
    for (const p of [this.gossip, this.compact, this.sync, this.stateSync]) node.registerProtocol(p)
    host.addMetrics((registry) => registerChainMetrics(this, registry))
    node.addStatsSection('mempool', () => ({ txs: this.mempool.size, bytes: this.mempool.bytes, origins: this.mempool.origins, evicted: this.mempool.evicted, evicted_over_share: this.mempool.evictedOverShare, ...config.mempool }))
    node.addStatsSection('blocks', () => ({
      invalid: this.judge.rejected,
      peers_disconnected_for_invalid_blocks: this.judge.punished
    }))
  }
}
