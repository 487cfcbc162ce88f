// The decode bounds of every field of every wire message, in one table (docs/PROTOCOL.md
// §5.1 mirrors it; test/wire/bounds.test.ts checks that the two agree). decodePayload
// checks them on every decode, so protocol code only sees values within them; exact
// meaning (does a hash match, is a key on the curve) stays with the protocol code.
import { ErrorCodes, WireError, type ErrorCode } from '../errors.js'
import { MAX_FRAME_BYTES } from './frame.js'

/** Most entries a PeerList may carry. */
export const MAX_PEER_LIST_ENTRIES = 1000
/** Most hashes one IHAVE / IWANT / IDONTWANT may carry. */
export const MAX_GOSSIP_HASHES = 5000
/** Most transactions one block may carry. */
export const MAX_BLOCK_TXS = 20_000
/** Largest envelope payload: what fits a frame beside the type and the tags (7 bytes at most). */
export const MAX_PAYLOAD_BYTES = MAX_FRAME_BYTES - 7
/** Largest transaction on the wire (a node's mempool `maxTxBytes` can only lower it). */
export const MAX_TX_BYTES = 1024 * 1024
/** Largest state-sync chunk. */
export const MAX_STATE_SYNC_CHUNK_BYTES = 1024 * 1024
/** Longest chain id, in UTF-8 bytes. */
export const MAX_CHAIN_ID_BYTES = 64
/** Longest "host:port" address, in UTF-8 bytes. */
export const MAX_ADDRESS_BYTES = 300
/** Longest application hash in a block header. */
export const MAX_APP_HASH_BYTES = 64
/** Largest value of a 64-bit height, timestamp or bitmask (decoded as a JS number). */
export const MAX_SAFE_UINT64 = Number.MAX_SAFE_INTEGER

export type Bound =
  /** An integer in [min, max]: uint32 fields, and uint64 fields decoded as numbers. */
  | { readonly kind: 'uint', readonly min: number, readonly max: number }
  /** A uint64 decoded as a bigint: every value is valid. */
  | { readonly kind: 'uint64' }
  /** A byte string whose length is one of `sizes` (when given) and at most `max`. */
  | { readonly kind: 'bytes', readonly max: number, readonly sizes?: readonly number[] }
  /** A UTF-8 string of at most `max` bytes. */
  | { readonly kind: 'string', readonly max: number }
  /** Any double (NaN and ±Infinity included): the field is advisory. */
  | { readonly kind: 'double' }
  /** One of the values the .proto lists (the generated decoder refuses others). */
  | { readonly kind: 'enum', readonly type: string }
  /** A nested message, checked by its own row of the table; it may be absent. */
  | { readonly kind: 'message', readonly type: string }

export interface FieldBound {
  readonly bound: Bound
  /** For a repeated field: the most elements it may have (each within `bound`). */
  readonly count?: number
  /** The error code a violation raises (default MALFORMED_MESSAGE). */
  readonly code?: ErrorCode
}

const uint = (max: number, min = 0): FieldBound => ({ bound: { kind: 'uint', min, max } })
const uint32 = uint(0xffffffff)
const uint53 = uint(MAX_SAFE_UINT64)
const uint64: FieldBound = { bound: { kind: 'uint64' } }
const bytes = (max: number, ...sizes: number[]): FieldBound => ({ bound: sizes.length === 0 ? { kind: 'bytes', max } : { kind: 'bytes', max, sizes } })
const exactly = (n: number, code?: ErrorCode): FieldBound => ({ ...bytes(n, n), ...(code === undefined ? {} : { code }) })
const hash = exactly(32)
const hashOrEmpty = bytes(32, 0, 32)
const string = (max: number): FieldBound => ({ bound: { kind: 'string', max } })
const message = (type: string): FieldBound => ({ bound: { kind: 'message', type } })
const repeated = (count: number, each: FieldBound): FieldBound => ({ ...each, count })

