// Hello / HelloAck (spec §6, §14, §17): what a node says about itself and the checks it
// applies to what the peer says. Pure functions; session.ts runs the exchange.
import { ErrorCodes, type ErrorCode } from '../errors.js'
import { PEER_ID_BYTES, peerIdToBytes, type PeerId } from '../identity/peer-id.js'
import { HelloStatus, type Hello } from '../wire/gen/kuber.js'
import { formatTransportAddress, parseTransportAddress } from '../transport/address.js'
import { DisconnectReason } from './lifecycle.js'

/** The protocol version this implementation speaks (uint16). */
export const PROTOCOL_VERSION = 1
/** Largest accepted |local − peer| wall-clock difference (spec §14). */
export const MAX_CLOCK_SKEW_MS = 10_000
/** Longest chain id accepted. */
export const MAX_CHAIN_ID_LENGTH = 64

/** Capability bits of Hello.capabilities. */
export const Capability = {
  BLOCKS: 1 << 0,
  VOTES: 1 << 1,
  MEMPOOL: 1 << 2,
  STATE_SYNC: 1 << 3,
  PEER_EXCHANGE: 1 << 4,
  SEED: 1 << 5,
  COMPACT_BLOCKS: 1 << 6,
  /** The sender is a light client (kuber-p2p/light): served headers on request, never a gossip peer. */
  LIGHT_CLIENT: 1 << 7,
  /** The sender serves light clients: signed headers with their commits, blocks on request. */
  LIGHT_SERVER: 1 << 8,
  /** WindowUpdate and Fragment: flow control and fragmented large messages (flow-window.ts, fragments.ts). */
  FLOW_CONTROL: 1 << 9,
  /** Serves block ranges and BlockStatus (block sync). */
  BLOCK_SYNC: 1 << 10
} as const

export interface LocalHello {
  peerId: PeerId
  chainId: string
  protocolVersion: number
  latestHeight: number
  capabilities: number
  listenAddr: string
}

export function buildHello (local: LocalHello, now: number): Hello {
  return {
    nodeId: peerIdToBytes(local.peerId) as Uint8Array<ArrayBuffer>,
    protocolVersion: local.protocolVersion,
    chainId: local.chainId,
    latestHeight: local.latestHeight,
    capabilities: local.capabilities,
    timestamp: Math.floor(now),
    listenAddr: local.listenAddr
  }
}

export interface HelloCheckContext {
  /** The PeerID the secure channel proved. */
  provenPeerId: PeerId
  chainId: string
  protocolVersion: number
  now: number
  maxClockSkewMs: number
}

/** A refused Hello: the status to answer with and the error code to record. */
export interface HelloRefusal {
  status: HelloStatus
  code: ErrorCode
  message: string
}

/** Check a peer's Hello. Returns undefined when it is acceptable. */
export function checkHello (hello: Hello, ctx: HelloCheckContext): HelloRefusal | undefined {
  if (hello.nodeId.length !== PEER_ID_BYTES) {
    return { status: HelloStatus.INVALID_NODE_ID, code: ErrorCodes.INVALID_PEER_ID, message: `node_id must be ${PEER_ID_BYTES} bytes, got ${hello.nodeId.length}` }
  }
  if (!Buffer.from(hello.nodeId).equals(peerIdToBytes(ctx.provenPeerId))) {
    return { status: HelloStatus.INVALID_NODE_ID, code: ErrorCodes.NODE_ID_MISMATCH, message: 'node_id differs from the PeerID the secure channel proved' }
  }
  if (hello.protocolVersion !== ctx.protocolVersion) {
    return { status: HelloStatus.VERSION_MISMATCH, code: ErrorCodes.VERSION_MISMATCH, message: `protocol version ${hello.protocolVersion}, expected ${ctx.protocolVersion}` }
  }
  if (hello.chainId !== ctx.chainId) {
    return { status: HelloStatus.CHAIN_ID_MISMATCH, code: ErrorCodes.CHAIN_ID_MISMATCH, message: `chain id ${JSON.stringify(hello.chainId.slice(0, MAX_CHAIN_ID_LENGTH))}, expected ${JSON.stringify(ctx.chainId)}` }
  }
  const skew = Math.abs(ctx.now - hello.timestamp)
  if (!(skew <= ctx.maxClockSkewMs)) {
    return { status: HelloStatus.CLOCK_SKEW, code: ErrorCodes.CLOCK_SKEW, message: `peer clock differs from ours by ${Math.round(skew)} ms (limit ${ctx.maxClockSkewMs} ms)` }
  }
  return undefined
}

/** The peer's advertised listen address if it parses as host:port with a non-zero port, else undefined. */
export function advertisedAddress (hello: Hello): string | undefined {
  if (hello.listenAddr === '' || hello.listenAddr.length > 300) return undefined
  try {
    const a = parseTransportAddress(hello.listenAddr)
    return a.port === 0 ? undefined : formatTransportAddress(a.scheme, a.hostPort)
  } catch {
    return undefined
  }
}

/** Each refusal: the HelloAck status, the error code it stands for, the disconnect reason recorded. */
const REFUSALS: ReadonlyArray<readonly [HelloStatus, ErrorCode, DisconnectReason]> = [
  [HelloStatus.VERSION_MISMATCH, ErrorCodes.VERSION_MISMATCH, DisconnectReason.VERSION_MISMATCH],
  [HelloStatus.CHAIN_ID_MISMATCH, ErrorCodes.CHAIN_ID_MISMATCH, DisconnectReason.CHAIN_ID_MISMATCH],
  [HelloStatus.CLOCK_SKEW, ErrorCodes.CLOCK_SKEW, DisconnectReason.CLOCK_SKEW],
  [HelloStatus.DUPLICATE_PEER, ErrorCodes.DUPLICATE_PEER, DisconnectReason.DUPLICATE_PEER],
  [HelloStatus.SELF_CONNECTION, ErrorCodes.SELF_CONNECTION, DisconnectReason.SELF_CONNECTION],
  [HelloStatus.TOO_MANY_PEERS, ErrorCodes.TOO_MANY_PEERS, DisconnectReason.TOO_MANY_PEERS],
  [HelloStatus.BANNED, ErrorCodes.PEER_BANNED, DisconnectReason.BANNED]
]

/** The error code a non-OK HelloAck from the peer maps to. */
export function refusalCode (status: HelloStatus): ErrorCode {
  return REFUSALS.find(([s]) => s === status)?.[1] ?? ErrorCodes.HANDSHAKE_REJECTED
}

/** The disconnect reason recorded for a handshake that failed with this code. */
export function reasonForRefusal (code: ErrorCode): DisconnectReason {
  return REFUSALS.find(([, c]) => c === code)?.[2] ?? DisconnectReason.INVALID_HANDSHAKE
}
