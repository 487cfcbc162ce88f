// What the chain protocols (blocks, votes, mempool) need from their node: a narrow
// capability interface (as CometBFT hands reactors a switch), built by chain.ts.
import type { Logger } from 'pino'
import type { Clock } from '../runtime/clock.js'
import type { Random } from '../runtime/random.js'
import type { KuberError } from '../errors.js'
import type { PeerId } from '../identity/peer-id.js'
import type { Peer } from '../router/types.js'
import type { DisconnectReason } from '../session/lifecycle.js'
import type { DropReason } from '../session/stats.js'

export interface ChainHost {
  readonly clock: Clock
  readonly random: Random
  readonly log: Logger
  connectedPeers(): Peer[]
  getPeer(id: PeerId): Peer | undefined
  /** Below the greylist threshold (or banned). */
  isQuarantined(id: PeerId): boolean
  reward(id: PeerId, weight: number): void
  penalize(id: PeerId, err: KuberError): void
  /** Count a message from a peer that was discarded, or a request refused, under `reason` (drops_by_reason). */
  drop(id: PeerId, reason: DropReason): void
  /** Set the peer's score to 0 and disconnect it with `reason` (spec §13 rule 2). */
  punish(id: PeerId, reason: DisconnectReason): void
}
