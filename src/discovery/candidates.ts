// Choosing peers from the address book, as pure functions: whom to dial (by score and
// freshness, spread across network groups) and which records to send in a PeerList.
import type { Random } from '../runtime/random.js'
import type { PeerId } from '../identity/peer-id.js'
import type { KnownPeer } from '../peerstore/known-peer.js'
import { networkGroup } from '../transport/network-group.js'
import { Capability } from '../session/hello.js'

/** What pickDialCandidates needs to know about the node right now. */
export interface DialContext {
  now: number
  random: Random
  /** Peers not to dial: connected, being dialled, ourselves, banned; addresses the node has no transport for. */
  skip(id: PeerId, address: string): boolean
  /** Our outbound connections by network group of their address, right now. */
  outboundGroups: ReadonlyMap<string, number>
  /** Most outbound connections into one network group. */
  maxPerGroup: number
  /** Our score of the peer (the scorer's base for peers we never met). */
  score(id: PeerId): number
}

const HOUR_MS = 3600_000

/**
 * How much we want to dial a peer, > 0: reached before ×2, our score of it relative to
 * the base 50, freshness (halved after a day without news of it), ×0.66 per failed dial.
 */
export function dialWeight (p: KnownPeer, now: number, score: number): number {
  const proven = p.table === 'tried' ? 2 : 1
  const scored = Math.min(2, Math.max(0.1, score / 50))
  const ageHours = Math.max(0, now - Math.max(p.lastSeen, p.lastSuccess)) / HOUR_MS
  const fresh = 1 / (1 + ageHours / 24)
  return proven * scored * fresh * 0.66 ** Math.min(p.failures, 10)
}

/** A peer whose handshake told us it is a seed: it would hang up, so it is no outbound peer. */
function isProvenSeed (p: KnownPeer): boolean {
  return p.table === 'tried' && (p.flags & Capability.SEED) !== 0
}

/**
 * Up to `count` peers to dial. Each pick comes from the network groups with the fewest of
 * our outbound connections (never one holding maxPerGroup already), chosen at random in
 * proportion to dialWeight. Peers in backoff (retryAt in the future) are left out.
 */
export function pickDialCandidates (entries: Iterable<KnownPeer>, count: number, ctx: DialContext): KnownPeer[] {
  const pool: Array<{ peer: KnownPeer, group: string, weight: number }> = []
  for (const p of entries) {
    if (p.retryAt > ctx.now || isProvenSeed(p) || ctx.skip(p.peerId, p.address)) continue
    pool.push({ peer: p, group: networkGroup(p.address), weight: dialWeight(p, ctx.now, ctx.score(p.peerId)) })
  }
  const groups = new Map(ctx.outboundGroups)
  const picked: KnownPeer[] = []
  while (picked.length < count) {
    let fewest = ctx.maxPerGroup
    for (const c of pool) fewest = Math.min(fewest, groups.get(c.group) ?? 0)
    if (fewest >= ctx.maxPerGroup) break
    const eligible = pool.filter((c) => (groups.get(c.group) ?? 0) === fewest)
    const choice = weightedPick(eligible, ctx.random)
    pool.splice(pool.indexOf(choice), 1)
    groups.set(choice.group, fewest + 1)
    picked.push(choice.peer)
  }
  return picked
}

function weightedPick<T extends { weight: number }> (items: T[], random: Random): T {
  const total = items.reduce((s, c) => s + c.weight, 0)
  let r = random.float() * total
  for (const c of items) {
    r -= c.weight
    if (r < 0) return c
  }
  return items[items.length - 1]!
}

/**
 * Up to `count` records for a PeerList, uniformly at random among the entries worth
 * sharing (not `exclude`d, and not a never-reached entry whose dials keep failing).
 */
export function samplePeers (entries: Iterable<KnownPeer>, count: number, random: Random, exclude: (id: PeerId) => boolean): KnownPeer[] {
  const pool = [...entries].filter((p) => !exclude(p.peerId) && (p.lastSuccess > 0 || p.failures < 2))
  const n = Math.min(count, pool.length)
  for (let i = 0; i < n; i++) {
    const j = i + random.int(pool.length - i)
    const t = pool[i]!
    pool[i] = pool[j]!
    pool[j] = t
  }
  return pool.slice(0, n)
}
