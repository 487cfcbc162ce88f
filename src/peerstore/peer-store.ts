// The persistent peer store (spec §4): the address book, the bans (it is the scorer's
// durable BanStore) and the anchors, kept in LevelDB under <home>/peerstore or in memory.
// Every change to the book is written in the background: changes made in one turn of the
// event loop go out together in one atomic batch, one batch at a time, so a burst (a
// PeerList of a thousand records) costs one write. A write is committed when the promise
// of flush() or saveBan() resolves; committed writes survive a restart and a kill -9.
import { join } from 'node:path'
import type { Clock } from '../runtime/clock.js'
import { ConfigError, ErrorCodes, errorCode } from '../errors.js'
import type { PeerId } from '../identity/peer-id.js'
import type { BanEntry, BanStore } from '../scoring/scorer.js'
import { AddressBook, DEFAULT_BOOK_LIMITS, type BookLimits } from './address-book.js'
import { decodeAnchors, decodeBan, decodeKnownPeer, encodeAnchors, encodeBan, encodeKnownPeer, type AnchorPeer } from './known-peer.js'
import { LevelBackend, MemoryBackend, type StoreBackend, type StoreWrite } from './backend.js'

/** Options of a PeerStore. */
export interface PeerStoreOptions {
  clock: Clock
  /** Default: kept in memory (nothing survives the process). */
  backend?: StoreBackend
  /** Address book limits (defaults: DEFAULT_BOOK_LIMITS). */
  limits?: Partial<BookLimits>
  /** Most bans kept (default 10 000; those that expired first go first). */
  maxBans?: number
  /** Bans that expired longer ago than this are forgotten at open (default 7 days). */
  banMemoryMs?: number
  /** Called when a background write fails (default: ignore; the entries are retried with the next write). */
  onWriteError?: (err: unknown) => void
  /**
   * Called when the store was corrupt and has been moved to `movedTo` and started afresh
   * (the peer store is a cache: the node relearns its peers, as Bitcoin Core does with a
   * bad peers.dat). Without a backend that can do this, a corrupt store fails open().
   */
  onCorrupt?: (movedTo: string, err: Error) => void
}

const FORMAT = 'kuber-peerstore/1'
const K_FORMAT = 'meta/format'
const K_ANCHORS = 'meta/anchors'
const peerKey = (id: string): string => `peer/${id}`
const banKey = (id: string): string => `ban/${id}`

/** The peer store under `home` (`<home>/peerstore`), or in memory when home is undefined. */
export function createPeerStore (home: string | undefined, options: Omit<PeerStoreOptions, 'backend'>): PeerStore {
  return new PeerStore({ ...options, backend: home === undefined ? new MemoryBackend() : new LevelBackend(join(home, 'peerstore')) })
}

/** Address book, bans and anchors, persisted through a StoreBackend (see the file header). */
export class PeerStore implements BanStore {
  readonly book: AddressBook
  private readonly backend: StoreBackend
  private readonly dirtyPeers = new Set<PeerId>()
  private readonly dirtyKeys = new Map<string, string | undefined>()
  private bans: BanEntry[] = []
  private anchorList: AnchorPeer[] = []
  private opening: Promise<void> | undefined
  private tail: Promise<void> = Promise.resolve()
  private pending: Promise<void> | undefined
  private isOpen = false

  constructor (private readonly options: PeerStoreOptions) {
    this.backend = options.backend ?? new MemoryBackend()
    this.book = new AddressBook({ ...DEFAULT_BOOK_LIMITS, ...options.limits }, (id) => {
      this.dirtyPeers.add(id)
      this.schedule()
    })
  }

  /** Open and load (idempotent; reopens after close). */
  async open (): Promise<void> {
    this.opening ??= this.load().catch((err: unknown) => {
      this.opening = undefined
      throw err
    })
    await this.opening
  }

  /** Write what is pending, then close. */
  async close (): Promise<void> {
    if (this.opening === undefined) return
    await this.opening.catch(() => {})
    await this.flush()
    this.isOpen = false
    this.opening = undefined
    await this.backend.close()
  }

  /** Resolves when every change made so far is committed. */
  async flush (): Promise<void> {
    await (this.dirtyPeers.size + this.dirtyKeys.size > 0 ? this.schedule() : this.tail)
  }

  // ---- BanStore ----------------------------------------------------------------------

  async loadBans (): Promise<BanEntry[]> {
    await this.open()
    return [...this.bans]
  }

  async saveBan (entry: BanEntry): Promise<void> {
    this.dirtyKeys.set(banKey(entry.peerId), encodeBan(entry))
    await this.schedule()
  }

