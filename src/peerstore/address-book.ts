// The address book: every peer we know of, in two tables as in Bitcoin Core's addrman.
// "new" holds addresses learned from others (untrusted); "tried" holds addresses where we
// completed a handshake ourselves (the secure channel proved the PeerID). Limits, so one
// source or one subnet cannot fill the book or push good entries out:
//   - new: at most maxNewPerGroup entries per network group (/16, /32) of the address and
//     maxNewPerSource per network group of the peer that told us; total maxNew;
//   - tried: at most maxTriedPerGroup per network group; total maxTried.
// Eviction rule, applied when an entry is added to "new":
//   1. its address group is full: the group's worst entry is dropped if it is terrible
//      (≥ 3 failed dials and never reached, or unseen for 30 days), else the newcomer is;
//   2. its source group is full: that source's own worst entry is dropped;
//   3. the table is full: the worst entry of the largest source group is dropped (of
//      equally large ones, the group that added an entry last: floods churn themselves).
// Gossip never evicts "tried" entries. A tried entry is pushed back to "new" only by a
// newer tried entry (its group or the table is full: the least recently reached goes) or
// by maxFailures failed dials in a row; a new entry with that many failures is forgotten.
// Pure, in memory, no I/O: the peer store persists what onChange reports.
import type { PeerId } from '../identity/peer-id.js'
import { BucketIndex } from './bucket-index.js'
import type { KnownPeer, PeerClaim, RecordSource } from './known-peer.js'
import { networkGroup } from '../transport/network-group.js'

/** Address book limits; each default is in DEFAULT_BOOK_LIMITS. */
export interface BookLimits {
  /** Most entries in "new" (default 1024). */
  maxNew: number
  /** Most entries in "tried" (default 256). */
  maxTried: number
  /** Most "new" entries whose addresses share a network group (default 32). */
  maxNewPerGroup: number
  /** Most "new" entries learned from peers in one network group (default 64). */
  maxNewPerSource: number
  /** Most "tried" entries sharing a network group (default 8). */
  maxTriedPerGroup: number
  /** Failed dials in a row after which a new entry is forgotten and a tried one goes back to new (default 5). */
  maxFailures: number
}

/** 1024 new, 256 tried, 32 new per group, 64 new per source group, 8 tried per group, 5 failures. */
export const DEFAULT_BOOK_LIMITS: Readonly<BookLimits> = Object.freeze({
  maxNew: 1024,
  maxTried: 256,
  maxNewPerGroup: 32,
  maxNewPerSource: 64,
  maxTriedPerGroup: 8,
  maxFailures: 5
})

/** What add() did with a claim. */
export type AddOutcome = 'added' | 'refreshed' | 'group_full'

const TERRIBLE_FAILURES = 3
const HORIZON_MS = 30 * 24 * 3600_000

/** Worse first: more failures, then seen longer ago, then added earlier. */
function worse (a: KnownPeer, b: KnownPeer): boolean {
  if (a.failures !== b.failures) return a.failures > b.failures
  if (a.lastSeen !== b.lastSeen) return a.lastSeen < b.lastSeen
  return a.addedAt < b.addedAt
}

function isTerrible (p: KnownPeer, now: number): boolean {
  return (p.failures >= TERRIBLE_FAILURES && p.lastSuccess === 0) || p.lastSeen < now - HORIZON_MS
}

/** The new/tried tables with their limits and eviction rule (see the file header). */
export class AddressBook {
  private readonly peers = new Map<PeerId, KnownPeer>()
  private readonly newByGroup = new BucketIndex()
  private readonly newBySource = new BucketIndex()
  private readonly triedByGroup = new BucketIndex()
  private newSize = 0
  private muted = false

  /** @param onChange told each PeerID whose entry was added, changed or removed */
  constructor (readonly limits: BookLimits = DEFAULT_BOOK_LIMITS, private readonly onChange: (id: PeerId) => void = () => {}) {}

