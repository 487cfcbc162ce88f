// One table of every wire message: its type byte, name, generated codec and decode
// limits. decodePayload is the only way protocol code turns payload bytes into objects,
// so every decode is bounded and every failure is a WireError.
import { ErrorCodes, WireError } from '../errors.js'
import * as pb from './gen/kuber.js'
import { MessageType } from './gen/message-type.js'

export { MessageType }

interface GeneratedCodec<T> {
  encode(obj: Partial<T>): Uint8Array
  decode(buf: Uint8Array, opts?: { limits?: Record<string, unknown> }): T
}

export interface MessageSpec<T> {
  readonly type: MessageType
  readonly name: string
  readonly codec: GeneratedCodec<T>
  /** Caps on repeated fields, enforced while decoding (protons `limits`). */
  readonly limits?: Record<string, unknown>
}

/** Most entries a PeerList may carry. */
export const MAX_PEER_LIST_ENTRIES = 1000
/** Most hashes one IHAVE / IWANT / IDONTWANT may carry. */
export const MAX_GOSSIP_HASHES = 5000
/** Most transactions one block may carry. */
export const MAX_BLOCK_TXS = 20_000
/** Most signatures one commit may carry (one per validator). */
export const MAX_COMMIT_SIGNATURES = 10_000
/** Most blocks one BlockResponse to a range request may carry. */
export const MAX_RANGE_BLOCKS = 1024

function spec<T> (type: MessageType, name: string, codec: GeneratedCodec<T>, limits?: Record<string, unknown>): MessageSpec<T> {
  return limits === undefined ? { type, name, codec } : { type, name, codec, limits }
}

const commitLimits = { signatures: MAX_COMMIT_SIGNATURES }
const blockLimits = { txs: MAX_BLOCK_TXS, lastCommit: commitLimits }
const hashLimits = { msgHashes: MAX_GOSSIP_HASHES }

/** Every message, by name. */
export const Messages = {
  hello: spec(MessageType.HELLO, 'Hello', pb.Hello),
  helloAck: spec(MessageType.HELLO_ACK, 'HelloAck', pb.HelloAck),
  ping: spec(MessageType.PING, 'Ping', pb.Ping),
  pong: spec(MessageType.PONG, 'Pong', pb.Pong),
  peerList: spec(MessageType.PEER_LIST, 'PeerList', pb.PeerList, { peers: MAX_PEER_LIST_ENTRIES }),
  peerListRequest: spec(MessageType.PEER_LIST_REQUEST, 'PeerListRequest', pb.PeerListRequest),
  block: spec(MessageType.BLOCK, 'BlockMessage', pb.BlockMessage, { block: blockLimits }),
  blockRequest: spec(MessageType.BLOCK_REQUEST, 'BlockRequest', pb.BlockRequest),
  blockResponse: spec(MessageType.BLOCK_RESPONSE, 'BlockResponse', pb.BlockResponse, { block: blockLimits, blocks: MAX_RANGE_BLOCKS, commit: commitLimits }),
  blockStatusRequest: spec(MessageType.BLOCK_STATUS_REQUEST, 'BlockStatusRequest', pb.BlockStatusRequest),
  blockStatus: spec(MessageType.BLOCK_STATUS, 'BlockStatus', pb.BlockStatus),
  vote: spec(MessageType.VOTE, 'VoteMessage', pb.VoteMessage),
  stateSyncRequest: spec(MessageType.STATE_SYNC_REQUEST, 'StateSyncRequest', pb.StateSyncRequest),
  stateSyncChunk: spec(MessageType.STATE_SYNC_CHUNK, 'StateSyncChunk', pb.StateSyncChunk),
  tx: spec(MessageType.TX, 'TxMessage', pb.TxMessage),
  gossipIHave: spec(MessageType.GOSSIP_IHAVE, 'GossipIHave', pb.GossipIHave, hashLimits),
  gossipIWant: spec(MessageType.GOSSIP_IWANT, 'GossipIWant', pb.GossipIWant, hashLimits),
  gossipIDontWant: spec(MessageType.GOSSIP_IDONTWANT, 'GossipIDontWant', pb.GossipIDontWant, hashLimits),
  gossipGraft: spec(MessageType.GOSSIP_GRAFT, 'GossipGraft', pb.GossipGraft),
  gossipPrune: spec(MessageType.GOSSIP_PRUNE, 'GossipPrune', pb.GossipPrune),
  compactBlock: spec(MessageType.COMPACT_BLOCK, 'CompactBlock', pb.CompactBlock, { txHashes: MAX_BLOCK_TXS, lastCommit: commitLimits }),
  getBlockTxs: spec(MessageType.GET_BLOCK_TXS, 'GetBlockTxs', pb.GetBlockTxs, { indexes: MAX_BLOCK_TXS }),
  blockTxs: spec(MessageType.BLOCK_TXS, 'BlockTxs', pb.BlockTxs, { indexes: MAX_BLOCK_TXS, txs: MAX_BLOCK_TXS })
} as const

const byType = new Map<number, MessageSpec<unknown>>(Object.values(Messages).map((m) => [m.type, m as MessageSpec<unknown>]))

/** The spec of a type byte, or undefined for a type this version does not know. */
export function messageSpec (type: number): MessageSpec<unknown> | undefined {
  return byType.get(type)
}

/** Human name of a type byte ("Block", "type 200"). */
export function messageName (type: number): string {
  return byType.get(type)?.name ?? `type ${type}`
}

/** Decode a payload with its message's codec and limits. Throws WireError(MALFORMED_MESSAGE) only. */
export function decodePayload<T> (message: MessageSpec<T>, payload: Uint8Array): T {
  try {
    return message.limits === undefined ? message.codec.decode(payload) : message.codec.decode(payload, { limits: message.limits })
  } catch (err) {
    throw new WireError(ErrorCodes.MALFORMED_MESSAGE, `malformed ${message.name}: ${(err as Error).message}`, { cause: err })
  }
}

/** Decode one encoded Block (an entry of BlockResponse.blocks) with the block limits. Throws WireError(MALFORMED_MESSAGE) only. */
export function decodeBlock (bytes: Uint8Array): pb.Block {
  try {
    return pb.Block.decode(bytes, { limits: blockLimits })
  } catch (err) {
    throw new WireError(ErrorCodes.MALFORMED_MESSAGE, `malformed Block: ${(err as Error).message}`, { cause: err })
  }
}

/** Encode a payload with its message's codec. */
export function encodePayload<T> (message: MessageSpec<T>, value: Partial<T>): Uint8Array {
  return message.codec.encode(value)
}
