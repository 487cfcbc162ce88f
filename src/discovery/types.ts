// What discovery needs from the node (a narrow capability interface, as CometBFT hands
// its reactors a peer manager rather than the switch) and the settings it reads.
import type { Logger } from 'pino'
import type { Clock } from '../runtime/clock.js'
import type { Random } from '../runtime/random.js'
import type { KuberError } from '../errors.js'
import type { PeerId } from '../identity/peer-id.js'
import type { Peer } from '../router/types.js'
import type { DisconnectReason } from '../session/lifecycle.js'
import type { AddrBookStrict } from './address-policy.js'

/** What the secure channel and the Hello told us about a connected peer. */
export interface PeerDetails {
  /** The key the secure channel proved (Noise) for this PeerID. */
  publicKey: Uint8Array
  /** Hello capability bits. */
  capabilities: number
  /** The address its Hello says it accepts dials on, if valid. */
  listenAddress: string | undefined
}

/** The node as discovery sees it. */
export interface DiscoveryHost {
  readonly localPeerId: PeerId
  readonly clock: Clock
  readonly random: Random
  readonly log: Logger
  /** Addresses we listen on or advertise: never stored, never dialled. */
  ownAddresses(): ReadonlySet<string>
  connectedPeers(): Peer[]
  details(peer: Peer): PeerDetails | undefined
  /** Outbound connections, established and being set up. */
  outboundCount(): number
  /** Dial and complete the handshake (fails with a KuberError). */
  dial(address: string, expectedPeerId: PeerId | undefined): Promise<Peer>
  disconnect(id: PeerId, reason: DisconnectReason): void
  isBanned(id: PeerId): boolean
  score(id: PeerId): number
  /** Penalise a peer, connected or not. */
  penalize(id: PeerId, err: KuberError): void
}

/** A seed: "PEER_ID@host:port". */
export interface SeedAddress {
  peerId: PeerId
  address: string
}

/** The node settings discovery reads (see NodeConfigSchema for each one's meaning and default). */
export interface DiscoverySettings {
  seeds: SeedAddress[]
  seedMode: boolean
  targetOutbound: number
  maxOutbound: number
  maxOutboundPerGroup: number
  maxConcurrentDials: number
  maxAnchors: number
  addrBookStrict: AddrBookStrict
  pexIntervalMs: number
  dialIntervalMs: number
  dialBackoffBaseMs: number
  dialBackoffMaxMs: number
}
