// Noise HandshakeState (Noise spec rev 34 §5.3) for the one pattern kuber-p2p uses,
// Noise_XX_25519_ChaChaPoly_SHA256:
//   -> e
//   <- e, ee, s, es
//   -> s, se
// Keys come in from the caller (the upgrader draws them from the injected Random), so a
// handshake is reproducible and can be checked against published test vectors.
import { ErrorCodes, KuberError, SecureChannelError } from '../errors.js'
import { AEAD_TAG_BYTES, type CipherState } from './cipher-state.js'
import { SymmetricState } from './symmetric-state.js'
import { crypto as defaultCrypto } from '../crypto/provider.js'
import type { CryptoProvider } from '../crypto/types.js'
import { X25519_KEY_BYTES, x25519, type X25519KeyPair } from './x25519.js'

export const NOISE_XX_PROTOCOL_NAME = 'Noise_XX_25519_ChaChaPoly_SHA256'
/** Number of handshake messages in XX. */
export const XX_MESSAGE_COUNT = 3

export interface XxHandshakeOptions {
  initiator: boolean
  prologue: Uint8Array
  /** This side's long-term Noise key pair (s). */
  staticKey: X25519KeyPair
  /** This side's fresh key pair for this handshake (e). */
  ephemeralKey: X25519KeyPair
  /** The primitives (default: this build's provider); the key pairs must come from the same one. */
  crypto?: CryptoProvider
}

/** The transport ciphers of a finished handshake, from this side's point of view. */
export interface TransportCiphers {
  send: CipherState
  receive: CipherState
}

export class XxHandshake {
  private readonly symmetric: SymmetricState
  private readonly primitives: CryptoProvider
  private readonly initiator: boolean
  private readonly s: X25519KeyPair
  private readonly e: X25519KeyPair
  private remoteEphemeral: Uint8Array | undefined
  private remoteStatic: Uint8Array | undefined
  private messagesDone = 0

  constructor (options: XxHandshakeOptions) {
    this.primitives = options.crypto ?? defaultCrypto
    this.symmetric = new SymmetricState(NOISE_XX_PROTOCOL_NAME, this.primitives)
    this.initiator = options.initiator
    this.s = options.staticKey
    this.e = options.ephemeralKey
    this.symmetric.mixHash(options.prologue)
  }

  /** True once all three messages are written or read: split() may be called. */
  get isComplete (): boolean {
    return this.messagesDone === XX_MESSAGE_COUNT
  }

  /** True when the next message is ours to write. */
  get isMyTurn (): boolean {
    return !this.isComplete && (this.messagesDone % 2 === 0) === this.initiator
  }

  /** The peer's static public key, known after message 2 (initiator) or 3 (responder). */
  get remoteStaticKey (): Uint8Array | undefined {
    return this.remoteStatic
  }

  get handshakeHash (): Uint8Array {
    return this.symmetric.handshakeHash
  }

  /** WriteMessage(payload): the next handshake message. */
  writeMessage (payload: Uint8Array): Buffer {
    if (!this.isMyTurn) throw new SecureChannelError(ErrorCodes.NOISE_HANDSHAKE_FAILED, 'writeMessage out of turn')
    const parts: Uint8Array[] = []
    const ss = this.symmetric
    switch (this.messagesDone) {
      case 0: // -> e
        parts.push(this.e.publicKey)
        ss.mixHash(this.e.publicKey)
        break
      case 1: // <- e, ee, s, es
        parts.push(this.e.publicKey)
        ss.mixHash(this.e.publicKey)
        ss.mixKey(this.dh(this.e, this.remoteEphemeral!))
        parts.push(ss.encryptAndHash(this.s.publicKey))
        ss.mixKey(this.dh(this.s, this.remoteEphemeral!))
        break
      default: // -> s, se
        parts.push(ss.encryptAndHash(this.s.publicKey))
        ss.mixKey(this.dh(this.s, this.remoteEphemeral!))
        break
    }
    parts.push(ss.encryptAndHash(payload))
    this.messagesDone++
    return Buffer.concat(parts)
  }

  /**
   * ReadMessage(message): the payload it carries. Any failure is a SecureChannelError:
   * INVALID_PUBLIC_KEY for a key of small order, NOISE_HANDSHAKE_FAILED otherwise
   * (too short, failed authentication, out of turn).
   */
  readMessage (message: Uint8Array): Buffer {
    if (this.isComplete || this.isMyTurn) throw handshakeFailed('handshake message received out of turn')
    const ss = this.symmetric
    let offset = 0
    const take = (n: number): Uint8Array => {
      if (message.length - offset < n) throw handshakeFailed(`handshake message ${this.messagesDone + 1} truncated (${message.length} bytes)`)
      const part = message.subarray(offset, offset + n)
      offset += n
      return part
    }
    const staticKeyLength = X25519_KEY_BYTES + AEAD_TAG_BYTES
    try {
      switch (this.messagesDone) {
        case 0: // -> e
          this.remoteEphemeral = Uint8Array.from(take(X25519_KEY_BYTES))
          ss.mixHash(this.remoteEphemeral)
          break
        case 1: // <- e, ee, s, es
          this.remoteEphemeral = Uint8Array.from(take(X25519_KEY_BYTES))
          ss.mixHash(this.remoteEphemeral)
          ss.mixKey(this.dh(this.e, this.remoteEphemeral))
          this.remoteStatic = Uint8Array.from(ss.decryptAndHash(take(staticKeyLength)))
          ss.mixKey(this.dh(this.e, this.remoteStatic))
          break
        default: // -> s, se
          this.remoteStatic = Uint8Array.from(ss.decryptAndHash(take(staticKeyLength)))
          ss.mixKey(this.dh(this.e, this.remoteStatic))
          break
      }
      if (ss.hasKey() && message.length - offset < AEAD_TAG_BYTES) take(AEAD_TAG_BYTES) // throws: no room for the payload tag
      const payload = ss.decryptAndHash(message.subarray(offset))
      this.messagesDone++
      return payload
    } catch (err) {
      if (err instanceof KuberError && err.code !== ErrorCodes.NOISE_DECRYPT_FAILED) throw err
      throw handshakeFailed(`handshake message ${this.messagesDone + 1} failed authentication`, err)
    }
  }

  private dh (keyPair: X25519KeyPair, remotePublicKey: Uint8Array): Buffer {
    return x25519(keyPair, remotePublicKey, this.primitives)
  }

  /** Split(): the transport ciphers, oriented for this side. */
  split (): TransportCiphers {
    if (!this.isComplete) throw handshakeFailed('split before the handshake is complete')
    const [initiatorToResponder, responderToInitiator] = this.symmetric.split()
    return this.initiator
      ? { send: initiatorToResponder, receive: responderToInitiator }
      : { send: responderToInitiator, receive: initiatorToResponder }
  }
}

function handshakeFailed (message: string, cause?: unknown): SecureChannelError {
  return new SecureChannelError(ErrorCodes.NOISE_HANDSHAKE_FAILED, message, cause === undefined ? undefined : { cause })
}
