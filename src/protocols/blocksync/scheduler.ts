// The block sync scheduler: which heights to ask which peer for, and which fetched block
// to apply next. Pure state (no I/O, no timers: the caller passes the time), so a property
// test can drive it through any order of answers, failures and departures.
//
// Heights above the apply point are in a window (Bitcoin Core's 1,024 blocks). Each height
// in (applied, nextFresh) is in exactly one place: buffered (fetched, waiting to be
// applied), in flight (part of a range request to one peer), or pending (to be asked
// again); heights from nextFresh on were never asked for. A peer gets at most
// maxRequestsPerPeer ranges at once (one after a failure, none while paused). A range is
// sized from the blocks seen so far, so that about rangeBytes come back in one answer:
// empty blocks travel a few hundred per round trip, large ones a few; a range cut short by
// the window's end waits until a quarter of the window is free. Buffered bytes plus
// the bytes reserved by requests in flight stay within maxBufferedBytes, except for the one
// range that starts at the apply point, which is always allowed (the buffer could
// otherwise fill with later blocks and never drain).
import type { PeerId } from '../../identity/peer-id.js'
import type { Block, Commit } from '../../wire/gen/kuber.js'
import { HeightRanges } from './ranges.js'

export interface SchedulerLimits {
  /** Heights fetched ahead of the apply point. */
  windowBlocks: number
  /** Most blocks asked for in one request. */
  rangeBlocks: number
  /** Bytes of blocks asked for in one request (BlockRequest.max_bytes). */
  rangeBytes: number
  /** Most requests in flight to one peer. */
  maxRequestsPerPeer: number
  /** Bytes of fetched blocks held plus bytes reserved by requests in flight. */
  maxBufferedBytes: number
}

export interface RangeRequest {
  readonly peer: PeerId
  readonly from: number
  readonly to: number
  readonly maxBytes: number
  readonly sentAt: number
}

export interface FetchedBlock {
  readonly block: Block
  /** Its encoding, as it came. */
  readonly bytes: Uint8Array
  /** The commit that makes it final, when the answer carried it (else: the next block's last_commit). */
  readonly commit: Commit | undefined
}

export interface BufferedBlock extends FetchedBlock {
  readonly height: number
  readonly peer: PeerId
}

export interface ReadyBlock extends BufferedBlock {
  readonly commit: Commit
}

interface SyncPeer {
  height: number
  base: number
  inflight: number
  /** Failed requests since its last good answer. */
  failures: number
  pausedUntil: number
}

/** Weight of the newest answer in the average block size. */
const SIZE_EWMA = 0.2

export class SyncScheduler {
  private applied: number
  private nextFresh: number
  private readonly pending = new HeightRanges()
  private readonly inflight = new Map<number, RangeRequest>()
  private readonly buffer = new Map<number, BufferedBlock>()
  private readonly peers = new Map<PeerId, SyncPeer>()
  private buffered = 0
  private reserved = 0
  private avgBlockBytes: number | undefined

  constructor (private readonly limits: SchedulerLimits, applied: number) {
    this.applied = applied
    this.nextFresh = applied + 1
  }

  /** Height of the last applied block. */
  get height (): number {
    return this.applied
  }

  /** The highest height a usable peer claims (0 without peers). */
  get target (): number {
    let best = 0
    for (const p of this.peers.values()) best = Math.max(best, p.height)
    return best
  }

  get bufferedBytes (): number {
    return this.buffered
  }

  get bufferedBlocks (): number {
    return this.buffer.size
  }

  get reservedBytes (): number {
    return this.reserved
  }

  get inflightCount (): number {
    return this.inflight.size
  }

  get pendingHeights (): number {
    return this.pending.size
  }

  get peerCount (): number {
    return this.peers.size
  }

  /** Requests in flight to one peer. */
  inflightTo (peer: PeerId): number {
    return this.peers.get(peer)?.inflight ?? 0
  }

  /** Every request in flight (oldest first). */
  requests (): RangeRequest[] {
    return [...this.inflight.values()]
  }

  /** The height a peer claims, if it is known here. */
  peerHeight (peer: PeerId): number | undefined {
    return this.peers.get(peer)?.height
  }