  get size (): number {
    return this.peers.size
  }

  get newCount (): number {
    return this.newSize
  }

  get triedCount (): number {
    return this.peers.size - this.newSize
  }

  get (id: PeerId): KnownPeer | undefined {
    return this.peers.get(id)
  }

  has (id: PeerId): boolean {
    return this.peers.has(id)
  }

  entries (): IterableIterator<KnownPeer> {
    return this.peers.values()
  }

  /** Put back an entry read from disk, under today's limits, without reporting changes. */
  restore (p: KnownPeer, now: number): void {
    if (this.peers.has(p.peerId)) return
    this.muted = true
    try {
      if (p.table === 'tried') this.insertTried(p)
      else this.insertNew(p, now)
    } finally {
      this.muted = false
    }
  }

  /** Learn about a peer from someone (gossip, a Hello). Known peers are only refreshed. */
  add (claim: PeerClaim, source: RecordSource, now: number): AddOutcome {
    const known = this.peers.get(claim.peerId)
    if (known !== undefined) {
      known.lastSeen = Math.max(known.lastSeen, claim.lastSeen)
      known.latestHeight = Math.max(known.latestHeight, claim.latestHeight)
      // only the peer itself may move its address, and only while we have not proven one
      if (known.table === 'new' && source.peerId === claim.peerId && known.address !== claim.address) {
        this.unlink(known)
        known.address = claim.address
        return this.insertNew(known, now) ? 'refreshed' : 'group_full'
      }
      this.changed(known.peerId)
      return 'refreshed'
    }
    const entry: KnownPeer = { ...claim, table: 'new', source, addedAt: now, lastSuccess: 0, lastAttempt: 0, failures: 0, retryAt: 0 }
    return this.insertNew(entry, now, false) ? 'added' : 'group_full'
  }

  /** We completed a handshake with the peer at claim.address: it moves to (or stays in) "tried". */
  markGood (claim: PeerClaim, now: number): void {
    const known = this.peers.get(claim.peerId)
    if (known !== undefined) this.unlink(known)
    const entry: KnownPeer = {
      ...claim,
      lastSeen: now,
      table: 'tried',
      source: known?.source ?? { peerId: '', group: 'self' },
      addedAt: known?.addedAt ?? now,
      lastSuccess: now,
      lastAttempt: known?.lastAttempt ?? now,
      failures: 0,
      retryAt: 0
    }
    this.insertTried(entry)
  }

  /** A dial to the peer started. */
  markAttempt (id: PeerId, now: number): void {
    const p = this.peers.get(id)
    if (p === undefined) return
    p.lastAttempt = now
    this.changed(id)
  }

  /**
   * A dial failed: not before retryAt again. After maxFailures in a row a new entry is
   * forgotten and a tried one goes back to new.
   */
  markFailure (id: PeerId, now: number, retryAt: number): void {
    const p = this.peers.get(id)
    if (p === undefined) return
    p.failures++
    p.retryAt = retryAt
    if (p.failures < this.limits.maxFailures) {
      this.changed(id)
    } else if (p.table === 'new') {
      this.remove(id)
    } else {
      this.unlink(p)
      p.table = 'new'
      this.insertNew(p, now)
    }
  }

  /** Update what we learned during a connection that just ended. */
  update (id: PeerId, fields: Partial<Pick<KnownPeer, 'score' | 'latestHeight' | 'lastSeen' | 'retryAt' | 'flags'>>): void {
    const p = this.peers.get(id)
    if (p === undefined) return
    Object.assign(p, fields)
    this.changed(id)
  }

  remove (id: PeerId): boolean {
    const p = this.peers.get(id)
    if (p === undefined) return false
    this.unlink(p)
    this.changed(id)
    return true
  }

