// State sync (spec §11: StateSyncRequest → StateSyncChunks → ApplySnapshot), with snapshot
// discovery (SnapshotListRequest / SnapshotList, docs/PROTOCOL.md §9.2). Every node owns the
// four message types: one with a SnapshotSource serves snapshots and advertises Hello bit 3;
// one without answers an empty list and `missing`. sync(restorer) runs one state sync:
// find a snapshot enough peers serve (bounded wait), have the application check it against
// its chain, fetch its chunks from every peer that serves it (fetcher.ts), finish the
// restore; a snapshot that cannot be completed is given up for the next, and with none
// left the result says so (the application then syncs blocks from genesis).
import { ErrorCodes, ProtocolError } from '../../errors.js'
import type { ProtocolHost } from '../../router/host.js'
import type { RequestKind } from '../../router/requests.js'
import type { Peer, Protocol } from '../../router/types.js'
import { Capability } from '../../session/hello.js'
import { SendClass } from '../../session/send-class.js'
import { Messages, MessageType, decodePayload } from '../../wire/codecs.js'
import type { StateSyncConfig } from './config.js'
import { SnapshotDiscovery } from './discovery.js'
import { ChunkFetcher, type ChunkRequest, type FetchCounters } from './fetcher.js'
import { SyncProgress, type StateSyncStatus } from './progress.js'
import { hex, type SnapshotInfo, type SnapshotRestorer, type SnapshotSource } from './provider.js'
import { SnapshotServer } from './server.js'
import { registerStateSyncMetrics } from './metrics.js'

/** Most open chunk requests to one peer. */
const MAX_REQUESTS_PER_PEER = 64
/** Roots of snapshots given up lately: their late chunks are ignored. */
const RECENT_ROOTS = 8
const TICK_MS = 500

export interface SyncOptions {
  /** Called twice a second while syncing (a progress bar). */
  onProgress?(status: StateSyncStatus): void
  /** A log line every progressLogMs while fetching (default true). */
  logProgress?: boolean
}

export type SyncResult =
  | { readonly restored: true, readonly snapshot: SnapshotInfo }
  | { readonly restored: false, readonly reason: string }

export interface StateSyncOptions {
  maxFrameBytes: number
  maxSendBufferBytes: number
}

export class StateSync implements Protocol {
  readonly name = 'state_sync'
  readonly messageTypes = [MessageType.SNAPSHOT_LIST_REQUEST, MessageType.SNAPSHOT_LIST, MessageType.STATE_SYNC_REQUEST, MessageType.STATE_SYNC_CHUNK]
  readonly capabilities: number
  readonly sendClasses = {
    [MessageType.SNAPSHOT_LIST_REQUEST]: SendClass.CONSENSUS,
    [MessageType.SNAPSHOT_LIST]: SendClass.TRANSACTIONS,
    [MessageType.STATE_SYNC_CHUNK]: SendClass.BULK
  }

  private readonly server: SnapshotServer
  private readonly discovery: SnapshotDiscovery
  private readonly chunks: RequestKind<ChunkRequest>
  private readonly progress: SyncProgress
  private fetcher: ChunkFetcher | undefined
  private readonly recentRoots: string[] = []
  private running = false
  private stopped = false
  /** Counters of the fetches finished before the current one. */
  private readonly past: FetchCounters = { fetched: 0, rejected: 0, refetched: 0, bytes: 0, requests: 0, timeouts: 0, unavailable: 0, late: 0, penalties: 0 }
  snapshotsTried = 0

