// The dialer keeps targetOutbound outbound peers. Every dialIntervalMs it fills free slots
// (at most maxConcurrentDials dials at once) with candidates from the address book, picked
// by score and freshness and spread across network groups (candidates.ts); it never dials
// itself, a connected, banned or backed-off peer, nor an address whose scheme (ws://) the
// node has no transport for. When the book has too few candidates it
// asks a seed (with its own backoff). The first outbound peers, up to maxAnchors, are kept
// as anchors: saved in the peer store and dialled first after a restart, so a node that
// restarts goes back to peers it trusted rather than to whatever the book now holds.
import type { Timer } from '../runtime/clock.js'
import type { PeerId } from '../identity/peer-id.js'
import type { Peer } from '../router/types.js'
import { Capability } from '../session/hello.js'
import { DisconnectReason } from '../session/lifecycle.js'
import { backoffDelay } from '../session/backoff.js'
import type { PeerStore } from '../peerstore/peer-store.js'
import { networkGroup } from '../transport/network-group.js'
import { pickDialCandidates } from './candidates.js'
import type { DialRunner } from './dial-runner.js'
import type { DiscoveryHost, DiscoverySettings, PeerDetails } from './types.js'

/** A seed is asked again no sooner than this many PEX intervals after the last time, at most (doubling from one). */
const MAX_SEED_BACKOFF_INTERVALS = 10

/** What the dialer works with. */
export interface DialerDeps {
  host: DiscoveryHost
  store: PeerStore
  runner: DialRunner
  settings: DiscoverySettings
}

/** Keeps targetOutbound outbound peers (see the file header). */
export class Dialer {
  private timer: Timer | undefined
  private seedAttempts = 0
  private nextSeedAt = 0
  private seedDialing = false

  constructor (private readonly deps: DialerDeps) {}

  start (): void {
    const { host, store, runner } = this.deps
    for (const a of store.anchors()) {
      if (a.peerId === host.localPeerId || host.isBanned(a.peerId) || !host.canDial(a.address)) continue
      void runner.dial(a.peerId, a.address, 'anchor').then((ok) => {
        if (!ok && !this.isConnected(a.peerId)) this.dropAnchor(a.peerId)
      })
    }
    this.timer = host.clock.setInterval(() => this.tick(), this.deps.settings.dialIntervalMs)
    this.tick()
  }

  stop (): void {
    this.timer?.cancel()
    this.timer = undefined
  }

  peerAdded (peer: Peer, details: PeerDetails): void {
    const { store, settings } = this.deps
    const anchors = store.anchors()
    if (peer.direction !== 'outbound' || (details.capabilities & Capability.SEED) !== 0) return
    if (anchors.length >= settings.maxAnchors || anchors.some((a) => a.peerId === peer.peerId)) return
    store.setAnchors([...anchors, { peerId: peer.peerId, address: peer.remoteAddress }])
  }

  peerRemoved (peer: Peer, reason: DisconnectReason): void {
    // at shutdown the anchors stay: they are what the next start dials first
    if (reason !== DisconnectReason.LOCAL_SHUTDOWN) this.dropAnchor(peer.peerId)
  }

  /** Fill free outbound slots. */
  tick (): void {
    if (this.timer === undefined) return
    const { host, store, runner, settings } = this.deps
    const need = Math.min(settings.targetOutbound, settings.maxOutbound) - host.outboundCount()
    if (need <= 0) {
      this.seedAttempts = 0
      return
    }
    const slots = Math.min(need, settings.maxConcurrentDials - runner.size)
    if (slots <= 0) return
    const connected = new Set<string>()
    const outboundGroups = new Map<string, number>()
    for (const p of host.connectedPeers()) {
      connected.add(p.peerId)
      if (p.direction !== 'outbound') continue
      const g = networkGroup(p.remoteAddress)
      outboundGroups.set(g, (outboundGroups.get(g) ?? 0) + 1)
    }
    const now = host.clock.wallNow()
    const picks = pickDialCandidates(store.book.entries(), slots, {
      now,
      random: host.random,
      skip: (id, address) => id === host.localPeerId || connected.has(id) || runner.isDialing(id) || host.isBanned(id) || !host.canDial(address),
      outboundGroups,
      maxPerGroup: settings.maxOutboundPerGroup,
      score: (id) => host.score(id)
    })
    for (const p of picks) void runner.dial(p.peerId, p.address, 'peer')
    if (picks.length < slots) this.dialSeed(host.clock.now(), connected)
  }

  /** Ask a seed for addresses, unless one was asked recently (`now`: monotonic). */
  private dialSeed (now: number, connected: ReadonlySet<string>): void {
    const { host, runner, settings } = this.deps
    if (this.seedDialing || now < this.nextSeedAt) return
    const seeds = settings.seeds.filter((s) => !connected.has(s.peerId) && !host.isBanned(s.peerId) && s.peerId !== host.localPeerId)
    if (seeds.length === 0) return
    const seed = seeds[host.random.int(seeds.length)]!
    const base = settings.pexIntervalMs
    this.nextSeedAt = now + backoffDelay(this.seedAttempts++, { baseMs: base, maxMs: base * MAX_SEED_BACKOFF_INTERVALS }, host.random)
    this.seedDialing = true
    void runner.dial(seed.peerId, seed.address, 'seed').finally(() => { this.seedDialing = false })
  }

  private isConnected (id: PeerId): boolean {
    return this.deps.host.connectedPeers().some((p) => p.peerId === id)
  }

  private dropAnchor (id: PeerId): void {
    const anchors = this.deps.store.anchors()
    if (anchors.some((a) => a.peerId === id)) this.deps.store.setAnchors(anchors.filter((a) => a.peerId !== id))
  }
}
