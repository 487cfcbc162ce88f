// What the peer store keeps about one peer: the spec §4 PeerRecord fields plus what the
// dialer needs (when it was seen, dialled, reached; how often it failed; who told us),
// and the JSON codec for the on-disk form. Decoding never throws: a damaged or foreign
// value is skipped, so one bad entry cannot stop a node from starting.
import { z } from 'zod'
import { sha256 } from '../wire/hash.js'
import type { PeerId } from '../identity/peer-id.js'
import { hostOf } from '../transport/network-group.js'
import type { BanEntry } from '../scoring/scorer.js'

/** "new": learned, never reached by us. "tried": we completed a handshake with it at this address. */
export type BookTable = 'new' | 'tried'

/** Where a record came from, for the per-source limits. */
export interface RecordSource {
  /** PeerID of the peer that told us, or "" when we learned it ourselves (a connection, the config). */
  peerId: string
  /** Network group of that peer's connection address ("self" for ourselves). */
  group: string
}

/** The gossiped part of a record (spec §4 PeerRecord): untrusted until proven. */
export interface PeerClaim {
  peerId: PeerId
  /** "host:port" the peer accepts connections on. */
  address: string
  /** 32-byte ed25519 key; SHA-256 of it is peerId. */
  publicKey: Uint8Array
  latestHeight: number
  /** Score in [0, 100] as last known (ours once we have met the peer). */
  score: number
  /** The peer's Hello capability bits as last seen. */
  flags: number
  /** When the peer was last seen alive (ms since epoch; 0 = never). */
  lastSeen: number
}

/** One peer store entry. */
export interface KnownPeer extends PeerClaim {
  table: BookTable
  source: RecordSource
  addedAt: number
  /** Last handshake we completed with it (0 = never). */
  lastSuccess: number
  /** Last dial we started (0 = never). */
  lastAttempt: number
  /** Consecutive failed dials since the last success. */
  failures: number
  /** Not dialled before this time (backoff with jitter after a failure). */
  retryAt: number
}

const finite = z.number().finite()
const count = z.number().int().min(0)
const storedPeer = z.object({
  peerId: z.string().regex(/^[0-9a-f]{64}$/),
  address: z.string().max(300),
  publicKey: z.string().regex(/^[0-9a-f]{64}$/),
  latestHeight: count,
  score: finite,
  flags: count,
  lastSeen: finite,
  table: z.enum(['new', 'tried']),
  source: z.object({ peerId: z.string().max(64), group: z.string().max(400) }),
  addedAt: finite,
  lastSuccess: finite,
  lastAttempt: finite,
  failures: count,
  retryAt: finite
})

const storedBan = z.object({
  peerId: z.string().regex(/^[0-9a-f]{64}$/),
  until: finite,
  count: count,
  reason: z.string().max(200)
})

/** A peer to dial first after a restart. */
export interface AnchorPeer {
  peerId: PeerId
  address: string
}

const storedAnchors = z.array(z.object({ peerId: z.string().regex(/^[0-9a-f]{64}$/), address: z.string().max(300) })).max(64)

/** The stored form of the anchors (JSON). */
export function encodeAnchors (anchors: AnchorPeer[]): string {
  return JSON.stringify(anchors)
}

/** Anchors back from their stored form ([] if damaged). Never throws. */
export function decodeAnchors (text: string): AnchorPeer[] {
  const parsed = storedAnchors.safeParse(parseJson(text))
  return parsed.success ? parsed.data.filter((a) => addressParses(a.address)) as AnchorPeer[] : []
}

function parseJson (text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The stored form of a record (JSON; the key as hex). */
export function encodeKnownPeer (p: KnownPeer): string {
  return JSON.stringify({ ...p, publicKey: Buffer.from(p.publicKey).toString('hex') })
}

/**
 * A record back from its stored form, or undefined if the text is not a well-formed
 * record whose key hashes to its PeerID and whose address parses. Never throws. (The key
 * was checked to be a valid ed25519 point before it was stored; the hash check is what
 * catches a damaged value, and costs far less.)
 */
export function decodeKnownPeer (text: string): KnownPeer | undefined {
  const parsed = storedPeer.safeParse(parseJson(text))
  if (!parsed.success) return undefined
  const v = parsed.data
  const publicKey = new Uint8Array(Buffer.from(v.publicKey, 'hex'))
  if (sha256(publicKey).toString('hex') !== v.peerId || !addressParses(v.address)) return undefined
  return { ...v, peerId: v.peerId as PeerId, publicKey }
}

/** The stored form of a ban (JSON). */
export function encodeBan (b: BanEntry): string {
  return JSON.stringify(b)
}

/** A ban back from its stored form, or undefined. Never throws. */
export function decodeBan (text: string): BanEntry | undefined {
  const parsed = storedBan.safeParse(parseJson(text))
  return parsed.success ? { ...parsed.data, peerId: parsed.data.peerId as PeerId } : undefined
}

function addressParses (address: string): boolean {
  return hostOf(address) !== undefined
}
