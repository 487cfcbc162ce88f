// What protocols see: a narrow view of a connected peer, and the Protocol contract (in
// the spirit of CometBFT's reactors): the message types a protocol owns, the Hello
// capability bits it advertises, the host it is given, and the peer events it hears.
import type { PeerId } from '../identity/peer-id.js'
import type { MessageSpec } from '../wire/codecs.js'
import type { DisconnectReason, Direction, PeerState } from '../session/lifecycle.js'
import type { SendClass } from '../session/send-class.js'
import type { Hello } from '../wire/gen/kuber.js'
import type { ProtocolHost } from './host.js'

/** A connected peer as protocols see it. */
export interface Peer {
  readonly peerId: PeerId
  readonly direction: Direction
  readonly remoteAddress: string
  readonly state: PeerState
  /** Height the peer last told us about (Hello, then its blocks). */
  latestHeight: number
  /** The peer's Hello (capabilities, listen address), once received. */
  readonly remoteHello: Hello | undefined
  /** Last ping round trip in ms, if measured. */
  readonly rttMs: number | undefined
  /** Bytes queued for this peer and not yet sent. */
  readonly sendBufferedBytes: number
  /** Encode and send; false when dropped because the peer's send queue is full. */
  sendMessage<T>(message: MessageSpec<T>, value: Partial<T>): boolean
  /** Send a frame already encoded with encodeFrame (one encoding, many peers). */
  sendFrame(type: number, frame: Uint8Array): boolean
}

/**
 * A message delivered to a protocol. `payload` is a view into a receive buffer: copy what
 * you keep. Throw (or reject with) a KuberError to have the peer penalised for it.
 */
export type MessageHandler = (peer: Peer, type: number, payload: Uint8Array) => void | Promise<void>

export interface Protocol {
  readonly name: string
  /** Envelope types this protocol handles (each type has exactly one owner). */
  readonly messageTypes: readonly number[]
  /** Hello capability bits this protocol makes the node advertise (default none). */
  readonly capabilities?: number
  /**
   * Owned types that only peers advertising a capability may send: type → capability
   * bits, any of which will do. Others are refused (UNADVERTISED_MESSAGE_TYPE).
   */
  readonly requires?: Readonly<Partial<Record<number, number>>>
  /** Send classes of owned types (default: the node's table, send-class.ts; unknown types are BLOCKS). */
  readonly sendClasses?: Readonly<Partial<Record<number, SendClass>>>
  /** Handed the node's protocol host when registered, before any other call. */
  attach?(host: ProtocolHost): void
  /** Handle one message. */
  onMessage: MessageHandler
  onPeerAdded?(peer: Peer): void
  onPeerRemoved?(peer: Peer, reason: DisconnectReason): void
  /** An established peer moved between lifecycle states (ACTIVE → SYNC, SYNC → GOSSIP, GOSSIP → IDLE, ...). */
  onPeerStateChanged?(peer: Peer, from: PeerState, to: PeerState): void
  /** Release timers and resources (node.stop()). */
  stop?(): void | Promise<void>
  /** A JSON-able summary for GET /p2p/stats (under the protocol's name). */
  stats?(): Record<string, unknown>
}