  constructor (private readonly host: ProtocolHost, private readonly config: StateSyncConfig, source: SnapshotSource | undefined, options: StateSyncOptions) {
    this.capabilities = source === undefined ? 0 : Capability.STATE_SYNC
    this.server = new SnapshotServer(host, source, options)
    this.discovery = new SnapshotDiscovery(host, options.maxFrameBytes)
    this.progress = new SyncProgress(host.clock)
    this.chunks = host.requests.kind<ChunkRequest>({
      name: 'state_chunks',
      timeoutMs: config.requestTimeoutMs,
      adaptive: { minMs: config.requestTimeoutMs / 5, maxMs: config.requestTimeoutMs * 3 },
      maxPerPeer: MAX_REQUESTS_PER_PEER,
      grant: { types: [MessageType.STATE_SYNC_CHUNK], bytes: options.maxFrameBytes + 4 },
      onTimeout: (r) => r.data.fetch.onTimeout(r.data),
      onCancel: (r) => r.data.fetch.onCancel(r.data)
    })
    host.addMetrics((registry) => registerStateSyncMetrics(this, registry))
  }

  /** Where a state sync stands (phase, snapshot, progress). */
  status (): StateSyncStatus {
    return this.progress.status()
  }

  /** Chunk counters of every fetch so far. */
  totals (): FetchCounters {
    const now = this.fetcher?.counters
    const out = { ...this.past }
    if (now !== undefined) for (const k of Object.keys(out) as Array<keyof FetchCounters>) out[k] += now[k]
    return out
  }

  get serving (): SnapshotServer['counters'] {
    return this.server.counters
  }

  onMessage (peer: Peer, type: number, payload: Uint8Array): void {
    switch (type) {
      case MessageType.SNAPSHOT_LIST_REQUEST: this.server.onListRequest(peer); return
      case MessageType.STATE_SYNC_REQUEST: this.server.onChunkRequest(peer, payload); return
      case MessageType.SNAPSHOT_LIST: this.discovery.onList(peer, payload); return
      default: this.onChunk(peer, payload)
    }
  }

  onPeerAdded (peer: Peer): void {
    this.discovery.onPeerAdded(peer)
  }

  onPeerRemoved (peer: Peer): void {
    this.server.onPeerRemoved(peer)
    this.discovery.onPeerRemoved(peer)
    this.fetcher?.onPeerRemoved(peer.peerId)
  }

  stop (): void {
    this.stopped = true
    this.fetcher?.abort('node stopped')
  }

  stats (): Record<string, unknown> {
    return { ...this.status(), snapshots_tried: this.snapshotsTried, fetch: this.totals(), serve: this.server.stats() }
  }

  /**
   * Restore the application state from a snapshot peers serve. Resolves restored: false
   * (with the reason, also logged) when no snapshot could be found or completed.
   */
  async sync (restorer: SnapshotRestorer, options: SyncOptions = {}): Promise<SyncResult> {
    if (this.running) throw new Error('a state sync is already running')
    this.running = true
    const { clock, log } = this.host
    const deadline = clock.now() + this.config.discoveryTimeoutMs
    const tried = new Set<string>()
    const prefer = restorer.inProgress?.()
    let lastLogAt = clock.now()
    const ticker = clock.setInterval(() => {
      const status = this.status()
      options.onProgress?.(status)
      if (options.logProgress !== false && status.phase === 'fetching' && clock.now() - lastLogAt >= this.config.progressLogMs) {
        lastLogAt = clock.now()
        log.info({ height: status.snapshot?.height, chunks: `${status.chunks_done}/${status.chunks_total}`, mb_per_s: status.mb_per_s, eta_s: status.eta_s, peers: status.peers_serving }, 'state sync progress')
      }
    }, TICK_MS)
    this.progress.phase = 'discovering'
    this.discovery.start()
    try {
      for (;;) {
        if (this.stopped) return this.fail('the node stopped')
        const [c] = await this.discovery.waitForCandidates({ minPeers: this.config.minPeers, deadline, exclude: tried, prefer })
        if (c === undefined) {
          return this.fail(tried.size === 0
            ? `no snapshot served by ${this.config.minPeers} peer(s) within ${this.config.discoveryTimeoutMs} ms`
            : `none of the ${tried.size} snapshot(s) tried could be restored (last: ${this.progress.lastError ?? 'unknown'})`)
        }
        tried.add(c.key)
        this.snapshotsTried++
        const offer = await restorer.offerSnapshot(c.info)
        if (!offer.accept) {
          log.warn({ height: c.info.height, reason: offer.reason, peers: c.peers.size }, 'state sync: snapshot refused')
          this.progress.lastError = offer.reason
          if (offer.invalid === true) for (const p of c.peers) this.host.penalize(p, new ProtocolError(ErrorCodes.INVALID_SNAPSHOT, `snapshot at height ${c.info.height}: ${offer.reason}`))
          continue
        }
        const restored = await this.restore(c.info, c.key, offer.done, restorer)
        if (restored) return { restored: true, snapshot: c.info }
      }
    } finally {
      ticker.cancel()
      this.discovery.stop()
      options.onProgress?.(this.status())
      this.running = false
    }
  }

