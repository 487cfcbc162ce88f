// The connection lifecycle of spec §15 as an explicit state machine:
//   CONNECT → HANDSHAKE → ACTIVE → SYNC ⇄ GOSSIP ⇄ IDLE → DISCONNECT
// CONNECT covers the transport and the secure channel, HANDSHAKE the Hello/HelloAck
// exchange. ACTIVE is the instant after a successful handshake; the session then moves
// to SYNC while the peer is ahead of us, GOSSIP while heights match, IDLE after a quiet
// spell. Any state may go to DISCONNECT, which is final and records a reason.

/** Which side dialled. */
export type Direction = 'inbound' | 'outbound'

export const PeerState = {
  CONNECT: 'CONNECT',
  HANDSHAKE: 'HANDSHAKE',
  ACTIVE: 'ACTIVE',
  SYNC: 'SYNC',
  GOSSIP: 'GOSSIP',
  IDLE: 'IDLE',
  DISCONNECT: 'DISCONNECT'
} as const
export type PeerState = (typeof PeerState)[keyof typeof PeerState]

/** Why a session ended (spec §15, plus the local and transport reasons a node also has). */
export const DisconnectReason = {
  // spec §15
  SCORE_BELOW_BAN: 'score_below_ban',
  INVALID_HANDSHAKE: 'invalid_handshake',
  VERSION_MISMATCH: 'protocol_version_mismatch',
  INTEGRITY_FAILURE: 'message_integrity_failure',
  DUPLICATE_BLOCK_SPAM: 'duplicate_block_spam',
  UNRESPONSIVE: 'unresponsive',
  // handshake refusals
  CHAIN_ID_MISMATCH: 'chain_id_mismatch',
  CLOCK_SKEW: 'clock_skew',
  DUPLICATE_PEER: 'duplicate_peer',
  SELF_CONNECTION: 'self_connection',
  TOO_MANY_PEERS: 'too_many_peers',
  BANNED: 'banned',
  HANDSHAKE_TIMEOUT: 'handshake_timeout',
  // protocol
  OVERSIZED_FRAME: 'oversized_frame',
  INVALID_BLOCKS: 'invalid_blocks',
  PROTOCOL_VIOLATION: 'protocol_violation',
  SLOW_READER: 'slow_reader',
  SYNC_TOO_SLOW: 'sync_too_slow',
  // ordinary endings
  REMOTE_CLOSED: 'remote_closed',
  TRANSPORT_ERROR: 'transport_error',
  LOCAL_SHUTDOWN: 'local_shutdown',
  REQUESTED: 'requested',
  SEED_DONE: 'seed_done'
} as const
export type DisconnectReason = (typeof DisconnectReason)[keyof typeof DisconnectReason]

const REASONS: ReadonlySet<string> = new Set(Object.values(DisconnectReason))

/** True for a DisconnectReason value (a ban's reason may be one, e.g. invalid_blocks, or an error code). */
export function isDisconnectReason (text: string): text is DisconnectReason {
  return REASONS.has(text)
}

const allowed: Record<PeerState, readonly PeerState[]> = {
  CONNECT: ['HANDSHAKE', 'DISCONNECT'],
  HANDSHAKE: ['ACTIVE', 'DISCONNECT'],
  ACTIVE: ['SYNC', 'GOSSIP', 'DISCONNECT'],
  SYNC: ['GOSSIP', 'IDLE', 'DISCONNECT'],
  GOSSIP: ['SYNC', 'IDLE', 'DISCONNECT'],
  IDLE: ['SYNC', 'GOSSIP', 'DISCONNECT'],
  DISCONNECT: []
}

/** True when `from → to` is an edge of the lifecycle. */
export function canTransition (from: PeerState, to: PeerState): boolean {
  return allowed[from].includes(to)
}

/** States in which application messages flow. */
export function isEstablished (state: PeerState): boolean {
  return state === 'ACTIVE' || state === 'SYNC' || state === 'GOSSIP' || state === 'IDLE'
}

/**
 * The steady state an established session should be in, given heights and activity.
 * @param quietMs time since the last application message from the peer
 */
export function steadyState (peerHeight: number, localHeight: number, quietMs: number, idleAfterMs: number): PeerState {
  if (peerHeight > localHeight) return PeerState.SYNC
  return quietMs >= idleAfterMs ? PeerState.IDLE : PeerState.GOSSIP
}
