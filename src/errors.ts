// Typed errors. Every failure that remote input can cause is one of these, with a stable
// string `code` that stats, metrics and peer scoring key on (spec §9, §13, §17).

export const ErrorCodes = {
  // wire (framing, envelope, protobuf)
  FRAME_TOO_LARGE: 'FRAME_TOO_LARGE',
  FRAME_TRUNCATED: 'FRAME_TRUNCATED',
  FRAME_TIMEOUT: 'FRAME_TIMEOUT',
  MALFORMED_MESSAGE: 'MALFORMED_MESSAGE',
  INVALID_MESSAGE_TYPE: 'INVALID_MESSAGE_TYPE',
  UNKNOWN_MESSAGE_TYPE: 'UNKNOWN_MESSAGE_TYPE',
  UNADVERTISED_MESSAGE_TYPE: 'UNADVERTISED_MESSAGE_TYPE',
  INVALID_FIELD: 'INVALID_FIELD',
  // identity
  INVALID_PEER_ID: 'INVALID_PEER_ID',
  INVALID_PUBLIC_KEY: 'INVALID_PUBLIC_KEY',
  INVALID_SIGNATURE: 'INVALID_SIGNATURE',
  INVALID_KEY_FILE: 'INVALID_KEY_FILE',
  // secure channel
  NOISE_HANDSHAKE_FAILED: 'NOISE_HANDSHAKE_FAILED',
  NOISE_DECRYPT_FAILED: 'NOISE_DECRYPT_FAILED',
  NOISE_RECORD_TOO_LARGE: 'NOISE_RECORD_TOO_LARGE',
  PEER_ID_MISMATCH: 'PEER_ID_MISMATCH',
  // handshake (§6, §14, §17)
  VERSION_MISMATCH: 'VERSION_MISMATCH',
  CHAIN_ID_MISMATCH: 'CHAIN_ID_MISMATCH',
  CLOCK_SKEW: 'CLOCK_SKEW',
  NODE_ID_MISMATCH: 'NODE_ID_MISMATCH',
  DUPLICATE_PEER: 'DUPLICATE_PEER',
  SELF_CONNECTION: 'SELF_CONNECTION',
  TOO_MANY_PEERS: 'TOO_MANY_PEERS',
  PEER_BANNED: 'PEER_BANNED',
  HANDSHAKE_TIMEOUT: 'HANDSHAKE_TIMEOUT',
  HANDSHAKE_REJECTED: 'HANDSHAKE_REJECTED',
  UNEXPECTED_MESSAGE: 'UNEXPECTED_MESSAGE',
  // transport
  DIAL_FAILED: 'DIAL_FAILED',
  DIAL_TIMEOUT: 'DIAL_TIMEOUT',
  ABORTED: 'ABORTED',
  CONNECTION_CLOSED: 'CONNECTION_CLOSED',
  LISTEN_FAILED: 'LISTEN_FAILED',
  INVALID_ADDRESS: 'INVALID_ADDRESS',
  // protocols (§9, §12, §13)
  RATE_LIMITED: 'RATE_LIMITED',
  BANDWIDTH_EXCEEDED: 'BANDWIDTH_EXCEEDED',
  INVALID_BLOCK: 'INVALID_BLOCK',
  INVALID_VOTE: 'INVALID_VOTE',
  INVALID_TX: 'INVALID_TX',
  TX_HASH_MISMATCH: 'TX_HASH_MISMATCH',
  INVALID_PEER_RECORD: 'INVALID_PEER_RECORD',
  UNSOLICITED_MESSAGE: 'UNSOLICITED_MESSAGE',
  PEER_UNRESPONSIVE: 'PEER_UNRESPONSIVE',
  SLOW_RESPONSE: 'SLOW_RESPONSE',
  INVALID_CHUNK: 'INVALID_CHUNK',
  INVALID_SNAPSHOT: 'INVALID_SNAPSHOT',
  DUPLICATE_MESSAGE: 'DUPLICATE_MESSAGE',
  DUPLICATE_REQUEST: 'DUPLICATE_REQUEST',
  BLOCK_WITHHELD: 'BLOCK_WITHHELD',
  FLOW_CONTROL_VIOLATION: 'FLOW_CONTROL_VIOLATION',
  FRAGMENT_INVALID: 'FRAGMENT_INVALID',
  // configuration and node
  INVALID_CONFIG: 'INVALID_CONFIG',
  NOT_STARTED: 'NOT_STARTED',
  // local storage (the peer store under the node's home)
  STORE_LOCKED: 'STORE_LOCKED',
  STORE_PERMISSION_DENIED: 'STORE_PERMISSION_DENIED',
  STORE_CORRUPT: 'STORE_CORRUPT',
  STORE_FAILED: 'STORE_FAILED'
} as const

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes]

/** Base of every Kuber error. `code` is stable; `message` is for humans. */
export class KuberError extends Error {
  constructor (readonly code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }
}

/** Framing, envelope or protobuf decoding failed: the bytes a peer sent are not valid. */
export class WireError extends KuberError {}
/** A PeerID, public key, signature or key file is not valid. */
export class IdentityError extends KuberError {}
/** The Noise secure channel failed (handshake, authentication, identity proof). */
export class SecureChannelError extends KuberError {}
/** The Hello/HelloAck handshake failed or was refused. */
export class HandshakeError extends KuberError {}
/** Dialing, listening or a connection failed. */
export class TransportError extends KuberError {}
/** A protocol message was well-formed but wrong (invalid block, spam, unsolicited). */
export class ProtocolError extends KuberError {}
/** Options or a config file are not valid. */
export class ConfigError extends KuberError {}
/** A local store cannot be opened or written: the message says which path, why and what to do. */
export class StorageError extends KuberError {}

/** The error's code if it is a KuberError, otherwise undefined. */
export function errorCode (err: unknown): ErrorCode | undefined {
  return err instanceof KuberError ? err.code : undefined
}
