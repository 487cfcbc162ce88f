// The eager-push tree's upkeep and the gossip control messages, for the engine: GRAFT and
// PRUNE (joining and leaving each other's eager set), IHAVE (announcements, which start
// bounded pulls), IWANT (answered from the history within a per-heartbeat budget),
// IDONTWANT (ids a peer already has), and the per-heartbeat work on each peer.
import { ErrorCodes, ProtocolError } from '../errors.js'
import type { PeerId } from '../identity/peer-id.js'
import type { Timer } from '../runtime/clock.js'
import { encodeFrame } from '../wire/envelope.js'
import { Messages, MessageType, decodePayload, encodePayload } from '../wire/codecs.js'
import type { GossipHost } from './engine.js'
import type { Mesh, MeshPeer } from './mesh.js'
import type { GossipParams } from './params.js'
import { PendingPulls, type AskResult } from './pulls.js'
import type { GossipStats } from './stats.js'
import { idKey, keyId, noteKnown, noteSender, type GossipMessage, type SeenEntry } from './topic.js'
import type { TtlCache } from '../limits/ttl-cache.js'
import { DropReason } from '../session/stats.js'

/** The engine state the control side reads and changes. */
export interface GossipContext {
  readonly host: GossipHost
  readonly params: GossipParams
  readonly mesh: Mesh
  readonly seen: TtlCache<SeenEntry>
  readonly history: TtlCache<GossipMessage>
  readonly counters: GossipStats
  /** False when the frame was dropped (the peer's send buffer is full). */
  send(mp: MeshPeer, type: number, frame: Uint8Array): boolean
  /** Announce the recently received ids to a peer now (it may have missed them while out of the tree). */
  catchUp(mp: MeshPeer): void
  /** The peer repeated itself `n` times (see GossipEngine.repeated). */
  repeated(mp: MeshPeer, what: string, n?: number): void
}

/** Envelope overhead of a frame: length prefix and type byte, at most. */
const FRAME_OVERHEAD_BYTES = 8
const EMPTY = new Uint8Array(0)
/** Catch-up announcements per peer per heartbeat; honest regrafts need a few, a GRAFT/PRUNE flood gets no more. */
const MAX_CATCH_UPS_PER_HEARTBEAT = 4
const graftFrame = encodeFrame(MessageType.GOSSIP_GRAFT, EMPTY)
const pruneFrame = encodeFrame(MessageType.GOSSIP_PRUNE, EMPTY)

export class GossipControl {
  readonly pulls: PendingPulls
  /** Ids to ask each peer for, sent as one IWANT per peer once the current turn is over. */
  private readonly asking = new Map<MeshPeer, Uint8Array[]>()
  private askTimer: Timer | undefined

  /**
   * @param answerTypes the topics' envelope types (an IWANT is answered with one of them)
   * @param maxFrameBytes the largest answer a peer may send
   */
  constructor (private readonly ctx: GossipContext, answerTypes: readonly number[], maxFrameBytes: number) {
    const { params } = ctx
    this.pulls = new PendingPulls(ctx.host.clock, ctx.host.requests, {
      timeoutMs: params.iwantTimeoutMs,
      maxAttempts: params.maxPullAttempts,
      maxPending: params.maxPendingPulls,
      maxPerPeer: this.askBudget,
      answerTypes,
      maxAnswerBytes: maxFrameBytes + FRAME_OVERHEAD_BYTES
    }, { ask: (key, from) => this.ask(key, from) })
  }

  /**
   * Ids asked of one peer per heartbeat: half of what a peer serves per heartbeat, so that
   * whatever the phase of its heartbeat, a peer is never asked more than it will serve.
   */
  private get askBudget (): number {
    return Math.max(1, Math.floor(this.ctx.params.maxIWantPerPeerPerHeartbeat / 2))
  }

  /** Handle one control message. Throws WireError on a malformed one. */
  onMessage (mp: MeshPeer, type: number, payload: Uint8Array): void {
    switch (type) {
      case MessageType.GOSSIP_IHAVE: return this.onIHave(mp, decodePayload(Messages.gossipIHave, payload).msgHashes)
      case MessageType.GOSSIP_IWANT: return this.onIWant(mp, decodePayload(Messages.gossipIWant, payload).msgHashes)
      case MessageType.GOSSIP_IDONTWANT: return this.onIDontWant(mp, decodePayload(Messages.gossipIDontWant, payload).msgHashes)
      case MessageType.GOSSIP_GRAFT:
        decodePayload(Messages.gossipGraft, payload)
        return this.onGraft(mp)
      case MessageType.GOSSIP_PRUNE:
        decodePayload(Messages.gossipPrune, payload)
        this.ctx.counters.prune.received++
        this.ctx.mesh.setEager(mp, false)
        // never stay out of the tree until the next heartbeat
        if (this.ctx.mesh.eagerCount === 0) this.fillMesh()
    }
  }

