// Fetching one snapshot's chunks from every peer that serves it, at once. Each peer gets
// range requests (requestChunks consecutive chunks each, at most MAX_OPEN_PER_PEER open)
// while its chunks requested and not yet applied stay within maxBytesInFlightPerPeer; requests go through the node's
// request tracker (per-peer adaptive timeouts, SLOW_RESPONSE for none, each request
// granting exactly its chunks outside the inbound budget). Every chunk goes to the
// restorer alone on arrival, which verifies it against the snapshot's root and stores it.
// What the restorer rejects, a total_chunks that is not the snapshot's, or a chunk asked
// of nobody costs the sender (INVALID_CHUNK, Byzantine; UNSOLICITED_MESSAGE) and the chunk
// is fetched from another peer. A peer whose requests time out maxPeerTimeouts times in a
// row is not asked again. The fetch gives up when no chunk was applied for stallTimeoutMs,
// or when some chunk is served by none of the peers left for UNSERVABLE_GRACE_MS.
import { ErrorCodes, ProtocolError } from '../../errors.js'
import type { PeerId } from '../../identity/peer-id.js'
import type { ProtocolHost } from '../../router/host.js'
import type { Request, RequestKind } from '../../router/requests.js'
import type { Peer } from '../../router/types.js'
import type { Timer } from '../../runtime/clock.js'
import { Reward } from '../../scoring/penalties.js'
import { Messages } from '../../wire/codecs.js'
import type { StateSyncChunk } from '../../wire/gen/kuber.js'
import { MAX_REQUEST_BYTES, type StateSyncConfig } from './config.js'
import { wire, type SnapshotInfo, type SnapshotRestorer } from './provider.js'

/** Wait this long for a new peer when a chunk is served by none of the peers left. */
export const UNSERVABLE_GRACE_MS = 5000
/** Most requests open to one peer (a server queues 16 per peer: server.ts). */
export const MAX_OPEN_PER_PEER = 8
const CHECK_MS = 500

const MISSING = 0
const REQUESTED = 1
const APPLYING = 2
const DONE = 3

export type FetchOutcome = { readonly complete: true } | { readonly complete: false, readonly reason: string }

export interface FetchCounters {
  /** Chunks verified and stored. */
  fetched: number
  /** Chunks refused (bad data or proof, wrong total). */
  rejected: number
  /** Chunks asked for again (after a rejection, a timeout, a peer that left or could not serve it). */
  refetched: number
  /** Chunk data bytes verified and stored. */
  bytes: number
  requests: number
  timeouts: number
  /** Requests a peer answered with `missing`. */
  unavailable: number
  /** Chunks that came after their request had timed out (ignored). */
  late: number
  /** Penalties this fetch gave (invalid chunks, unsolicited chunks, timeouts). */
  penalties: number
}

/** One peer serving the snapshot. */
interface Server {
  readonly id: PeerId
  /** Chunks requested from it and not yet applied. */
  inFlight: number
  /** Timed-out requests in a row. */
  timeouts: number
  dropped: boolean
  readonly open: Set<ChunkRequest>
  /** Chunks of its expired requests: their late answers are ignored. */
  readonly late: Set<number>
  served: number
}

/** One range request to one peer. */
export interface ChunkRequest {
  readonly fetch: ChunkFetcher
  readonly server: Server
  readonly first: number
  readonly count: number
  /** 1 for each chunk of the range that has arrived. */
  readonly received: Uint8Array
  got: number
  tracked: Request<ChunkRequest> | undefined
}

export class ChunkFetcher {
  private readonly state: Uint8Array
  private readonly attempts: Uint8Array
  private cursor = 0
  /** Chunks to ask for again, oldest first. */
  private readonly retry = new Set<number>()
  /** Peers a chunk must not be asked of again (they sent it bad, or cannot serve it). */
  private readonly excluded = new Map<number, Set<PeerId>>()
  private readonly servers = new Map<PeerId, Server>()
  private applying = 0
  private settled: (() => void) | undefined
  private closed = false
  private resolve!: (outcome: FetchOutcome) => void
  private timer: Timer | undefined
  private lastProgressAt: number
  private blockedSince: number | undefined
  done = 0
  readonly counters: FetchCounters = { fetched: 0, rejected: 0, refetched: 0, bytes: 0, requests: 0, timeouts: 0, unavailable: 0, late: 0, penalties: 0 }

  constructor (
    private readonly host: ProtocolHost,
    private readonly kind: RequestKind<ChunkRequest>,
    readonly snapshot: SnapshotInfo,
    private readonly restorer: SnapshotRestorer,
    private readonly config: StateSyncConfig,
    done: Iterable<number>
  ) {
    this.state = new Uint8Array(snapshot.chunks)
    this.attempts = new Uint8Array(snapshot.chunks)
    for (const i of done) {
      if (Number.isInteger(i) && i >= 0 && i < snapshot.chunks && this.state[i] !== DONE) { this.state[i] = DONE; this.done++ }
    }
    this.lastProgressAt = host.clock.now()
  }

  get total (): number {
    return this.snapshot.chunks
  }

