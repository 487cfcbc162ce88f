// The gossip benchmark's table: Kuber beside the libp2p baseline (when it ran), with the
// ratios the issue sets targets for.
import { round, table } from './stats.js'

type Json = Record<string, any>

interface Row {
  label: string
  kuber: (r: Json) => number | null | undefined
  libp2p: (r: Json) => number | null | undefined
  /** Target on kuber / libp2p, if any. */
  target?: string
}

const rows: Row[] = [
  { label: 'delivered fraction', kuber: (r) => r.results.delivered_fraction, libp2p: (r) => r.results.delivered_fraction },
  { label: 'latency p50 ms', kuber: (r) => r.results.latency_ms.p50, libp2p: (r) => r.results.latency_ms.p50 },
  { label: 'latency p99 ms', kuber: (r) => r.results.latency_ms.p99, libp2p: (r) => r.results.latency_ms.p99 },
  { label: 'full delivery p50 ms', kuber: (r) => r.results.time_to_full_delivery_ms.p50, libp2p: (r) => r.results.time_to_full_delivery_ms.p50 },
  { label: 'full delivery p99 ms', kuber: (r) => r.results.time_to_full_delivery_ms.p99, libp2p: (r) => r.results.time_to_full_delivery_ms.p99, target: '<= 0.5' },
  { label: 'CPU ms per published msg', kuber: (r) => r.results.cpu_ms_per_published_message, libp2p: (r) => r.results.cpu_ms_per_published_message, target: '<= 0.1' },
  { label: 'bytes sent per node per msg', kuber: (r) => r.results.bytes_sent_per_node_per_message, libp2p: (r) => r.results.gossipsub_rpc_bytes_sent_per_node_per_message, target: '<= 0.3' },
  { label: 'copies received per node per msg', kuber: (r) => r.results.copies_received_per_node_per_message, libp2p: (r) => r.results.copies_received_per_node_per_message },
  { label: 'duplicates per node per msg', kuber: (r) => r.results.duplicate_copies_per_node_per_message, libp2p: (r) => r.results.duplicate_copies_per_node_per_message },
  { label: 'event loop utilization', kuber: (r) => r.results.event_loop_utilization, libp2p: (r) => r.results.event_loop_utilization },
  { label: 'peak RSS MB', kuber: (r) => r.peak_rss_mb, libp2p: (r) => r.peak_rss_mb }
]

export function gossipReport (kuber: Json, libp2p: Json | undefined): { table: string, ratios: Record<string, number | null> } {
  const ratios: Record<string, number | null> = {}
  const lines = rows.map((row) => {
    const k = row.kuber(kuber) ?? null
    const l = libp2p?.results === undefined ? null : row.libp2p(libp2p) ?? null
    const ratio = k === null || l === null || l === 0 ? null : round(k / l, 3)
    if (row.target !== undefined) ratios[row.label] = ratio
    return [row.label, k, l, ratio, row.target]
  })
  const p = kuber.params
  const head = `gossip: ${String(p.nodes)} nodes, ${String(p.size)} B x ${String(p.messages)} messages, degree ${String(p.degree)}, seed ${String(p.seed)}, ${String(p.encryption)}; kuber status ${String(kuber.status)}` +
    (libp2p === undefined ? '' : `, libp2p status ${String(libp2p.status)}`)
  return { table: `${head}\n${table(['metric', 'kuber', 'libp2p', 'kuber / libp2p', 'target'], lines)}`, ratios }
}