  /** A new peer joins the eager set while it is smaller than meshDegree. */
  peerAdded (mp: MeshPeer): void {
    if (this.ctx.mesh.eagerCount < this.ctx.params.meshDegree && !this.ctx.host.isQuarantined(mp.id)) this.graft(mp)
  }

  /** An eager peer left: the tree lost an edge, so reattach through another peer (IHAVE repairs the rest). */
  peerRemoved (mp: MeshPeer): void {
    this.payReward(mp)
    if (mp.eager) this.fillMesh(1)
  }

  /** Per heartbeat: reset budgets, pay rewards, drop quarantined peers from the tree, rebuild an empty one. */
  heartbeat (): void {
    for (const mp of this.ctx.mesh.all()) {
      mp.iwantServed = 0
      mp.iwantBytes = 0
      mp.iwantAsked = 0
      mp.ihaveTaken = 0
      mp.catchUps = 0
      this.payReward(mp)
      if (mp.eager && this.ctx.host.isQuarantined(mp.id)) this.prune(mp)
    }
    if (this.ctx.mesh.eagerCount === 0) this.fillMesh()
  }

  /** (Re)build the eager set: graft `want` random lazy peers (default: up to meshDegree eager). */
  fillMesh (want = this.ctx.params.meshDegree - this.ctx.mesh.eagerCount): void {
    for (const mp of this.ctx.mesh.sample(want, this.ctx.host.random, (p) => !p.eager && !this.ctx.host.isQuarantined(p.id))) this.graft(mp)
  }

  /** An eager peer that pushed a copy we had and gave us nothing new lately leaves the tree. */
  pruneIfRedundant (mp: MeshPeer, now: number): void {
    if (mp.eager && now - mp.lastNewAt >= this.ctx.params.pruneGraceMs) this.prune(mp)
  }

  stop (): void {
    this.pulls.clear()
    this.askTimer?.cancel()
    this.askTimer = undefined
    this.asking.clear()
  }

  /** Make a peer eager at both ends, and announce the recent ids to it: what we pushed to a peer that left may never have got further. */
  graft (mp: MeshPeer): void {
    if (!this.ctx.mesh.setEager(mp, true)) return
    this.ctx.counters.graft.sent++
    this.ctx.send(mp, MessageType.GOSSIP_GRAFT, graftFrame)
    this.catchUp(mp)
  }

  /** Announce our recent ids to a peer joining the tree, a few times per heartbeat at most (a GRAFT/PRUNE flood must not make us send 5000-id IHAVEs at its message rate). */
  private catchUp (mp: MeshPeer): void {
    if (mp.catchUps >= MAX_CATCH_UPS_PER_HEARTBEAT) {
      this.ctx.counters.graft.catchUpSkipped++
      this.ctx.host.drop(mp.id, DropReason.GRAFT_CATCH_UP_OVER_BUDGET)
      return
    }
    mp.catchUps++
    this.ctx.catchUp(mp)
  }

  private prune (mp: MeshPeer): void {
    if (!this.ctx.mesh.setEager(mp, false)) return
    this.ctx.counters.prune.sent++
    this.ctx.send(mp, MessageType.GOSSIP_PRUNE, pruneFrame)
  }

  private payReward (mp: MeshPeer): void {
    if (mp.pendingReward === 0) return
    this.ctx.host.reward(mp.id, mp.pendingReward)
    mp.pendingReward = 0
  }

  private onIHave (mp: MeshPeer, ids: Uint8Array[]): void {
    const { counters, host, params, seen } = this.ctx
    counters.ihave.received++
    counters.ihave.idsReceived += ids.length
    if (host.isQuarantined(mp.id)) {
      host.drop(mp.id, DropReason.QUARANTINED)
      return
    }
    const now = host.clock.now()
    const over = ids.length - Math.max(0, params.maxIHavePerPeerPerHeartbeat - mp.ihaveTaken)
    if (over > 0) {
      counters.ihave.idsOverBudget += over
      host.drop(mp.id, DropReason.IHAVE_OVER_BUDGET, over)
    }
    for (const id of ids) {
      if (mp.ihaveTaken >= params.maxIHavePerPeerPerHeartbeat) break
      mp.ihaveTaken++
      const key = idKey(id)
      const entry = seen.get(key, now)
      if (entry !== undefined) noteKnown(entry, mp.serial)
      else if (!this.pulls.announce(key, mp.id)) host.drop(mp.id, DropReason.PULLS_FULL)
    }
  }

