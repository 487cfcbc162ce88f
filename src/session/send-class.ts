// Send classes (as CometBFT's MConnection channels have priorities): every message type
// belongs to one, and each peer's send queue drains the highest non-empty class first.
// Control and consensus (Hello, Ping/Pong, votes, gossip control, requests) go first, then
// blocks, then transactions, then bulk sync (block-sync responses, state-sync chunks).
// When a peer's send buffer fills, the lower classes are dropped first: bulk above half of
// maxSendBufferBytes, transactions above three quarters, blocks above nine tenths,
// control and consensus only when it is full. With flow control (flow-window.ts) every class
// but consensus waits for the peer's window.
import { MessageType } from '../wire/codecs.js'

export const SendClass = {
  CONSENSUS: 0,
  BLOCKS: 1,
  TRANSACTIONS: 2,
  BULK: 3
} as const
export type SendClass = (typeof SendClass)[keyof typeof SendClass]

export const SEND_CLASS_NAMES = ['consensus', 'blocks', 'transactions', 'bulk'] as const

/** Share of maxSendBufferBytes a class may fill before its messages are dropped. */
export const SEND_CLASS_SHARE: readonly number[] = [1, 0.9, 0.75, 0.5]

const DEFAULTS: ReadonlyArray<readonly [number, SendClass]> = [
  [MessageType.HELLO, SendClass.CONSENSUS],
  [MessageType.HELLO_ACK, SendClass.CONSENSUS],
  [MessageType.PING, SendClass.CONSENSUS],
  [MessageType.PONG, SendClass.CONSENSUS],
  [MessageType.VOTE, SendClass.CONSENSUS],
  [MessageType.GOSSIP_IHAVE, SendClass.CONSENSUS],
  [MessageType.GOSSIP_IWANT, SendClass.CONSENSUS],
  [MessageType.GOSSIP_IDONTWANT, SendClass.CONSENSUS],
  [MessageType.GOSSIP_GRAFT, SendClass.CONSENSUS],
  [MessageType.GOSSIP_PRUNE, SendClass.CONSENSUS],
  [MessageType.PEER_LIST_REQUEST, SendClass.CONSENSUS],
  [MessageType.BLOCK_REQUEST, SendClass.CONSENSUS],
  [MessageType.GET_BLOCK_TXS, SendClass.CONSENSUS],
  [MessageType.STATE_SYNC_REQUEST, SendClass.CONSENSUS],
  [MessageType.BLOCK_STATUS_REQUEST, SendClass.CONSENSUS],
  [MessageType.BLOCK_STATUS, SendClass.CONSENSUS],
  [MessageType.WINDOW_UPDATE, SendClass.CONSENSUS],
  [MessageType.BLOCK, SendClass.BLOCKS],
  [MessageType.COMPACT_BLOCK, SendClass.BLOCKS],
  [MessageType.BLOCK_TXS, SendClass.BLOCKS],
  [MessageType.TX, SendClass.TRANSACTIONS],
  [MessageType.PEER_LIST, SendClass.TRANSACTIONS],
  [MessageType.BLOCK_RESPONSE, SendClass.BULK],
  [MessageType.STATE_SYNC_CHUNK, SendClass.BULK]
]

/** A node's class of each envelope type (types nobody declared are BLOCKS). */
export class SendClassTable {
  private readonly byType = new Uint8Array(256).fill(SendClass.BLOCKS)

  constructor () {
    for (const [type, cls] of DEFAULTS) this.byType[type] = cls
  }

  of (type: number): SendClass {
    return this.byType[type] as SendClass
  }

  set (type: number, cls: SendClass): void {
    this.byType[type] = cls
  }
}
