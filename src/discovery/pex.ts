// Peer exchange (spec §5): PeerListRequest → PeerList. We ask the outbound peers we chose
// when they connect and, while the book wants addresses, one random peer every
// pexIntervalMs. We answer a peer's request at most once per pexIntervalMs/3 (more often is
// RATE_LIMITED), and accept a PeerList only in answer to our own outstanding request (a
// request of the node's tracker: otherwise it is UNSOLICITED and dropped; unanswered within
// pexIntervalMs, SLOW_RESPONSE), at most as many records as we asked for.
// Records are checked (peer-record.ts); a list holding invalid ones costs its sender one
// INVALID_PEER_RECORD penalty and the invalid records are dropped. Valid records enter the
// book's "new" table under the sender's network group as their source. A node in seed
// mode hangs up (SEED_DONE) after it answers a request or gets the list it asked for.
import { ErrorCodes, ProtocolError } from '../errors.js'
import type { PeerId } from '../identity/peer-id.js'
import type { Peer } from '../router/types.js'
import type { RequestKind } from '../router/requests.js'
import { Messages, MessageType, decodePayload } from '../wire/codecs.js'
import { Capability } from '../session/hello.js'
import { DisconnectReason } from '../session/lifecycle.js'
import type { AddressBook } from '../peerstore/address-book.js'
import { networkGroup } from '../transport/network-group.js'
import { samplePeers } from './candidates.js'
import { INVALID_REJECTIONS, checkPeerRecord, toPeerRecord } from './peer-record.js'
import type { DiscoveryStats } from './stats.js'
import type { DiscoveryHost, DiscoverySettings } from './types.js'
import type { AddressPolicy } from './address-policy.js'

/** Most records we ask for and send in one PeerList (the decoder caps a list at 1000). */
export const PEX_MAX_PEERS = 100

interface PexPeer {
  peer: Peer
  capabilities: number
  /** When we last asked it, and when it last asked us. */
  askedAt: number
  answeredAt: number
}

/** What peer exchange works with. */
export interface PexDeps {
  host: DiscoveryHost
  book: AddressBook
  stats: DiscoveryStats
  settings: Pick<DiscoverySettings, 'seedMode' | 'pexIntervalMs'>
  /** Which addresses the book keeps. */
  policy: AddressPolicy
}

/** Peer exchange with each connected peer (see the file header). */
export class Pex {
  private readonly peers = new Map<PeerId, PexPeer>()
  /** Our requests awaiting their lists: how many records we asked for. */
  private readonly lists: RequestKind<number>

  constructor (private readonly deps: PexDeps) {
    this.lists = deps.host.requests.kind<number>({
      name: 'peer_list',
      timeoutMs: deps.settings.pexIntervalMs,
      maxPerPeer: 1,
      grant: { types: [MessageType.PEER_LIST] },
      onTimeout: () => deps.stats.pex.add('request_expired')
    })
  }

  /** Requests closer together than this from one peer are RATE_LIMITED. */
  get minRequestIntervalMs (): number {
    return this.deps.settings.pexIntervalMs / 3
  }

  /** True while the book has room it would like filled. */
  get wantsAddresses (): boolean {
    const { maxNew, maxTried } = this.deps.book.limits
    return this.deps.book.size < (maxNew + maxTried) / 2
  }

  added (peer: Peer, capabilities: number): void {
    const state: PexPeer = { peer, capabilities, askedAt: -Infinity, answeredAt: -Infinity }
    this.peers.set(peer.peerId, state)
    // ask the peers we chose; a seed answers its clients, it does not ask them
    const ask = peer.direction === 'outbound' || (this.wantsAddresses && !this.deps.settings.seedMode)
    if (ask) this.request(state)
  }

  removed (peer: Peer): void {
    this.peers.delete(peer.peerId)
  }

  /** Periodic: ask one random peer if the book wants more. */
  tick (): void {
    const now = this.deps.host.clock.now()
    if (this.deps.settings.seedMode || !this.wantsAddresses) return
    const eligible = [...this.peers.values()].filter((s) => this.canAsk(s, now))
    if (eligible.length > 0) this.request(eligible[this.deps.host.random.int(eligible.length)]!)
  }