/** Every message's fields, by proto message name and proto field name. */
export const WIRE_BOUNDS = {
  Message: {
    type: { ...uint(255, 1), code: ErrorCodes.INVALID_MESSAGE_TYPE },
    payload: bytes(MAX_PAYLOAD_BYTES)
  },
  NoiseHandshakePayload: {
    identity_key: exactly(32, ErrorCodes.INVALID_PUBLIC_KEY),
    identity_sig: { ...bytes(64, 0, 64), code: ErrorCodes.INVALID_SIGNATURE }
  },
  Hello: {
    node_id: exactly(32),
    protocol_version: uint(0xffff),
    chain_id: string(MAX_CHAIN_ID_BYTES),
    latest_height: uint53,
    capabilities: uint53,
    timestamp: uint53,
    listen_addr: string(MAX_ADDRESS_BYTES)
  },
  HelloAck: {
    status: { bound: { kind: 'enum', type: 'HelloStatus' } }
  },
  Ping: { nonce: uint64 },
  Pong: { nonce: uint64 },
  PeerRecord: {
    // per-record checks (exact sizes, key matches id) drop a bad record and keep the list
    peer_id: bytes(32),
    address: string(MAX_ADDRESS_BYTES),
    public_key: bytes(32),
    latest_height: uint53,
    score: { bound: { kind: 'double' } },
    flags: uint32,
    last_seen: uint53
  },
  PeerList: { peers: repeated(MAX_PEER_LIST_ENTRIES, message('PeerRecord')) },
  PeerListRequest: { max_peers: uint32 },
  BlockHeader: {
    height: uint53,
    parent_hash: hashOrEmpty,
    proposer: hashOrEmpty,
    timestamp: uint53,
    tx_root: hashOrEmpty,
    app_hash: bytes(MAX_APP_HASH_BYTES)
  },
  Block: {
    header: message('BlockHeader'),
    txs: repeated(MAX_BLOCK_TXS, bytes(MAX_TX_BYTES))
  },
  BlockMessage: { block: message('Block') },
  BlockRequest: { height: uint53 },
  BlockResponse: { block: message('Block'), height: uint53 },
  VoteMessage: {
    height: uint53,
    round: uint53,
    vote_type: uint(0xff),
    voter: exactly(32),
    signature: exactly(64),
    block_hash: hashOrEmpty
  },
  StateSyncRequest: { state_root: hashOrEmpty, chunk_id: uint32 },
  StateSyncChunk: { chunk_id: uint32, total_chunks: uint32, data: bytes(MAX_STATE_SYNC_CHUNK_BYTES), state_root: hashOrEmpty },
  TxMessage: { tx_hash: hash, tx_bytes: bytes(MAX_TX_BYTES) },
  GossipIHave: { msg_hashes: repeated(MAX_GOSSIP_HASHES, hash) },
  GossipIWant: { msg_hashes: repeated(MAX_GOSSIP_HASHES, hash) },
  GossipIDontWant: { msg_hashes: repeated(MAX_GOSSIP_HASHES, hash) },
  GossipGraft: {},
  GossipPrune: {},
  CompactBlock: { header: message('BlockHeader'), tx_hashes: repeated(MAX_BLOCK_TXS, hash) },
  GetBlockTxs: { height: uint53, block_hash: hash, indexes: repeated(MAX_BLOCK_TXS, uint(MAX_BLOCK_TXS - 1)) },
  BlockTxs: {
    height: uint53,
    block_hash: hash,
    indexes: repeated(MAX_BLOCK_TXS, uint(MAX_BLOCK_TXS - 1)),
    txs: repeated(MAX_BLOCK_TXS, bytes(MAX_TX_BYTES))
  }
} as const satisfies Record<string, Record<string, FieldBound>>

export type BoundedMessage = keyof typeof WIRE_BOUNDS

/** A table row compiled for checking: the decoded object's (camelCase) key beside its bound. */
interface CheckedField extends FieldBound {
  readonly name: string
  readonly key: string
}

const camelCase = (name: string): string => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())

const compiled = new Map<string, readonly CheckedField[]>(Object.entries(WIRE_BOUNDS).map(([type, fields]) => [
  type,
  Object.entries(fields as Record<string, FieldBound>).map(([name, f]) => ({ ...f, name, key: camelCase(name) }))
]))

/**
 * The protons `limits` option for a message: repeated-field counts, nested, so that the
 * decoder stops at the first element over a count instead of building the whole array.
 */
export function decodeLimits (type: BoundedMessage): Record<string, unknown> | undefined {
  const limits: Record<string, unknown> = {}
  for (const f of compiled.get(type)!) {
    if (f.count !== undefined) limits[f.key] = f.count
    else if (f.bound.kind === 'message') {
      const nested = decodeLimits(f.bound.type as BoundedMessage)
      if (nested !== undefined) limits[f.key] = nested
    }
  }
  return Object.keys(limits).length === 0 ? undefined : limits
}

/** Check a decoded message against its row. Throws WireError (MALFORMED_MESSAGE unless the row names a code). */
export function checkBounds (type: BoundedMessage, value: object): void {
  checkMessage(type, value as Record<string, unknown>)
}

function checkMessage (type: string, value: Record<string, unknown>): void {
  for (const f of compiled.get(type)!) {
    const v = value[f.key]
    if (f.count === undefined) {
      checkValue(type, f, v)
      continue
    }
    const list = v as unknown[]
    if (list.length > f.count) fail(type, f, `has ${list.length} elements, at most ${f.count} allowed`)
    for (const element of list) checkValue(type, f, element)
  }
}

function checkValue (type: string, f: CheckedField, v: unknown): void {
  const b = f.bound
  switch (b.kind) {
    case 'uint':
      if (!((v as number) >= b.min && (v as number) <= b.max)) fail(type, f, `is ${String(v)}, outside ${b.min}..${b.max}`)
      return
    case 'bytes': {
      const length = (v as Uint8Array).length
      if (length > b.max || (b.sizes !== undefined && !b.sizes.includes(length))) fail(type, f, `is ${length} bytes, ${describeLength(b)} allowed`)
      return
    }
    case 'string': {
      const s = v as string
      if (s.length * 3 > b.max && utf8Length(s) > b.max) fail(type, f, `is over ${b.max} UTF-8 bytes`)
      return
    }
    case 'message':
      if (v !== undefined) checkMessage(b.type, v as Record<string, unknown>)
      return
    case 'uint64':
    case 'double':
    case 'enum':
  }
}

function fail (type: string, f: CheckedField, what: string): never {
  throw new WireError(f.code ?? ErrorCodes.MALFORMED_MESSAGE, `${type}.${f.name} ${what}`)
}

function describeLength (b: { max: number, sizes?: readonly number[] }): string {
  return b.sizes === undefined ? `at most ${b.max}` : b.sizes.join(' or ')
}

/** UTF-8 length of a well-formed string (every string decoded from the wire is). */
function utf8Length (s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c < 0xdc00) { n += 4; i++ } else n += 3
  }
  return n
}