  /** Add a peer or update what it claims to hold. */
  setPeer (id: PeerId, height: number, base: number): void {
    const p = this.peers.get(id)
    if (p === undefined) this.peers.set(id, { height, base, inflight: 0, failures: 0, pausedUntil: 0 })
    else {
      p.height = height
      p.base = base
    }
  }

  /** A peer left or may not be asked any more: its requests go back to pending (returned, for the caller to cancel). */
  removePeer (id: PeerId): RangeRequest[] {
    const gone = [...this.inflight.values()].filter((r) => r.peer === id)
    for (const r of gone) this.close(r, 'pending')
    this.peers.delete(id)
    return gone
  }

  /** Start over from `applied` (state sync, a restore): returns the requests in flight, for the caller to cancel. */
  reset (applied: number): RangeRequest[] {
    const gone = [...this.inflight.values()]
    for (const r of gone) this.close(r, 'drop')
    this.buffer.clear()
    this.buffered = 0
    this.pending.clear()
    this.applied = applied
    this.nextFresh = applied + 1
    return gone
  }

  /** The chain is at `height` (a block applied here, or made final by consensus). */
  advance (height: number): void {
    if (height <= this.applied) return
    for (const [h, b] of this.buffer) {
      if (h > height) continue
      this.buffer.delete(h)
      this.buffered -= b.bytes.length
    }
    this.pending.dropThrough(height)
    this.applied = height
    this.nextFresh = Math.max(this.nextFresh, height + 1)
  }

  /** Ranges to request now, already counted as in flight. */
  assign (now: number): RangeRequest[] {
    const out: RangeRequest[] = []
    const count = this.rangeCount()
    for (;;) {
      let progress = false
      const order = [...this.peers.entries()].sort(([a, pa], [b, pb]) => pa.inflight - pb.inflight || (a < b ? -1 : 1))
      for (const [id, p] of order) {
        if (p.pausedUntil > now || p.inflight >= this.allowed(p)) continue
        const lo = Math.max(this.applied + 1, p.base)
        const hi = Math.min(p.height, this.applied + this.limits.windowBlocks)
        if (lo > hi) continue
        const atApplyPoint = this.isMissing(this.applied + 1) && lo === this.applied + 1
        if (!atApplyPoint && this.buffered + this.reserved + this.limits.rangeBytes > this.limits.maxBufferedBytes) continue
        const range = this.carve(lo, hi, count, hi < p.height)
        if (range === undefined) continue
        const r: RangeRequest = { peer: id, from: range[0], to: range[1], maxBytes: this.limits.rangeBytes, sentAt: now }
        this.inflight.set(r.from, r)
        this.reserved += r.maxBytes
        p.inflight++
        out.push(r)
        progress = true
      }
      if (!progress) return out
    }
  }

  /** The request to `peer` starting at `from`, if in flight. */
  request (peer: PeerId, from: number): RangeRequest | undefined {
    const r = this.inflight.get(from)
    return r?.peer === peer ? r : undefined
  }

  /**
   * The answer to a request: `blocks` are heights from, from + 1, ... (checked by the
   * caller). Blocks already applied are dropped, the heights not answered go back to
   * pending. Returns how many blocks were buffered.
   */
  received (r: RangeRequest, blocks: readonly FetchedBlock[]): number {
    if (this.inflight.get(r.from) !== r) return 0
    this.close(r, 'none')
    const p = this.peers.get(r.peer)
    if (p !== undefined && blocks.length > 0) p.failures = 0
    let kept = 0
    let bytes = 0
    for (let i = 0; i < blocks.length && r.from + i <= r.to; i++) {
      const height = r.from + i
      const b = blocks[i]!
      bytes += b.bytes.length
      if (height <= this.applied || this.buffer.has(height)) continue
      this.buffer.set(height, { ...b, height, peer: r.peer })
      this.buffered += b.bytes.length
      kept++
    }
    if (blocks.length > 0) {
      const mean = bytes / blocks.length
      this.avgBlockBytes = this.avgBlockBytes === undefined ? mean : (1 - SIZE_EWMA) * this.avgBlockBytes + SIZE_EWMA * mean
    }
    this.repend(Math.max(r.from + blocks.length, this.applied + 1), r.to)
    return kept
  }

