// Finding a snapshot: every connected peer that advertises state sync (Hello capability
// bit 3) is asked which snapshots it serves (one tracked SnapshotListRequest; asked again
// every REASK_MS while nothing qualifies), identical descriptors are grouped, and a
// snapshot is a candidate once `minPeers` peers serve it. Candidates rank newest first,
// then by more peers; a restore left unfinished by a previous run comes first while
// enough peers still serve it. Nothing here is trusted: the application checks the
// chosen snapshot's metadata against its chain (offerSnapshot).
import { ErrorCodes, ProtocolError } from '../../errors.js'
import type { PeerId } from '../../identity/peer-id.js'
import type { ProtocolHost } from '../../router/host.js'
import type { RequestKind } from '../../router/requests.js'
import type { Peer } from '../../router/types.js'
import type { Timer } from '../../runtime/clock.js'
import { Capability } from '../../session/hello.js'
import { Messages, MessageType, decodePayload } from '../../wire/codecs.js'
import type { Snapshot } from '../../wire/gen/kuber.js'
import { snapshotKey, type SnapshotInfo } from './provider.js'

/** Ask peers again this often while no snapshot qualifies. */
const REASK_MS = 2000
/** Once a snapshot qualifies, wait this long for the peers not heard from yet. */
const SETTLE_MS = 1000
/** Most distinct snapshots remembered (every peer lists at most 16). */
const MAX_CANDIDATES = 256
const LIST_TIMEOUT_MS = 5000
/** Largest chunk count accepted in a descriptor. */
const MAX_CHUNKS = 1 << 24

export interface Candidate {
  readonly key: string
  readonly info: SnapshotInfo
  /** Connected peers that list it. */
  readonly peers: Set<PeerId>
}

export interface WaitOptions {
  minPeers: number
  /** clock.now() to give up at. */
  deadline: number
  /** Snapshot keys tried already. */
  exclude: ReadonlySet<string>
  /** Root of a restore in progress, preferred. */
  prefer?: Uint8Array
}

export class SnapshotDiscovery {
  private readonly candidates = new Map<string, Candidate>()
  private readonly askedAt = new Map<PeerId, number>()
  private readonly answered = new Set<PeerId>()
  private readonly lists: RequestKind<undefined>
  private active = false
  private wake: (() => void) | undefined
  /** A peer listed a snapshot already being fetched: add it as a server. */
  onServer: ((key: string, peer: PeerId) => void) | undefined

  constructor (private readonly host: ProtocolHost, maxFrameBytes: number) {
    this.lists = host.requests.kind<undefined>({
      name: 'snapshot_list',
      timeoutMs: LIST_TIMEOUT_MS,
      grant: { types: [MessageType.SNAPSHOT_LIST], bytes: maxFrameBytes + 4 }
    })
  }

  /** Start asking (every connected peer now, and peers as they connect). */
  start (): void {
    this.active = true
    for (const p of this.host.connectedPeers()) this.ask(p)
  }

  stop (): void {
    this.active = false
    this.candidates.clear()
    this.askedAt.clear()
    this.answered.clear()
  }

  onPeerAdded (peer: Peer): void {
    if (this.active) this.ask(peer)
  }

  onPeerRemoved (peer: Peer): void {
    this.askedAt.delete(peer.peerId)
    this.answered.delete(peer.peerId)
    for (const c of this.candidates.values()) c.peers.delete(peer.peerId)
  }

  /** Peers that serve this snapshot now. */
  serversOf (key: string): ReadonlySet<PeerId> {
    return this.candidates.get(key)?.peers ?? new Set()
  }

  onList (peer: Peer, payload: Uint8Array): void {
    const list = decodePayload(Messages.snapshotList, payload)
    this.lists.answer(peer.peerId, 'list')
    this.answered.add(peer.peerId)
    let malformed: string | undefined
    for (const s of list.snapshots) {
      const problem = descriptorProblem(s)
      if (problem !== undefined) { malformed = problem; continue }
      const info: SnapshotInfo = { height: s.height, format: s.format, chunks: s.chunks, chunkSize: s.chunkSize, root: Uint8Array.from(s.stateRoot), metadata: Uint8Array.from(s.metadata) }
      const key = snapshotKey(info)
      let c = this.candidates.get(key)
      if (c === undefined) {
        if (this.candidates.size >= MAX_CANDIDATES) continue
        this.candidates.set(key, c = { key, info, peers: new Set() })
      }
      c.peers.add(peer.peerId)
      this.onServer?.(key, peer.peerId)
    }
    this.wake?.()
    if (malformed !== undefined) throw new ProtocolError(ErrorCodes.INVALID_FIELD, `SnapshotList: ${malformed}`)
  }

  /**
   * Candidates served by at least minPeers peers, best first, once one exists and every
   * peer asked has answered (or SETTLE_MS after it appeared); [] at the deadline.
   */
  async waitForCandidates (options: WaitOptions): Promise<Candidate[]> {
    const { clock } = this.host
    let qualifiedAt: number | undefined
    let reask: Timer | undefined
    try {
      for (;;) {
        const ranked = this.ranked(options)
        const now = clock.now()
        if (ranked.length > 0) {
          qualifiedAt ??= now
          const allAnswered = [...this.askedAt.keys()].every((p) => this.answered.has(p))
          if (allAnswered || now - qualifiedAt >= SETTLE_MS || now >= options.deadline) return ranked
        } else if (now >= options.deadline) {
          return []
        }
        reask ??= clock.setInterval(() => { for (const p of this.host.connectedPeers()) if (this.ranked(options).length === 0) this.ask(p, true) }, REASK_MS)
        const wakeAt = Math.min(options.deadline, qualifiedAt === undefined ? Infinity : qualifiedAt + SETTLE_MS)
        await new Promise<void>((resolve) => {
          const timer = clock.setTimeout(() => { this.wake = undefined; resolve() }, Math.max(0, wakeAt - now))
          this.wake = () => { this.wake = undefined; timer.cancel(); resolve() }
        })
      }
    } finally {
      reask?.cancel()
    }
  }

  private ranked (options: WaitOptions): Candidate[] {
    const prefer = options.prefer === undefined ? undefined : Buffer.from(options.prefer)
    const first = (c: Candidate): number => prefer?.equals(c.info.root) === true ? 1 : 0
    return [...this.candidates.values()]
      .filter((c) => c.peers.size >= options.minPeers && !options.exclude.has(c.key))
      .sort((a, b) => first(b) - first(a) || b.info.height - a.info.height || b.peers.size - a.peers.size)
  }

  private ask (peer: Peer, again = false): void {
    if (((peer.remoteHello?.capabilities ?? 0) & Capability.STATE_SYNC) === 0) return
    if (this.askedAt.has(peer.peerId) && !again) return
    if (this.host.isQuarantined(peer.peerId)) return
    if (this.lists.start(peer.peerId, 'list', undefined) === undefined) return
    this.askedAt.set(peer.peerId, this.host.clock.now())
    this.answered.delete(peer.peerId)
    peer.sendMessage(Messages.snapshotListRequest, {})
  }
}

function descriptorProblem (s: Snapshot): string | undefined {
  if (s.height < 1) return `snapshot at height ${s.height}`
  if (s.chunks < 1 || s.chunks > MAX_CHUNKS) return `snapshot of ${s.chunks} chunks`
  if (s.chunkSize < 1) return 'snapshot with chunk_size 0'
  if (s.stateRoot.length < 1 || s.stateRoot.length > 64) return `state_root of ${s.stateRoot.length} bytes`
  return undefined
}
