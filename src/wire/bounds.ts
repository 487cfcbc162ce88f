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
/** Most signatures one commit may carry (one per validator). */
export const MAX_COMMIT_SIGNATURES = 10_000
/** Most blocks one BlockResponse to a range request may carry. */
export const MAX_RANGE_BLOCKS = 1024
/** Most signed headers one LightHeaders message may carry. */
export const MAX_LIGHT_HEADERS = 64
/** Largest envelope payload: what fits a frame beside the type and the tags (7 bytes at most). */
export const MAX_PAYLOAD_BYTES = MAX_FRAME_BYTES - 7
/** Largest transaction on the wire (a node's mempool `maxTxBytes` can only lower it). */
export const MAX_TX_BYTES = 1024 * 1024
/** Largest state-sync chunk. */
export const MAX_STATE_SYNC_CHUNK_BYTES = 1024 * 1024
/** Largest state-sync chunk proof (128 hashes of 32 bytes). */
export const MAX_STATE_SYNC_PROOF_BYTES = 4096
/** Most chunks one StateSyncRequest may ask for. */
export const MAX_CHUNKS_PER_REQUEST = 64
/** Most snapshots one SnapshotList may carry. */
export const MAX_SNAPSHOTS = 16
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
  /** A bool: every value is valid. */
  | { readonly kind: 'bool' }
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
    app_hash: bytes(MAX_APP_HASH_BYTES),
    round: uint53,
    last_commit_hash: hashOrEmpty
  },
  Block: {
    header: message('BlockHeader'),
    txs: repeated(MAX_BLOCK_TXS, bytes(MAX_TX_BYTES)),
    last_commit: message('Commit'),
    proposer_signature: bytes(64, 0, 64)
  },
  Commit: {
    height: uint53,
    round: uint53,
    block_hash: hashOrEmpty,
    signatures: repeated(MAX_COMMIT_SIGNATURES, message('CommitSig'))
  },
  CommitSig: { validator_index: uint(MAX_COMMIT_SIGNATURES - 1), signature: exactly(64) },
  BlockMessage: { block: message('Block') },
  BlockRequest: { height: uint53, count: uint32, max_bytes: uint32 },
  BlockResponse: {
    block: message('Block'),
    height: uint53,
    // each an encoded Block, decoded (within the Block row) by block sync
    blocks: repeated(MAX_RANGE_BLOCKS, bytes(MAX_PAYLOAD_BYTES)),
    commit: message('Commit'),
    latest_height: uint53,
    base: uint53,
    busy: { bound: { kind: 'bool' } }
  },
  BlockStatusRequest: {},
  BlockStatus: { height: uint53, base: uint53 },
  VoteMessage: {
    height: uint53,
    round: uint53,
    vote_type: uint(0xff),
    voter: exactly(32),
    signature: exactly(64),
    block_hash: hashOrEmpty
  },
  StateSyncRequest: { state_root: bytes(MAX_APP_HASH_BYTES), chunk_id: uint32, count: { ...uint(MAX_CHUNKS_PER_REQUEST), code: ErrorCodes.INVALID_FIELD } },
  StateSyncChunk: {
    chunk_id: uint32,
    total_chunks: uint32,
    data: bytes(MAX_STATE_SYNC_CHUNK_BYTES),
    state_root: bytes(MAX_APP_HASH_BYTES),
    proof: bytes(MAX_STATE_SYNC_PROOF_BYTES),
    missing: { bound: { kind: 'bool' } }
  },
  SnapshotListRequest: {},
  SnapshotList: { snapshots: repeated(MAX_SNAPSHOTS, message('Snapshot')) },
  Snapshot: { height: uint53, format: uint32, chunks: uint32, chunk_size: uint32, state_root: bytes(MAX_APP_HASH_BYTES), metadata: bytes(MAX_PAYLOAD_BYTES) },
  TxMessage: { tx_hash: hash, tx_bytes: bytes(MAX_TX_BYTES) },
  GossipIHave: { msg_hashes: repeated(MAX_GOSSIP_HASHES, hash) },
  GossipIWant: { msg_hashes: repeated(MAX_GOSSIP_HASHES, hash) },
  GossipIDontWant: { msg_hashes: repeated(MAX_GOSSIP_HASHES, hash) },
  GossipGraft: {},
  GossipPrune: {},
  CompactBlock: {
    header: message('BlockHeader'),
    tx_hashes: repeated(MAX_BLOCK_TXS, hash),
    last_commit: message('Commit'),
    proposer_signature: bytes(64, 0, 64)
  },
  GetBlockTxs: { height: uint53, block_hash: hash, indexes: repeated(MAX_BLOCK_TXS, uint(MAX_BLOCK_TXS - 1)) },
  BlockTxs: {
    height: uint53,
    block_hash: hash,
    indexes: repeated(MAX_BLOCK_TXS, uint(MAX_BLOCK_TXS - 1)),
    txs: repeated(MAX_BLOCK_TXS, bytes(MAX_TX_BYTES))
  },
  LightHeadersRequest: { from_height: uint53, max_headers: uint32, follow: { bound: { kind: 'bool' } } },
  SignedHeader: { header: message('BlockHeader'), proposer_signature: bytes(64, 0, 64), commit: message('Commit') },
  LightHeaders: { headers: repeated(MAX_LIGHT_HEADERS, message('SignedHeader')), latest_height: uint53 },
  // flow control (docs/PROTOCOL.md §7): the rules relative to the stream (how far a limit
  // may go, fragments' order and sizes) are the session's; a fragmented message over the
  // frame limit is as oversized as such a frame
  WindowUpdate: { limit: uint53 },
  Fragment: { total_bytes: { ...uint(MAX_FRAME_BYTES), code: ErrorCodes.FRAME_TOO_LARGE }, data: bytes(MAX_PAYLOAD_BYTES) }
} as const satisfies Record<string, Record<string, FieldBound>>

