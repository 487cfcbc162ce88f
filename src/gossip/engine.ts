// The gossip engine (spec §8): how blocks, votes, transactions and application topics
// travel. Full messages are pushed eagerly along a spanning tree of peers and their ids are
// announced lazily to a few others, who fetch what they miss (Plumtree, Leitão et al.
// 2007, with gossipsub v1.1/1.2's IHAVE/IWANT/IDONTWANT). The eager set starts as a mesh
// of meshDegree peers; an eager peer whose push was a duplicate is pruned to lazy (unless
// it recently delivered something new), so the eager edges settle into a tree and each node
// receives about one full copy per message. A missing message is pulled from an announcer,
// which is then grafted back into the tree. Every message is hashed and encoded once per
// node, and nothing is forwarded before its topic accepts it. Peers below the greylist
// threshold get nothing and are never asked for anything.
import type { Logger } from 'pino'
import type { Clock, Timer } from '../runtime/clock.js'
import type { Random } from '../runtime/random.js'
import type { PeerId } from '../identity/peer-id.js'
import { ErrorCodes, KuberError, ProtocolError } from '../errors.js'
import type { MessageHandler, Peer, Protocol } from '../router/types.js'
import { Reward } from '../scoring/penalties.js'
import { encodeFrame, messageHash } from '../wire/envelope.js'
import { Messages, MessageType, decodePayload, encodePayload } from '../wire/codecs.js'
import { Announcer } from './announcer.js'
import { Mesh, type MeshPeer } from './mesh.js'
import type { GossipParams } from './params.js'
import { PendingPulls } from './pulls.js'
import { GossipStats } from './stats.js'
import { idKey, keyId, type GossipMessage, type GossipTopic, type Verdict } from './topic.js'
import { TtlCache } from './ttl-cache.js'

/** What the engine needs from its node. */
export interface GossipHost {
  readonly clock: Clock
  readonly random: Random
  readonly log: Logger
  /** Score below the greylist threshold (or banned): no gossip to it, nothing asked of it. */
  isQuarantined(id: PeerId): boolean
  penalize(id: PeerId, err: KuberError): void
  reward(id: PeerId, weight: number): void
  /** Route a topic's envelope type to the engine. */
  route(type: number, handler: MessageHandler): void
}

type SeenState = 'pending' | Verdict

const EMPTY = new Uint8Array(0)
const graftFrame = encodeFrame(MessageType.GOSSIP_GRAFT, EMPTY)
const pruneFrame = encodeFrame(MessageType.GOSSIP_PRUNE, EMPTY)

export class GossipEngine implements Protocol {
  readonly name = 'gossip'
  readonly messageTypes = [MessageType.GOSSIP_IHAVE, MessageType.GOSSIP_IWANT, MessageType.GOSSIP_IDONTWANT, MessageType.GOSSIP_GRAFT, MessageType.GOSSIP_PRUNE]
  readonly counters = new GossipStats()
  private readonly topics = new Map<number, GossipTopic>()
  private readonly seen: TtlCache<SeenState>
  private readonly history: TtlCache<GossipMessage>
  private readonly mesh: Mesh
  private readonly pulls: PendingPulls
  private readonly announcer: Announcer
  private heartbeatTimer: Timer | undefined
  private stopped = false

  constructor (private readonly host: GossipHost, readonly params: GossipParams) {
    const { clock } = host
    this.seen = new TtlCache({ maxEntries: params.seenMaxEntries, ttlMs: params.seenTtlMs })
    this.history = new TtlCache({ maxEntries: params.historyMaxMessages, ttlMs: params.historyTtlMs, maxBytes: params.historyMaxBytes, sizeOf: (m) => m.frame.length })
    this.mesh = new Mesh(params)
    this.pulls = new PendingPulls(clock, { timeoutMs: params.iwantTimeoutMs, maxAttempts: params.maxPullAttempts, maxPending: params.maxPendingPulls }, {
      ask: (key, from) => this.ask(key, from),
      timedOut: (_key, asked) => host.penalize(asked, new ProtocolError(ErrorCodes.SLOW_RESPONSE, 'announced message not delivered in time'))
    })
    this.announcer = new Announcer(clock, {
      intervalMs: params.ihaveIntervalMs,
      rounds: params.announceRounds,
      fanout: params.lazyFanout,
      pickTargets: (k) => this.mesh.sample(k, host.random, (mp) => !mp.eager).filter((mp) => !host.isQuarantined(mp.id)),
      send: (mp, frame, ids) => {
        this.counters.ihave.sent++
        this.counters.ihave.idsSent += ids
        this.send(mp, MessageType.GOSSIP_IHAVE, frame)
      }
    })
  }