  /** A request failed (timed out, withheld, malformed, busy): its heights go back to pending; the peer waits `pauseMs`. */
  failed (r: RangeRequest, now: number, pauseMs: number): void {
    this.close(r, 'pending')
    const p = this.peers.get(r.peer)
    if (p === undefined) return
    p.failures++
    p.pausedUntil = Math.max(p.pausedUntil, now + pauseMs)
  }

  /** A request withdrawn without blame: its heights go back to pending. */
  cancel (r: RangeRequest): void {
    this.close(r, 'pending')
  }

  /** The block to apply next, with the commit that makes it final, once both are here. */
  next (): ReadyBlock | undefined {
    const b = this.buffer.get(this.applied + 1)
    if (b === undefined) return undefined
    const commit = b.commit ?? this.buffer.get(this.applied + 2)?.block.lastCommit
    return commit === undefined ? undefined : { ...b, commit }
  }

  /**
   * The block at `height` failed to apply: every block buffered from the peer that served
   * it is dropped and asked for again (elsewhere: the caller penalises or removes the peer).
   */
  rejected (height: number): PeerId | undefined {
    const peer = this.buffer.get(height)?.peer
    if (peer === undefined) return undefined
    for (const [h, b] of this.buffer) {
      if (b.peer !== peer) continue
      this.buffer.delete(h)
      this.buffered -= b.bytes.length
      this.pending.add(h, h)
    }
    return peer
  }

  /** True if a peer other than `except`, not paused at `now`, claims to hold `height`. */
  canServe (height: number, except: PeerId, now: number): boolean {
    for (const [id, p] of this.peers) if (id !== except && p.pausedUntil <= now && p.base <= height && height <= p.height) return true
    return false
  }

  /** The request in flight that holds the block the apply point waits for. */
  blocker (): RangeRequest | undefined {
    const h = this.applied + 1
    for (const r of this.inflight.values()) if (r.from <= h && h <= r.to) return r
    return undefined
  }

  /** For tests: where each height in (applied, nextFresh) is. */
  placement (): { applied: number, nextFresh: number, buffered: number[], inflight: Array<[number, number]>, pending: Array<readonly [number, number]> } {
    return {
      applied: this.applied,
      nextFresh: this.nextFresh,
      buffered: [...this.buffer.keys()],
      inflight: [...this.inflight.values()].map((r) => [r.from, r.to]),
      pending: [...this.pending.intervals]
    }
  }

  private allowed (p: SyncPeer): number {
    return p.failures > 0 ? 1 : this.limits.maxRequestsPerPeer
  }

  private rangeCount (): number {
    const { rangeBlocks, rangeBytes } = this.limits
    if (this.avgBlockBytes === undefined) return rangeBlocks
    return Math.max(1, Math.min(rangeBlocks, Math.floor(rangeBytes / Math.max(1, this.avgBlockBytes))))
  }

  private isMissing (h: number): boolean {
    return !this.buffer.has(h) && this.blocker() === undefined
  }

  /**
   * The lowest run of at most `count` heights in [lo, hi] to ask for: pending first, then
   * fresh ones. When `windowEdge` (hi is where the window ends, not where the peer's blocks
   * do), a fresh run waits until the window has room for a whole range: otherwise each
   * applied block would open a one-block request at the edge.
   */
  private carve (lo: number, hi: number, count: number, windowEdge: boolean): readonly [number, number] | undefined {
    const again = this.pending.take(lo, hi, count)
    if (again !== undefined) return again
    if (this.nextFresh < lo) {
      this.pending.add(this.nextFresh, lo - 1) // below this peer's base: someone else's to serve
      this.nextFresh = lo
    }
    if (this.nextFresh > hi) return undefined
    const from = this.nextFresh
    const to = Math.min(hi, from + count - 1)
    if (windowEdge && to - from + 1 < Math.min(count, Math.ceil(this.limits.windowBlocks / 4))) return undefined
    this.nextFresh = to + 1
    return [from, to]
  }

  private repend (from: number, to: number): void {
    if (from <= to) this.pending.add(from, to)
  }

  private close (r: RangeRequest, heights: 'pending' | 'drop' | 'none'): void {
    if (this.inflight.get(r.from) !== r) return
    this.inflight.delete(r.from)
    this.reserved -= r.maxBytes
    const p = this.peers.get(r.peer)
    if (p !== undefined) p.inflight--
    if (heights === 'pending') this.repend(Math.max(r.from, this.applied + 1), r.to)
  }
}
