// What discovery needs from the node: the protocol host every protocol gets, plus the
// few things only discovery does (dialling, our own addresses, what a peer proved), and
// the settings it reads.
import type { PeerId } from '../identity/peer-id.js'
import type { ProtocolHost } from '../router/host.js'
import type { Peer } from '../router/types.js'
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
export interface DiscoveryHost extends ProtocolHost {
  /** Addresses we listen on or advertise: never stored, never dialled. */
  ownAddresses(): ReadonlySet<string>
  details(peer: Peer): PeerDetails | undefined
  /** True when the node has a transport for the address's scheme (tcp, ws). */
  canDial(address: string): boolean
  /** Outbound connections, established and being set up. */
  outboundCount(): number
  /** Dial and complete the handshake (fails with a KuberError). */
  dial(address: string, expectedPeerId: PeerId | undefined): Promise<Peer>
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
