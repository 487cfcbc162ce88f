// The secure-channel contract: upgrade a raw transport Connection into an encrypted,
// authenticated one whose remote PeerID is proven (Noise XX, noise-upgrader.ts), or, for
// benchmarks only, a plaintext one whose PeerID is merely claimed (plaintext.ts).
import type { PeerId } from '../identity/peer-id.js'
import type { Connection } from '../transport/types.js'

export interface SecureConnection {
  /** Plaintext view of the channel: same contract as a transport Connection. */
  readonly conn: Connection
  readonly remotePeerId: PeerId
  /** Raw 32-byte ed25519 public key of the remote identity. */
  readonly remotePublicKey: Uint8Array
  /** True when the remote identity was proven cryptographically (Noise), false for plaintext. */
  readonly authenticated: boolean
}

export interface UpgradeOptions {
  /** Abort the handshake (the session layer ties this to its handshake timeout). */
  signal?: AbortSignal
  /** Outbound only: fail with PEER_ID_MISMATCH unless the remote proves this PeerID. */
  expectedPeerId?: PeerId
  /** Called each time a complete handshake message arrives from the peer (the session layer tracks progress). */
  onProgress?: () => void
}

export interface SecureUpgrader {
  readonly name: string
  /** Run the channel handshake as the initiator (the side that dialed). */
  secureOutbound(conn: Connection, options?: UpgradeOptions): Promise<SecureConnection>
  /** Run the channel handshake as the responder (the side that accepted). */
  secureInbound(conn: Connection, options?: UpgradeOptions): Promise<SecureConnection>
}
