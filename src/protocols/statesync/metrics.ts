// Prometheus metrics of state sync, read from its plain counters at scrape time.
import type { Registry } from 'prom-client'
import { counter, gauge } from '../../metrics/prometheus.js'
import type { StateSync } from './state-sync.js'

const PHASES = ['idle', 'discovering', 'fetching', 'applying', 'done', 'failed'] as const

export function registerStateSyncMetrics (sync: StateSync, r: Registry): void {
  counter(r, 'kuber_statesync_chunks_total', 'State sync chunks: fetched (verified and stored), rejected (bad data, proof or total), refetched (asked for again), late (after their request timed out).', 'result', () => {
    const t = sync.totals()
    return [['fetched', t.fetched], ['rejected', t.rejected], ['refetched', t.refetched], ['late', t.late]]
  })
  counter(r, 'kuber_statesync_bytes_total', 'State sync chunk data bytes: fetched (verified and stored here), served (sent to peers).', 'direction', () => [['fetched', sync.totals().bytes], ['served', sync.serving.bytes]])
  counter(r, 'kuber_statesync_requests_total', 'StateSyncRequests: sent, timed out, answered missing; served (received and answered).', 'result', () => {
    const t = sync.totals()
    return [['sent', t.requests], ['timeout', t.timeouts], ['missing', t.unavailable], ['served', sync.serving.requests]]
  })
  counter(r, 'kuber_statesync_peers_penalised_total', 'Penalties state sync gave peers (invalid or unsolicited chunks, timed-out requests).', 'kind', () => [['all', sync.totals().penalties]])
  gauge(r, 'kuber_statesync_chunks', 'Chunks of the snapshot being restored: done and total.', ['kind'], () => {
    const s = sync.status()
    return [[{ kind: 'done' }, s.chunks_done], [{ kind: 'total' }, s.chunks_total]]
  })
  gauge(r, 'kuber_statesync_snapshot_height', 'Height of the snapshot being (or last) restored, 0 if none.', [], () => [[{}, sync.status().snapshot?.height ?? 0]])
  gauge(r, 'kuber_statesync_phase', 'State sync phase (1 for the current one).', ['phase'], () => {
    const phase = sync.status().phase
    return PHASES.map((p) => [{ phase: p }, p === phase ? 1 : 0])
  })
}
