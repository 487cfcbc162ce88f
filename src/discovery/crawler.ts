// Seed mode: instead of keeping outbound peers, a seed crawls. Every dialIntervalMs it
// dials up to maxConcurrentDials addresses from its book, those never tried first, then
// those crawled longest ago (each at most once per RECRAWL_INTERVALS × pexIntervalMs);
// PEX asks each for its list and hangs up when it arrives. Reached peers move to "tried",
// dead ones back off and are forgotten, so what the seed serves stays fresh. It keeps no
// long connections: any connection older than SEED_CONNECTION_TTL_MS is closed.
import type { Timer } from '../runtime/clock.js'
import type { PeerId } from '../identity/peer-id.js'
import type { Peer } from '../router/types.js'
import { DisconnectReason } from '../session/lifecycle.js'
import type { AddressBook } from '../peerstore/address-book.js'
import type { DialRunner } from './dial-runner.js'
import type { DiscoveryHost, DiscoverySettings } from './types.js'

/** A seed closes any connection after this long (ms), answered or not. */
export const SEED_CONNECTION_TTL_MS = 10_000
/** An address is crawled again after this many PEX intervals (10 minutes by default). */
const RECRAWL_INTERVALS = 20

/** What the crawler works with. */
export interface CrawlerDeps {
  host: DiscoveryHost
  book: AddressBook
  runner: DialRunner
  settings: DiscoverySettings
}

/** Seed mode's replacement for the Dialer: crawl the book, hang up on everyone. */
export class Crawler {
  private timer: Timer | undefined
  private readonly connectedAt = new Map<PeerId, number>()

  constructor (private readonly deps: CrawlerDeps) {}

  start (): void {
    const { host, runner, settings } = this.deps
    for (const s of settings.seeds) if (s.peerId !== host.localPeerId) void runner.dial(s.peerId, s.address, 'seed')
    this.timer = host.clock.setInterval(() => this.tick(), settings.dialIntervalMs)
    this.tick()
  }

  stop (): void {
    this.timer?.cancel()
    this.timer = undefined
  }

  peerAdded (peer: Peer): void {
    this.connectedAt.set(peer.peerId, this.deps.host.clock.now())
  }

  peerRemoved (peer: Peer): void {
    this.connectedAt.delete(peer.peerId)
  }

  tick (): void {
    if (this.timer === undefined) return
    const { host, book, runner, settings } = this.deps
    const now = host.clock.now()
    for (const [id, at] of this.connectedAt) {
      if (now - at >= SEED_CONNECTION_TTL_MS) host.disconnect(id, DisconnectReason.SEED_DONE)
    }
    const slots = Math.min(settings.maxConcurrentDials - runner.size, settings.maxOutbound - host.outboundCount())
    if (slots <= 0) return
    const recrawlMs = RECRAWL_INTERVALS * settings.pexIntervalMs
    const wall = host.clock.wallNow() // address-book times are wall-clock (persisted)
    const due = [...book.entries()]
      .filter((p) => p.retryAt <= wall && (p.lastAttempt === 0 || wall - p.lastAttempt >= recrawlMs) &&
        !this.connectedAt.has(p.peerId) && !runner.isDialing(p.peerId) && !host.isBanned(p.peerId))
      .sort((a, b) => a.lastAttempt - b.lastAttempt)
      .slice(0, slots)
    for (const p of due) void runner.dial(p.peerId, p.address, 'crawl')
  }
}