  /** Entry counts by address group and by source group, for the RPC. */
  summary (): { new: number, tried: number, byGroup: Record<string, { new: number, tried: number }>, bySource: Record<string, number> } {
    const byGroup: Record<string, { new: number, tried: number }> = {}
    for (const [g, n] of this.newByGroup.sizes()) byGroup[g] = { new: n, tried: 0 }
    for (const [g, n] of this.triedByGroup.sizes()) byGroup[g] = { new: byGroup[g]?.new ?? 0, tried: n }
    return { new: this.newCount, tried: this.triedCount, byGroup, bySource: Object.fromEntries(this.newBySource.sizes()) }
  }

  /**
   * Apply the "new" limits and insert. False if the entry was refused (its group is full
   * of good entries); `wasStored` entries (unlinked by the caller) are then reported gone.
   */
  private insertNew (p: KnownPeer, now: number, wasStored = true): boolean {
    const { maxNew, maxNewPerGroup, maxNewPerSource } = this.limits
    const group = networkGroup(p.address)
    if (this.newByGroup.count(group) >= maxNewPerGroup) {
      const victim = this.worstOf(this.newByGroup.members(group))
      if (victim === undefined || !isTerrible(victim, now)) {
        if (wasStored) this.changed(p.peerId)
        return false
      }
      this.remove(victim.peerId)
    }
    if (this.newBySource.count(p.source.group) >= maxNewPerSource) this.evictFrom(this.newBySource.members(p.source.group))
    if (this.newSize >= maxNew) this.evictFrom(this.newBySource.members(this.newBySource.largest()!))
    p.table = 'new'
    this.peers.set(p.peerId, p)
    this.newByGroup.add(group, p.peerId)
    this.newBySource.add(p.source.group, p.peerId)
    this.newSize++
    this.changed(p.peerId)
    return true
  }

  /** Insert into "tried", first moving the least recently reached entry of its group, or of the table, back to "new". */
  private insertTried (p: KnownPeer): void {
    const { maxTried, maxTriedPerGroup } = this.limits
    const group = networkGroup(p.address)
    if (this.triedByGroup.count(group) >= maxTriedPerGroup) this.demoteOldest(this.triedByGroup.members(group), p.lastSuccess)
    if (this.triedCount >= maxTried) this.demoteOldest(this.triedPeers(), p.lastSuccess)
    p.table = 'tried'
    this.peers.set(p.peerId, p)
    this.triedByGroup.add(group, p.peerId)
    this.changed(p.peerId)
  }

  private * triedPeers (): Iterable<PeerId> {
    for (const p of this.peers.values()) if (p.table === 'tried') yield p.peerId
  }

  private demoteOldest (ids: Iterable<PeerId>, now: number): void {
    let oldest: KnownPeer | undefined
    for (const id of ids) {
      const p = this.peers.get(id)!
      if (oldest === undefined || p.lastSuccess < oldest.lastSuccess) oldest = p
    }
    if (oldest === undefined) return
    this.unlink(oldest)
    this.insertNew(oldest, now)
  }

  private worstOf (ids: Iterable<PeerId>): KnownPeer | undefined {
    let worst: KnownPeer | undefined
    for (const id of ids) {
      const p = this.peers.get(id)!
      if (worst === undefined || worse(p, worst)) worst = p
    }
    return worst
  }

  private evictFrom (ids: Iterable<PeerId>): void {
    const victim = this.worstOf([...ids])
    if (victim !== undefined) this.remove(victim.peerId)
  }

  /** Take an entry out of the maps and indexes (not reported: callers re-insert or report). */
  private unlink (p: KnownPeer): void {
    if (this.peers.get(p.peerId) !== p) return
    this.peers.delete(p.peerId)
    const group = networkGroup(p.address)
    if (p.table === 'tried') {
      this.triedByGroup.delete(group, p.peerId)
      return
    }
    this.newByGroup.delete(group, p.peerId)
    this.newBySource.delete(p.source.group, p.peerId)
    this.newSize--
  }

  private changed (id: PeerId): void {
    if (!this.muted) this.onChange(id)
  }
}
