// What protocols see: a narrow view of a connected peer, and the Protocol contract
// (in the spirit of CometBFT's reactors): the message types a protocol owns, peer
// added/removed, and each message with its source.
import type { PeerId } from '../identity/peer-id.js'
import type { MessageSpec } from '../wire/codecs.js'
import type { DisconnectReason, Direction, PeerState } from '../session/lifecycle.js'
import type { Hello } from '../wire/gen/kuber.js'

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
  /** Encode and send; false when dropped because the peer's send buffer is full. */
  sendMessage<T>(message: MessageSpec<T>, value: Partial<T>): boolean
  /** Send a frame already encoded with encodeFrame (one encoding, many peers). */
  sendFrame(type: number, frame: Uint8Array): boolean
}

/** A message delivered to a protocol. `payload` is a view into a receive buffer: copy what you keep. */
export type MessageHandler = (peer: Peer, type: number, payload: Uint8Array) => void

export interface Protocol {
  readonly name: string
  /** Envelope types this protocol handles (each type has exactly one owner). */
  readonly messageTypes: readonly number[]
  /** Handle one message. Throw a KuberError to have the peer penalised for it. */
  onMessage: MessageHandler
  onPeerAdded?(peer: Peer): void
  onPeerRemoved?(peer: Peer, reason: DisconnectReason): void
  /** Release timers and resources (node.stop()). */
  stop?(): void | Promise<void>
  /** A JSON-able summary for GET /p2p/stats (under the protocol's name). */
  stats?(): Record<string, unknown>
}