  onMessage (peer: Peer, type: number, payload: Uint8Array): void {
    const state = this.peers.get(peer.peerId)
    if (state === undefined) return
    if (type === MessageType.PEER_LIST_REQUEST) this.onRequest(state, payload)
    else this.onList(state, payload)
  }

  private canAsk (s: PexPeer, now: number): boolean {
    return (s.capabilities & Capability.PEER_EXCHANGE) !== 0 && this.lists.openTo(s.peer.peerId) === 0 && now - s.askedAt >= this.minRequestIntervalMs
  }

  private request (s: PexPeer): void {
    if ((s.capabilities & Capability.PEER_EXCHANGE) === 0) return
    const now = this.deps.host.clock.now()
    if (this.lists.start(s.peer.peerId, '', PEX_MAX_PEERS) === undefined) return
    s.askedAt = now
    s.peer.sendMessage(Messages.peerListRequest, { maxPeers: PEX_MAX_PEERS })
    this.deps.stats.pex.add('request_sent')
  }

  private onRequest (s: PexPeer, payload: Uint8Array): void {
    const { host, book, stats } = this.deps
    const request = decodePayload(Messages.peerListRequest, payload)
    const now = host.clock.now()
    stats.pex.add('request_received')
    if (now - s.answeredAt < this.minRequestIntervalMs) {
      stats.pex.add('rate_limited')
      throw new ProtocolError(ErrorCodes.RATE_LIMITED, `PeerListRequest ${Math.round(now - s.answeredAt)} ms after the previous one (minimum ${this.minRequestIntervalMs} ms)`)
    }
    s.answeredAt = now
    const max = Math.min(request.maxPeers === 0 ? PEX_MAX_PEERS : request.maxPeers, PEX_MAX_PEERS)
    const requester = s.peer.peerId
    const records = samplePeers(book.entries(), max, host.random, (id) => id === requester || host.isBanned(id))
    s.peer.sendMessage(Messages.peerList, { peers: records.map(toPeerRecord) })
    stats.pex.add('list_sent')
    // a seed crawling this peer waits for its list before hanging up
    if (this.deps.settings.seedMode && this.lists.openTo(requester) === 0) host.disconnect(requester, DisconnectReason.SEED_DONE)
  }

  private onList (s: PexPeer, payload: Uint8Array): void {
    const { host, book, stats, settings, policy } = this.deps
    if (this.lists.openTo(s.peer.peerId) === 0) stats.pex.add('unsolicited')
    const asked = this.lists.answer(s.peer.peerId, '')
    if (asked === undefined) return // a late list: we asked again meanwhile or gave up
    const max = asked.data
    const list = decodePayload(Messages.peerList, payload)
    stats.pex.add('list_received')
    const now = host.clock.wallNow()
    const ctx = { now, localPeerId: host.localPeerId, ownAddresses: host.ownAddresses(), acceptsHost: (h: string) => policy.accepts(h), isBanned: (id: PeerId) => host.isBanned(id), knownKey: (id: PeerId) => book.get(id)?.publicKey }
    const source = { peerId: s.peer.peerId, group: networkGroup(s.peer.remoteAddress) }
    let invalid = 0
    const unkept: string[] = []
    if (list.peers.length > max) stats.records.add('over_limit', list.peers.length - max)
    for (const record of list.peers.slice(0, max)) {
      const verdict = checkPeerRecord(record, ctx)
      if (verdict.ok) {
        stats.records.add(book.add(verdict.claim, source, now))
      } else {
        stats.records.add(verdict.reason)
        if (INVALID_REJECTIONS.has(verdict.reason)) invalid++
        else if (verdict.reason === 'unroutable') unkept.push(record.address)
      }
    }
    policy.dropped(unkept.length, unkept[0] ?? '')
    if (settings.seedMode) host.disconnect(s.peer.peerId, DisconnectReason.SEED_DONE)
    if (invalid > 0) throw new ProtocolError(ErrorCodes.INVALID_PEER_RECORD, `${invalid} of ${list.peers.length} PeerRecords invalid (key does not hash to the id, or a bad id, key or address)`)
  }
}
