// The gossip engine (spec §8): how blocks, votes, transactions and application topics
// travel. Full messages are pushed eagerly along a spanning tree of peers and their ids are
// announced lazily to a few others, who fetch what they miss (Plumtree, Leitão et al.
// 2007, with gossipsub v1.1/1.2's IHAVE/IWANT/IDONTWANT). The eager set starts as a mesh
// of meshDegree peers; an eager peer whose push was a duplicate is pruned to lazy (unless
// it recently delivered something new), so the eager edges settle into a tree and each node
// receives about one full copy per message. A missing message is pulled from an announcer,
// which is then grafted back into the tree (control.ts). Every message is hashed and
// encoded once per node, and nothing is forwarded before its topic accepts it. Peers below
// the greylist threshold get nothing and are never asked for anything.
import type { Timer } from '../runtime/clock.js'
import { ErrorCodes, KuberError, ProtocolError } from '../errors.js'
import type { ProtocolHost } from '../router/host.js'
import type { MessageHandler, Peer, Protocol } from '../router/types.js'
import { DisconnectReason } from '../session/lifecycle.js'
import { Reward } from '../scoring/penalties.js'
import { encodeFrame, messageHash } from '../wire/envelope.js'
import type { Digest } from '../wire/hash.js'
import { Messages, MessageType, encodePayload } from '../wire/codecs.js'
import { MAX_FRAME_BYTES } from '../wire/frame.js'
import { Announcer } from './announcer.js'
import { GossipControl, type GossipContext } from './control.js'
import { Mesh, type MeshPeer } from './mesh.js'
import type { GossipParams } from './params.js'
import { GossipStats } from './stats.js'
import { idKey, isKnownTo, keyId, noteKnown, noteSender, type GossipMessage, type GossipTopic, type SeenEntry, type Verdict } from './topic.js'
import { TtlCache } from '../limits/ttl-cache.js'
import { DropReason } from '../session/stats.js'

/** What the engine needs from its node: the protocol host, and a way to route each topic's type to it. */
export interface GossipHost extends ProtocolHost {
  /** Route a topic's envelope type to the engine. */
  route(type: number, handler: MessageHandler): void
}

export class GossipEngine implements Protocol {
  readonly name = 'gossip'
  readonly messageTypes = [MessageType.GOSSIP_IHAVE, MessageType.GOSSIP_IWANT, MessageType.GOSSIP_IDONTWANT, MessageType.GOSSIP_GRAFT, MessageType.GOSSIP_PRUNE]
  readonly counters = new GossipStats()
  private readonly topics = new Map<number, GossipTopic>()
  /** The topics' envelope types: what an IWANT may be answered with. */
  private readonly topicTypes: number[] = []
  private readonly seen: TtlCache<SeenEntry>
  private readonly history: TtlCache<GossipMessage>
  private readonly mesh: Mesh
  private readonly control: GossipControl
  private readonly announcer: Announcer
  private heartbeatTimer: Timer | undefined
  private stopped = false

