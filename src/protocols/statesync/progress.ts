// What a user sees of a state sync: the phase, the snapshot, chunks done of total, bytes,
// the rate (MB/s over the last RATE_WINDOW_MS), the time left at that rate, and the peers
// serving. Read by /p2p/info, the application's /status, the progress bar and log lines.
import type { Clock } from '../../runtime/clock.js'
import type { ChunkFetcher } from './fetcher.js'
import { hex } from './provider.js'

export type StateSyncPhase = 'idle' | 'discovering' | 'fetching' | 'applying' | 'done' | 'failed'

export interface StateSyncStatus {
  phase: StateSyncPhase
  snapshot: { height: number, format: number, chunks: number, chunk_size: number, root: string } | null
  chunks_done: number
  chunks_total: number
  /** Chunk data bytes verified and stored in this run. */
  bytes: number
  mb_per_s: number
  /** Seconds left at the current rate (null when unknown). */
  eta_s: number | null
  peers_serving: number
  /** Why the last snapshot was given up, or why none was used. */
  last_error: string | null
}

const RATE_WINDOW_MS = 5000

export class SyncProgress {
  phase: StateSyncPhase = 'idle'
  lastError: string | null = null
  private fetcher: ChunkFetcher | undefined
  private samples: Array<{ at: number, bytes: number }> = []

  constructor (private readonly clock: Clock) {}

  /** A fetch begins (or ends, with undefined). */
  track (fetcher: ChunkFetcher | undefined): void {
    this.fetcher = fetcher
    this.samples = fetcher === undefined ? [] : [{ at: this.clock.now(), bytes: fetcher.counters.bytes }]
  }

  status (): StateSyncStatus {
    const f = this.fetcher
    const s = f?.snapshot
    const rate = this.rate()
    const left = f === undefined ? 0 : f.total - f.done
    const avgChunk = f === undefined || f.counters.fetched === 0 ? 0 : f.counters.bytes / f.counters.fetched
    return {
      phase: this.phase,
      snapshot: s === undefined ? null : { height: s.height, format: s.format, chunks: s.chunks, chunk_size: s.chunkSize, root: hex(s.root) },
      chunks_done: f?.done ?? 0,
      chunks_total: f?.total ?? 0,
      bytes: f?.counters.bytes ?? 0,
      mb_per_s: Math.round(rate / 1e4) / 100,
      eta_s: rate > 0 && avgChunk > 0 ? Math.round((left * avgChunk) / rate) : null,
      peers_serving: f?.serving ?? 0,
      last_error: this.lastError
    }
  }

  /** Bytes per second over the last few seconds. */
  private rate (): number {
    const f = this.fetcher
    if (f === undefined) return 0
    const now = this.clock.now()
    this.samples.push({ at: now, bytes: f.counters.bytes })
    while (this.samples.length > 2 && (now - this.samples[1]!.at >= RATE_WINDOW_MS || this.samples.length > 64)) this.samples.shift()
    const first = this.samples[0]!
    const dt = now - first.at
    return dt <= 0 ? 0 : ((f.counters.bytes - first.bytes) * 1000) / dt
  }
}
