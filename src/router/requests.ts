// The one request/response tracker every protocol asks peers through (block requests,
// compact-block rebuilds, gossip pulls, peer exchange; block sync and state sync next).
// A protocol opens a kind of request (its name, timeout, response types and what one
// request lets the peer send back); each request it opens has an id, a key it is matched
// by (a height, a block hash, a message id), a timer on the injected clock and its own
// data. Limits hold per peer and per node. One rule scores every kind: a request not
// answered in time costs the peer SLOW_RESPONSE, a response that matches no open request
// is UNSOLICITED_MESSAGE. And what we asked for is what the peer may send: each open
// request grants its peer that many response messages and bytes that the inbound
// message budget does not charge (`solicited`), until it is answered or expires.
import { ErrorCodes, ProtocolError, type KuberError } from '../errors.js'
import type { PeerId } from '../identity/peer-id.js'
import type { Clock, Timer } from '../runtime/clock.js'
import { RttEstimator } from './rtt.js'

/** What one request lets its peer send back without being charged to its message budget. */
export interface ResponseGrant {
  /** Envelope types an answer may have. */
  readonly types: readonly number[]
  /** Answer messages (default 1). */
  readonly messages?: number
  /** Answer frame bytes (default: unlimited within the frame limit). */
  readonly bytes?: number
}

/** Round-trip based timeouts (as TCP's RTO): srtt + 4·rttvar of this peer's answers, within bounds. */
export interface AdaptiveTimeout {
  minMs: number
  maxMs: number
}

export interface RequestKindOptions<T> {
  /** Names the kind in stats and errors ("block", "block_txs", "iwant", "peer_list"). */
  name: string
  /** Wait this long for an answer (the first timeout when adaptive). */
  timeoutMs: number
  /** Shorten or lengthen timeouts by the peer's measured answer times. */
  adaptive?: AdaptiveTimeout
  /** Most open requests of this kind per peer (default: the tracker's per-peer limit). */
  maxPerPeer?: number
  /** Most open requests of this kind in the node (default: the tracker's limit). */
  maxTotal?: number
  /** The response budget each request grants its peer. */
  grant?: ResponseGrant
  /** A request expired (its peer was already penalised). */
  onTimeout?(request: Request<T>): void
  /** A request ended unanswered without blame: its peer left, the node stopped, or it was cancelled. */
  onCancel?(request: Request<T>): void
}

export interface RequestLimits {
  /** Most open requests to one peer, all kinds together. */
  maxPerPeer: number
  /** Most open requests in the node. */
  maxTotal: number
}

export interface RequestTrackerDeps {
  clock: Clock
  limits: RequestLimits
  /** Score a peer for an unanswered request. */
  penalize(id: PeerId, err: KuberError): void
}

export interface Request<T> {
  readonly id: number
  readonly peer: PeerId
  readonly key: string
  readonly kind: RequestKind<T>
  readonly data: T
  readonly sentAt: number
  readonly timeoutMs: number
}

interface Open<T> extends Request<T> {
  timer: Timer
  /** Grant left: answer messages and bytes. */
  messages: number
  bytes: number
}

interface PeerState {
  open: number
  /** Open requests with grant left, per response type, oldest first. */
  grants: Map<number, Set<Open<unknown>>>
  readonly rtt: RttEstimator
}

export class RequestTracker {
  private nextId = 1
  private openTotal = 0
  private readonly peers = new Map<PeerId, PeerState>()
  private readonly kinds: Array<RequestKind<any>> = []
  readonly counters = { opened: 0, answered: 0, timeouts: 0, refused: 0, unsolicited: 0, solicitedMessages: 0, solicitedBytes: 0 }

  constructor (private readonly deps: RequestTrackerDeps) {}

  /** Declare a kind of request (a protocol does this once). */
  kind<T> (options: RequestKindOptions<T>): RequestKind<T> {
    const kind = new RequestKind<T>(this, options)
    this.kinds.push(kind)
    return kind
  }

  /** Open requests to all peers. */
  get size (): number {
    return this.openTotal
  }

  /** Open requests to one peer. */
  openTo (peer: PeerId): number {
    return this.peers.get(peer)?.open ?? 0
  }