  /** @param maxFrameBytes the largest frame a peer may answer an IWANT with */
  constructor (private readonly host: GossipHost, readonly params: GossipParams, maxFrameBytes = MAX_FRAME_BYTES) {
    this.seen = new TtlCache({ maxEntries: params.seenMaxEntries, ttlMs: params.seenTtlMs })
    this.history = new TtlCache({ maxEntries: params.historyMaxMessages, ttlMs: params.historyTtlMs, maxBytes: params.historyMaxBytes, sizeOf: (m) => m.frame.length })
    this.mesh = new Mesh(params)
    const ctx: GossipContext = {
      host, params, mesh: this.mesh, seen: this.seen, history: this.history, counters: this.counters,
      send: (mp, type, frame) => this.send(mp, type, frame),
      catchUp: (mp) => this.announcer.catchUp(mp),
      repeated: (mp, what, n) => this.repeated(mp, what, n)
    }
    this.control = new GossipControl(ctx, this.topicTypes, maxFrameBytes)
    this.announcer = new Announcer(host.clock, {
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

  /** Capability bits of the topics carried (blocks, votes, mempool): advertised in Hello. */
  get capabilities (): number {
    let bits = 0
    for (const t of this.topics.values()) bits |= t.capability ?? 0
    return bits
  }

  /** Carry a topic: its type is routed here and its messages are gossiped. */
  addTopic (topic: GossipTopic): void {
    if (this.topics.has(topic.type)) throw new Error(`gossip topic for type ${topic.type} already exists`)
    this.host.route(topic.type, (peer, _type, payload) => this.receive(peer, topic.type, payload))
    this.topics.set(topic.type, topic)
    this.topicTypes.push(topic.type)
  }

  /**
   * Publish a message of a topic's type: push it to the eager peers and announce it to
   * lazy ones. `decoded` is what the topic's frameFor/deliver expect to find. Returns the
   * message id; publishing a message already seen does nothing.
   */
  publish (type: number, payload: Uint8Array, decoded?: unknown): Digest {
    const { topic, id, key, now } = this.identify(type, payload)
    if (this.seen.get(key, now) !== undefined) return id
    const entry: SeenEntry = { state: 'accept', from: [] }
    this.seen.set(key, entry, now)
    this.counters.published++
    const msg = newMessage(key, id, type, payload)
    msg.decoded = decoded
    if (this.mesh.eagerCount === 0) this.control.fillMesh()
    this.forward(topic, msg, undefined, entry)
    topic.deliver?.(msg, undefined)
    return id
  }

  /**
   * Publish again a message that may be known already (consensus re-sends its own vote and
   * block when a round times out). A message not seen (or forgotten) is published as new;
   * one seen goes, as a full message, to every peer not known to have it: not to the peers
   * we pushed or served it to, that sent it to us, or that announced it (IHAVE) or said
   * IDONTWANT. Peers are remembered per connection, so a peer that reconnected gets it once
   * more, and it is never a repeat in the receiver's eyes. Returns how many peers got it.
   */
  republish (type: number, payload: Uint8Array, decoded?: unknown): number {
    const { topic, id, key, now } = this.identify(type, payload)
    const entry = this.seen.get(key, now)
    if (entry === undefined) {
      const before = this.counters.pushed
      this.publish(type, payload, decoded)
      return this.counters.pushed - before
    }
    if (entry.state !== 'accept') return 0
    const msg = this.history.get(key, now) ?? newMessage(key, id, type, payload)
    msg.decoded ??= decoded
    let sent = 0
    for (const mp of this.mesh.all()) {
      if (isKnownTo(entry, mp.serial) || mp.dontWant.has(key, now) || this.host.isQuarantined(mp.id)) continue
      this.counters.republished++
      if (!this.sendCopy(topic, msg, mp)) continue
      noteKnown(entry, mp.serial)
      sent++
    }
    return sent
  }

  /**
   * A full message of a topic's type from a peer. `rebuilt`: a block we rebuilt from the
   * peer's compact block, which is not the peer sending the message again.
   */
  receive (peer: Peer, type: number, payload: Uint8Array, rebuilt = false): void {
    const mp = this.mesh.get(peer.peerId)
    const topic = this.topics.get(type)
    if (mp === undefined || topic === undefined || this.stopped) return
    this.counters.received++
    const id = topic.messageId?.(payload) ?? messageHash(type, payload)
    const key = idKey(id)
    const now = this.host.clock.now()
    // an answer to our IWANT is not charged to the topic's per-peer rate; everything else is
    if (!rebuilt && !mp.asked.has(key, now) && topic.admit?.(peer) === false) {
      this.counters.refused++
      return
    }
    const seen = this.seen.get(key, now)
    if (seen !== undefined) {
      this.duplicate(mp, key, seen, topic, now, rebuilt)
      return
    }
    this.seen.set(key, { state: 'pending', from: [mp.serial] }, now)
    this.control.pulls.received(key, mp.id)
    // an unasked push means the peer has us in its eager set: graft it back, so the edge is
    // eager at both ends even when its push crossed our PRUNE. The ask is kept: its answer
    // may still come after this push from the same peer (both waited in its send queue),
    // and that one copy more is not a repeat (duplicate()).
    if (!mp.asked.has(key, now) && !mp.eager) this.control.graft(mp)
    mp.lastNewAt = now
    const msg = newMessage(key, id, type, payload)
    if (payload.length >= this.params.idontwantMinBytes) this.sendDontWant(msg, mp)
    this.validate(topic, msg, mp)
  }

  /** The topic of a message published here, its id and cache key, and the time. */
  private identify (type: number, payload: Uint8Array): { topic: GossipTopic, id: Digest, key: string, now: number } {
    const topic = this.topics.get(type)
    if (topic === undefined) throw new Error(`no gossip topic for message type ${type}`)
    const id = topic.messageId?.(payload) ?? messageHash(type, payload)
    return { topic, id, key: idKey(id), now: this.host.clock.now() }
  }

  /** A peer pushed us something we already had by another route (compact blocks report theirs here). */
  redundantPush (peer: Peer): void {
    const mp = this.mesh.get(peer.peerId)
    if (mp !== undefined) this.control.pruneIfRedundant(mp, this.host.clock.now())
  }

  /**
   * Note that `peer` sent a message whose senders so far are `from` (see noteSender): true,
   * and counted as a repeat, when it had sent it already (compact blocks report theirs here).
   */
  sentAgain (peer: Peer, from: number[], what: string): boolean {
    const mp = this.mesh.get(peer.peerId)
    if (mp === undefined || !noteSender(from, mp.serial)) return false
    this.repeated(mp, what)
    return true
  }

  /** True if the message with this id was seen (in any state) and not yet forgotten. */
  hasSeen (id: Uint8Array): boolean {
    return this.seen.has(idKey(id), this.host.clock.now())
  }

  // ---- Protocol --------------------------------------------------------------------------

  onMessage (peer: Peer, type: number, payload: Uint8Array): void {
    const mp = this.mesh.get(peer.peerId)
    if (mp !== undefined && !this.stopped) this.control.onMessage(mp, type, payload)
  }

  onPeerAdded (peer: Peer): void {
    this.stopped = false
    this.heartbeatTimer ??= this.host.clock.setInterval(() => this.heartbeat(), this.params.heartbeatMs)
    this.control.peerAdded(this.mesh.add(peer, this.host.clock.now()))
  }

  onPeerRemoved (peer: Peer): void {
    const mp = this.mesh.remove(peer.peerId)
    if (mp === undefined) return
    this.announcer.removePeer(mp)
    this.control.peerRemoved(mp)
  }

  stop (): void {
    this.stopped = true
    this.heartbeatTimer?.cancel()
    this.heartbeatTimer = undefined
    this.control.stop()
    this.announcer.stop()
  }

  stats (): Record<string, unknown> {
    const { pulls } = this.control
    return {
      ...this.counters.toJSON(),
      peers: this.mesh.size,
      eager_peers: this.mesh.eagerCount,
      seen_cache: { size: this.seen.size, evicted: this.seen.evicted, max: this.params.seenMaxEntries },
      history: { messages: this.history.size, bytes: this.history.bytes, evicted: this.history.evicted },
      pulls: { pending: pulls.size, timeouts: pulls.timeouts, dropped: pulls.dropped },
      announce_dropped: this.announcer.dropped
    }
  }

  /** Sizes of the bounded structures (tests check the limits hold). */
  get sizes (): { seen: number, history: number, historyBytes: number, pendingPulls: number, eager: number } {
    return { seen: this.seen.size, history: this.history.size, historyBytes: this.history.bytes, pendingPulls: this.control.pulls.size, eager: this.mesh.eagerCount }
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
    const now = this.host.clock.now()
    let seen = this.seen.get(msg.key, now)
    if (seen !== undefined) seen.state = verdict
    else this.seen.set(msg.key, seen = { state: verdict, from: [from.serial] }, now) // forgotten while validating
    if (verdict === 'accept') {
      this.counters.accepted++
      from.pendingReward += topic.reward ?? Reward.VALID_MESSAGE
      this.forward(topic, msg, from, seen)
      topic.deliver?.(msg, from.peer)
    } else if (verdict === 'ignore') {
      this.counters.ignored++
      this.host.drop(from.id, DropReason.IGNORED)
    } else {
      this.counters.rejected++
      this.host.penalize(from.id, err instanceof KuberError ? err : new ProtocolError(topic.rejectCode, `invalid ${topic.name} message`))
    }
  }

  private forward (topic: GossipTopic, msg: GossipMessage, from: MeshPeer | undefined, entry: SeenEntry): void {
    const now = this.host.clock.now()
    for (const mp of this.mesh.eager()) {
      if (mp === from || mp.dontWant.has(msg.key, now) || this.host.isQuarantined(mp.id)) continue
      if (mp.peer.sendBufferedBytes > this.params.backpressureBytes) {
        this.counters.backpressured++
        this.announcer.enqueueFor(mp, msg.key)
        continue
      }
      this.counters.pushed++
      if (this.sendCopy(topic, msg, mp)) noteKnown(entry, mp.serial)
    }
    this.history.set(msg.key, msg, now)
    this.announcer.enqueue(msg.key)
  }

  private duplicate (mp: MeshPeer, key: string, seen: SeenEntry, topic: GossipTopic, now: number, rebuilt: boolean): void {
    this.counters.duplicates++
    if (seen.state === 'reject') {
      noteSender(seen.from, mp.serial)
      this.host.penalize(mp.id, new ProtocolError(topic.rejectCode, `${topic.name} message already found invalid`))
      return
    }
    // a (late) answer to our IWANT, or a push from the peer that crossed it: one copy more
    // from that peer than it would otherwise send, neither a redundant push nor a repeat
    if (mp.asked.delete(key)) return
    if (noteSender(seen.from, mp.serial) && !rebuilt) {
      this.repeated(mp, topic.name)
      return
    }
    this.host.drop(mp.id, DropReason.DUPLICATE)
    this.control.pruneIfRedundant(mp, now)
  }

  /**
   * The peer sent a message it had sent us already, or asked again for one we had sent it:
   * counted, and past maxRepeatsPerPeer per repeatWindowMs it is duplicate spam (spec §15).
   */
  private repeated (mp: MeshPeer, what: string, n = 1): void {
    this.counters.repeats += n
    this.host.drop(mp.id, DropReason.REPEATED, n)
    if (mp.repeats.take(this.host.clock.now(), n)) return
    this.counters.spamDisconnects++
    this.host.penalize(mp.id, new ProtocolError(ErrorCodes.DUPLICATE_MESSAGE, `more than ${this.params.maxRepeatsPerPeer} repeated ${what} messages in ${this.params.repeatWindowMs} ms`))
    this.host.disconnect(mp.id, DisconnectReason.DUPLICATE_BLOCK_SPAM)
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

  private heartbeat (): void {
    const now = this.host.clock.now()
    this.seen.expire(now)
    this.history.expire(now)
    this.control.heartbeat()
  }

  /** Send a message to a peer in the encoding its topic picks for that peer (a compact block, say). */
  private sendCopy (topic: GossipTopic, msg: GossipMessage, mp: MeshPeer): boolean {
    const other = msg.decoded === undefined ? undefined : topic.frameFor?.(msg, mp.peer)
    return other === undefined ? this.send(mp, msg.type, msg.frame) : this.send(mp, other.type, other.frame)
  }

  private send (mp: MeshPeer, type: number, frame: Uint8Array): boolean {
    if (mp.peer.sendFrame(type, frame)) return true
    this.counters.sendDrops++
    return false
  }
}

function newMessage (key: string, id: Digest, type: number, payload: Uint8Array): GossipMessage {
  const frame = encodeFrame(type, payload)
  return { key, id, type, frame, payload: frame.subarray(frame.length - payload.length), decoded: undefined }
}