  /** Carry a topic: its type is routed here and its messages are gossiped. */
  addTopic (topic: GossipTopic): void {
    if (this.topics.has(topic.type)) throw new Error(`gossip topic for type ${topic.type} already exists`)
    this.host.route(topic.type, (peer, _type, payload) => this.receive(peer, topic.type, payload))
    this.topics.set(topic.type, topic)
  }

  /**
   * Publish a message of a topic's type: push it to the eager peers and announce it to
   * lazy ones. `decoded` is what the topic's frameFor/deliver expect to find. Returns the
   * message id; publishing a message already seen does nothing.
   */
  publish (type: number, payload: Uint8Array, decoded?: unknown): Buffer {
    const topic = this.topics.get(type)
    if (topic === undefined) throw new Error(`no gossip topic for message type ${type}`)
    const id = topic.messageId?.(payload) ?? messageHash(type, payload)
    const key = idKey(id)
    const now = this.host.clock.now()
    if (this.seen.get(key, now) !== undefined) return id
    this.seen.set(key, 'accept', now)
    this.counters.published++
    const msg = newMessage(key, id, type, payload)
    msg.decoded = decoded
    if (this.mesh.eagerCount === 0) this.fillMesh()
    this.forward(topic, msg, undefined)
    topic.deliver?.(msg, undefined)
    return id
  }

  /** A full message of a topic's type from a peer (also used for rebuilt compact blocks). */
  receive (peer: Peer, type: number, payload: Uint8Array): void {
    const mp = this.mesh.get(peer.peerId)
    const topic = this.topics.get(type)
    if (mp === undefined || topic === undefined || this.stopped) return
    this.counters.received++
    const id = topic.messageId?.(payload) ?? messageHash(type, payload)
    const key = idKey(id)
    const now = this.host.clock.now()
    const state = this.seen.get(key, now)
    if (state !== undefined) {
      this.duplicate(mp, key, state, topic, now)
      return
    }
    this.seen.set(key, 'pending', now)
    this.pulls.received(key)
    mp.asked.delete(key)
    mp.lastNewAt = now
    const msg = newMessage(key, id, type, payload)
    if (payload.length >= this.params.idontwantMinBytes) this.sendDontWant(msg, mp)
    this.validate(topic, msg, mp)
  }

  /** A peer pushed us something we already had by another route (compact blocks report theirs here). */
  redundantPush (peer: Peer): void {
    const mp = this.mesh.get(peer.peerId)
    if (mp !== undefined) this.pruneIfRedundant(mp, this.host.clock.now())
  }

  /** True if the message with this id was seen (in any state) and not yet forgotten. */
  hasSeen (id: Uint8Array): boolean {
    return this.seen.has(idKey(id), this.host.clock.now())
  }

  // ---- Protocol --------------------------------------------------------------------------

  onMessage (peer: Peer, type: number, payload: Uint8Array): void {
    const mp = this.mesh.get(peer.peerId)
    if (mp === undefined || this.stopped) return
    switch (type) {
      case MessageType.GOSSIP_IHAVE: return this.onIHave(mp, decodePayload(Messages.gossipIHave, payload).msgHashes)
      case MessageType.GOSSIP_IWANT: return this.onIWant(mp, decodePayload(Messages.gossipIWant, payload).msgHashes)
      case MessageType.GOSSIP_IDONTWANT: return this.onIDontWant(mp, decodePayload(Messages.gossipIDontWant, payload).msgHashes)
      case MessageType.GOSSIP_GRAFT: return this.onGraft(mp, decodePayload(Messages.gossipGraft, payload))
      case MessageType.GOSSIP_PRUNE:
        decodePayload(Messages.gossipPrune, payload)
        this.counters.prune.received++
        this.mesh.setEager(mp, false)
    }
  }

  onPeerAdded (peer: Peer): void {
    this.stopped = false
    this.heartbeatTimer ??= this.host.clock.setInterval(() => this.heartbeat(), this.params.heartbeatMs)
    const mp = this.mesh.add(peer)
    if (this.mesh.eagerCount < this.params.meshDegree && !this.host.isQuarantined(mp.id)) this.graft(mp)
  }

  onPeerRemoved (peer: Peer): void {
    const mp = this.mesh.remove(peer.peerId)
    if (mp === undefined) return
    this.payReward(mp)
    this.announcer.removePeer(mp)
    // the tree lost an edge: reattach through another peer (IHAVE repairs the rest)
    if (mp.eager) this.fillMesh(1)
  }

