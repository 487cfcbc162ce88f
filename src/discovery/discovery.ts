// Discovery as one Protocol the node registers: peer exchange (pex.ts), the outbound
// dialer (dialer.ts) or, in seed mode, the crawler (crawler.ts), over the peer store.
// It also feeds the book from connections themselves: a peer we dialled and whose
// identity the handshake proved moves to "tried" at the address we dialled; an inbound
// peer's advertised listen address enters "new" with the peer itself as the source.
import type { Timer } from '../runtime/clock.js'
import type { Peer, Protocol } from '../router/types.js'
import { MessageType } from '../wire/codecs.js'
import { Capability } from '../session/hello.js'
import { DisconnectReason } from '../session/lifecycle.js'
import type { PeerStore } from '../peerstore/peer-store.js'
import { hostOf, networkGroup } from '../transport/network-group.js'
import type { PeerClaim } from '../peerstore/known-peer.js'
import { Pex } from './pex.js'
import { DialRunner } from './dial-runner.js'
import { Dialer } from './dialer.js'
import { Crawler } from './crawler.js'
import { AddressPolicy } from './address-policy.js'
import { DiscoveryStats, registerDiscoveryMetrics } from './stats.js'
import type { DiscoveryHost, DiscoverySettings, PeerDetails } from './types.js'

/** The discovery Protocol ("discovery": PeerListRequest and PeerList); the node creates it when pex is on. */
export class Discovery implements Protocol {
  readonly name = 'discovery'
  readonly messageTypes = [MessageType.PEER_LIST_REQUEST, MessageType.PEER_LIST] as const
  readonly capabilities = Capability.PEER_EXCHANGE
  readonly counters = new DiscoveryStats()
  private readonly pex: Pex
  private readonly runner: DialRunner
  private readonly keeper: Dialer | Crawler
  private readonly policy: AddressPolicy
  private pexTimer: Timer | undefined

  constructor (private readonly host: DiscoveryHost, private readonly store: PeerStore, private readonly settings: DiscoverySettings) {
    const book = store.book
    this.policy = new AddressPolicy(settings.addrBookStrict, host.log)
    this.pex = new Pex({ host, book, stats: this.counters, settings, policy: this.policy })
    this.runner = new DialRunner({ host, book, stats: this.counters, settings })
    this.keeper = settings.seedMode
      ? new Crawler({ host, book, runner: this.runner, settings })
      : new Dialer({ host, store, runner: this.runner, settings })
    host.addMetrics((registry) => registerDiscoveryMetrics(registry, this.counters, store.book))
  }

  /** Start dialling or crawling, and the periodic exchange. */
  start (): void {
    this.policy.configure(this.host.ownAddresses())
    this.keeper.start()
    this.pexTimer = this.host.clock.setInterval(() => this.pex.tick(), this.settings.pexIntervalMs)
  }

  stop (): void {
    this.keeper.stop()
    this.pexTimer?.cancel()
    this.pexTimer = undefined
  }

  onMessage (peer: Peer, type: number, payload: Uint8Array): void {
    this.pex.onMessage(peer, type, payload)
  }

  onPeerAdded (peer: Peer): void {
    const details = this.host.details(peer)
    if (details === undefined) return
    this.learn(peer, details)
    this.pex.added(peer, details.capabilities)
    this.keeper.peerAdded(peer, details)
  }

  onPeerRemoved (peer: Peer, reason: DisconnectReason): void {
    const now = this.host.clock.wallNow()
    const redial = peer.direction === 'outbound' && reason !== DisconnectReason.LOCAL_SHUTDOWN && reason !== DisconnectReason.SEED_DONE
    this.store.book.update(peer.peerId, {
      score: this.host.score(peer.peerId),
      latestHeight: peer.latestHeight,
      lastSeen: now,
      // a peer that just dropped us is not redialled at once
      ...(redial ? { retryAt: now + this.runner.retryDelay(1) } : {})
    })
    this.pex.removed(peer)
    this.keeper.peerRemoved(peer, reason)
  }

  stats (): Record<string, unknown> {
    return { ...this.counters.toJSON(), addrbook: { new: this.store.book.newCount, tried: this.store.book.triedCount }, dials_in_flight: this.runner.size }
  }

  private learn (peer: Peer, details: PeerDetails): void {
    const now = this.host.clock.wallNow()
    const claim = (address: string): PeerClaim => ({
      peerId: peer.peerId,
      address,
      publicKey: details.publicKey,
      latestHeight: peer.latestHeight,
      score: this.host.score(peer.peerId),
      flags: details.capabilities,
      lastSeen: now
    })
    if (peer.direction === 'outbound') {
      if (this.storable(peer.remoteAddress)) this.store.book.markGood(claim(peer.remoteAddress), now)
    } else if (details.listenAddress !== undefined && this.storable(details.listenAddress)) {
      const source = { peerId: peer.peerId, group: networkGroup(peer.remoteAddress) }
      this.counters.records.add(this.store.book.add(claim(details.listenAddress), source, now))
    }
  }

  /** An address the book may hold: not ours, and kept by the address policy (addrBookStrict). */
  private storable (address: string): boolean {
    const host = hostOf(address)
    if (host === undefined || this.host.ownAddresses().has(address)) return false
    if (this.policy.accepts(host)) return true
    this.policy.dropped(1, address)
    return false
  }
}
