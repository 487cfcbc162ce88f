// The serving side of state sync: SnapshotListRequest is answered with the source's
// snapshots (newest first, as many as fit a frame); StateSyncRequest with the chunks asked
// for, one StateSyncChunk each in the bulk send class, or a single `missing` answer when the
// snapshot is no longer served. Bounded everywhere: a request asks for at most
// MAX_CHUNKS_PER_REQUEST chunks and MAX_REQUEST_BYTES (else INVALID_FIELD); a peer has at
// most MAX_QUEUED_PER_PEER requests waiting (else RATE_LIMITED) and LOADS_PER_PEER being
// loaded; the node loads MAX_LOADS requests at once, and a load's chunks are held only
// until the peer's send buffer has room for them.
import { ErrorCodes, ProtocolError } from '../../errors.js'
import type { PeerId } from '../../identity/peer-id.js'
import type { ProtocolHost } from '../../router/host.js'
import type { Peer } from '../../router/types.js'
import { sleep } from '../../runtime/clock.js'
import { SEND_CLASS_SHARE, SendClass } from '../../session/send-class.js'
import { MAX_SNAPSHOTS } from '../../wire/bounds.js'
import { Messages, decodePayload, encodePayload } from '../../wire/codecs.js'
import type { Snapshot, StateSyncRequest } from '../../wire/gen/kuber.js'
import { MAX_CHUNKS_PER_REQUEST, MAX_REQUEST_BYTES } from './config.js'
import { wire, type SnapshotInfo, type SnapshotSource } from './provider.js'

/** Requests of one peer waiting to be served. */
const MAX_QUEUED_PER_PEER = 16
/** Requests of one peer loaded at once. */
const LOADS_PER_PEER = 2
/** Requests loaded (and held until sent) at once in the node. */
const MAX_LOADS = 8
/** A peer may ask for the snapshot list this often. */
const LIST_INTERVAL_MS = 1000
/** Give up a loaded request whose peer's send buffer stays full this long. */
const SEND_WAIT_MS = 10_000
const SEND_POLL_MS = 5

export interface SnapshotServerOptions {
  maxFrameBytes: number
  maxSendBufferBytes: number
}

interface PeerQueue {
  readonly jobs: StateSyncRequest[]
  loading: number
  listedAt: number
}

export class SnapshotServer {
  private readonly peers = new Map<PeerId, PeerQueue>()
  private loads = 0
  private readonly waitingForLoad: Array<() => void> = []
  readonly counters = { lists: 0, requests: 0, chunks: 0, bytes: 0, missing: 0, refused: 0, dropped: 0 }

  constructor (private readonly host: ProtocolHost, private readonly source: SnapshotSource | undefined, private readonly options: SnapshotServerOptions) {}

  onListRequest (peer: Peer): void {
    const q = this.queue(peer.peerId)
    const now = this.host.clock.now()
    if (now - q.listedAt < LIST_INTERVAL_MS) {
      this.counters.refused++
      throw new ProtocolError(ErrorCodes.RATE_LIMITED, `SnapshotListRequest again within ${LIST_INTERVAL_MS} ms`)
    }
    q.listedAt = now
    this.counters.lists++
    peer.sendMessage(Messages.snapshotList, { snapshots: this.listing() })
  }

  onChunkRequest (peer: Peer, payload: Uint8Array): void {
    const req = decodePayload(Messages.stateSyncRequest, payload)
    const count = Math.max(1, req.count)
    if (req.stateRoot.length === 0 || req.stateRoot.length > 64) throw new ProtocolError(ErrorCodes.INVALID_FIELD, `state_root of ${req.stateRoot.length} bytes`)
    if (count > MAX_CHUNKS_PER_REQUEST) throw new ProtocolError(ErrorCodes.INVALID_FIELD, `${count} chunks asked for, at most ${MAX_CHUNKS_PER_REQUEST}`)
    const snapshot = this.find(req.stateRoot)
    if (snapshot !== undefined) {
      if (req.chunkId + count > snapshot.chunks) throw new ProtocolError(ErrorCodes.INVALID_FIELD, `chunks ${req.chunkId}..${req.chunkId + count - 1} of ${snapshot.chunks}`)
      if (count * snapshot.chunkSize > MAX_REQUEST_BYTES) throw new ProtocolError(ErrorCodes.INVALID_FIELD, `${count} chunks of ${snapshot.chunkSize} bytes exceed ${MAX_REQUEST_BYTES} bytes`)
    }
    const q = this.queue(peer.peerId)
    if (q.jobs.length >= MAX_QUEUED_PER_PEER) {
      this.counters.refused++
      throw new ProtocolError(ErrorCodes.RATE_LIMITED, `more than ${MAX_QUEUED_PER_PEER} StateSyncRequests waiting`)
    }
    this.counters.requests++
    q.jobs.push({ stateRoot: Uint8Array.from(req.stateRoot), chunkId: req.chunkId, count })
    this.pump(peer, q)
  }

