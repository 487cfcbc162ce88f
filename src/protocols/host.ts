// What the chain protocols (blocks, votes, mempool) need from their node: the protocol
// host every protocol gets, plus the spec §13 rule 2 punishment. Built by chain.ts.
import type { PeerId } from '../identity/peer-id.js'
import type { ProtocolHost } from '../router/host.js'
import type { DisconnectReason } from '../session/lifecycle.js'

export interface ChainHost extends ProtocolHost {
  /** Set the peer's score to 0 and disconnect it with `reason` (spec §13 rule 2). */
  punish(id: PeerId, reason: DisconnectReason): void
}
