// Discovery counters (plain numbers, read by GET /p2p/stats and at /metrics scrape time):
// records received by outcome, dials by kind and result, PEX messages by event.
import { Counter, Gauge, type Registry } from 'prom-client'
import { CounterMap } from '../session/stats.js'
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
  const counter = (name: string, help: string, labelNames: string[], read: () => Iterable<[Record<string, string>, number]>): void => {
    // eslint-disable-next-line no-new
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect () {
        this.reset()
        for (const [labels, n] of read()) this.inc(labels, n)
      }
    })
  }
  const one = (label: string, m: CounterMap) => () => [...m.entries()].map(([k, n]): [Record<string, string>, number] => [{ [label]: k }, n])
  counter('kuber_discovery_records_total', 'PeerRecords received, by outcome (added, refreshed, or why they were dropped).', ['result'], one('result', stats.records))
  counter('kuber_discovery_dials_total', 'Dials made by discovery, by kind (anchor, peer, seed, crawl) and result (ok, failed).', ['kind', 'result'], () =>
    [...stats.dials.entries()].map(([k, n]) => { const [kind, result] = k.split(':'); return [{ kind: kind!, result: result! }, n] }))
  counter('kuber_discovery_dial_failures_total', 'Failed discovery dials, by error code.', ['code'], one('code', stats.dialFailures))
  counter('kuber_pex_events_total', 'Peer exchange events (requests, lists, rate-limited, unsolicited).', ['event'], one('event', stats.pex))
  // eslint-disable-next-line no-new
  new Gauge({
    name: 'kuber_addrbook_entries',
    help: 'Peers in the address book, by table (new: learned, tried: reached by us).',
    labelNames: ['table'],
    registers: [registry],
    collect () {
      this.set({ table: 'new' }, book.newCount)
      this.set({ table: 'tried' }, book.triedCount)
    }
  })
}