export type BoundedMessage = keyof typeof WIRE_BOUNDS

const camelCase = (name: string): string => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
const rows = (type: string): Array<[string, FieldBound]> => Object.entries((WIRE_BOUNDS as Record<string, Record<string, FieldBound>>)[type]!)

/**
 * The protons `limits` option for a message: repeated-field counts, nested, so that the
 * decoder stops at the first element over a count instead of building the whole array.
 */
export function decodeLimits (type: BoundedMessage): Record<string, unknown> | undefined {
  const limits: Record<string, unknown> = {}
  for (const [name, f] of rows(type)) {
    const nested = f.bound.kind === 'message' ? decodeLimits(f.bound.type as BoundedMessage) : undefined
    if (f.count !== undefined) limits[camelCase(name)] = f.count
    // protons names the limits of a repeated message field's elements `field$`
    if (nested !== undefined) limits[f.count === undefined ? camelCase(name) : `${camelCase(name)}$`] = nested
  }
  return Object.keys(limits).length === 0 ? undefined : limits
}

/** Checks a decoded message in place; throws WireError. */
export type BoundsChecker = (value: object) => void

const checkers = new Map<string, BoundsChecker | undefined>()

/**
 * The checker of a message's row, compiled once: undefined when no field can be out of
 * bounds once decoded (a uint64 nonce, an enum the decoder already checked).
 */
export function boundsChecker (type: BoundedMessage): BoundsChecker | undefined {
  if (!checkers.has(type)) checkers.set(type, compileMessage(type))
  return checkers.get(type)
}

/** Check a decoded message against its row. Throws WireError (MALFORMED_MESSAGE unless the row names a code). */
export function checkBounds (type: BoundedMessage, value: object): void {
  boundsChecker(type)?.(value)
}

function compileMessage (type: string): BoundsChecker | undefined {
  const fields: Array<(value: Record<string, unknown>) => void> = []
  for (const [name, f] of rows(type)) {
    const key = camelCase(name)
    const ok = compileValue(f.bound)
    const fail = (what: string): never => { throw new WireError(f.code ?? ErrorCodes.MALFORMED_MESSAGE, `${type}.${name} ${what}`) }
    const count = f.count
    if (count === undefined) {
      if (ok !== undefined) fields.push((value) => { if (!ok(value[key])) fail(describeValue(f.bound, value[key])) })
      continue
    }
    const b = f.bound
    if (b.kind === 'bytes' && b.sizes?.length === 1) {
      // hashes: the common case, one length for every element
      const size = b.sizes[0]
      fields.push((value) => {
        const list = value[key] as Uint8Array[]
        if (list.length > count) fail(`has ${list.length} elements, at most ${count} allowed`)
        for (let i = 0; i < list.length; i++) if (list[i]!.length !== size) fail(`[${i}] ${describeValue(b, list[i])}`)
      })
      continue
    }
    fields.push((value) => {
      const list = value[key] as unknown[]
      if (list.length > count) fail(`has ${list.length} elements, at most ${count} allowed`)
      if (ok !== undefined) for (let i = 0; i < list.length; i++) if (!ok(list[i])) fail(`[${i}] ${describeValue(f.bound, list[i])}`)
    })
  }
  if (fields.length === 0) return undefined
  return (value) => { for (let i = 0; i < fields.length; i++) fields[i]!(value as Record<string, unknown>) }
}

/** A predicate for one value, or undefined when every decoded value is within the bound. */
function compileValue (b: Bound): ((v: unknown) => boolean) | undefined {
  switch (b.kind) {
    case 'uint': {
      const { min, max } = b
      return min === 0 && max === 0xffffffff ? undefined : (v) => (v as number) >= min && (v as number) <= max
    }
    case 'bytes': {
      const { max, sizes } = b
      if (sizes === undefined) return (v) => (v as Uint8Array).length <= max
      if (sizes.length === 1) return (v) => (v as Uint8Array).length === sizes[0]
      return (v) => sizes.includes((v as Uint8Array).length)
    }
    case 'string': {
      const { max } = b
      return (v) => (v as string).length * 3 <= max || utf8Length(v as string) <= max
    }
    case 'message': {
      const nested = boundsChecker(b.type as BoundedMessage)
      return nested === undefined ? undefined : (v) => { if (v !== undefined) nested(v as object); return true }
    }
    case 'uint64':
    case 'double':
    case 'bool':
    case 'enum':
      return undefined
  }
}

function describeValue (b: Bound, v: unknown): string {
  switch (b.kind) {
    case 'uint': return `is ${String(v)}, outside ${b.min}..${b.max}`
    case 'bytes': return `is ${(v as Uint8Array).length} bytes, ${b.sizes === undefined ? `at most ${b.max}` : b.sizes.join(' or ')} allowed`
    case 'string': return `is over ${b.max} UTF-8 bytes`
    default: return 'is out of bounds'
  }
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
