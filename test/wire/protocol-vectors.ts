// Computes the test vectors published in docs/PROTOCOL.md from the real code (the P2P layer
// and the reference chain), with fixed keys. test/wire/protocol-doc.test.ts checks the document against them;
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
import { fragmentDataBytes, fragmentHeader } from '../../src/session/fragments.js'
import { crypto as buildCrypto } from '../../src/crypto/provider.js'
import type { CryptoProvider } from '../../src/crypto/types.js'
import { blockSignBytes, sha256, txSignBytes, voteSignBytes } from '../../src/chain/signing.js'
import { signTx } from '../../src/chain/tx.js'
import { signVote } from '../../src/chain/votes.js'
import { dataKey, nonceKey } from '../../src/chain/execution.js'
import { BucketTree } from '../../src/chain/state/bucket-tree.js'
import { bucketOf, bucketRoot, compareKeys, entryHash } from '../../src/chain/state/buckets.js'

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

  const write = { publicKey: a.publicKey, nonce: 7, key: Buffer.from('greeting'), value: Buffer.from('hello') }
  const tx = signTx(a, 'kuber-1', write)
  const vote = signVote(b, 'kuber-1', 42, 1, fill(0x11))
  // a state of two entries (a's nonce is 8 after its transaction 7, and greeting = hello) in 4 buckets
  const nonce = Buffer.alloc(8)
  nonce.writeBigUInt64BE(8n, 0)
  const entries = [{ key: nonceKey(a.publicKey), value: nonce }, { key: dataKey(write.key), value: write.value }]
  const byBucket = new Map<number, typeof entries>()
  for (const e of entries) byBucket.set(bucketOf(e.key, 4), [...(byBucket.get(bucketOf(e.key, 4)) ?? []), e].sort((x, y) => compareKeys(x.key, y.key)))
  const state = BucketTree.fromRoots(4, [...byBucket].map(([bucket, list]) => [bucket, bucketRoot(list)]))

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
    ['window_update_frame', hex(encodeFrame(Messages.windowUpdate.type, encodePayload(Messages.windowUpdate, { limit: 524288 })))],
    ['fragment_header_70000', hex(fragmentHeader(70000, fragmentDataBytes(70000)))],
    ['noise_prologue', hex(NOISE_PROLOGUE)],
    ['noise_initiator_static_private', hex(fill(0x11))],
    ['noise_initiator_ephemeral_private', hex(fill(0x12))],
    ['noise_responder_static_private', hex(fill(0x21))],
    ['noise_responder_ephemeral_private', hex(fill(0x22))],
    ['noise_message_1_wire', hex(frameRecord(m1))],
    ['noise_message_2_wire', hex(frameRecord(m2))],
    ['noise_message_3_wire', hex(frameRecord(m3))],
    ['noise_handshake_hash', hex(initiator.handshakeHash)],
    ['first_record_initiator_hello_a', hex(record)],
    ['chain_tx_sign_bytes', hex(txSignBytes('kuber-1', write))],
    ['chain_tx', hex(tx)],
    ['chain_tx_hash', hex(sha256(tx))],
    ['vote_sign_bytes', hex(voteSignBytes('kuber-1', { height: 42, round: 1, voteType: 1, blockHash: fill(0x11) }))],
    ['vote_b_payload', hex(encodePayload(Messages.vote, vote))],
    ['block_sign_bytes', hex(blockSignBytes('kuber-1', fill(0x22)))],
    ['state_empty_root_4_buckets', hex(new BucketTree(4).root)],
    ['state_entry_0_bucket', String(bucketOf(entries[0]!.key, 4))],
    ['state_entry_0_hash', hex(entryHash(entries[0]!))],
    ['state_entry_1_bucket', String(bucketOf(entries[1]!.key, 4))],
    ['state_entry_1_hash', hex(entryHash(entries[1]!))],
    ['state_root_4_buckets', hex(state.root)],
    ['block_range_request_payload', hex(encodePayload(Messages.blockRequest, { height: 100, count: 64, maxBytes: 1 << 20 }))],
    ['block_status_payload', hex(encodePayload(Messages.blockStatus, { height: 1234, base: 1 }))],
    ['block_busy_response_payload', hex(encodePayload(Messages.blockResponse, { height: 100, latestHeight: 1234, base: 1, busy: true }))]
  ]
}

/** The vectors as the document's fenced block lists them: `name: hex`, one per line. */
export function formatVectors (vectors: Array<[string, string]>): string {
  return vectors.map(([k, v]) => `${k}: ${v}`).join('\n')
}
