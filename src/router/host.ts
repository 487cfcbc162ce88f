// The one narrow host a node hands its protocols (registerProtocol), as CometBFT hands a
// reactor its switch: peers and their state, sending, scoring, the injected clock and
// randomness, a logger, metrics, and the request tracker. Protocols with more needs
// (gossip routing topics, discovery dialling) get this host plus a few named extras.
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import type { KuberError } from '../errors.js'
import type { PeerId } from '../identity/peer-id.js'
import type { Clock } from '../runtime/clock.js'
import type { Random } from '../runtime/random.js'
import type { DisconnectReason } from '../session/lifecycle.js'
import type { DropReason } from '../session/stats.js'
import type { RequestTracker } from './requests.js'
import type { Peer } from './types.js'

export interface ProtocolHost {
  readonly localPeerId: PeerId
  readonly clock: Clock
  readonly random: Random
  readonly log: Logger
  /** Requests to peers: ids, timeouts, limits, answers within what was asked. */
  readonly requests: RequestTracker
  /** Established peers (state, latest height, Hello). */
  connectedPeers(): Peer[]
  getPeer(id: PeerId): Peer | undefined
  /** Send one message; false if the peer is gone or its send queue for that class is full. */
  send(id: PeerId, type: number, payload: Uint8Array): boolean
  /** Send to every established peer not quarantined; returns how many it was queued for. */
  broadcast(type: number, payload: Uint8Array, options?: { except?: PeerId }): number
  /** Record misbehaviour (the error's code sets the penalty). Works for a peer that has left. */
  penalize(id: PeerId, err: KuberError): void
  reward(id: PeerId, weight: number): void
  /** Score below the greylist threshold (or banned): send it nothing, ask it nothing. */
  isQuarantined(id: PeerId): boolean
  isBanned(id: PeerId): boolean
  score(id: PeerId): number
  disconnect(id: PeerId, reason: DisconnectReason): void
  /** Count `n` messages (or requests) from a peer discarded without a penalty (drops_by_reason, per node and per peer). */
  drop(id: PeerId, reason: DropReason, n?: number): void
  /** Add metrics to the node's Prometheus registry (called when the registry is built). */
  addMetrics(register: (registry: Registry) => void): void
}