  /** Peers asked for chunks now (connected, not dropped, not quarantined). */
  get serving (): number {
    let n = 0
    for (const s of this.servers.values()) if (this.usable(s)) n++
    return n
  }

  /** Fetch every chunk not done; resolves once the chunks being applied have settled. */
  async run (servers: Iterable<PeerId>): Promise<FetchOutcome> {
    const outcome = new Promise<FetchOutcome>((resolve) => { this.resolve = resolve })
    for (const id of servers) this.addServer(id)
    if (this.done === this.total) this.finish({ complete: true })
    else {
      this.timer = this.host.clock.setInterval(() => this.check(), CHECK_MS)
      this.pump()
    }
    const result = await outcome
    if (this.applying > 0) await new Promise<void>((resolve) => { this.settled = resolve })
    return result
  }

  /** A peer that serves this snapshot (from discovery, also while fetching). */
  addServer (id: PeerId): void {
    if (this.closed || this.servers.has(id)) return
    this.servers.set(id, { id, inFlight: 0, timeouts: 0, dropped: false, open: new Set(), late: new Set(), served: 0 })
    this.pump()
  }

  /** Stop (the node stops, or the sync was cancelled). */
  abort (reason: string): void {
    this.finish({ complete: false, reason })
  }

  onChunk (peer: Peer, m: StateSyncChunk): void {
    const server = this.servers.get(peer.peerId)
    const id = m.chunkId
    let req: ChunkRequest | undefined
    for (const r of server?.open ?? []) if (id >= r.first && id < r.first + r.count) { req = r; break }
    if (req === undefined || req.received[id - req.first] === 1) {
      if (server?.late.has(id) === true) { this.counters.late++; return }
      this.counters.penalties++
      throw new ProtocolError(ErrorCodes.UNSOLICITED_MESSAGE, `chunk ${id} of snapshot ${this.snapshot.height} was not asked of this peer`)
    }
    const s = req.server
    if (m.missing) {
      this.counters.unavailable++
      for (let i = id; i < req.first + req.count; i++) {
        if (req.received[i - req.first] === 1) continue
        req.received[i - req.first] = 1
        this.exclude(i, s.id)
        this.release(s, i)
      }
      this.close(req)
      this.pump()
      return
    }
    req.received[id - req.first] = 1
    if (++req.got === req.count) this.close(req)
    if (m.totalChunks !== this.total) {
      this.reject(s, id, `total_chunks ${m.totalChunks}, the snapshot has ${this.total}`)
      this.pump()
      return
    }
    this.state[id] = APPLYING
    this.applying++
    const size = m.data.length
    this.restorer.applyChunk(id, m.data, m.proof).then((result) => {
      if (result.accept) {
        s.inFlight--
        this.state[id] = DONE
        this.done++
        this.counters.fetched++
        this.counters.bytes += size
        s.served++
        s.timeouts = 0
        this.lastProgressAt = this.host.clock.now()
        this.host.reward(s.id, Reward.VALID_MESSAGE)
      } else {
        this.reject(s, id, result.reason)
      }
    }, (err: unknown) => {
      this.host.log.error({ err, chunk: id }, 'applying a state sync chunk failed')
      this.release(s, id)
      this.finish({ complete: false, reason: `applying chunk ${id} failed: ${(err as Error).message}` })
    }).finally(() => {
      this.applying--
      if (this.done === this.total) this.finish({ complete: true })
      else this.pump()
      if (this.applying === 0) this.settled?.()
    })
  }

  /** The tracker expired a request (its peer already paid SLOW_RESPONSE). */
  onTimeout (req: ChunkRequest): void {
    const s = req.server
    s.open.delete(req)
    this.counters.timeouts++
    this.counters.penalties++
    if (s.late.size > 4 * this.windowChunks()) s.late.clear()
    for (let i = 0; i < req.count; i++) {
      if (req.received[i] === 1) continue
      s.late.add(req.first + i)
      this.release(s, req.first + i)
    }
    if (++s.timeouts >= this.config.maxPeerTimeouts && !s.dropped) {
      s.dropped = true
      this.host.log.warn({ peer: s.id, timeouts: s.timeouts }, 'state sync: peer too slow, not asked again')
    }
    this.pump()
  }

  /** A request ended without blame (its peer left, or we stopped). */
  onCancel (req: ChunkRequest): void {
    req.server.open.delete(req)
    for (let i = 0; i < req.count; i++) if (req.received[i] !== 1) this.release(req.server, req.first + i)
    if (!this.closed) this.pump()
  }

  onPeerRemoved (id: PeerId): void {
    const s = this.servers.get(id)
    if (s !== undefined) s.dropped = true
  }

  private windowChunks (): number {
    return Math.max(1, Math.floor(this.config.maxBytesInFlightPerPeer / Math.max(1, this.snapshot.chunkSize)))
  }

  private usable (s: Server): boolean {
    return !s.dropped && this.host.getPeer(s.id) !== undefined && !this.host.isQuarantined(s.id)
  }

