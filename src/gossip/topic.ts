// What a protocol hands the gossip engine: a topic (one message type) with its id rule,
// its validation and its delivery; and the message record the engine keeps.
import type { ErrorCode } from '../errors.js'
import type { Peer } from '../router/types.js'
import type { Digest } from '../wire/hash.js'

/**
 * The application's judgement of a message (gossipsub's accept / ignore / reject):
 * accept = deliver and forward; ignore = drop quietly (not wrong, just not wanted, e.g.
 * too old); reject = drop and penalise the sender, whose message was invalid.
 */
export type Verdict = 'accept' | 'ignore' | 'reject'

/** What the seen-cache remembers of a message id: validation still running, or its verdict. */
export type SeenState = 'pending' | Verdict

/** A seen-cache entry: the state, and which peers (MeshPeer.serial) sent us the message. */
export interface SeenEntry {
  state: SeenState
  /** Serials of the peers it came from, at most MAX_SENDERS_TRACKED (empty: published here). */
  readonly from: number[]
  /**
   * Serials of other peers known to have it (we pushed or served it to them, they announced
   * it by IHAVE or said IDONTWANT), at most MAX_KNOWN_TRACKED: a re-publish skips them.
   */
  known?: number[]
}

/** Senders remembered per message: beyond this many honest copies, repeats go unnoticed. */
export const MAX_SENDERS_TRACKED = 8

/**
 * Record that peer `serial` sent a message whose senders so far are `from`. True when it
 * had already: the same message from the same peer again, which honest gossip never does.
 */
export function noteSender (from: number[], serial: number): boolean {
  if (from.includes(serial)) return true
  if (from.length < MAX_SENDERS_TRACKED) from.push(serial)
  return false
}

/** Peers remembered per message as having it (a re-publish goes to the others). */
export const MAX_KNOWN_TRACKED = 64

/** Note that peer `serial` has the message of `entry` (see SeenEntry.known). */
export function noteKnown (entry: SeenEntry, serial: number): void {
  const known = entry.known ??= []
  if (!known.includes(serial) && known.length < MAX_KNOWN_TRACKED) known.push(serial)
}

/** True when peer `serial` is known to have the message of `entry`. */
export function isKnownTo (entry: SeenEntry, serial: number): boolean {
  return entry.from.includes(serial) || entry.known?.includes(serial) === true
}

/** A validation hook's answer, now or later. */
export type VerdictResult = Verdict | Promise<Verdict>

/** A message as the engine keeps it: encoded once, hashed once. */
export interface GossipMessage {
  /** The message id as a map key (the id's bytes as a latin1 string). */
  readonly key: string
  /** The message id: msg_hash = SHA-256(type || payload) unless the topic says otherwise. */
  readonly id: Digest
  readonly type: number
  /** The frame sent to peers, encoded once for all of them. */
  readonly frame: Uint8Array
  /** The payload, a view into `frame` (safe to keep: it is the engine's own copy). */
  readonly payload: Uint8Array
  /** What the topic decoded while validating, for delivery and per-peer frames. */
  decoded: unknown
  /** Peers (MeshPeer.serial) whose IWANT we answered with it: asking again is a repeat. */
  servedTo?: number[]
}

export interface GossipTopic {
  /** The envelope type of this topic's full messages. */
  readonly type: number
  readonly name: string
  /** The error a rejected message is penalised with (INVALID_BLOCK, INVALID_VOTE, ...). */
  readonly rejectCode: ErrorCode
  /** Hello capability bit a node carrying this topic advertises (Capability.BLOCKS, VOTES, MEMPOOL; default none). */
  readonly capability?: number
  /** Score reward for a peer that delivered a new valid message (default Reward.VALID_MESSAGE). */
  readonly reward?: number
  /**
   * The message id of a payload (default msg_hash). It must be derived from the whole
   * content, so that no peer can make an invalid message share an id with a valid one.
   * May throw a KuberError: the sender is penalised and nothing is remembered.
   */
  messageId?(payload: Uint8Array): Digest
  /**
   * Called for every message of this type from a peer that we did not ask for, once its id
   * is known and before it is looked up (duplicates included): false drops it unseen, so a
   * peer's budget is spent on everything it sends unasked and a dropped message may still
   * come by another route. The topic counts and penalises what it refuses.
   */
  admit?(from: Peer): boolean
  /** Judge a message from a peer. May set message.decoded. A thrown KuberError counts as reject. */
  validate(message: GossipMessage, from: Peer): VerdictResult
  /** An accepted message (from a peer, or published here when `from` is undefined), after it was forwarded. */
  deliver?(message: GossipMessage, from: Peer | undefined): void
  /** What to push to this peer instead of message.frame (compact blocks), encoded at most once per message; undefined: the full frame. */
  frameFor?(message: GossipMessage, peer: Peer): TypedFrame | undefined
}

/** An encoded frame and its envelope type (for the traffic counters). */
export interface TypedFrame {
  readonly type: number
  readonly frame: Uint8Array
}

/** A message id as a map key. */
export function idKey (id: Uint8Array): string {
  return Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString('latin1')
}

/** The id bytes of a map key. */
export function keyId (key: string): Uint8Array<ArrayBuffer> {
  return Buffer.from(key, 'latin1') as Uint8Array<ArrayBuffer>
}
