// The Noise secure channel (spec §3, §16, §17): Noise_XX_25519_ChaChaPoly_SHA256 with
// prologue "kuber-p2p/noise/1". Handshake messages 2 and 3 carry a NoiseHandshakePayload
// in which the sender's ed25519 identity signs its Noise static key, so the remote
// PeerID is proven. Every message on the wire is a 2-byte length and a Noise message.
import type { Identity } from '../identity/keys.js'
import type { PeerId } from '../identity/peer-id.js'
import type { Random } from '../runtime/random.js'
import type { Connection } from '../transport/types.js'
import { noiseRecordCodec } from './cipher-state.js'
import { assertExpectedPeer, encodeSignedIdentity, verifySignedIdentity, type RemoteIdentity } from './identity-payload.js'
import { resolveChannelOptions, runHandshake, type HandshakeProtocol, type SecureChannelOptions } from './run-handshake.js'
import type { SecureConnection, SecureUpgrader, UpgradeOptions } from './types.js'
import { XxHandshake } from './xx-handshake.js'
import { X25519_KEY_BYTES, x25519KeyPair, type X25519KeyPair } from './x25519.js'

/** Noise prologue: both sides must agree on it or the handshake fails. */
export const NOISE_PROLOGUE = Buffer.from('kuber-p2p/noise/1', 'ascii')
const EMPTY = new Uint8Array(0)

export interface NoiseUpgraderOptions extends SecureChannelOptions {
  /** This node's ed25519 identity; it signs the Noise static key. */
  identity: Identity
  /** Source of the Noise static key (drawn once, at creation) and of every ephemeral key. */
  random: Random
}

export interface NoiseUpgrader extends SecureUpgrader {
  /** This node's Noise static public key (X25519, 32 bytes). */
  readonly staticPublicKey: Uint8Array
}

/** A SecureUpgrader running Noise XX; see the file header for the wire format. */
export function createNoiseUpgrader (options: NoiseUpgraderOptions): NoiseUpgrader {
  const channelOptions = resolveChannelOptions(options)
  const { random } = options
  const staticKey = x25519KeyPair(random.bytes(X25519_KEY_BYTES))
  const signedIdentity = encodeSignedIdentity(options.identity, staticKey.publicKey)

  const upgrade = async (raw: Connection, initiator: boolean, upgradeOptions: UpgradeOptions = {}): Promise<SecureConnection> => {
    const protocol = xxProtocol({
      initiator,
      staticKey,
      ephemeralKey: x25519KeyPair(random.bytes(X25519_KEY_BYTES)),
      signedIdentity,
      expectedPeerId: upgradeOptions.expectedPeerId
    })
    const { conn, result } = await runHandshake(raw, protocol, { ...channelOptions, signal: upgradeOptions.signal, onProgress: upgradeOptions.onProgress })
    return { conn, remotePeerId: result.peerId, remotePublicKey: result.publicKey, authenticated: true }
  }

  return {
    name: 'noise',
    staticPublicKey: staticKey.publicKey,
    secureOutbound: (raw, upgradeOptions) => upgrade(raw, true, upgradeOptions),
    secureInbound: (raw, upgradeOptions) => upgrade(raw, false, upgradeOptions)
  }
}

interface XxProtocolOptions {
  initiator: boolean
  staticKey: X25519KeyPair
  ephemeralKey: X25519KeyPair
  /** Our encoded NoiseHandshakePayload. */
  signedIdentity: Uint8Array
  expectedPeerId: PeerId | undefined
}

/**
 * One side of the XX exchange. The initiator checks the responder's identity before it
 * sends message 3, so a wrong peer never learns who dialed it.
 */
function xxProtocol (options: XxProtocolOptions): HandshakeProtocol<RemoteIdentity> {
  const handshake = new XxHandshake({
    initiator: options.initiator,
    prologue: NOISE_PROLOGUE,
    staticKey: options.staticKey,
    ephemeralKey: options.ephemeralKey
  })
  return {
    start (send) {
      if (options.initiator) send(handshake.writeMessage(EMPTY)) // -> e
    },
    receive (message, send) {
      const payload = handshake.readMessage(message)
      if (!options.initiator && !handshake.isComplete) { // read -> e; write <- e, ee, s, es
        send(handshake.writeMessage(options.signedIdentity))
        return undefined
      }
      const remote = verifySignedIdentity(payload, handshake.remoteStaticKey!)
      assertExpectedPeer(remote, options.expectedPeerId)
      if (options.initiator) send(handshake.writeMessage(options.signedIdentity)) // -> s, se
      const { send: sendCipher, receive: receiveCipher } = handshake.split()
      return { codec: noiseRecordCodec(sendCipher, receiveCipher), result: remote }
    }
  }
}
