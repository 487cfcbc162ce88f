// The engine's view of its peers: which ones get full messages pushed (eager, the tree)
// and which only hear about them (lazy), plus the small bounded per-peer state gossip
// keeps (ids the peer said it does not want, ids we asked it for, per-heartbeat budgets).
import type { PeerId } from '../identity/peer-id.js'
import type { Random } from '../runtime/random.js'
import type { Peer } from '../router/types.js'
import { TokenBucket } from '../limits/token-bucket.js'
import { TtlCache } from '../limits/ttl-cache.js'

export interface MeshPeer {
  readonly peer: Peer
  readonly id: PeerId
  /** Unique per connection (a reconnecting peer gets a new one): the seen-cache and history remember senders by it. */
  readonly serial: number
  /** We push full messages to it and it pushes them to us. */
  eager: boolean
  /** When it last delivered a message that was new to us (ms; -Infinity if never). */
  lastNewAt: number
  /** Ids it told us (IDONTWANT) it already has. */
  readonly dontWant: TtlCache<true>
  /** Ids we asked it for (IWANT): its copy is an answer, not a redundant push. */
  readonly asked: TtlCache<true>
  /** IWANT answers given this heartbeat. */
  iwantServed: number
  /** Bytes of those answers. */
  iwantBytes: number
  /** Ids asked of it (IWANT) this heartbeat. */
  iwantAsked: number
  /** Announced ids taken this heartbeat. */
  ihaveTaken: number
  /** Score reward earned since the last heartbeat (applied in one go, off the message path). */
  pendingReward: number
  /** Repeats tolerated (messages it re-sent, or asked for again): past the bucket it is a spammer. */
  readonly repeats: TokenBucket
  /** Catch-up announcements sent to it this heartbeat (see GossipControl). */
  catchUps: number
}

export interface MeshLimits {
  maxDontWantPerPeer: number
  historyTtlMs: number
  maxRepeatsPerPeer: number
  repeatWindowMs: number
}

export class Mesh {
  private readonly byId = new Map<PeerId, MeshPeer>()
  private readonly eagerSet = new Set<MeshPeer>()
  private nextSerial = 0

  constructor (private readonly limits: MeshLimits) {}

  get size (): number {
    return this.byId.size
  }

  get eagerCount (): number {
    return this.eagerSet.size
  }

  get (id: PeerId): MeshPeer | undefined {
    return this.byId.get(id)
  }

  all (): IterableIterator<MeshPeer> {
    return this.byId.values()
  }

  /** Eager peers, in the order they became eager. */
  eager (): IterableIterator<MeshPeer> {
    return this.eagerSet.values()
  }

  add (peer: Peer, now: number): MeshPeer {
    const { maxDontWantPerPeer, historyTtlMs, maxRepeatsPerPeer, repeatWindowMs } = this.limits
    const cache = (): TtlCache<true> => new TtlCache<true>({ maxEntries: maxDontWantPerPeer, ttlMs: historyTtlMs })
    const mp: MeshPeer = {
      peer,
      id: peer.peerId,
      serial: ++this.nextSerial,
      eager: false,
      lastNewAt: -Infinity,
      dontWant: cache(),
      asked: cache(),
      iwantServed: 0,
      iwantBytes: 0,
      iwantAsked: 0,
      ihaveTaken: 0,
      pendingReward: 0,
      repeats: new TokenBucket(maxRepeatsPerPeer * 1000 / repeatWindowMs, maxRepeatsPerPeer, now),
      catchUps: 0
    }
    this.byId.set(peer.peerId, mp)
    return mp
  }

  remove (id: PeerId): MeshPeer | undefined {
    const mp = this.byId.get(id)
    if (mp === undefined) return undefined
    this.byId.delete(id)
    this.eagerSet.delete(mp)
    return mp
  }

  /** Make a peer eager or lazy. Returns true if that changed anything. */
  setEager (mp: MeshPeer, eager: boolean): boolean {
    if (mp.eager === eager || this.byId.get(mp.id) !== mp) return false
    mp.eager = eager
    if (eager) this.eagerSet.add(mp)
    else this.eagerSet.delete(mp)
    return true
  }

  /** Up to k distinct peers passing `eligible`, chosen uniformly (reservoir sampling). */
  sample (k: number, random: Random, eligible: (mp: MeshPeer) => boolean): MeshPeer[] {
    const out: MeshPeer[] = []
    if (k <= 0) return out
    let seen = 0
    for (const mp of this.byId.values()) {
      if (!eligible(mp)) continue
      seen++
      if (out.length < k) out.push(mp)
      else {
        const j = random.int(seen)
        if (j < k) out[j] = mp
      }
    }
    return out
  }
}