  stop (): void {
    this.stopped = true
    this.heartbeatTimer?.cancel()
    this.heartbeatTimer = undefined
    this.pulls.clear()
    this.announcer.stop()
  }

  stats (): Record<string, unknown> {
    return {
      ...this.counters.toJSON(),
      peers: this.mesh.size,
      eager_peers: this.mesh.eagerCount,
      seen_cache: { size: this.seen.size, evicted: this.seen.evicted, max: this.params.seenMaxEntries },
      history: { messages: this.history.size, bytes: this.history.bytes, evicted: this.history.evicted },
      pulls: { pending: this.pulls.size, timeouts: this.pulls.timeouts, dropped: this.pulls.dropped },
      announce_dropped: this.announcer.dropped
    }
  }

  /** Sizes of the bounded structures (tests check the limits hold). */
  get sizes (): { seen: number, history: number, historyBytes: number, pendingPulls: number, eager: number } {
    return { seen: this.seen.size, history: this.history.size, historyBytes: this.history.bytes, pendingPulls: this.pulls.size, eager: this.mesh.eagerCount }
  }

  // ---- message path ------------------------------------------------------------------------

  private validate (topic: GossipTopic, msg: GossipMessage, from: MeshPeer): void {
    let verdict
    try {
      verdict = topic.validate(msg, from.peer)
    } catch (err) {
      this.settle(topic, msg, from, 'reject', err)
      return
    }
    if (typeof verdict === 'string') this.settle(topic, msg, from, verdict)
    else verdict.then((v) => this.settle(topic, msg, from, v), (err) => this.settle(topic, msg, from, 'reject', err))
  }

  private settle (topic: GossipTopic, msg: GossipMessage, from: MeshPeer, verdict: Verdict, err?: unknown): void {
    if (this.stopped) return
    if (err !== undefined && !(err instanceof KuberError)) {
      // our validator's bug, not the peer's fault: drop without blame
      this.host.log.error({ err, topic: topic.name }, 'gossip validator failed')
      verdict = 'ignore'
    }
    this.seen.set(msg.key, verdict, this.host.clock.now())
    if (verdict === 'accept') {
      this.counters.accepted++
      from.pendingReward += topic.reward ?? Reward.VALID_MESSAGE
      this.forward(topic, msg, from)
      topic.deliver?.(msg, from.peer)
    } else if (verdict === 'ignore') {
      this.counters.ignored++
    } else {
      this.counters.rejected++
      this.host.penalize(from.id, err instanceof KuberError ? err : new ProtocolError(topic.rejectCode, `invalid ${topic.name} message`))
    }
  }

  private forward (topic: GossipTopic, msg: GossipMessage, from: MeshPeer | undefined): void {
    for (const mp of this.mesh.eager()) {
      if (mp === from || mp.dontWant.has(msg.key, this.host.clock.now()) || this.host.isQuarantined(mp.id)) continue
      if (mp.peer.sendBufferedBytes > this.params.backpressureBytes) {
        this.counters.backpressured++
        this.announcer.enqueueFor(mp, msg.key)
        continue
      }
      this.counters.pushed++
      const other = topic.frameFor?.(msg, mp.peer)
      if (other === undefined) this.send(mp, msg.type, msg.frame)
      else this.send(mp, other.type, other.frame)
    }
    this.history.set(msg.key, msg, this.host.clock.now())
    this.announcer.enqueue(msg.key)
  }

  private duplicate (mp: MeshPeer, key: string, state: SeenState, topic: GossipTopic, now: number): void {
    this.counters.duplicates++
    if (state === 'reject') {
      this.host.penalize(mp.id, new ProtocolError(topic.rejectCode, `${topic.name} message already found invalid`))
      return
    }
    if (mp.asked.delete(key)) return // a late answer to our IWANT, not a redundant push
    this.pruneIfRedundant(mp, now)
  }

  /** An eager peer that pushed a copy we had and gave us nothing new lately leaves the tree. */
  private pruneIfRedundant (mp: MeshPeer, now: number): void {
    if (mp.eager && now - mp.lastNewAt >= this.params.pruneGraceMs) {
      this.mesh.setEager(mp, false)
      this.counters.prune.sent++
      this.send(mp, MessageType.GOSSIP_PRUNE, pruneFrame)
    }
  }

  private sendDontWant (msg: GossipMessage, from: MeshPeer): void {
    let frame: Uint8Array | undefined
    for (const mp of this.mesh.eager()) {
      if (mp === from) continue
      frame ??= encodeFrame(MessageType.GOSSIP_IDONTWANT, encodePayload(Messages.gossipIDontWant, { msgHashes: [keyId(msg.key)] }))
      this.counters.idontwant.sent++
      this.send(mp, MessageType.GOSSIP_IDONTWANT, frame)
    }
  }