  private pump (): void {
    if (this.closed) return
    const window = this.windowChunks()
    const perRequest = Math.max(1, Math.min(this.config.requestChunks, Math.floor(MAX_REQUEST_BYTES / Math.max(1, this.snapshot.chunkSize))))
    for (let progress = true; progress;) {
      progress = false
      for (const s of this.servers.values()) {
        const room = window - s.inFlight
        // whole requests only while others are open (many small ones would cost every side more)
        if (room <= 0 || s.open.size >= MAX_OPEN_PER_PEER || (room < perRequest && s.open.size > 0) || !this.usable(s)) continue
        const run = this.takeRun(s.id, Math.min(perRequest, room))
        if (run === undefined) continue
        if (this.send(s, run.first, run.count)) progress = true
        else for (let i = run.first; i < run.first + run.count; i++) this.requeue(i)
      }
    }
  }

  /** The next consecutive missing chunks this peer may be asked for: retries first, then never asked. */
  private takeRun (peer: PeerId, max: number): { first: number, count: number } | undefined {
    for (const first of this.retry) {
      if (this.state[first] !== MISSING || this.excluded.get(first)?.has(peer) === true) continue
      let count = 1
      while (count < max && this.retry.has(first + count) && this.state[first + count] === MISSING && this.excluded.get(first + count)?.has(peer) !== true) count++
      for (let i = first; i < first + count; i++) this.retry.delete(i)
      return { first, count }
    }
    while (this.cursor < this.total && this.state[this.cursor] !== MISSING) this.cursor++
    if (this.cursor >= this.total) return undefined
    const first = this.cursor
    let count = 1
    while (count < max && first + count < this.total && this.state[first + count] === MISSING && !this.retry.has(first + count)) count++
    this.cursor = first + count
    return { first, count }
  }

  private send (s: Server, first: number, count: number): boolean {
    const req: ChunkRequest = { fetch: this, server: s, first, count, received: new Uint8Array(count), got: 0, tracked: undefined }
    req.tracked = this.kind.start(s.id, String(first), req, { grant: { messages: count } })
    if (req.tracked === undefined) return false
    const peer = this.host.getPeer(s.id)
    if (peer === undefined || !peer.sendMessage(Messages.stateSyncRequest, { stateRoot: wire(this.snapshot.root), chunkId: first, count })) {
      this.kind.cancel(req.tracked)
      return false
    }
    s.open.add(req)
    s.inFlight += count
    this.counters.requests++
    for (let i = first; i < first + count; i++) {
      this.state[i] = REQUESTED
      if (this.attempts[i]! > 0) this.counters.refetched++
      if (this.attempts[i]! < 255) this.attempts[i]!++
    }
    return true
  }

  private close (req: ChunkRequest): void {
    req.server.open.delete(req)
    if (req.tracked !== undefined) this.kind.take(req.server.id, req.tracked.key)
  }

  /** A chunk requested from `s` will not come from it: ask again. */
  private release (s: Server, i: number): void {
    s.inFlight--
    this.state[i] = MISSING
    this.requeue(i)
  }

  private requeue (i: number): void {
    this.state[i] = MISSING
    this.retry.add(i)
  }

  private exclude (i: number, peer: PeerId): void {
    let set = this.excluded.get(i)
    if (set === undefined) this.excluded.set(i, set = new Set())
    set.add(peer)
  }

  private reject (s: Server, id: number, reason: string): void {
    this.counters.rejected++
    this.counters.penalties++
    this.exclude(id, s.id)
    this.release(s, id)
    this.host.log.warn({ peer: s.id, chunk: id, reason }, 'state sync: chunk rejected')
    this.host.penalize(s.id, new ProtocolError(ErrorCodes.INVALID_CHUNK, `chunk ${id} of snapshot ${this.snapshot.height}: ${reason}`))
  }

  private check (): void {
    if (this.closed) return
    const now = this.host.clock.now()
    if (now - this.lastProgressAt >= this.config.stallTimeoutMs) {
      this.finish({ complete: false, reason: `no chunk applied for ${this.config.stallTimeoutMs} ms` })
      return
    }
    const blocked = this.blockedReason()
    if (blocked === undefined) { this.blockedSince = undefined; return }
    this.blockedSince ??= now
    if (now - this.blockedSince >= UNSERVABLE_GRACE_MS) this.finish({ complete: false, reason: blocked })
  }

  /** Why no chunk can be asked for now, with nothing in flight; undefined if one can (or something is in flight). */
  private blockedReason (): string | undefined {
    const usable = [...this.servers.values()].filter((s) => this.usable(s))
    if (usable.some((s) => s.inFlight > 0) || this.applying > 0) return undefined
    if (usable.length === 0) return 'no peer left that serves the snapshot'
    for (const i of this.retry) {
      const ex = this.excluded.get(i)
      if (this.state[i] === MISSING && ex !== undefined && usable.every((s) => ex.has(s.id))) return `chunk ${i} is served by none of the ${usable.length} peers left`
    }
    return undefined
  }

  private finish (outcome: FetchOutcome): void {
    if (this.closed) return
    this.closed = true
    this.timer?.cancel()
    for (const s of this.servers.values()) for (const r of [...s.open]) if (r.tracked !== undefined) this.kind.cancel(r.tracked)
    this.resolve(outcome)
  }
}
