// Prometheus metrics of gossip, the mempool, block relay and block sync, read from their plain
// counters at scrape time (nothing on the message path touches prom-client).
import type { Registry } from 'prom-client'
import { counter, gauge } from '../metrics/prometheus.js'
import type { ChainProtocols } from './chain.js'

export function registerChainMetrics (chain: ChainProtocols, r: Registry): void {
  const g = chain.gossip.counters
  counter(r, 'kuber_gossip_messages_total', 'Gossip messages by outcome: published here, received (all copies), duplicate, repeated by the same peer, refused over a topic rate, accepted, ignored, rejected, pushed.', 'result', () => [
    ['published', g.published], ['received', g.received], ['duplicate', g.duplicates], ['repeated', g.repeats], ['refused', g.refused], ['accepted', g.accepted],
    ['ignored', g.ignored], ['rejected', g.rejected], ['pushed', g.pushed], ['backpressured', g.backpressured], ['send_dropped', g.sendDrops]
  ])
  counter(r, 'kuber_gossip_control_total', 'Gossip control frames sent and received, by kind.', 'kind', () => [
    ['ihave_sent', g.ihave.sent], ['ihave_received', g.ihave.received], ['iwant_sent', g.iwant.sent], ['iwant_received', g.iwant.received],
    ['iwant_served', g.iwant.served], ['iwant_repeated_ids', g.iwant.repeats], ['iwant_over_budget', g.iwant.overBudget], ['idontwant_sent', g.idontwant.sent], ['idontwant_received', g.idontwant.received],
    ['graft_sent', g.graft.sent], ['graft_received', g.graft.received], ['prune_sent', g.prune.sent], ['prune_received', g.prune.received]
  ])
  const sizes = (): ChainProtocols['gossip']['sizes'] => chain.gossip.sizes
  gauge(r, 'kuber_gossip_cache_entries', 'Entries in the gossip seen-cache and message history, and pending pulls.', ['cache'], () => {
    const s = sizes()
    return [[{ cache: 'seen' }, s.seen], [{ cache: 'history' }, s.history], [{ cache: 'pending_pulls' }, s.pendingPulls]]
  })
  gauge(r, 'kuber_gossip_eager_peers', 'Peers in the eager-push tree.', [], () => [[{}, sizes().eager]])
  gauge(r, 'kuber_mempool_txs', 'Transactions in the mempool.', [], () => [[{}, chain.mempool.size]])
  gauge(r, 'kuber_mempool_bytes', 'Transaction bytes in the mempool.', [], () => [[{}, chain.mempool.bytes]])
  counter(r, 'kuber_mempool_evicted_total', 'Transactions evicted: the pool was full (from the origin holding the most), or their peer was over its share.', 'reason', () => [['full', chain.mempool.evicted], ['peer_share', chain.mempool.evictedOverShare]])
  counter(r, 'kuber_compact_block_bytes_saved_total', 'Bytes not sent because a block went as a CompactBlock.', 'direction', () => [['out', chain.blocks.compact.bytesSaved]])
  counter(r, 'kuber_invalid_blocks_total', 'Blocks rejected, by the check that failed.', 'check', () => Object.entries(chain.judge.rejected))
  const sync = chain.sync
  gauge(r, 'kuber_sync_height', 'Block sync: our height, and the best height a peer claims.', ['of'], () => {
    const s = sync.status()
    return [[{ of: 'ours' }, s.height], [{ of: 'target' }, s.target]]
  })
  gauge(r, 'kuber_sync_syncing', 'Block sync: 1 while in SYNC (far behind the best peer), 0 in GOSSIP.', [], () => [[{}, sync.status().phase === 'sync' ? 1 : 0]])
  counter(r, 'kuber_sync_blocks_total', 'Block sync: blocks received in range answers, and applied.', 'result', () => [['received', sync.counters.blocksReceived], ['applied', sync.counters.applied]])
  counter(r, 'kuber_sync_failures_total', 'Block sync: download failures (timeouts, stalls, withheld, busy answers) and processing failures (blocks the chain refused).', 'kind', () => [
    ['download', sync.counters.downloadFailures], ['processing', sync.counters.processingFailures], ['timeout', sync.counters.rangeTimeouts],
    ['stall', sync.counters.stalls], ['withheld', sync.counters.withheld], ['busy', sync.counters.busy], ['dropped_slow', sync.counters.droppedSlow]
  ])
}