  // ---- control -----------------------------------------------------------------------------

  private onIHave (mp: MeshPeer, ids: Uint8Array[]): void {
    this.counters.ihave.received++
    this.counters.ihave.idsReceived += ids.length
    if (this.host.isQuarantined(mp.id)) return
    const now = this.host.clock.now()
    for (const id of ids) {
      if (mp.ihaveTaken >= this.params.maxIHavePerPeerPerHeartbeat) {
        this.counters.ihave.idsOverBudget++
        continue
      }
      mp.ihaveTaken++
      const key = idKey(id)
      if (this.seen.get(key, now) === undefined) this.pulls.announce(key, mp.id)
    }
  }

  private onIWant (mp: MeshPeer, ids: Uint8Array[]): void {
    this.counters.iwant.received++
    if (this.host.isQuarantined(mp.id)) return
    const now = this.host.clock.now()
    for (const id of ids) {
      const msg = this.history.get(idKey(id), now)
      if (msg === undefined) continue
      if (mp.iwantServed >= this.params.maxIWantPerPeerPerHeartbeat) {
        this.counters.iwant.overBudget++
        continue
      }
      mp.iwantServed++
      this.counters.iwant.served++
      this.send(mp, msg.type, msg.frame)
    }
  }

  private onIDontWant (mp: MeshPeer, ids: Uint8Array[]): void {
    this.counters.idontwant.received++
    const now = this.host.clock.now()
    for (const id of ids) mp.dontWant.set(idKey(id), true, now)
  }

  private onGraft (mp: MeshPeer, _graft: unknown): void {
    this.counters.graft.received++
    if (this.host.isQuarantined(mp.id) || (!mp.eager && this.mesh.eagerCount >= this.params.maxEagerPeers)) {
      this.counters.graft.refused++
      this.counters.prune.sent++
      this.send(mp, MessageType.GOSSIP_PRUNE, pruneFrame)
      return
    }
    this.mesh.setEager(mp, true)
  }

  /** Pull: ask an announcer for a message we still lack, and graft it (our tree route failed). */
  private ask (key: string, from: PeerId): boolean {
    const mp = this.mesh.get(from)
    if (mp === undefined || this.host.isQuarantined(from)) return false
    mp.asked.set(key, true, this.host.clock.now())
    this.counters.iwant.sent++
    this.send(mp, MessageType.GOSSIP_IWANT, encodeFrame(MessageType.GOSSIP_IWANT, encodePayload(Messages.gossipIWant, { msgHashes: [keyId(key)] })))
    this.graft(mp)
    return true
  }

  // ---- mesh upkeep -------------------------------------------------------------------------

  private heartbeat (): void {
    const now = this.host.clock.now()
    this.seen.expire(now)
    this.history.expire(now)
    for (const mp of this.mesh.all()) {
      mp.iwantServed = 0
      mp.ihaveTaken = 0
      this.payReward(mp)
      if (mp.eager && this.host.isQuarantined(mp.id)) {
        this.mesh.setEager(mp, false)
        this.counters.prune.sent++
        this.send(mp, MessageType.GOSSIP_PRUNE, pruneFrame)
      }
    }
    if (this.mesh.eagerCount === 0) this.fillMesh()
  }

  /** (Re)build the eager set: graft `want` random lazy peers (default: up to meshDegree eager). */
  private fillMesh (want = this.params.meshDegree - this.mesh.eagerCount): void {
    for (const mp of this.mesh.sample(want, this.host.random, (p) => !p.eager && !this.host.isQuarantined(p.id))) this.graft(mp)
  }

  private graft (mp: MeshPeer): void {
    if (!this.mesh.setEager(mp, true)) return
    this.counters.graft.sent++
    this.send(mp, MessageType.GOSSIP_GRAFT, graftFrame)
  }

  private payReward (mp: MeshPeer): void {
    if (mp.pendingReward === 0) return
    this.host.reward(mp.id, mp.pendingReward)
    mp.pendingReward = 0
  }

  private send (mp: MeshPeer, type: number, frame: Uint8Array): void {
    if (!mp.peer.sendFrame(type, frame)) this.counters.sendDrops++
  }
}

function newMessage (key: string, id: Buffer, type: number, payload: Uint8Array): GossipMessage {
  const frame = encodeFrame(type, payload)
  return { key, id, type, frame, payload: frame.subarray(frame.length - payload.length), decoded: undefined }
}