  /**
   * The inbound budget's question: is this message from `peer` an answer within what we
   * asked it for? If so it is taken from the grant of the oldest matching open request,
   * and the caller does not charge it to the peer's message budget.
   */
  solicited (peer: PeerId, type: number, bytes: number): boolean {
    const set = this.peers.get(peer)?.grants.get(type)
    if (set === undefined) return false
    for (const r of set) {
      if (r.messages <= 0 || r.bytes < bytes) {
        if (r.messages <= 0) this.dropGrant(r)
        continue
      }
      r.messages--
      r.bytes -= bytes
      if (r.messages === 0) this.dropGrant(r)
      this.counters.solicitedMessages++
      this.counters.solicitedBytes += bytes
      return true
    }
    return false
  }

  /** The peer is gone: its requests end without blame. */
  peerRemoved (peer: PeerId): void {
    for (const kind of this.kinds) kind.cancelPeer(peer)
    this.peers.delete(peer)
  }

  /** Cancel everything (node stop). */
  stop (): void {
    for (const kind of this.kinds) kind.cancelAll()
  }

  stats (): Record<string, unknown> {
    const byKind: Record<string, number> = {}
    for (const k of this.kinds) byKind[k.name] = k.size
    return { ...this.counters, open: this.openTotal, open_by_kind: byKind }
  }

  /** Current timeout for a kind's next request to `peer`. */
  timeoutFor (peer: PeerId, options: RequestKindOptions<unknown>): number {
    const state = this.peers.get(peer)
    if (options.adaptive === undefined || state === undefined) return options.timeoutMs
    return state.rtt.timeout(options.timeoutMs, options.adaptive.minMs, options.adaptive.maxMs)
  }

  // ---- for RequestKind ---------------------------------------------------------------------

  /** @internal */
  admit (peer: PeerId): boolean {
    const ok = this.openTotal < this.deps.limits.maxTotal && this.openTo(peer) < this.deps.limits.maxPerPeer
    if (!ok) this.counters.refused++
    return ok
  }

  /** @internal */
  start<T> (kind: RequestKind<T>, peer: PeerId, key: string, data: T, timeoutMs: number, grant: ResponseGrant | undefined, expire: (r: Open<T>) => void): Open<T> {
    const state = this.peerState(peer)
    const now = this.deps.clock.now()
    const r: Open<T> = {
      id: this.nextId++, peer, key, kind, data, sentAt: now, timeoutMs,
      timer: this.deps.clock.setTimeout(() => expire(r), timeoutMs),
      messages: grant?.messages ?? 1,
      bytes: grant?.bytes ?? Infinity
    }
    state.open++
    this.openTotal++
    this.counters.opened++
    for (const type of grant?.types ?? []) {
      let set = state.grants.get(type)
      if (set === undefined) state.grants.set(type, set = new Set())
      set.add(r as Open<unknown>)
    }
    return r
  }

  /** @internal */
  finish (r: Open<unknown>, outcome: 'answered' | 'timeout' | 'cancelled'): void {
    r.timer.cancel()
    this.dropGrant(r)
    const state = this.peers.get(r.peer)
    if (state !== undefined) state.open--
    this.openTotal--
    if (outcome === 'answered') {
      this.counters.answered++
      state?.rtt.sample(this.deps.clock.now() - r.sentAt)
    } else if (outcome === 'timeout') {
      this.counters.timeouts++
      this.deps.penalize(r.peer, new ProtocolError(ErrorCodes.SLOW_RESPONSE, `${r.kind.name} request ${r.id} not answered within ${Math.round(r.timeoutMs)} ms`))
    }
  }

  /** @internal */
  unsolicited (kind: string, key: string): ProtocolError {
    this.counters.unsolicited++
    return new ProtocolError(ErrorCodes.UNSOLICITED_MESSAGE, `${kind} answer (${key}) to no request of ours`)
  }

  private dropGrant (r: Open<unknown>): void {
    const grants = this.peers.get(r.peer)?.grants
    if (grants === undefined) return
    for (const type of r.kind.grantTypes) {
      const set = grants.get(type)
      if (set?.delete(r) === true && set.size === 0) grants.delete(type)
    }
  }

  private peerState (peer: PeerId): PeerState {
    let s = this.peers.get(peer)
    if (s === undefined) this.peers.set(peer, s = { open: 0, grants: new Map(), rtt: new RttEstimator() })
    return s
  }
}