  onPeerRemoved (peer: Peer): void {
    const q = this.peers.get(peer.peerId)
    if (q === undefined) return
    q.jobs.length = 0
    if (q.loading === 0) this.peers.delete(peer.peerId)
  }

  stats (): Record<string, unknown> {
    return { ...this.counters, snapshots: this.source?.listSnapshots().length ?? 0, loading: this.loads }
  }

  private queue (id: PeerId): PeerQueue {
    let q = this.peers.get(id)
    if (q === undefined) this.peers.set(id, q = { jobs: [], loading: 0, listedAt: -Infinity })
    return q
  }

  private listing (): Snapshot[] {
    const out: Snapshot[] = []
    let bytes = 16
    for (const s of this.source?.listSnapshots() ?? []) {
      if (out.length >= MAX_SNAPSHOTS) break
      const descriptor: Snapshot = { height: s.height, format: s.format, chunks: s.chunks, chunkSize: s.chunkSize, stateRoot: wire(s.root), metadata: wire(s.metadata) }
      const size = encodePayload(Messages.snapshotList, { snapshots: [descriptor] }).length
      if (bytes + size > this.options.maxFrameBytes) continue
      bytes += size
      out.push(descriptor)
    }
    return out
  }

  private find (root: Uint8Array): SnapshotInfo | undefined {
    return this.source?.listSnapshots().find((s) => Buffer.from(s.root).equals(root))
  }

  private pump (peer: Peer, q: PeerQueue): void {
    while (q.loading < LOADS_PER_PEER && q.jobs.length > 0) {
      const job = q.jobs.shift()!
      q.loading++
      this.serve(peer, job).catch((err: unknown) => this.host.log.error({ err }, 'serving state sync chunks failed')).finally(() => {
        q.loading--
        if (this.host.getPeer(peer.peerId) === undefined) { if (q.loading === 0) this.peers.delete(peer.peerId) } else this.pump(peer, q)
      })
    }
  }

  private async serve (peer: Peer, job: StateSyncRequest): Promise<void> {
    await this.loadSlot()
    try {
      const count = job.count
      const snapshot = this.find(job.stateRoot)
      const chunks = snapshot === undefined ? undefined : await this.source!.loadChunks(job.stateRoot, job.chunkId, count)
      if (this.host.getPeer(peer.peerId) === undefined) return
      if (snapshot === undefined || chunks === undefined || chunks.length !== count) {
        this.counters.missing++
        peer.sendMessage(Messages.stateSyncChunk, { chunkId: job.chunkId, stateRoot: job.stateRoot, missing: true })
        return
      }
      const bytes = chunks.reduce((n, c) => n + c.data.length + c.proof.length, 0)
      if (!await this.roomFor(peer, bytes)) {
        this.counters.dropped++
        return
      }
      chunks.forEach((c, i) => {
        if (!peer.sendMessage(Messages.stateSyncChunk, { chunkId: job.chunkId + i, totalChunks: snapshot.chunks, data: wire(c.data), stateRoot: wire(snapshot.root), proof: wire(c.proof) })) this.counters.dropped++
        else {
          this.counters.chunks++
          this.counters.bytes += c.data.length
        }
      })
    } finally {
      this.releaseSlot()
    }
  }

  /** Wait until the peer's send buffer can take `bytes` more of bulk traffic (false: it did not in time, or the peer left). */
  private async roomFor (peer: Peer, bytes: number): Promise<boolean> {
    const limit = this.options.maxSendBufferBytes * SEND_CLASS_SHARE[SendClass.BULK]!
    const deadline = this.host.clock.now() + SEND_WAIT_MS
    while (peer.sendBufferedBytes > 0 && peer.sendBufferedBytes + bytes > limit) {
      if (this.host.clock.now() >= deadline || this.host.getPeer(peer.peerId) === undefined) return false
      await sleep(this.host.clock, SEND_POLL_MS)
    }
    return this.host.getPeer(peer.peerId) !== undefined
  }

  private async loadSlot (): Promise<void> {
    if (this.loads < MAX_LOADS) { this.loads++; return }
    await new Promise<void>((resolve) => this.waitingForLoad.push(resolve))
  }

  private releaseSlot (): void {
    const next = this.waitingForLoad.shift()
    if (next !== undefined) next()
    else this.loads--
  }
}