  /**
   * Serve an IWANT from the history, within the per-heartbeat budgets. Each id is served to
   * a peer once: an id named twice, in one IWANT or again later, is a repeat, counted and
   * penalised (DUPLICATE_REQUEST once per IWANT that holds any).
   */
  private onIWant (mp: MeshPeer, ids: Uint8Array[]): void {
    const { counters, host, params, history } = this.ctx
    counters.iwant.received++
    if (host.isQuarantined(mp.id)) {
      host.drop(mp.id, DropReason.QUARANTINED)
      return
    }
    const now = host.clock.now()
    const named = ids.length > 1 ? new Set<string>() : undefined
    let repeats = 0
    for (const id of ids) {
      const key = idKey(id)
      if (named !== undefined) {
        if (named.has(key)) { repeats++; continue }
        named.add(key)
      }
      const msg = history.get(key, now)
      if (msg === undefined) {
        counters.iwant.unknown++
        host.drop(mp.id, DropReason.IWANT_UNKNOWN)
        continue
      }
      msg.servedTo ??= []
      if (msg.servedTo.includes(mp.serial)) { repeats++; continue }
      if (mp.iwantServed >= params.maxIWantPerPeerPerHeartbeat || mp.iwantBytes + msg.frame.length > params.maxIWantBytesPerPeerPerHeartbeat) {
        counters.iwant.overBudget++
        host.drop(mp.id, DropReason.IWANT_OVER_BUDGET)
        continue
      }
      mp.iwantServed++
      mp.iwantBytes += msg.frame.length
      counters.iwant.served++
      // remembered only once queued: an answer dropped for a full send buffer may be asked for again
      if (this.ctx.send(mp, msg.type, msg.frame)) {
        noteSender(msg.servedTo, mp.serial)
        const entry = this.ctx.seen.get(key, now)
        if (entry !== undefined) noteKnown(entry, mp.serial)
      }
    }
    if (repeats === 0) return
    counters.iwant.repeats += repeats
    host.penalize(mp.id, new ProtocolError(ErrorCodes.DUPLICATE_REQUEST, `IWANT named ${repeats} ids already asked for`))
    this.ctx.repeated(mp, 'IWANT id', repeats)
  }

  private onIDontWant (mp: MeshPeer, ids: Uint8Array[]): void {
    this.ctx.counters.idontwant.received++
    const now = this.ctx.host.clock.now()
    for (const id of ids) {
      const key = idKey(id)
      mp.dontWant.set(key, true, now)
      const entry = this.ctx.seen.get(key, now)
      if (entry !== undefined) noteKnown(entry, mp.serial)
    }
  }

  private onGraft (mp: MeshPeer): void {
    const { counters, host, mesh, params } = this.ctx
    counters.graft.received++
    if (host.isQuarantined(mp.id) || (!mp.eager && mesh.eagerCount >= params.maxEagerPeers)) {
      counters.graft.refused++
      counters.prune.sent++
      this.ctx.send(mp, MessageType.GOSSIP_PRUNE, pruneFrame)
      return
    }
    // a peer grafting us may have been out of the tree (even if we grafted it at the same
    // moment): tell it what went by meanwhile
    mesh.setEager(mp, true)
    this.catchUp(mp)
  }

  /** Pull: ask an announcer for a message we still lack (batched into one IWANT per peer per turn). */
  private ask (key: string, from: PeerId): AskResult {
    const mp = this.ctx.mesh.get(from)
    if (mp === undefined || this.ctx.host.isQuarantined(from)) return 'unavailable'
    if (mp.iwantAsked >= this.askBudget) return 'busy'
    mp.iwantAsked++
    mp.asked.set(key, true, this.ctx.host.clock.now())
    let ids = this.asking.get(mp)
    if (ids === undefined) this.asking.set(mp, ids = [])
    ids.push(keyId(key))
    this.askTimer ??= this.ctx.host.clock.setTimeout(() => this.flushAsks(), 0)
    return 'asked'
  }

  /** Send the batched IWANTs, and graft each asked peer (our tree route failed). */
  private flushAsks (): void {
    this.askTimer = undefined
    for (const [mp, ids] of this.asking) {
      this.ctx.counters.iwant.sent++
      this.ctx.send(mp, MessageType.GOSSIP_IWANT, encodeFrame(MessageType.GOSSIP_IWANT, encodePayload(Messages.gossipIWant, { msgHashes: ids as Array<Uint8Array<ArrayBuffer>> })))
      this.graft(mp)
    }
    this.asking.clear()
  }

}
