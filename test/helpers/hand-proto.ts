// Protobuf and frames written by hand for hostile-peer tests: the bytes a test sends do not
// come from the node's own encoder, so a test also catches what that encoder gets wrong.
// Only what the tests need: varints, length-delimited fields, the envelope and the frame.

/** A varint (non-negative safe integer). */
export function varint (n: number): Buffer {
  const out: number[] = []
  let v = n
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80)
    v = Math.floor(v / 0x80)
  }
  out.push(v)
  return Buffer.from(out)
}

/** Field `no` as a varint (wire type 0). */
export function uintField (no: number, n: number): Buffer {
  return Buffer.concat([varint(no << 3), varint(n)])
}

/** Field `no` as length-delimited bytes (wire type 2): bytes, strings, nested messages. */
export function bytesField (no: number, bytes: Uint8Array | string): Buffer {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes)
  return Buffer.concat([varint((no << 3) | 2), varint(b.length), b])
}

/** One frame: u32be length, then the envelope Message { type = 1, payload = 2 }. */
export function handFrame (type: number, payload: Uint8Array): Buffer {
  const envelope = Buffer.concat([uintField(1, type), payload.length > 0 ? bytesField(2, payload) : Buffer.alloc(0)])
  const header = Buffer.alloc(4)
  header.writeUInt32BE(envelope.length)
  return Buffer.concat([header, envelope])
}

export interface HandHello {
  nodeId: Uint8Array
  protocolVersion: number
  chainId: string
  latestHeight?: number
  capabilities?: number
  timestamp: number
  listenAddr?: string
}

/** A Hello payload (docs/PROTOCOL.md §6). */
export function handHello (h: HandHello): Buffer {
  return Buffer.concat([
    bytesField(1, h.nodeId), uintField(2, h.protocolVersion), bytesField(3, h.chainId),
    uintField(4, h.latestHeight ?? 0), uintField(5, h.capabilities ?? 0), uintField(6, h.timestamp),
    h.listenAddr === undefined ? Buffer.alloc(0) : bytesField(7, h.listenAddr)
  ])
}

/** HelloAck { status = OK }: OK is 0, so the payload is empty. */
export const HAND_HELLO_ACK_OK = handFrame(2, new Uint8Array(0))

/** GossipIWant / GossipIHave / GossipIDontWant { repeated bytes msg_hashes = 1 }. */
export function handHashes (ids: Uint8Array[]): Buffer {
  return Buffer.concat(ids.map((id) => bytesField(1, id)))
}

/** TxMessage { tx_hash = 1, tx_bytes = 2 }. */
export function handTx (txHash: Uint8Array, txBytes: Uint8Array): Buffer {
  return Buffer.concat([bytesField(1, txHash), bytesField(2, txBytes)])
}

export interface HandHeader {
  height: number
  parentHash: Uint8Array
  proposer: Uint8Array
  timestamp: number
  txRoot: Uint8Array
  appHash: Uint8Array
}

/** BlockHeader { height = 1, parent_hash = 2, proposer = 3, timestamp = 4, tx_root = 5, app_hash = 6 }. */
export function handHeader (header: HandHeader): Buffer {
  return Buffer.concat([
    uintField(1, header.height), bytesField(2, header.parentHash), bytesField(3, header.proposer),
    uintField(4, header.timestamp), bytesField(5, header.txRoot), bytesField(6, header.appHash)
  ])
}

/** BlockMessage { block = 1: Block { header = 1, txs = 2 } }. */
export function handBlockMessage (header: HandHeader, txs: Uint8Array[]): Buffer {
  const block = Buffer.concat([bytesField(1, handHeader(header)), ...txs.map((tx) => bytesField(2, tx))])
  return bytesField(1, block)
}

/** CompactBlock { header = 1, tx_hashes = 2 }. */
export function handCompactBlock (header: HandHeader, txHashes: Uint8Array[]): Buffer {
  return Buffer.concat([bytesField(1, handHeader(header)), ...txHashes.map((h) => bytesField(2, h))])
}
