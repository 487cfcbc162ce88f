// Computes the test vectors published in docs/PROTOCOL.md from the real code, with fixed
// keys. test/wire/protocol-doc.test.ts checks the document against them;
// `npm run vectors` prints them for the document.
import { identityFromSeed } from '../../src/identity/keys.js'
import { encodeFrame, messageHash } from '../../src/wire/envelope.js'
import { Messages, encodePayload } from '../../src/wire/codecs.js'
import { HelloStatus } from '../../src/wire/gen/kuber.js'
import { buildHello } from '../../src/session/hello.js'
import { XxHandshake } from '../../src/secure/xx-handshake.js'
import { x25519KeyPair } from '../../src/secure/x25519.js'
import { encodeSignedIdentity } from '../../src/secure/identity-payload.js'
import { NOISE_PROLOGUE } from '../../src/secure/noise-upgrader.js'
import { frameRecord } from '../../src/secure/record-framing.js'
import { crypto as buildCrypto } from '../../src/crypto/provider.js'
import type { CryptoProvider } from '../../src/crypto/types.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const fill = (byte: number): Uint8Array => new Uint8Array(32).fill(byte)

/** The vectors, every key, signature, DH, hash and AEAD computed by `crypto` (default: the build's provider). */
export function protocolVectors (crypto: CryptoProvider = buildCrypto): Array<[string, string]> {
  const a = identityFromSeed(fill(0x01), crypto)
  const b = identityFromSeed(fill(0x02), crypto)
  const ping = encodePayload(Messages.ping, { nonce: 0x0102030405060708n })
  const hello = buildHello({ peerId: a.peerId, protocolVersion: 1, chainId: 'kuber-1', latestHeight: 42, capabilities: 7, listenAddr: '127.0.0.1:26656' }, 1_700_000_000_000)
  const helloPayload = encodePayload(Messages.hello, hello)
  const helloFrame = encodeFrame(Messages.hello.type, helloPayload)
  const ackPayload = encodePayload(Messages.helloAck, { status: HelloStatus.OK })

  const initStatic = x25519KeyPair(fill(0x11), crypto)
  const respStatic = x25519KeyPair(fill(0x21), crypto)
  const initiator = new XxHandshake({ initiator: true, prologue: NOISE_PROLOGUE, staticKey: initStatic, ephemeralKey: x25519KeyPair(fill(0x12), crypto), crypto })
  const responder = new XxHandshake({ initiator: false, prologue: NOISE_PROLOGUE, staticKey: respStatic, ephemeralKey: x25519KeyPair(fill(0x22), crypto), crypto })
  const m1 = initiator.writeMessage(new Uint8Array(0))
  responder.readMessage(m1)
  const m2 = responder.writeMessage(encodeSignedIdentity(b, respStatic.publicKey))
  initiator.readMessage(m2)
  const m3 = initiator.writeMessage(encodeSignedIdentity(a, initStatic.publicKey))
  responder.readMessage(m3)
  const { send } = initiator.split()
  const record = frameRecord(send.encryptWithAd(new Uint8Array(0), helloFrame))

  return [
    ['identity_a_seed', hex(fill(0x01))],
    ['identity_a_public_key', hex(a.publicKey)],
    ['peer_id_a', a.peerId],
    ['identity_b_seed', hex(fill(0x02))],
    ['identity_b_public_key', hex(b.publicKey)],
    ['peer_id_b', b.peerId],
    ['ping_payload', hex(ping)],
    ['ping_frame', hex(encodeFrame(Messages.ping.type, ping))],
    ['ping_msg_hash', hex(messageHash(Messages.ping.type, ping))],
    ['hello_a_payload', hex(helloPayload)],
    ['hello_a_frame', hex(helloFrame)],
    ['hello_ack_ok_frame', hex(encodeFrame(Messages.helloAck.type, ackPayload))],
    ['noise_prologue', hex(NOISE_PROLOGUE)],
    ['noise_initiator_static_private', hex(fill(0x11))],
    ['noise_initiator_ephemeral_private', hex(fill(0x12))],
    ['noise_responder_static_private', hex(fill(0x21))],
    ['noise_responder_ephemeral_private', hex(fill(0x22))],
    ['noise_message_1_wire', hex(frameRecord(m1))],
    ['noise_message_2_wire', hex(frameRecord(m2))],
    ['noise_message_3_wire', hex(frameRecord(m3))],
    ['noise_handshake_hash', hex(initiator.handshakeHash)],
    ['first_record_initiator_hello_a', hex(record)]
  ]
}

/** The vectors as the document's fenced block lists them: `name: hex`, one per line. */
export function formatVectors (vectors: Array<[string, string]>): string {
  return vectors.map(([k, v]) => `${k}: ${v}`).join('\n')
}
