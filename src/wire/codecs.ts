// One table of every wire message: its type byte, name and generated codec; its decode
// bounds are in bounds.ts. decodePayload is the only way protocol code turns payload bytes
// into objects, so every decode is bounded and every failure is a WireError.
import { ErrorCodes, WireError } from '../errors.js'
import { boundsChecker, decodeLimits, type BoundedMessage, type BoundsChecker } from './bounds.js'
import * as pb from './gen/kuber.js'
import { MessageType } from './gen/message-type.js'

export { MessageType }
export { MAX_BLOCK_TXS, MAX_COMMIT_SIGNATURES, MAX_GOSSIP_HASHES, MAX_LIGHT_HEADERS, MAX_PEER_LIST_ENTRIES, MAX_RANGE_BLOCKS, MAX_TX_BYTES } from './bounds.js'

interface GeneratedCodec<T> {
  encode(obj: Partial<T>): Uint8Array
  decode(buf: Uint8Array, opts?: { limits?: Record<string, unknown> }): T
}

export interface MessageSpec<T> {
  readonly type: MessageType
  /** The proto message name, which is also its row in WIRE_BOUNDS. */
  readonly name: BoundedMessage
  readonly codec: GeneratedCodec<T>
  /** Caps on repeated fields, enforced while decoding (protons `limits`), from WIRE_BOUNDS. */
  readonly limits?: Record<string, unknown>
  /** Checks the rest of the message's WIRE_BOUNDS row after decoding (absent: nothing to check). */
  readonly checkBounds?: BoundsChecker
}

function spec<T> (type: MessageType, name: BoundedMessage, codec: GeneratedCodec<T>): MessageSpec<T> {
  const limits = decodeLimits(name)
  const checkBounds = boundsChecker(name)
  return { type, name, codec, ...(limits === undefined ? {} : { limits }), ...(checkBounds === undefined ? {} : { checkBounds }) }
}

/** Every message, by name. */
export const Messages = {
  hello: spec(MessageType.HELLO, 'Hello', pb.Hello),
  helloAck: spec(MessageType.HELLO_ACK, 'HelloAck', pb.HelloAck),
  ping: spec(MessageType.PING, 'Ping', pb.Ping),
  pong: spec(MessageType.PONG, 'Pong', pb.Pong),
  peerList: spec(MessageType.PEER_LIST, 'PeerList', pb.PeerList),
  peerListRequest: spec(MessageType.PEER_LIST_REQUEST, 'PeerListRequest', pb.PeerListRequest),
  block: spec(MessageType.BLOCK, 'BlockMessage', pb.BlockMessage),
  blockRequest: spec(MessageType.BLOCK_REQUEST, 'BlockRequest', pb.BlockRequest),
  blockResponse: spec(MessageType.BLOCK_RESPONSE, 'BlockResponse', pb.BlockResponse),
  blockStatusRequest: spec(MessageType.BLOCK_STATUS_REQUEST, 'BlockStatusRequest', pb.BlockStatusRequest),
  blockStatus: spec(MessageType.BLOCK_STATUS, 'BlockStatus', pb.BlockStatus),
  vote: spec(MessageType.VOTE, 'VoteMessage', pb.VoteMessage),
  stateSyncRequest: spec(MessageType.STATE_SYNC_REQUEST, 'StateSyncRequest', pb.StateSyncRequest),
  stateSyncChunk: spec(MessageType.STATE_SYNC_CHUNK, 'StateSyncChunk', pb.StateSyncChunk),
  snapshotListRequest: spec(MessageType.SNAPSHOT_LIST_REQUEST, 'SnapshotListRequest', pb.SnapshotListRequest),
  snapshotList: spec(MessageType.SNAPSHOT_LIST, 'SnapshotList', pb.SnapshotList),
  tx: spec(MessageType.TX, 'TxMessage', pb.TxMessage),
  gossipIHave: spec(MessageType.GOSSIP_IHAVE, 'GossipIHave', pb.GossipIHave),
  gossipIWant: spec(MessageType.GOSSIP_IWANT, 'GossipIWant', pb.GossipIWant),
  gossipIDontWant: spec(MessageType.GOSSIP_IDONTWANT, 'GossipIDontWant', pb.GossipIDontWant),
  gossipGraft: spec(MessageType.GOSSIP_GRAFT, 'GossipGraft', pb.GossipGraft),
  gossipPrune: spec(MessageType.GOSSIP_PRUNE, 'GossipPrune', pb.GossipPrune),
  compactBlock: spec(MessageType.COMPACT_BLOCK, 'CompactBlock', pb.CompactBlock),
  getBlockTxs: spec(MessageType.GET_BLOCK_TXS, 'GetBlockTxs', pb.GetBlockTxs),
  blockTxs: spec(MessageType.BLOCK_TXS, 'BlockTxs', pb.BlockTxs),
  windowUpdate: spec(MessageType.WINDOW_UPDATE, 'WindowUpdate', pb.WindowUpdate),
  fragment: spec(MessageType.FRAGMENT, 'Fragment', pb.Fragment),
  lightHeadersRequest: spec(MessageType.LIGHT_HEADERS_REQUEST, 'LightHeadersRequest', pb.LightHeadersRequest),
  lightHeaders: spec(MessageType.LIGHT_HEADERS, 'LightHeaders', pb.LightHeaders)
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

/** Decode a payload with its message's codec, limits and bounds. Throws WireError only (MALFORMED_MESSAGE unless a bound names another code). */
export function decodePayload<T> (message: MessageSpec<T>, payload: Uint8Array): T {
  let value: T
  try {
    value = message.limits === undefined ? message.codec.decode(payload) : message.codec.decode(payload, { limits: message.limits })
  } catch (err) {
    throw new WireError(ErrorCodes.MALFORMED_MESSAGE, `malformed ${message.name}: ${(err as Error).message}`, { cause: err })
  }
  message.checkBounds?.(value as object)
  return value
}

const blockLimits = decodeLimits('Block')
const blockBounds = boundsChecker('Block')

/** Decode one encoded Block (an entry of BlockResponse.blocks) within the Block bounds. Throws WireError only. */
export function decodeBlock (bytes: Uint8Array): pb.Block {
  let block: pb.Block
  try {
    block = pb.Block.decode(bytes, { limits: blockLimits })
  } catch (err) {
    throw new WireError(ErrorCodes.MALFORMED_MESSAGE, `malformed Block: ${(err as Error).message}`, { cause: err })
  }
  blockBounds?.(block)
  return block
}

/** Encode a payload with its message's codec. */
export function encodePayload<T> (message: MessageSpec<T>, value: Partial<T>): Uint8Array {
  return message.codec.encode(value)
}
