// How much each kind of behaviour moves a peer's score (spec §9, §13). Positive weights
// are valid behaviour (α side), negative weights invalid behaviour (β side). An error's
// code selects its penalty, so every typed error a peer causes is scored the same way.
import { ErrorCodes, type ErrorCode } from '../errors.js'

/** Good behaviour and its weight. */
export const Reward = {
  VALID_BLOCK: 2,
  VALID_VOTE: 0.2,
  VALID_TX: 0.05,
  VALID_MESSAGE: 0.02,
  FAST_RESPONSE: 0.5,
  /** Per minute of uptime, granted by the session manager. */
  UPTIME_MINUTE: 0.5
} as const

/** Penalty (a positive number of score points) per error code; absent codes cost nothing. */
export const Penalty: Partial<Record<ErrorCode, number>> = {
  [ErrorCodes.FRAME_TOO_LARGE]: 100, // spec §13 rule 4: ban
  [ErrorCodes.FRAME_TRUNCATED]: 5,
  // a frame left incomplete for frameTimeoutMs: its buffer is held for nothing
  [ErrorCodes.FRAME_TIMEOUT]: 10,
  [ErrorCodes.MALFORMED_MESSAGE]: 10,
  [ErrorCodes.INVALID_MESSAGE_TYPE]: 10,
  // a type no protocol of ours handles (a newer peer, a capability we lack), or one the peer did not
  // advertise: refused, and small enough that 100 of them (in a burst) leave the peer above the greylist
  [ErrorCodes.UNKNOWN_MESSAGE_TYPE]: 0.2,
  [ErrorCodes.UNADVERTISED_MESSAGE_TYPE]: 0.2,
  [ErrorCodes.INVALID_FIELD]: 10,
  [ErrorCodes.INVALID_PEER_ID]: 40,
  [ErrorCodes.INVALID_PUBLIC_KEY]: 40,
  [ErrorCodes.INVALID_SIGNATURE]: 40,
  [ErrorCodes.NOISE_DECRYPT_FAILED]: 30,
  [ErrorCodes.NOISE_HANDSHAKE_FAILED]: 15,
  [ErrorCodes.NOISE_RECORD_TOO_LARGE]: 30,
  [ErrorCodes.PEER_ID_MISMATCH]: 15,
  // VERSION_MISMATCH and CHAIN_ID_MISMATCH cost nothing: another chain or version is a
  // configuration fact, not misbehaviour (the peer is disconnected and redialled later)
  [ErrorCodes.CLOCK_SKEW]: 15,
  [ErrorCodes.NODE_ID_MISMATCH]: 40,
  [ErrorCodes.DUPLICATE_PEER]: 5,
  [ErrorCodes.HANDSHAKE_TIMEOUT]: 15,
  [ErrorCodes.UNEXPECTED_MESSAGE]: 10,
  [ErrorCodes.RATE_LIMITED]: 1,
  // over the byte budget for byteBudgetPenaltyAfterMs without a break (each such period)
  [ErrorCodes.BANDWIDTH_EXCEEDED]: 5,
  [ErrorCodes.INVALID_BLOCK]: 25,
  // state sync: a chunk that fails its proof, has the wrong total or breaks the snapshot's plan, or a
  // snapshot whose metadata does not check: bad data, Byzantine (two of them ban a fresh peer)
  [ErrorCodes.INVALID_CHUNK]: 25,
  [ErrorCodes.INVALID_SNAPSHOT]: 25,
  [ErrorCodes.INVALID_VOTE]: 10,
  [ErrorCodes.INVALID_TX]: 2,
  [ErrorCodes.TX_HASH_MISMATCH]: 10,
  [ErrorCodes.INVALID_PEER_RECORD]: 5,
  [ErrorCodes.UNSOLICITED_MESSAGE]: 3,
  [ErrorCodes.PEER_UNRESPONSIVE]: 10,
  // a WindowUpdate that shrinks, barely raises or over-grants the window, or a broken fragment sequence
  [ErrorCodes.FLOW_CONTROL_VIOLATION]: 10,
  [ErrorCodes.FRAGMENT_INVALID]: 10,
  // a ping answered slowly, an announced message not delivered when asked for (spec §9)
  [ErrorCodes.SLOW_RESPONSE]: 1,
  // duplicate spam (spec §15): more repeats than gossip.maxRepeatsPerPeer; the peer is also disconnected
  [ErrorCodes.DUPLICATE_MESSAGE]: 25,
  // an IWANT naming ids it already named, or that we already sent it
  [ErrorCodes.DUPLICATE_REQUEST]: 5,
  // block sync: a peer that claimed a height (BlockStatus, Hello) answers a range request for it with no block
  [ErrorCodes.BLOCK_WITHHELD]: 5
}

/** Codes that ban at once whatever the score (spec §13 rule 4). */
export const BAN_AT_ONCE: ReadonlySet<ErrorCode> = new Set([ErrorCodes.FRAME_TOO_LARGE])

/** True when the code lowers the score (or bans): some typed errors are recorded but cost nothing. */
export function isPenalised (code: ErrorCode): boolean {
  return BAN_AT_ONCE.has(code) || (Penalty[code] ?? 0) > 0
}