  /** Fetch and finish one accepted snapshot; false (restore abandoned) if it could not be completed. */
  private async restore (info: SnapshotInfo, key: string, done: Iterable<number>, restorer: SnapshotRestorer): Promise<boolean> {
    const { log } = this.host
    const fetcher = new ChunkFetcher(this.host, this.chunks, info, restorer, this.config, done)
    this.fetcher = fetcher
    this.progress.track(fetcher)
    this.progress.phase = 'fetching'
    const servers = this.discovery.serversOf(key)
    log.info({ height: info.height, chunks: info.chunks, chunk_size: info.chunkSize, format: info.format, root: hex(info.root), peers: servers.size, already_done: fetcher.done }, 'state sync: fetching snapshot')
    this.discovery.onServer = (k, peer) => { if (k === key) fetcher.addServer(peer) }
    try {
      const outcome = this.stopped ? { complete: false as const, reason: 'the node stopped' } : await fetcher.run(servers)
      if (outcome.complete) {
        this.progress.phase = 'applying'
        try {
          await restorer.finishSnapshot()
          this.progress.phase = 'done'
          log.info({ height: info.height, chunks: info.chunks, fetched: fetcher.counters.fetched, rejected: fetcher.counters.rejected, refetched: fetcher.counters.refetched }, 'state sync: snapshot restored')
          return true
        } catch (err) {
          this.progress.lastError = `finishing the restore failed: ${(err as Error).message}`
        }
      } else {
        this.progress.lastError = outcome.reason
      }
      if (this.stopped) return false // what was restored is kept for the next run
      log.warn({ height: info.height, reason: this.progress.lastError, done: fetcher.done, chunks: info.chunks }, 'state sync: giving the snapshot up')
      this.progress.phase = 'discovering'
      await restorer.abandonSnapshot()
      return false
    } finally {
      this.discovery.onServer = undefined
      this.recentRoots.push(hex(info.root))
      if (this.recentRoots.length > RECENT_ROOTS) this.recentRoots.shift()
      for (const k of Object.keys(this.past) as Array<keyof FetchCounters>) this.past[k] += fetcher.counters[k]
      this.fetcher = undefined
      if (this.progress.phase !== 'done') this.progress.track(undefined)
    }
  }

  private fail (reason: string): SyncResult {
    this.progress.phase = 'failed'
    this.progress.lastError = reason
    this.host.log.warn({ reason }, 'state sync: no snapshot restored')
    return { restored: false, reason }
  }

  private onChunk (peer: Peer, payload: Uint8Array): void {
    const m = decodePayload(Messages.stateSyncChunk, payload)
    const f = this.fetcher
    if (f !== undefined && Buffer.from(m.stateRoot).equals(f.snapshot.root)) { f.onChunk(peer, m); return }
    if (this.recentRoots.includes(hex(m.stateRoot))) return // a late answer for a snapshot given up
    throw new ProtocolError(ErrorCodes.UNSOLICITED_MESSAGE, 'StateSyncChunk of no snapshot being fetched')
  }
}