/** One kind of request, as a protocol uses it: open, match answers, cancel. */
export class RequestKind<T> {
  private readonly open = new Map<string, Open<T>>()
  private readonly perPeer = new Map<PeerId, number>()

  /** @internal */
  constructor (private readonly tracker: RequestTracker, private readonly options: RequestKindOptions<T>) {}

  get name (): string {
    return this.options.name
  }

  /** @internal */
  get grantTypes (): readonly number[] {
    return this.options.grant?.types ?? []
  }

  /** Open requests of this kind. */
  get size (): number {
    return this.open.size
  }

  /**
   * Record a request to `peer` (the caller sends it). Undefined when one with this key is
   * already open to that peer or a limit is reached: then send nothing. `grant` sets this
   * request's answer count and bytes (a range request asks for many answers).
   */
  start (peer: PeerId, key: string, data: T, options: { timeoutMs?: number, grant?: { messages?: number, bytes?: number } } = {}): Request<T> | undefined {
    const k = mapKey(peer, key)
    if (this.open.has(k) || !this.admit(peer)) return undefined
    const timeoutMs = options.timeoutMs ?? this.tracker.timeoutFor(peer, this.options as RequestKindOptions<unknown>)
    const grant = this.options.grant === undefined || options.grant === undefined ? this.options.grant : { ...this.options.grant, ...options.grant }
    const r = this.tracker.start(this, peer, key, data, timeoutMs, grant, (req) => this.expire(req))
    this.open.set(k, r)
    this.perPeer.set(peer, (this.perPeer.get(peer) ?? 0) + 1)
    return r
  }

  /** The open request to `peer` with this key, if any. */
  get (peer: PeerId, key: string): Request<T> | undefined {
    return this.open.get(mapKey(peer, key))
  }

  /** Open requests to `peer` of this kind. */
  openTo (peer: PeerId): number {
    return this.perPeer.get(peer) ?? 0
  }

  /** An answer from `peer`: the request it answers, now closed. Throws UNSOLICITED_MESSAGE if it answers none. */
  answer (peer: PeerId, key: string): Request<T> {
    const r = this.take(peer, key)
    if (r === undefined) throw this.tracker.unsolicited(this.options.name, key)
    return r
  }

  /** Like answer, but undefined (and no blame) when no request matches: for answers that may also come unasked. */
  take (peer: PeerId, key: string): Request<T> | undefined {
    const r = this.open.get(mapKey(peer, key))
    if (r !== undefined) this.close(r, 'answered')
    return r
  }

  /** Withdraw a request without blame (we no longer need the answer). */
  cancel (request: Request<T>): void {
    const r = this.open.get(mapKey(request.peer, request.key))
    if (r === request) this.close(r, 'cancelled')
  }

  /** @internal */
  cancelPeer (peer: PeerId): void {
    if (this.openTo(peer) === 0) return
    for (const r of [...this.open.values()]) if (r.peer === peer) this.close(r, 'cancelled')
  }

  /** @internal */
  cancelAll (): void {
    for (const r of [...this.open.values()]) this.close(r, 'cancelled')
  }

  private admit (peer: PeerId): boolean {
    const { maxPerPeer = Infinity, maxTotal = Infinity } = this.options
    if (this.open.size >= maxTotal || this.openTo(peer) >= maxPerPeer) {
      this.tracker.counters.refused++
      return false
    }
    return this.tracker.admit(peer)
  }

  private expire (r: Open<T>): void {
    if (this.open.get(mapKey(r.peer, r.key)) !== r) return
    this.close(r, 'timeout')
    this.options.onTimeout?.(r)
  }

  private close (r: Open<T>, outcome: 'answered' | 'timeout' | 'cancelled'): void {
    this.open.delete(mapKey(r.peer, r.key))
    const n = (this.perPeer.get(r.peer) ?? 1) - 1
    if (n === 0) this.perPeer.delete(r.peer)
    else this.perPeer.set(r.peer, n)
    this.tracker.finish(r as Open<unknown>, outcome)
    if (outcome === 'cancelled') this.options.onCancel?.(r)
  }
}

function mapKey (peer: PeerId, key: string): string {
  return `${peer}|${key}`
}
