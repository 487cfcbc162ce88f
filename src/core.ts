// The part of the public API that runs in a browser as well as in Node: errors,
// identities and signatures, codecs and frames, block hashes, hashing, clock and
// randomness, on the build's crypto provider. It imports nothing Node-only, so the
// reference chain's verification (genesis, signing bytes, votes, commits) built on it
// goes into the browser light client unchanged (test/light/bundle.test.ts).
export { Capability, PROTOCOL_VERSION } from './session/hello.js'
export { Messages, MessageType, decodePayload, decodeBlock, encodePayload, messageName, MAX_BLOCK_TXS, MAX_COMMIT_SIGNATURES, MAX_RANGE_BLOCKS, type MessageSpec } from './wire/codecs.js'
export { encodeFrame, decodeEnvelope, messageHash, type Envelope } from './wire/envelope.js'
export { MAX_FRAME_BYTES } from './wire/frame.js'
export * as pb from './wire/gen/kuber.js'
export { generateIdentity, identityFromSeed, verifySignature, type Identity } from './identity/keys.js'
export { parsePeerId, peerIdFromPublicKey, peerIdFromBytes, peerIdToBytes, type PeerId } from './identity/peer-id.js'
export { systemClock, type Clock, type Timer } from './runtime/clock.js'
export { systemRandom, SeededRandom, type Random } from './runtime/random.js'
export { ErrorCodes, KuberError, WireError, IdentityError, SecureChannelError, HandshakeError, TransportError, ProtocolError, ConfigError, StorageError, type ErrorCode } from './errors.js'
export { blockHash, merkleRoot } from './protocols/blocks/block-hash.js'
export { sha256, type Digest } from './wire/hash.js'
export type { CryptoProvider } from './crypto/types.js'
