// Gossip engine parameters: one zod schema with every default, used by the node config
// (`gossip: {...}`) and by tests that build an engine directly.
import { z } from 'zod'

const ms = z.number().int().positive()
const count = z.number().int().positive()

export const GossipParamsSchema = z.object({
  /** Peers a node grafts when it (re)builds its eager set; with the grafts it receives, its first messages go to about twice this many (default 2). */
  meshDegree: count.default(2),
  /** Most eager peers; a GRAFT beyond this is answered with PRUNE (default 12). */
  maxEagerPeers: count.default(12),
  /** Lazy peers each announcement round goes to (default 2). */
  lazyFanout: z.number().int().min(0).default(2),
  /** Rounds in which each message id is announced, to fresh random lazy peers each time (default 3). */
  announceRounds: count.default(3),
  /** Length of an announcement round: IHAVEs are batched over it, so lazy push costs a few frames per round, not per message (default 1 000 ms, gossipsub's heartbeat). */
  ihaveIntervalMs: ms.default(1000),
  /** Wait after an IHAVE before asking for the message, and before asking the next announcer (default 150 ms). */
  iwantTimeoutMs: ms.default(150),
  /** Announcers asked for one message before giving up on it (default 3). */
  maxPullAttempts: count.default(3),
  /** A duplicate does not prune an eager peer that delivered a new message this recently (default 1 000 ms). */
  pruneGraceMs: z.number().int().min(0).default(1000),
  /** Messages at least this large trigger IDONTWANT to the other eager peers (default 8 192 bytes). */
  idontwantMinBytes: count.default(8192),
  /** Mesh upkeep, cache expiry and per-peer budget period (default 1 000 ms). */
  heartbeatMs: ms.default(1000),
  /** How long a message id is remembered (default 120 000 ms). */
  seenTtlMs: ms.default(120_000),
  /** Most message ids remembered; the oldest are forgotten first (default 100 000). */
  seenMaxEntries: count.default(100_000),
  /** How long a full message is kept to answer IWANT (default 10 000 ms). */
  historyTtlMs: ms.default(10_000),
  /** Most messages kept to answer IWANT (default 5 000). */
  historyMaxMessages: count.default(5000),
  /** Most bytes kept to answer IWANT (default 64 MiB). */
  historyMaxBytes: count.default(64 * 1024 * 1024),
  /** Most announced-but-missing message ids waited for at once (default 5 000). */
  maxPendingPulls: count.default(5000),
  /** Most messages served to one peer's IWANTs per heartbeat (default 500). */
  maxIWantPerPeerPerHeartbeat: count.default(500),
  /** Most announced ids taken from one peer per heartbeat (default 5 000). */
  maxIHavePerPeerPerHeartbeat: count.default(5000),
  /** Most IDONTWANT ids remembered per peer (default 1 000). */
  maxDontWantPerPeer: count.default(1000),
  /** A peer with more bytes than this waiting to be sent gets an IHAVE instead of the full message (default 1 MiB). */
  backpressureBytes: count.default(1024 * 1024),
  /**
   * Repeats a peer may make per repeatWindowMs (re-sending a message it already sent us, or
   * asking again for one we already sent it); one more is duplicate spam: DUPLICATE_MESSAGE
   * penalty and disconnect (duplicate_block_spam). Honest gossip makes none (default 10).
   */
  maxRepeatsPerPeer: count.default(10),
  /** The window of maxRepeatsPerPeer: repeats are a token bucket refilled at maxRepeatsPerPeer per window (default 60 000 ms). */
  repeatWindowMs: ms.default(60_000),
  /** Most bytes of IWANT answers sent to one peer per heartbeat (default 16 MiB). */
  maxIWantBytesPerPeerPerHeartbeat: count.default(16 * 1024 * 1024)
}).strict()

export type GossipParams = z.output<typeof GossipParamsSchema>

/** Every parameter at its default. */
export const DEFAULT_GOSSIP_PARAMS: Readonly<GossipParams> = Object.freeze(GossipParamsSchema.parse({}))