  /** Forget the bans of these peers (every ban when ids is undefined); returns the bans removed. */
  async removeBans (ids?: readonly PeerId[]): Promise<BanEntry[]> {
    await this.open()
    const removed = this.bans.filter((b) => ids === undefined || ids.includes(b.peerId))
    this.bans = this.bans.filter((b) => !removed.includes(b))
    for (const b of removed) this.dirtyKeys.set(banKey(b.peerId), undefined)
    await this.flush()
    return removed
  }

  // ---- anchors -----------------------------------------------------------------------

  /** Peers to dial first at start (the outbound peers we had when we stopped). */
  anchors (): AnchorPeer[] {
    return [...this.anchorList]
  }

  setAnchors (anchors: AnchorPeer[]): void {
    this.anchorList = [...anchors]
    this.dirtyKeys.set(K_ANCHORS, encodeAnchors(this.anchorList))
    this.schedule()
  }

  /** Sizes by table, address group and source group, the limits and the anchors (GET /p2p/addrbook). */
  summary (): Record<string, unknown> {
    const s = this.book.summary()
    return { size: this.book.size, new: s.new, tried: s.tried, limits: this.book.limits, by_group: s.byGroup, by_source: s.bySource, anchors: this.anchors() }
  }

  // ---- internals ---------------------------------------------------------------------

  /** Open the backend and read everything; a corrupt store is set aside and started afresh when the backend can. */
  private async openAndRead (): Promise<Array<[string, string]>> {
    try {
      await this.backend.open()
      return await this.backend.readAll()
    } catch (err) {
      const { discardCorrupt } = this.backend
      if (errorCode(err) !== ErrorCodes.STORE_CORRUPT || discardCorrupt === undefined) throw err
      const movedTo = await discardCorrupt.call(this.backend, this.options.clock.wallNow())
      this.options.onCorrupt?.(movedTo, err as Error)
      await this.backend.open()
      return []
    }
  }

  private async load (): Promise<void> {
    const entries = await this.openAndRead()
    const now = this.options.clock.wallNow()
    const stale: string[] = []
    const loaded: PeerId[] = []
    const bans: BanEntry[] = []
    for (const [key, value] of entries) {
      if (key === K_FORMAT) {
        if (value !== FORMAT) {
          await this.backend.close()
          throw new ConfigError(ErrorCodes.INVALID_CONFIG, `peer store holds format ${JSON.stringify(value)}, this version reads ${FORMAT}`)
        }
      } else if (key === K_ANCHORS) {
        this.anchorList = decodeAnchors(value)
      } else if (key.startsWith('peer/')) {
        const p = decodeKnownPeer(value)
        if (p === undefined || peerKey(p.peerId) !== key) stale.push(key)
        else { this.book.restore(p, now); loaded.push(p.peerId) }
      } else if (key.startsWith('ban/')) {
        const b = decodeBan(value)
        if (b === undefined || banKey(b.peerId) !== key || b.until < now - (this.options.banMemoryMs ?? 7 * 24 * 3600_000)) stale.push(key)
        else bans.push(b)
      } else {
        stale.push(key)
      }
    }
    bans.sort((a, b) => b.until - a.until)
    for (const b of bans.splice(this.options.maxBans ?? 10_000)) stale.push(banKey(b.peerId))
    this.bans = bans
    // entries today's limits left out of the book are deleted from disk
    for (const id of loaded) if (!this.book.has(id)) stale.push(peerKey(id))
    await this.backend.write([{ key: K_FORMAT, value: FORMAT }, ...stale.map((key) => ({ key, value: undefined }))])
    this.isOpen = true
    if (this.dirtyPeers.size + this.dirtyKeys.size > 0) this.schedule()
  }

  /** Queue one background batch (shared by every change until it starts). */
  private schedule (): Promise<void> {
    if (this.pending !== undefined) return this.pending
    const batch = this.tail.then(async () => {
      this.pending = undefined
      await this.writeDirty()
    })
    this.pending = batch
    this.tail = batch.catch((err: unknown) => this.options.onWriteError?.(err))
    return batch
  }

  private async writeDirty (): Promise<void> {
    if (!this.isOpen) return // kept dirty: written after the next open
    const batch: StoreWrite[] = [...this.dirtyKeys].map(([key, value]) => ({ key, value }))
    for (const id of this.dirtyPeers) {
      const p = this.book.get(id)
      batch.push({ key: peerKey(id), value: p === undefined ? undefined : encodeKnownPeer(p) })
    }
    const peers = [...this.dirtyPeers]
    const keys = new Map(this.dirtyKeys)
    this.dirtyPeers.clear()
    this.dirtyKeys.clear()
    try {
      await this.backend.write(batch)
    } catch (err) {
      // put them back (unless changed again meanwhile) so the next batch retries them
      for (const id of peers) this.dirtyPeers.add(id)
      for (const [k, v] of keys) if (!this.dirtyKeys.has(k)) this.dirtyKeys.set(k, v)
      throw err
    }
  }
}
