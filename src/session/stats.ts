// Traffic and error counters, per peer and per node. Plain numbers on the hot path;
// the RPC and the Prometheus collector read them when asked.
import { MAX_MESSAGE_TYPE } from '../wire/envelope.js'

/** Why a message (or connection) was discarded without a penalty: the keys of drops_by_reason. */
export const DropReason = {
  /** A consensus or control message to the peer: its send buffer was full (backpressure). */
  SEND_BUFFER_FULL_CONSENSUS: 'send_buffer_full_consensus',
  /** A block message to the peer: its send buffer was nine tenths full. */
  SEND_BUFFER_FULL_BLOCKS: 'send_buffer_full_blocks',
  /** A transaction or peer list to the peer: its send buffer was three quarters full. */
  SEND_BUFFER_FULL_TRANSACTIONS: 'send_buffer_full_transactions',
  /** A bulk (sync) message to the peer: its send buffer was half full. */
  SEND_BUFFER_FULL_BULK: 'send_buffer_full_bulk',
  /** A message over the per-peer message rate (also penalised). */
  RATE_LIMITED: 'rate_limited',
  /** A transaction over the per-peer transaction rate, dropped unchecked. */
  TX_RATE_LIMITED: 'tx_rate_limited',
  /** A quarantined peer's message: the queue served last was full. */
  GREYLIST_QUEUE_FULL: 'greylist_queue_full',
  /** A quarantined peer's queued message: the peer left before its turn. */
  PEER_GONE: 'peer_gone',
  /** A gossip message the topic (or the application) chose not to take: known already, too old, unwanted. */
  IGNORED: 'ignored',
  /** A gossip message we already had, from another peer than before. */
  DUPLICATE: 'duplicate',
  /** A message the same peer had already sent, or an id asked for again. */
  REPEATED: 'repeated',
  /** An IHAVE or IWANT from a quarantined peer, ignored. */
  QUARANTINED: 'quarantined',
  /** Announced ids beyond the per-peer IHAVE budget. */
  IHAVE_OVER_BUDGET: 'ihave_over_budget',
  /** An IWANT answer beyond the per-peer count or byte budget. */
  IWANT_OVER_BUDGET: 'iwant_over_budget',
  /** An announced id not waited for: too many pulls pending (in all, or started by that peer). */
  PULLS_FULL: 'pulls_full',
  /** An IWANT id no longer in the history. */
  IWANT_UNKNOWN: 'iwant_unknown',
  /** A GRAFT not answered with our recent ids (per-peer budget). */
  GRAFT_CATCH_UP_OVER_BUDGET: 'graft_catch_up_over_budget',
  /** A compact block not rebuilt: too many rebuilds (in all, in bytes, or from that peer). */
  COMPACT_REBUILDS_FULL: 'compact_rebuilds_full',
  /** A GetBlockTxs for a block no longer kept. */
  BLOCK_TXS_UNKNOWN_BLOCK: 'block_txs_unknown_block',
  /** A BlockRequest answered empty: the peer was over its serving budget. */
  BLOCK_REQUEST_OVER_BUDGET: 'block_request_over_budget',
  /** An inbound connection while the node stops. */
  CONNECTION_REFUSED_STOPPING: 'connection_refused_stopping',
  /** An inbound connection at maxInbound. */
  CONNECTION_REFUSED_INBOUND_FULL: 'connection_refused_inbound_full',
  /** An inbound connection over maxInboundPerIp. */
  CONNECTION_REFUSED_PER_IP: 'connection_refused_per_ip',
  /** An inbound connection with every setup slot past the secure channel. */
  CONNECTION_REFUSED_PENDING_FULL: 'connection_refused_pending_full',
  /** A connection in setup that made the least progress, closed for a newcomer. */
  HANDSHAKE_EVICTED: 'handshake_evicted'
} as const
export type DropReason = (typeof DropReason)[keyof typeof DropReason]

/** A small map of counters keyed by a bounded set of names (error codes, reasons). */
export class CounterMap {
  private readonly counts = new Map<string, number>()

  add (key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n)
  }

  get (key: string): number {
    return this.counts.get(key) ?? 0
  }

  entries (): IterableIterator<[string, number]> {
    return this.counts.entries()
  }

  toJSON (): Record<string, number> {
    return Object.fromEntries(this.counts)
  }
}

/** Counters of one direction of traffic, with a per-type breakdown. */
export class TrafficCounters {
  messages = 0
  bytes = 0
  readonly messagesByType = new Float64Array(MAX_MESSAGE_TYPE + 1)

  count (type: number, bytes: number): void {
    this.messages++
    this.bytes += bytes
    this.messagesByType[type]!++
  }
}

export class PeerStats {
  readonly received = new TrafficCounters()
  readonly sent = new TrafficCounters()
  /** Errors this peer caused, by error code. */
  readonly errors = new CounterMap()
  /** Messages dropped for this peer (not sent, or not processed), by reason. */
  readonly drops = new CounterMap()
  /** Times reading from this peer was paused for its byte budget, and for how long in all (ms). */
  readPauses = 0
  readPausedMs = 0
}

export class NodeStats {
  readonly received = new TrafficCounters()
  readonly sent = new TrafficCounters()
  readonly errors = new CounterMap()
  readonly drops = new CounterMap()
  readonly disconnects = new CounterMap()
  readonly handshakeFailures = new CounterMap()
  readonly dials = new CounterMap()
  readonly bans = new CounterMap()
  readonly penalties = new CounterMap()
  inboundAccepted = 0
  inboundRefused = 0
  /** Times reading from a peer was paused for its byte budget, and for how long in all (ms). */
  readPauses = 0
  readPausedMs = 0
}
