// Discovery counters (plain numbers, read by GET /p2p/stats and at /metrics scrape time):
// records received by outcome, dials by kind and result, PEX messages by event.
import type { Registry } from 'prom-client'
import { CounterMap } from '../session/stats.js'
import { counter, gauge } from '../metrics/prometheus.js'
import type { AddressBook } from '../peerstore/address-book.js'

/** Why a dial was made. */
export type DialKind = 'anchor' | 'peer' | 'seed' | 'crawl'

/** Discovery counters, by outcome, kind and event. */
export class DiscoveryStats {
  /** Received PeerRecords by outcome: added, refreshed, group_full, or a RecordRejection. */
  readonly records = new CounterMap()
  /** Dials by "kind:result" (result ok or failed). */
  readonly dials = new CounterMap()
  /** Failed dials by error code. */
  readonly dialFailures = new CounterMap()
  /** PEX events: request_sent, request_received, list_sent, list_received, rate_limited, unsolicited, request_expired. */
  readonly pex = new CounterMap()

  dial (kind: DialKind, ok: boolean): void {
    this.dials.add(`${kind}:${ok ? 'ok' : 'failed'}`)
  }

  toJSON (): Record<string, unknown> {
    return { records: this.records.toJSON(), dials: this.dials.toJSON(), dial_failures: this.dialFailures.toJSON(), pex: this.pex.toJSON() }
  }
}

/** Register the discovery metrics on `registry` (values read at scrape time). */
export function registerDiscoveryMetrics (registry: Registry, stats: DiscoveryStats, book: AddressBook): void {
  counter(registry, 'kuber_discovery_records_total', 'PeerRecords received, by outcome (added, refreshed, or why they were dropped).', 'result', () => stats.records.entries())
  counter(registry, 'kuber_discovery_dials_total', 'Dials made by discovery, by kind (anchor, peer, seed, crawl).', 'kind', () => dialsByKind(stats.dials))
  counter(registry, 'kuber_discovery_dial_failures_total', 'Failed discovery dials, by error code.', 'code', () => stats.dialFailures.entries())
  counter(registry, 'kuber_pex_events_total', 'Peer exchange events (requests, lists, rate-limited, unsolicited).', 'event', () => stats.pex.entries())
  gauge(registry, 'kuber_addrbook_entries', 'Peers in the address book, by table (new: learned, tried: reached by us).', ['table'],
    () => [[{ table: 'new' }, book.newCount], [{ table: 'tried' }, book.triedCount]])
}

function dialsByKind (dials: CounterMap): Map<string, number> {
  const byKind = new Map<string, number>()
  for (const [key, n] of dials.entries()) {
    const kind = key.split(':')[0]!
    byKind.set(kind, (byKind.get(kind) ?? 0) + n)
  }
  return byKind
}
