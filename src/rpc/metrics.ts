// Prometheus metrics (prom-client), one registry per node. Counters are read from the
// node's plain-number stats at scrape time, so the message path never touches prom-client.
import { Registry, collectDefaultMetrics } from 'prom-client'
import { counter, gauge, type Pairs } from '../metrics/prometheus.js'
import type { CounterMap, TrafficCounters } from '../session/stats.js'
import { messageName } from '../wire/codecs.js'
import type { NodeView } from './view.js'

function* byType (t: TrafficCounters): Pairs {
  for (let type = 0; type < t.messagesByType.length; type++) {
    const n = t.messagesByType[type]!
    if (n > 0) yield [messageName(type), n]
  }
}

const entries = (m: CounterMap): (() => Pairs) => () => m.entries()

/** A registry with every Kuber metric for `node` (plus Node.js process metrics if asked). */
export function createMetricsRegistry (node: NodeView, options: { processMetrics?: boolean } = {}): Registry {
  const r = new Registry()
  const s = node.stats
  counter(r, 'kuber_messages_received_total', 'Messages received from peers, by type.', 'type', () => byType(s.received))
  counter(r, 'kuber_messages_sent_total', 'Messages queued to peers, by type.', 'type', () => byType(s.sent))
  counter(r, 'kuber_bytes_total', 'Frame bytes received and sent.', 'direction', () => [['in', s.received.bytes], ['out', s.sent.bytes]])
  counter(r, 'kuber_peer_errors_total', 'Errors caused by peers, by error code.', 'code', entries(s.errors))
  counter(r, 'kuber_penalties_total', 'Score penalties applied, by error code.', 'code', entries(s.penalties))
  counter(r, 'kuber_drops_total', 'Messages dropped, by reason.', 'reason', entries(s.drops))
  counter(r, 'kuber_disconnects_total', 'Sessions ended, by reason.', 'reason', entries(s.disconnects))
  counter(r, 'kuber_handshake_failures_total', 'Connections that failed before becoming active, by error code.', 'code', entries(s.handshakeFailures))
  counter(r, 'kuber_bans_total', 'Peers banned, by reason.', 'reason', entries(s.bans))
  counter(r, 'kuber_dials_total', 'Outbound dials, by result.', 'result', entries(s.dials))
  counter(r, 'kuber_read_pauses_total', 'Times reading from a peer was paused because it was over its byte budget.', 'direction', () => [['in', s.readPauses]])
  counter(r, 'kuber_inbound_connections_total', 'Inbound connections, by result.', 'result', () => [['accepted', s.inboundAccepted], ['refused', s.inboundRefused]])
  gauge(r, 'kuber_peers', 'Connected peers, by direction and lifecycle state.', ['direction', 'state'], () => {
    const counts = new Map<string, number>()
    for (const p of node.peers()) counts.set(`${p.direction}|${p.state}`, (counts.get(`${p.direction}|${p.state}`) ?? 0) + 1)
    return [...counts].map(([k, n]) => { const [direction, state] = k.split('|'); return [{ direction: direction!, state: state! }, n] })
  })
  gauge(r, 'kuber_latest_height', 'Latest block height the application reported.', [], () => [[{}, node.latestHeight]])
  gauge(r, 'kuber_active_bans', 'Peers banned right now.', [], () => [[{}, node.scorer.activeBans().length]])
  for (const extra of node.metricSources()) extra(r)
  if (options.processMetrics === true) collectDefaultMetrics({ register: r })
  return r
}
