// A plaintext "secure" channel FOR BENCHMARKS ONLY (off by default in the node): each
// side sends its ed25519 public key in a length-prefixed NoiseHandshakePayload, nothing
// is signed or encrypted, and the result says authenticated=false. Its connection uses
// the same record framing and coalescing writer as Noise, so the two modes batch alike
// and a benchmark isolates the cost of the cryptography.
import type { Identity } from '../identity/keys.js'
import { assertExpectedPeer, decodeUnsignedIdentity, encodeUnsignedIdentity, type RemoteIdentity } from './identity-payload.js'
import { plaintextRecordCodec } from './record-codec.js'
import { resolveChannelOptions, runHandshake, type HandshakeProtocol, type SecureChannelOptions } from './run-handshake.js'
import type { SecureUpgrader } from './types.js'

export interface PlaintextUpgraderOptions extends SecureChannelOptions {
  /** This node's identity; only its public key is sent. */
  identity: Identity
}

/** A SecureUpgrader that only exchanges claimed identities. Never use it on a real network. */
export function createPlaintextUpgrader (options: PlaintextUpgraderOptions): SecureUpgrader {
  const channelOptions = resolveChannelOptions(options)
  const ownPayload = encodeUnsignedIdentity(options.identity)
  const upgrade: SecureUpgrader['secureOutbound'] = async (raw, upgradeOptions = {}) => {
    const protocol: HandshakeProtocol<RemoteIdentity> = {
      start: (send) => send(ownPayload),
      receive (message) {
        const remote = decodeUnsignedIdentity(message)
        assertExpectedPeer(remote, upgradeOptions.expectedPeerId)
        return { codec: plaintextRecordCodec, result: remote }
      }
    }
    const { conn, result } = await runHandshake(raw, protocol, { ...channelOptions, signal: upgradeOptions.signal, onProgress: upgradeOptions.onProgress })
    return { conn, remotePeerId: result.peerId, remotePublicKey: result.publicKey, authenticated: false }
  }
  return { name: 'plaintext', secureOutbound: upgrade, secureInbound: upgrade }
}
