/* eslint-disable require-yield */

import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export enum MessageType {
  MESSAGE_TYPE_UNSPECIFIED = 'MESSAGE_TYPE_UNSPECIFIED',
  HELLO = 'HELLO',
  HELLO_ACK = 'HELLO_ACK',
  PING = 'PING',
  PONG = 'PONG',
  PEER_LIST = 'PEER_LIST',
  PEER_LIST_REQUEST = 'PEER_LIST_REQUEST',
  BLOCK = 'BLOCK',
  BLOCK_REQUEST = 'BLOCK_REQUEST',
  BLOCK_RESPONSE = 'BLOCK_RESPONSE',
  VOTE = 'VOTE',
  STATE_SYNC_REQUEST = 'STATE_SYNC_REQUEST',
  STATE_SYNC_CHUNK = 'STATE_SYNC_CHUNK',
  TX = 'TX',
  GOSSIP_IHAVE = 'GOSSIP_IHAVE',
  GOSSIP_IWANT = 'GOSSIP_IWANT',
  GOSSIP_IDONTWANT = 'GOSSIP_IDONTWANT',
  COMPACT_BLOCK = 'COMPACT_BLOCK',
  GET_BLOCK_TXS = 'GET_BLOCK_TXS',
  BLOCK_TXS = 'BLOCK_TXS',
  GOSSIP_GRAFT = 'GOSSIP_GRAFT',
  GOSSIP_PRUNE = 'GOSSIP_PRUNE',
  WINDOW_UPDATE = 'WINDOW_UPDATE',
  FRAGMENT = 'FRAGMENT',
  SNAPSHOT_LIST_REQUEST = 'SNAPSHOT_LIST_REQUEST',
  SNAPSHOT_LIST = 'SNAPSHOT_LIST',
  BLOCK_STATUS_REQUEST = 'BLOCK_STATUS_REQUEST',
  BLOCK_STATUS = 'BLOCK_STATUS',
  LIGHT_HEADERS_REQUEST = 'LIGHT_HEADERS_REQUEST',
  LIGHT_HEADERS = 'LIGHT_HEADERS'
}

enum __MessageTypeValues {
  MESSAGE_TYPE_UNSPECIFIED = 0,
  HELLO = 1,
  HELLO_ACK = 2,
  PING = 3,
  PONG = 4,
  PEER_LIST = 5,
  PEER_LIST_REQUEST = 6,
  BLOCK = 7,
  BLOCK_REQUEST = 8,
  BLOCK_RESPONSE = 9,
  VOTE = 10,
  STATE_SYNC_REQUEST = 11,
  STATE_SYNC_CHUNK = 12,
  TX = 13,
  GOSSIP_IHAVE = 14,
  GOSSIP_IWANT = 15,
  GOSSIP_IDONTWANT = 16,
  COMPACT_BLOCK = 17,
  GET_BLOCK_TXS = 18,
  BLOCK_TXS = 19,
  GOSSIP_GRAFT = 20,
  GOSSIP_PRUNE = 21,
  WINDOW_UPDATE = 22,
  FRAGMENT = 23,
  SNAPSHOT_LIST_REQUEST = 24,
  SNAPSHOT_LIST = 25,
  BLOCK_STATUS_REQUEST = 26,
  BLOCK_STATUS = 27,
  LIGHT_HEADERS_REQUEST = 30,
  LIGHT_HEADERS = 31
}

export namespace MessageType {
  export const codec = (): Codec<MessageType> => {
    return enumeration<MessageType>(__MessageTypeValues)
  }
}

export interface Message {
  type: number
  payload: Uint8Array<ArrayBuffer>
}

export namespace Message {
  let _codec: Codec<Message>

  export const codec = (): Codec<Message> => {
    if (_codec == null) {
      _codec = message<Message>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.type != null && obj.type !== 0)) {
          w.uint32(8)
          w.uint32(obj.type)
        }

        if ((obj.payload != null && obj.payload.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.payload)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          type: 0,
          payload: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              obj.type = reader.uint32()
              break
            }
            case 18: {
              obj.payload = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              yield {
                field: `${prefix}.type`,
                value: reader.uint32()
              }
              break
            }
            case 18: {
              yield {
                field: `${prefix}.payload`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface MessageTypeFieldEvent {
    field: '$.type'
    value: number
  }

  export interface MessagePayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Message>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Message.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Message>): Message {
    return decodeMessage(buf, Message.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Message>): Generator<MessageTypeFieldEvent | MessagePayloadFieldEvent> {
    return streamMessage(buf, Message.codec(), opts)
  }
}

export interface Hello {
  nodeId: Uint8Array<ArrayBuffer>
  protocolVersion: number
  chainId: string
  latestHeight: number
  capabilities: number
  timestamp: number
  listenAddr: string
}

export namespace Hello {
  let _codec: Codec<Hello>

  export const codec = (): Codec<Hello> => {
    if (_codec == null) {
      _codec = message<Hello>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.nodeId != null && obj.nodeId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.nodeId)
        }

        if ((obj.protocolVersion != null && obj.protocolVersion !== 0)) {
          w.uint32(16)
          w.uint32(obj.protocolVersion)
        }

        if ((obj.chainId != null && obj.chainId !== '')) {
          w.uint32(26)
          w.string(obj.chainId)
        }

        if ((obj.latestHeight != null && obj.latestHeight !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.latestHeight)
        }

        if ((obj.capabilities != null && obj.capabilities !== 0)) {
          w.uint32(40)
          w.uint64Number(obj.capabilities)
        }

        if ((obj.timestamp != null && obj.timestamp !== 0)) {
          w.uint32(48)
          w.uint64Number(obj.timestamp)
        }

        if ((obj.listenAddr != null && obj.listenAddr !== '')) {
          w.uint32(58)
          w.string(obj.listenAddr)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          nodeId: uint8ArrayAlloc(0),
          protocolVersion: 0,
          chainId: '',
          latestHeight: 0,
          capabilities: 0,
          timestamp: 0,
          listenAddr: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              obj.nodeId = reader.bytes()
              break
            }
            case 16: {
              obj.protocolVersion = reader.uint32()
              break
            }
            case 26: {
              obj.chainId = reader.string()
              break
            }
            case 32: {
              obj.latestHeight = reader.uint64Number()
              break
            }
            case 40: {
              obj.capabilities = reader.uint64Number()
              break
            }
            case 48: {
              obj.timestamp = reader.uint64Number()
              break
            }
            case 58: {
              obj.listenAddr = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              yield {
                field: `${prefix}.nodeId`,
                value: reader.bytes()
              }
              break
            }
            case 16: {
              yield {
                field: `${prefix}.protocolVersion`,
                value: reader.uint32()
              }
              break
            }
            case 26: {
              yield {
                field: `${prefix}.chainId`,
                value: reader.string()
              }
              break
            }
            case 32: {
              yield {
                field: `${prefix}.latestHeight`,
                value: reader.uint64Number()
              }
              break
            }
            case 40: {
              yield {
                field: `${prefix}.capabilities`,
                value: reader.uint64Number()
              }
              break
            }
            case 48: {
              yield {
                field: `${prefix}.timestamp`,
                value: reader.uint64Number()
              }
              break
            }
            case 58: {
              yield {
                field: `${prefix}.listenAddr`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface HelloNodeIdFieldEvent {
    field: '$.nodeId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface HelloProtocolVersionFieldEvent {
    field: '$.protocolVersion'
    value: number
  }

  export interface HelloChainIdFieldEvent {
    field: '$.chainId'
    value: string
  }

  export interface HelloLatestHeightFieldEvent {
    field: '$.latestHeight'
    value: number
  }

  export interface HelloCapabilitiesFieldEvent {
    field: '$.capabilities'
    value: number
  }

  export interface HelloTimestampFieldEvent {
    field: '$.timestamp'
    value: number
  }

  export interface HelloListenAddrFieldEvent {
    field: '$.listenAddr'
    value: string
  }

  export function encode (obj: Partial<Hello>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Hello.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Hello>): Hello {
    return decodeMessage(buf, Hello.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Hello>): Generator<HelloNodeIdFieldEvent | HelloProtocolVersionFieldEvent | HelloChainIdFieldEvent | HelloLatestHeightFieldEvent | HelloCapabilitiesFieldEvent | HelloTimestampFieldEvent | HelloListenAddrFieldEvent> {
    return streamMessage(buf, Hello.codec(), opts)
  }
}

export enum HelloStatus {
  OK = 'OK',
  VERSION_MISMATCH = 'VERSION_MISMATCH',
  CHAIN_ID_MISMATCH = 'CHAIN_ID_MISMATCH',
  CLOCK_SKEW = 'CLOCK_SKEW',
  INVALID_NODE_ID = 'INVALID_NODE_ID',
  DUPLICATE_PEER = 'DUPLICATE_PEER',
  SELF_CONNECTION = 'SELF_CONNECTION',
  TOO_MANY_PEERS = 'TOO_MANY_PEERS',
  BANNED = 'BANNED'
}

enum __HelloStatusValues {
  OK = 0,
  VERSION_MISMATCH = 1,
  CHAIN_ID_MISMATCH = 2,
  CLOCK_SKEW = 16,
  INVALID_NODE_ID = 17,
  DUPLICATE_PEER = 18,
  SELF_CONNECTION = 19,
  TOO_MANY_PEERS = 20,
  BANNED = 21
}

export namespace HelloStatus {
  export const codec = (): Codec<HelloStatus> => {
    return enumeration<HelloStatus>(__HelloStatusValues)
  }
}

export interface HelloAck {
  status: HelloStatus
}

export namespace HelloAck {
  let _codec: Codec<HelloAck>

  export const codec = (): Codec<HelloAck> => {
    if (_codec == null) {
      _codec = message<HelloAck>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __HelloStatusValues[obj.status] !== 0) {
          w.uint32(8)
          HelloStatus.codec().encode(obj.status, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          status: HelloStatus.OK
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              obj.status = HelloStatus.codec().decode(reader)
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              yield {
                field: `${prefix}.status`,
                value: HelloStatus.codec().decode(reader)
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface HelloAckStatusFieldEvent {
    field: '$.status'
    value: HelloStatus
  }

  export function encode (obj: Partial<HelloAck>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, HelloAck.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HelloAck>): HelloAck {
    return decodeMessage(buf, HelloAck.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HelloAck>): Generator<HelloAckStatusFieldEvent> {
    return streamMessage(buf, HelloAck.codec(), opts)
  }
}

export interface Ping {
  nonce: bigint
}

export namespace Ping {
  let _codec: Codec<Ping>

  export const codec = (): Codec<Ping> => {
    if (_codec == null) {
      _codec = message<Ping>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.nonce != null && obj.nonce !== 0n)) {
          w.uint32(8)
          w.uint64(obj.nonce)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          nonce: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              obj.nonce = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface PingNonceFieldEvent {
    field: '$.nonce'
    value: bigint
  }

  export function encode (obj: Partial<Ping>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Ping.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Ping>): Ping {
    return decodeMessage(buf, Ping.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Ping>): Generator<PingNonceFieldEvent> {
    return streamMessage(buf, Ping.codec(), opts)
  }
}

export interface Pong {
  nonce: bigint
}

export namespace Pong {
  let _codec: Codec<Pong>

  export const codec = (): Codec<Pong> => {
    if (_codec == null) {
      _codec = message<Pong>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.nonce != null && obj.nonce !== 0n)) {
          w.uint32(8)
          w.uint64(obj.nonce)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          nonce: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              obj.nonce = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface PongNonceFieldEvent {
    field: '$.nonce'
    value: bigint
  }

  export function encode (obj: Partial<Pong>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Pong.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Pong>): Pong {
    return decodeMessage(buf, Pong.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Pong>): Generator<PongNonceFieldEvent> {
    return streamMessage(buf, Pong.codec(), opts)
  }
}

export interface PeerRecord {
  peerId: Uint8Array<ArrayBuffer>
  address: string
  publicKey: Uint8Array<ArrayBuffer>
  latestHeight: number
  score: number
  flags: number
  lastSeen: number
}

export namespace PeerRecord {
  let _codec: Codec<PeerRecord>

  export const codec = (): Codec<PeerRecord> => {
    if (_codec == null) {
      _codec = message<PeerRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.peerId != null && obj.peerId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.peerId)
        }

        if ((obj.address != null && obj.address !== '')) {
          w.uint32(18)
          w.string(obj.address)
        }

        if ((obj.publicKey != null && obj.publicKey.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.publicKey)
        }

        if ((obj.latestHeight != null && obj.latestHeight !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.latestHeight)
        }

        if ((obj.score != null && !Object.is(obj.score, 0))) {
          w.uint32(41)
          w.double(obj.score)
        }

        if ((obj.flags != null && obj.flags !== 0)) {
          w.uint32(48)
          w.uint32(obj.flags)
        }

        if ((obj.lastSeen != null && obj.lastSeen !== 0)) {
          w.uint32(56)
          w.uint64Number(obj.lastSeen)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          peerId: uint8ArrayAlloc(0),
          address: '',
          publicKey: uint8ArrayAlloc(0),
          latestHeight: 0,
          score: 0,
          flags: 0,
          lastSeen: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              obj.peerId = reader.bytes()
              break
            }
            case 18: {
              obj.address = reader.string()
              break
            }
            case 26: {
              obj.publicKey = reader.bytes()
              break
            }
            case 32: {
              obj.latestHeight = reader.uint64Number()
              break
            }
            case 41: {
              obj.score = reader.double()
              break
            }
            case 48: {
              obj.flags = reader.uint32()
              break
            }
            case 56: {
              obj.lastSeen = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              yield {
                field: `${prefix}.peerId`,
                value: reader.bytes()
              }
              break
            }
            case 18: {
              yield {
                field: `${prefix}.address`,
                value: reader.string()
              }
              break
            }
            case 26: {
              yield {
                field: `${prefix}.publicKey`,
                value: reader.bytes()
              }
              break
            }
            case 32: {
              yield {
                field: `${prefix}.latestHeight`,
                value: reader.uint64Number()
              }
              break
            }
            case 41: {
              yield {
                field: `${prefix}.score`,
                value: reader.double()
              }
              break
            }
            case 48: {
              yield {
                field: `${prefix}.flags`,
                value: reader.uint32()
              }
              break
            }
            case 56: {
              yield {
                field: `${prefix}.lastSeen`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface PeerRecordPeerIdFieldEvent {
    field: '$.peerId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PeerRecordAddressFieldEvent {
    field: '$.address'
    value: string
  }

  export interface PeerRecordPublicKeyFieldEvent {
    field: '$.publicKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PeerRecordLatestHeightFieldEvent {
    field: '$.latestHeight'
    value: number
  }

  export interface PeerRecordScoreFieldEvent {
    field: '$.score'
    value: number
  }

  export interface PeerRecordFlagsFieldEvent {
    field: '$.flags'
    value: number
  }

  export interface PeerRecordLastSeenFieldEvent {
    field: '$.lastSeen'
    value: number
  }

  export function encode (obj: Partial<PeerRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PeerRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PeerRecord>): PeerRecord {
    return decodeMessage(buf, PeerRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PeerRecord>): Generator<PeerRecordPeerIdFieldEvent | PeerRecordAddressFieldEvent | PeerRecordPublicKeyFieldEvent | PeerRecordLatestHeightFieldEvent | PeerRecordScoreFieldEvent | PeerRecordFlagsFieldEvent | PeerRecordLastSeenFieldEvent> {
    return streamMessage(buf, PeerRecord.codec(), opts)
  }
}

export interface PeerList {
  peers: PeerRecord[]
}

export namespace PeerList {
  let _codec: Codec<PeerList>

  export const codec = (): Codec<PeerList> => {
    if (_codec == null) {
      _codec = message<PeerList>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.peers != null && obj.peers.length > 0) {
          for (const value of obj.peers) {
            w.uint32(10)
            PeerRecord.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          peers: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              if (opts.limits?.peers != null && obj.peers.length === opts.limits.peers) {
                throw new MaxLengthError('Decode error - repeated field "peers" had too many elements')
              }

              obj.peers.push(PeerRecord.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.peers$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          peers: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              if (opts.limits?.peers != null && obj.peers === opts.limits.peers) {
                throw new MaxLengthError('Streaming decode error - repeated field "peers" had too many elements')
              }

              for (const evt of PeerRecord.codec().stream(reader, reader.uint32(), `${prefix}.peers[]`, {
                limits: opts.limits?.peers$
              })) {
                yield {
                  ...evt,
                  index: obj.peers
                }
              }

              obj.peers++

              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface PeerListPeersPeerIdFieldEvent {
    field: '$.peers[].peerId'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface PeerListPeersAddressFieldEvent {
    field: '$.peers[].address'
    value: string
    index: number
  }

  export interface PeerListPeersPublicKeyFieldEvent {
    field: '$.peers[].publicKey'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface PeerListPeersLatestHeightFieldEvent {
    field: '$.peers[].latestHeight'
    value: number
    index: number
  }

  export interface PeerListPeersScoreFieldEvent {
    field: '$.peers[].score'
    value: number
    index: number
  }

  export interface PeerListPeersFlagsFieldEvent {
    field: '$.peers[].flags'
    value: number
    index: number
  }

  export interface PeerListPeersLastSeenFieldEvent {
    field: '$.peers[].lastSeen'
    value: number
    index: number
  }

  export function encode (obj: Partial<PeerList>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PeerList.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PeerList>): PeerList {
    return decodeMessage(buf, PeerList.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PeerList>): Generator<PeerListPeersPeerIdFieldEvent | PeerListPeersAddressFieldEvent | PeerListPeersPublicKeyFieldEvent | PeerListPeersLatestHeightFieldEvent | PeerListPeersScoreFieldEvent | PeerListPeersFlagsFieldEvent | PeerListPeersLastSeenFieldEvent> {
    return streamMessage(buf, PeerList.codec(), opts)
  }
}

export interface PeerListRequest {
  maxPeers: number
}

export namespace PeerListRequest {
  let _codec: Codec<PeerListRequest>

  export const codec = (): Codec<PeerListRequest> => {
    if (_codec == null) {
      _codec = message<PeerListRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.maxPeers != null && obj.maxPeers !== 0)) {
          w.uint32(8)
          w.uint32(obj.maxPeers)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          maxPeers: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              obj.maxPeers = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              yield {
                field: `${prefix}.maxPeers`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface PeerListRequestMaxPeersFieldEvent {
    field: '$.maxPeers'
    value: number
  }

  export function encode (obj: Partial<PeerListRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PeerListRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PeerListRequest>): PeerListRequest {
    return decodeMessage(buf, PeerListRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PeerListRequest>): Generator<PeerListRequestMaxPeersFieldEvent> {
    return streamMessage(buf, PeerListRequest.codec(), opts)
  }
}

export interface BlockHeader {
  height: number
  parentHash: Uint8Array<ArrayBuffer>
  proposer: Uint8Array<ArrayBuffer>
  timestamp: number
  txRoot: Uint8Array<ArrayBuffer>
  appHash: Uint8Array<ArrayBuffer>
  round: number
  lastCommitHash: Uint8Array<ArrayBuffer>
}

export namespace BlockHeader {
  let _codec: Codec<BlockHeader>

  export const codec = (): Codec<BlockHeader> => {
    if (_codec == null) {
      _codec = message<BlockHeader>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.height != null && obj.height !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.height)
        }

        if ((obj.parentHash != null && obj.parentHash.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.parentHash)
        }

        if ((obj.proposer != null && obj.proposer.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.proposer)
        }

        if ((obj.timestamp != null && obj.timestamp !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.timestamp)
        }

        if ((obj.txRoot != null && obj.txRoot.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.txRoot)
        }

        if ((obj.appHash != null && obj.appHash.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.appHash)
        }

        if ((obj.round != null && obj.round !== 0)) {
          w.uint32(56)
          w.uint64Number(obj.round)
        }

        if ((obj.lastCommitHash != null && obj.lastCommitHash.byteLength > 0)) {
          w.uint32(66)
          w.bytes(obj.lastCommitHash)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          height: 0,
          parentHash: uint8ArrayAlloc(0),
          proposer: uint8ArrayAlloc(0),
          timestamp: 0,
          txRoot: uint8ArrayAlloc(0),
          appHash: uint8ArrayAlloc(0),
          round: 0,
          lastCommitHash: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              obj.height = reader.uint64Number()
              break
            }
            case 18: {
              obj.parentHash = reader.bytes()
              break
            }
            case 26: {
              obj.proposer = reader.bytes()
              break
            }
            case 32: {
              obj.timestamp = reader.uint64Number()
              break
            }
            case 42: {
              obj.txRoot = reader.bytes()
              break
            }
            case 50: {
              obj.appHash = reader.bytes()
              break
            }
            case 56: {
              obj.round = reader.uint64Number()
              break
            }
            case 66: {
              obj.lastCommitHash = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              yield {
                field: `${prefix}.height`,
                value: reader.uint64Number()
              }
              break
            }
            case 18: {
              yield {
                field: `${prefix}.parentHash`,
                value: reader.bytes()
              }
              break
            }
            case 26: {
              yield {
                field: `${prefix}.proposer`,
                value: reader.bytes()
              }
              break
            }
            case 32: {
              yield {
                field: `${prefix}.timestamp`,
                value: reader.uint64Number()
              }
              break
            }
            case 42: {
              yield {
                field: `${prefix}.txRoot`,
                value: reader.bytes()
              }
              break
            }
            case 50: {
              yield {
                field: `${prefix}.appHash`,
                value: reader.bytes()
              }
              break
            }
            case 56: {
              yield {
                field: `${prefix}.round`,
                value: reader.uint64Number()
              }
              break
            }
            case 66: {
              yield {
                field: `${prefix}.lastCommitHash`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface BlockHeaderHeightFieldEvent {
    field: '$.height'
    value: number
  }

  export interface BlockHeaderParentHashFieldEvent {
    field: '$.parentHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockHeaderProposerFieldEvent {
    field: '$.proposer'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockHeaderTimestampFieldEvent {
    field: '$.timestamp'
    value: number
  }

  export interface BlockHeaderTxRootFieldEvent {
    field: '$.txRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockHeaderAppHashFieldEvent {
    field: '$.appHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockHeaderRoundFieldEvent {
    field: '$.round'
    value: number
  }

  export interface BlockHeaderLastCommitHashFieldEvent {
    field: '$.lastCommitHash'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<BlockHeader>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BlockHeader.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockHeader>): BlockHeader {
    return decodeMessage(buf, BlockHeader.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockHeader>): Generator<BlockHeaderHeightFieldEvent | BlockHeaderParentHashFieldEvent | BlockHeaderProposerFieldEvent | BlockHeaderTimestampFieldEvent | BlockHeaderTxRootFieldEvent | BlockHeaderAppHashFieldEvent | BlockHeaderRoundFieldEvent | BlockHeaderLastCommitHashFieldEvent> {
    return streamMessage(buf, BlockHeader.codec(), opts)
  }
}

export interface Block {
  header?: BlockHeader
  txs: Uint8Array<ArrayBuffer>[]
  lastCommit?: Commit
  proposerSignature: Uint8Array<ArrayBuffer>
}

export namespace Block {
  let _codec: Codec<Block>

  export const codec = (): Codec<Block> => {
    if (_codec == null) {
      _codec = message<Block>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.header != null) {
          w.uint32(10)
          BlockHeader.codec().encode(obj.header, w)
        }

        if (obj.txs != null && obj.txs.length > 0) {
          for (const value of obj.txs) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if (obj.lastCommit != null) {
          w.uint32(26)
          Commit.codec().encode(obj.lastCommit, w)
        }

        if ((obj.proposerSignature != null && obj.proposerSignature.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.proposerSignature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          txs: [],
          proposerSignature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              obj.header = BlockHeader.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.header
              }, obj.header)
              break
            }
            case 18: {
              if (opts.limits?.txs != null && obj.txs.length === opts.limits.txs) {
                throw new MaxLengthError('Decode error - repeated field "txs" had too many elements')
              }

              obj.txs.push(reader.bytes())
              break
            }
            case 26: {
              obj.lastCommit = Commit.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.lastCommit
              }, obj.lastCommit)
              break
            }
            case 34: {
              obj.proposerSignature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          txs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              yield * BlockHeader.codec().stream(reader, reader.uint32(), `${prefix}.header`, {
                limits: opts.limits?.header
              })

              break
            }
            case 18: {
              if (opts.limits?.txs != null && obj.txs === opts.limits.txs) {
                throw new MaxLengthError('Streaming decode error - repeated field "txs" had too many elements')
              }

              yield {
                field: `${prefix}.txs[]`,
                index: obj.txs,
                value: reader.bytes()
              }

              obj.txs++

              break
            }
            case 26: {
              yield * Commit.codec().stream(reader, reader.uint32(), `${prefix}.lastCommit`, {
                limits: opts.limits?.lastCommit
              })

              break
            }
            case 34: {
              yield {
                field: `${prefix}.proposerSignature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface BlockHeaderHeightFieldEvent {
    field: '$.header.height'
    value: number
  }

  export interface BlockHeaderParentHashFieldEvent {
    field: '$.header.parentHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockHeaderProposerFieldEvent {
    field: '$.header.proposer'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockHeaderTimestampFieldEvent {
    field: '$.header.timestamp'
    value: number
  }

  export interface BlockHeaderTxRootFieldEvent {
    field: '$.header.txRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockHeaderAppHashFieldEvent {
    field: '$.header.appHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockHeaderRoundFieldEvent {
    field: '$.header.round'
    value: number
  }

  export interface BlockHeaderLastCommitHashFieldEvent {
    field: '$.header.lastCommitHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockTxsFieldEvent {
    field: '$.txs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockLastCommitHeightFieldEvent {
    field: '$.lastCommit.height'
    value: number
  }

  export interface BlockLastCommitRoundFieldEvent {
    field: '$.lastCommit.round'
    value: number
  }

  export interface BlockLastCommitBlockHashFieldEvent {
    field: '$.lastCommit.blockHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockLastCommitSignaturesValidatorIndexFieldEvent {
    field: '$.lastCommit.signatures[].validatorIndex'
    value: number
    index: number
  }

  export interface BlockLastCommitSignaturesSignatureFieldEvent {
    field: '$.lastCommit.signatures[].signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface BlockProposerSignatureFieldEvent {
    field: '$.proposerSignature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Block>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Block.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Block>): Block {
    return decodeMessage(buf, Block.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Block>): Generator<BlockHeaderHeightFieldEvent | BlockHeaderParentHashFieldEvent | BlockHeaderProposerFieldEvent | BlockHeaderTimestampFieldEvent | BlockHeaderTxRootFieldEvent | BlockHeaderAppHashFieldEvent | BlockHeaderRoundFieldEvent | BlockHeaderLastCommitHashFieldEvent | BlockTxsFieldEvent | BlockLastCommitHeightFieldEvent | BlockLastCommitRoundFieldEvent | BlockLastCommitBlockHashFieldEvent | BlockLastCommitSignaturesValidatorIndexFieldEvent | BlockLastCommitSignaturesSignatureFieldEvent | BlockProposerSignatureFieldEvent> {
    return streamMessage(buf, Block.codec(), opts)
  }
}

export interface Commit {
  height: number
  round: number
  blockHash: Uint8Array<ArrayBuffer>
  signatures: CommitSig[]
}

export namespace Commit {
  let _codec: Codec<Commit>

  export const codec = (): Codec<Commit> => {
    if (_codec == null) {
      _codec = message<Commit>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.height != null && obj.height !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.height)
        }

        if ((obj.round != null && obj.round !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.round)
        }

        if ((obj.blockHash != null && obj.blockHash.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.blockHash)
        }

        if (obj.signatures != null && obj.signatures.length > 0) {
          for (const value of obj.signatures) {
            w.uint32(34)
            CommitSig.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          height: 0,
          round: 0,
          blockHash: uint8ArrayAlloc(0),
          signatures: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              obj.height = reader.uint64Number()
              break
            }
            case 16: {
              obj.round = reader.uint64Number()
              break
            }
            case 26: {
              obj.blockHash = reader.bytes()
              break
            }
            case 34: {
              if (opts.limits?.signatures != null && obj.signatures.length === opts.limits.signatures) {
                throw new MaxLengthError('Decode error - repeated field "signatures" had too many elements')
              }

              obj.signatures.push(CommitSig.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.signatures$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          signatures: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              yield {
                field: `${prefix}.height`,
                value: reader.uint64Number()
              }
              break
            }
            case 16: {
              yield {
                field: `${prefix}.round`,
                value: reader.uint64Number()
              }
              break
            }
            case 26: {
              yield {
                field: `${prefix}.blockHash`,
                value: reader.bytes()
              }
              break
            }
            case 34: {
              if (opts.limits?.signatures != null && obj.signatures === opts.limits.signatures) {
                throw new MaxLengthError('Streaming decode error - repeated field "signatures" had too many elements')
              }

              for (const evt of CommitSig.codec().stream(reader, reader.uint32(), `${prefix}.signatures[]`, {
                limits: opts.limits?.signatures$
              })) {
                yield {
                  ...evt,
                  index: obj.signatures
                }
              }

              obj.signatures++

              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface CommitHeightFieldEvent {
    field: '$.height'
    value: number
  }

  export interface CommitRoundFieldEvent {
    field: '$.round'
    value: number
  }

  export interface CommitBlockHashFieldEvent {
    field: '$.blockHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CommitSignaturesValidatorIndexFieldEvent {
    field: '$.signatures[].validatorIndex'
    value: number
    index: number
  }

  export interface CommitSignaturesSignatureFieldEvent {
    field: '$.signatures[].signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export function encode (obj: Partial<Commit>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Commit.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Commit>): Commit {
    return decodeMessage(buf, Commit.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Commit>): Generator<CommitHeightFieldEvent | CommitRoundFieldEvent | CommitBlockHashFieldEvent | CommitSignaturesValidatorIndexFieldEvent | CommitSignaturesSignatureFieldEvent> {
    return streamMessage(buf, Commit.codec(), opts)
  }
}

export interface CommitSig {
  validatorIndex: number
  signature: Uint8Array<ArrayBuffer>
}

export namespace CommitSig {
  let _codec: Codec<CommitSig>

  export const codec = (): Codec<CommitSig> => {
    if (_codec == null) {
      _codec = message<CommitSig>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.validatorIndex != null && obj.validatorIndex !== 0)) {
          w.uint32(8)
          w.uint32(obj.validatorIndex)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          validatorIndex: 0,
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              obj.validatorIndex = reader.uint32()
              break
            }
            case 18: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              yield {
                field: `${prefix}.validatorIndex`,
                value: reader.uint32()
              }
              break
            }
            case 18: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface CommitSigValidatorIndexFieldEvent {
    field: '$.validatorIndex'
    value: number
  }

  export interface CommitSigSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<CommitSig>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, CommitSig.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CommitSig>): CommitSig {
    return decodeMessage(buf, CommitSig.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CommitSig>): Generator<CommitSigValidatorIndexFieldEvent | CommitSigSignatureFieldEvent> {
    return streamMessage(buf, CommitSig.codec(), opts)
  }
}

export interface ChainTx {
  publicKey: Uint8Array<ArrayBuffer>
  nonce: number
  key: Uint8Array<ArrayBuffer>
  value: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace ChainTx {
  let _codec: Codec<ChainTx>

  export const codec = (): Codec<ChainTx> => {
    if (_codec == null) {
      _codec = message<ChainTx>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.publicKey != null && obj.publicKey.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.publicKey)
        }

        if ((obj.nonce != null && obj.nonce !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.nonce)
        }

        if ((obj.key != null && obj.key.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.key)
        }

        if ((obj.value != null && obj.value.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.value)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          publicKey: uint8ArrayAlloc(0),
          nonce: 0,
          key: uint8ArrayAlloc(0),
          value: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              obj.publicKey = reader.bytes()
              break
            }
            case 16: {
              obj.nonce = reader.uint64Number()
              break
            }
            case 26: {
              obj.key = reader.bytes()
              break
            }
            case 34: {
              obj.value = reader.bytes()
              break
            }
            case 42: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              yield {
                field: `${prefix}.publicKey`,
                value: reader.bytes()
              }
              break
            }
            case 16: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.uint64Number()
              }
              break
            }
            case 26: {
              yield {
                field: `${prefix}.key`,
                value: reader.bytes()
              }
              break
            }
            case 34: {
              yield {
                field: `${prefix}.value`,
                value: reader.bytes()
              }
              break
            }
            case 42: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface ChainTxPublicKeyFieldEvent {
    field: '$.publicKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ChainTxNonceFieldEvent {
    field: '$.nonce'
    value: number
  }

  export interface ChainTxKeyFieldEvent {
    field: '$.key'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ChainTxValueFieldEvent {
    field: '$.value'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ChainTxSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<ChainTx>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ChainTx.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ChainTx>): ChainTx {
    return decodeMessage(buf, ChainTx.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ChainTx>): Generator<ChainTxPublicKeyFieldEvent | ChainTxNonceFieldEvent | ChainTxKeyFieldEvent | ChainTxValueFieldEvent | ChainTxSignatureFieldEvent> {
    return streamMessage(buf, ChainTx.codec(), opts)
  }
}

export interface BlockMessage {
  block?: Block
}

export namespace BlockMessage {
  let _codec: Codec<BlockMessage>

  export const codec = (): Codec<BlockMessage> => {
    if (_codec == null) {
      _codec = message<BlockMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.block != null) {
          w.uint32(10)
          Block.codec().encode(obj.block, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              obj.block = Block.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.block
              }, obj.block)
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              yield * Block.codec().stream(reader, reader.uint32(), `${prefix}.block`, {
                limits: opts.limits?.block
              })

              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface BlockMessageBlockHeaderHeightFieldEvent {
    field: '$.block.header.height'
    value: number
  }

  export interface BlockMessageBlockHeaderParentHashFieldEvent {
    field: '$.block.header.parentHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockMessageBlockHeaderProposerFieldEvent {
    field: '$.block.header.proposer'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockMessageBlockHeaderTimestampFieldEvent {
    field: '$.block.header.timestamp'
    value: number
  }

  export interface BlockMessageBlockHeaderTxRootFieldEvent {
    field: '$.block.header.txRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockMessageBlockHeaderAppHashFieldEvent {
    field: '$.block.header.appHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockMessageBlockHeaderRoundFieldEvent {
    field: '$.block.header.round'
    value: number
  }

  export interface BlockMessageBlockHeaderLastCommitHashFieldEvent {
    field: '$.block.header.lastCommitHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockMessageBlockTxsFieldEvent {
    field: '$.block.txs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockMessageBlockLastCommitHeightFieldEvent {
    field: '$.block.lastCommit.height'
    value: number
  }

  export interface BlockMessageBlockLastCommitRoundFieldEvent {
    field: '$.block.lastCommit.round'
    value: number
  }

  export interface BlockMessageBlockLastCommitBlockHashFieldEvent {
    field: '$.block.lastCommit.blockHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockMessageBlockLastCommitSignaturesValidatorIndexFieldEvent {
    field: '$.block.lastCommit.signatures[].validatorIndex'
    value: number
    index: number
  }

  export interface BlockMessageBlockLastCommitSignaturesSignatureFieldEvent {
    field: '$.block.lastCommit.signatures[].signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface BlockMessageBlockProposerSignatureFieldEvent {
    field: '$.block.proposerSignature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<BlockMessage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BlockMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockMessage>): BlockMessage {
    return decodeMessage(buf, BlockMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockMessage>): Generator<BlockMessageBlockHeaderHeightFieldEvent | BlockMessageBlockHeaderParentHashFieldEvent | BlockMessageBlockHeaderProposerFieldEvent | BlockMessageBlockHeaderTimestampFieldEvent | BlockMessageBlockHeaderTxRootFieldEvent | BlockMessageBlockHeaderAppHashFieldEvent | BlockMessageBlockHeaderRoundFieldEvent | BlockMessageBlockHeaderLastCommitHashFieldEvent | BlockMessageBlockTxsFieldEvent | BlockMessageBlockLastCommitHeightFieldEvent | BlockMessageBlockLastCommitRoundFieldEvent | BlockMessageBlockLastCommitBlockHashFieldEvent | BlockMessageBlockLastCommitSignaturesValidatorIndexFieldEvent | BlockMessageBlockLastCommitSignaturesSignatureFieldEvent | BlockMessageBlockProposerSignatureFieldEvent> {
    return streamMessage(buf, BlockMessage.codec(), opts)
  }
}

export interface BlockRequest {
  height: number
  count: number
  maxBytes: number
}

export namespace BlockRequest {
  let _codec: Codec<BlockRequest>

  export const codec = (): Codec<BlockRequest> => {
    if (_codec == null) {
      _codec = message<BlockRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.height != null && obj.height !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.height)
        }

        if ((obj.count != null && obj.count !== 0)) {
          w.uint32(16)
          w.uint32(obj.count)
        }

        if ((obj.maxBytes != null && obj.maxBytes !== 0)) {
          w.uint32(24)
          w.uint32(obj.maxBytes)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          height: 0,
          count: 0,
          maxBytes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              obj.height = reader.uint64Number()
              break
            }
            case 16: {
              obj.count = reader.uint32()
              break
            }
            case 24: {
              obj.maxBytes = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              yield {
                field: `${prefix}.height`,
                value: reader.uint64Number()
              }
              break
            }
            case 16: {
              yield {
                field: `${prefix}.count`,
                value: reader.uint32()
              }
              break
            }
            case 24: {
              yield {
                field: `${prefix}.maxBytes`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface BlockRequestHeightFieldEvent {
    field: '$.height'
    value: number
  }

  export interface BlockRequestCountFieldEvent {
    field: '$.count'
    value: number
  }

  export interface BlockRequestMaxBytesFieldEvent {
    field: '$.maxBytes'
    value: number
  }

  export function encode (obj: Partial<BlockRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BlockRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockRequest>): BlockRequest {
    return decodeMessage(buf, BlockRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockRequest>): Generator<BlockRequestHeightFieldEvent | BlockRequestCountFieldEvent | BlockRequestMaxBytesFieldEvent> {
    return streamMessage(buf, BlockRequest.codec(), opts)
  }
}

export interface BlockResponse {
  block?: Block
  height: number
  blocks: Uint8Array<ArrayBuffer>[]
  commit?: Commit
  latestHeight: number
  base: number
  busy: boolean
}

export namespace BlockResponse {
  let _codec: Codec<BlockResponse>

  export const codec = (): Codec<BlockResponse> => {
    if (_codec == null) {
      _codec = message<BlockResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.block != null) {
          w.uint32(10)
          Block.codec().encode(obj.block, w)
        }

        if ((obj.height != null && obj.height !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.height)
        }

        if (obj.blocks != null && obj.blocks.length > 0) {
          for (const value of obj.blocks) {
            w.uint32(26)
            w.bytes(value)
          }
        }

        if (obj.commit != null) {
          w.uint32(34)
          Commit.codec().encode(obj.commit, w)
        }

        if ((obj.latestHeight != null && obj.latestHeight !== 0)) {
          w.uint32(40)
          w.uint64Number(obj.latestHeight)
        }

        if ((obj.base != null && obj.base !== 0)) {
          w.uint32(48)
          w.uint64Number(obj.base)
        }

        if ((obj.busy != null && obj.busy !== false)) {
          w.uint32(56)
          w.bool(obj.busy)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          height: 0,
          blocks: [],
          latestHeight: 0,
          base: 0,
          busy: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              obj.block = Block.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.block
              }, obj.block)
              break
            }
            case 16: {
              obj.height = reader.uint64Number()
              break
            }
            case 26: {
              if (opts.limits?.blocks != null && obj.blocks.length === opts.limits.blocks) {
                throw new MaxLengthError('Decode error - repeated field "blocks" had too many elements')
              }

              obj.blocks.push(reader.bytes())
              break
            }
            case 34: {
              obj.commit = Commit.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.commit
              }, obj.commit)
              break
            }
            case 40: {
              obj.latestHeight = reader.uint64Number()
              break
            }
            case 48: {
              obj.base = reader.uint64Number()
              break
            }
            case 56: {
              obj.busy = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          blocks: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              yield * Block.codec().stream(reader, reader.uint32(), `${prefix}.block`, {
                limits: opts.limits?.block
              })

              break
            }
            case 16: {
              yield {
                field: `${prefix}.height`,
                value: reader.uint64Number()
              }
              break
            }
            case 26: {
              if (opts.limits?.blocks != null && obj.blocks === opts.limits.blocks) {
                throw new MaxLengthError('Streaming decode error - repeated field "blocks" had too many elements')
              }

              yield {
                field: `${prefix}.blocks[]`,
                index: obj.blocks,
                value: reader.bytes()
              }

              obj.blocks++

              break
            }
            case 34: {
              yield * Commit.codec().stream(reader, reader.uint32(), `${prefix}.commit`, {
                limits: opts.limits?.commit
              })

              break
            }
            case 40: {
              yield {
                field: `${prefix}.latestHeight`,
                value: reader.uint64Number()
              }
              break
            }
            case 48: {
              yield {
                field: `${prefix}.base`,
                value: reader.uint64Number()
              }
              break
            }
            case 56: {
              yield {
                field: `${prefix}.busy`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface BlockResponseBlockHeaderHeightFieldEvent {
    field: '$.block.header.height'
    value: number
  }

  export interface BlockResponseBlockHeaderParentHashFieldEvent {
    field: '$.block.header.parentHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockResponseBlockHeaderProposerFieldEvent {
    field: '$.block.header.proposer'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockResponseBlockHeaderTimestampFieldEvent {
    field: '$.block.header.timestamp'
    value: number
  }

  export interface BlockResponseBlockHeaderTxRootFieldEvent {
    field: '$.block.header.txRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockResponseBlockHeaderAppHashFieldEvent {
    field: '$.block.header.appHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockResponseBlockHeaderRoundFieldEvent {
    field: '$.block.header.round'
    value: number
  }

  export interface BlockResponseBlockHeaderLastCommitHashFieldEvent {
    field: '$.block.header.lastCommitHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockResponseBlockTxsFieldEvent {
    field: '$.block.txs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockResponseBlockLastCommitHeightFieldEvent {
    field: '$.block.lastCommit.height'
    value: number
  }

  export interface BlockResponseBlockLastCommitRoundFieldEvent {
    field: '$.block.lastCommit.round'
    value: number
  }

  export interface BlockResponseBlockLastCommitBlockHashFieldEvent {
    field: '$.block.lastCommit.blockHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockResponseBlockLastCommitSignaturesValidatorIndexFieldEvent {
    field: '$.block.lastCommit.signatures[].validatorIndex'
    value: number
    index: number
  }

  export interface BlockResponseBlockLastCommitSignaturesSignatureFieldEvent {
    field: '$.block.lastCommit.signatures[].signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface BlockResponseBlockProposerSignatureFieldEvent {
    field: '$.block.proposerSignature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockResponseHeightFieldEvent {
    field: '$.height'
    value: number
  }

  export interface BlockResponseBlocksFieldEvent {
    field: '$.blocks[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockResponseCommitHeightFieldEvent {
    field: '$.commit.height'
    value: number
  }

  export interface BlockResponseCommitRoundFieldEvent {
    field: '$.commit.round'
    value: number
  }

  export interface BlockResponseCommitBlockHashFieldEvent {
    field: '$.commit.blockHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockResponseCommitSignaturesValidatorIndexFieldEvent {
    field: '$.commit.signatures[].validatorIndex'
    value: number
    index: number
  }

  export interface BlockResponseCommitSignaturesSignatureFieldEvent {
    field: '$.commit.signatures[].signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface BlockResponseLatestHeightFieldEvent {
    field: '$.latestHeight'
    value: number
  }

  export interface BlockResponseBaseFieldEvent {
    field: '$.base'
    value: number
  }

  export interface BlockResponseBusyFieldEvent {
    field: '$.busy'
    value: boolean
  }

  export function encode (obj: Partial<BlockResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BlockResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockResponse>): BlockResponse {
    return decodeMessage(buf, BlockResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockResponse>): Generator<BlockResponseBlockHeaderHeightFieldEvent | BlockResponseBlockHeaderParentHashFieldEvent | BlockResponseBlockHeaderProposerFieldEvent | BlockResponseBlockHeaderTimestampFieldEvent | BlockResponseBlockHeaderTxRootFieldEvent | BlockResponseBlockHeaderAppHashFieldEvent | BlockResponseBlockHeaderRoundFieldEvent | BlockResponseBlockHeaderLastCommitHashFieldEvent | BlockResponseBlockTxsFieldEvent | BlockResponseBlockLastCommitHeightFieldEvent | BlockResponseBlockLastCommitRoundFieldEvent | BlockResponseBlockLastCommitBlockHashFieldEvent | BlockResponseBlockLastCommitSignaturesValidatorIndexFieldEvent | BlockResponseBlockLastCommitSignaturesSignatureFieldEvent | BlockResponseBlockProposerSignatureFieldEvent | BlockResponseHeightFieldEvent | BlockResponseBlocksFieldEvent | BlockResponseCommitHeightFieldEvent | BlockResponseCommitRoundFieldEvent | BlockResponseCommitBlockHashFieldEvent | BlockResponseCommitSignaturesValidatorIndexFieldEvent | BlockResponseCommitSignaturesSignatureFieldEvent | BlockResponseLatestHeightFieldEvent | BlockResponseBaseFieldEvent | BlockResponseBusyFieldEvent> {
    return streamMessage(buf, BlockResponse.codec(), opts)
  }
}

export interface BlockStatusRequest {}

export namespace BlockStatusRequest {
  let _codec: Codec<BlockStatusRequest>

  export const codec = (): Codec<BlockStatusRequest> => {
    if (_codec == null) {
      _codec = message<BlockStatusRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export function encode (obj: Partial<BlockStatusRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BlockStatusRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockStatusRequest>): BlockStatusRequest {
    return decodeMessage(buf, BlockStatusRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockStatusRequest>): Generator<{}> {
    return streamMessage(buf, BlockStatusRequest.codec(), opts)
  }
}

export interface BlockStatus {
  height: number
  base: number
}

export namespace BlockStatus {
  let _codec: Codec<BlockStatus>

  export const codec = (): Codec<BlockStatus> => {
    if (_codec == null) {
      _codec = message<BlockStatus>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.height != null && obj.height !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.height)
        }

        if ((obj.base != null && obj.base !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.base)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          height: 0,
          base: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              obj.height = reader.uint64Number()
              break
            }
            case 16: {
              obj.base = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              yield {
                field: `${prefix}.height`,
                value: reader.uint64Number()
              }
              break
            }
            case 16: {
              yield {
                field: `${prefix}.base`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface BlockStatusHeightFieldEvent {
    field: '$.height'
    value: number
  }

  export interface BlockStatusBaseFieldEvent {
    field: '$.base'
    value: number
  }

  export function encode (obj: Partial<BlockStatus>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BlockStatus.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockStatus>): BlockStatus {
    return decodeMessage(buf, BlockStatus.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockStatus>): Generator<BlockStatusHeightFieldEvent | BlockStatusBaseFieldEvent> {
    return streamMessage(buf, BlockStatus.codec(), opts)
  }
}

export interface VoteMessage {
  height: number
  round: number
  voteType: number
  voter: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
  blockHash: Uint8Array<ArrayBuffer>
}

export namespace VoteMessage {
  let _codec: Codec<VoteMessage>

  export const codec = (): Codec<VoteMessage> => {
    if (_codec == null) {
      _codec = message<VoteMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.height != null && obj.height !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.height)
        }

        if ((obj.round != null && obj.round !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.round)
        }

        if ((obj.voteType != null && obj.voteType !== 0)) {
          w.uint32(24)
          w.uint32(obj.voteType)
        }

        if ((obj.voter != null && obj.voter.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.voter)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.signature)
        }

        if ((obj.blockHash != null && obj.blockHash.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.blockHash)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          height: 0,
          round: 0,
          voteType: 0,
          voter: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0),
          blockHash: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              obj.height = reader.uint64Number()
              break
            }
            case 16: {
              obj.round = reader.uint64Number()
              break
            }
            case 24: {
              obj.voteType = reader.uint32()
              break
            }
            case 34: {
              obj.voter = reader.bytes()
              break
            }
            case 42: {
              obj.signature = reader.bytes()
              break
            }
            case 50: {
              obj.blockHash = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              yield {
                field: `${prefix}.height`,
                value: reader.uint64Number()
              }
              break
            }
            case 16: {
              yield {
                field: `${prefix}.round`,
                value: reader.uint64Number()
              }
              break
            }
            case 24: {
              yield {
                field: `${prefix}.voteType`,
                value: reader.uint32()
              }
              break
            }
            case 34: {
              yield {
                field: `${prefix}.voter`,
                value: reader.bytes()
              }
              break
            }
            case 42: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            case 50: {
              yield {
                field: `${prefix}.blockHash`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface VoteMessageHeightFieldEvent {
    field: '$.height'
    value: number
  }

  export interface VoteMessageRoundFieldEvent {
    field: '$.round'
    value: number
  }

  export interface VoteMessageVoteTypeFieldEvent {
    field: '$.voteType'
    value: number
  }

  export interface VoteMessageVoterFieldEvent {
    field: '$.voter'
    value: Uint8Array<ArrayBuffer>
  }

  export interface VoteMessageSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface VoteMessageBlockHashFieldEvent {
    field: '$.blockHash'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<VoteMessage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, VoteMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<VoteMessage>): VoteMessage {
    return decodeMessage(buf, VoteMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<VoteMessage>): Generator<VoteMessageHeightFieldEvent | VoteMessageRoundFieldEvent | VoteMessageVoteTypeFieldEvent | VoteMessageVoterFieldEvent | VoteMessageSignatureFieldEvent | VoteMessageBlockHashFieldEvent> {
    return streamMessage(buf, VoteMessage.codec(), opts)
  }
}

export interface StateSyncRequest {
  stateRoot: Uint8Array<ArrayBuffer>
  chunkId: number
  count: number
}

export namespace StateSyncRequest {
  let _codec: Codec<StateSyncRequest>

  export const codec = (): Codec<StateSyncRequest> => {
    if (_codec == null) {
      _codec = message<StateSyncRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.stateRoot != null && obj.stateRoot.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.stateRoot)
        }

        if ((obj.chunkId != null && obj.chunkId !== 0)) {
          w.uint32(16)
          w.uint32(obj.chunkId)
        }

        if ((obj.count != null && obj.count !== 0)) {
          w.uint32(24)
          w.uint32(obj.count)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          stateRoot: uint8ArrayAlloc(0),
          chunkId: 0,
          count: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              obj.stateRoot = reader.bytes()
              break
            }
            case 16: {
              obj.chunkId = reader.uint32()
              break
            }
            case 24: {
              obj.count = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              yield {
                field: `${prefix}.stateRoot`,
                value: reader.bytes()
              }
              break
            }
            case 16: {
              yield {
                field: `${prefix}.chunkId`,
                value: reader.uint32()
              }
              break
            }
            case 24: {
              yield {
                field: `${prefix}.count`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface StateSyncRequestStateRootFieldEvent {
    field: '$.stateRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export interface StateSyncRequestChunkIdFieldEvent {
    field: '$.chunkId'
    value: number
  }

  export interface StateSyncRequestCountFieldEvent {
    field: '$.count'
    value: number
  }

  export function encode (obj: Partial<StateSyncRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, StateSyncRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StateSyncRequest>): StateSyncRequest {
    return decodeMessage(buf, StateSyncRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StateSyncRequest>): Generator<StateSyncRequestStateRootFieldEvent | StateSyncRequestChunkIdFieldEvent | StateSyncRequestCountFieldEvent> {
    return streamMessage(buf, StateSyncRequest.codec(), opts)
  }
}

export interface StateSyncChunk {
  chunkId: number
  totalChunks: number
  data: Uint8Array<ArrayBuffer>
  stateRoot: Uint8Array<ArrayBuffer>
  proof: Uint8Array<ArrayBuffer>
  missing: boolean
}

export namespace StateSyncChunk {
  let _codec: Codec<StateSyncChunk>

  export const codec = (): Codec<StateSyncChunk> => {
    if (_codec == null) {
      _codec = message<StateSyncChunk>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.chunkId != null && obj.chunkId !== 0)) {
          w.uint32(8)
          w.uint32(obj.chunkId)
        }

        if ((obj.totalChunks != null && obj.totalChunks !== 0)) {
          w.uint32(16)
          w.uint32(obj.totalChunks)
        }

        if ((obj.data != null && obj.data.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.data)
        }

        if ((obj.stateRoot != null && obj.stateRoot.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.stateRoot)
        }

        if ((obj.proof != null && obj.proof.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.proof)
        }

        if ((obj.missing != null && obj.missing !== false)) {
          w.uint32(48)
          w.bool(obj.missing)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          chunkId: 0,
          totalChunks: 0,
          data: uint8ArrayAlloc(0),
          stateRoot: uint8ArrayAlloc(0),
          proof: uint8ArrayAlloc(0),
          missing: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              obj.chunkId = reader.uint32()
              break
            }
            case 16: {
              obj.totalChunks = reader.uint32()
              break
            }
            case 26: {
              obj.data = reader.bytes()
              break
            }
            case 34: {
              obj.stateRoot = reader.bytes()
              break
            }
            case 42: {
              obj.proof = reader.bytes()
              break
            }
            case 48: {
              obj.missing = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              yield {
                field: `${prefix}.chunkId`,
                value: reader.uint32()
              }
              break
            }
            case 16: {
              yield {
                field: `${prefix}.totalChunks`,
                value: reader.uint32()
              }
              break
            }
            case 26: {
              yield {
                field: `${prefix}.data`,
                value: reader.bytes()
              }
              break
            }
            case 34: {
              yield {
                field: `${prefix}.stateRoot`,
                value: reader.bytes()
              }
              break
            }
            case 42: {
              yield {
                field: `${prefix}.proof`,
                value: reader.bytes()
              }
              break
            }
            case 48: {
              yield {
                field: `${prefix}.missing`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface StateSyncChunkChunkIdFieldEvent {
    field: '$.chunkId'
    value: number
  }

  export interface StateSyncChunkTotalChunksFieldEvent {
    field: '$.totalChunks'
    value: number
  }

  export interface StateSyncChunkDataFieldEvent {
    field: '$.data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface StateSyncChunkStateRootFieldEvent {
    field: '$.stateRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export interface StateSyncChunkProofFieldEvent {
    field: '$.proof'
    value: Uint8Array<ArrayBuffer>
  }

  export interface StateSyncChunkMissingFieldEvent {
    field: '$.missing'
    value: boolean
  }

  export function encode (obj: Partial<StateSyncChunk>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, StateSyncChunk.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StateSyncChunk>): StateSyncChunk {
    return decodeMessage(buf, StateSyncChunk.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StateSyncChunk>): Generator<StateSyncChunkChunkIdFieldEvent | StateSyncChunkTotalChunksFieldEvent | StateSyncChunkDataFieldEvent | StateSyncChunkStateRootFieldEvent | StateSyncChunkProofFieldEvent | StateSyncChunkMissingFieldEvent> {
    return streamMessage(buf, StateSyncChunk.codec(), opts)
  }
}

export interface SnapshotListRequest {}

export namespace SnapshotListRequest {
  let _codec: Codec<SnapshotListRequest>

  export const codec = (): Codec<SnapshotListRequest> => {
    if (_codec == null) {
      _codec = message<SnapshotListRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export function encode (obj: Partial<SnapshotListRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SnapshotListRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SnapshotListRequest>): SnapshotListRequest {
    return decodeMessage(buf, SnapshotListRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SnapshotListRequest>): Generator<{}> {
    return streamMessage(buf, SnapshotListRequest.codec(), opts)
  }
}

export interface SnapshotList {
  snapshots: Snapshot[]
}

export namespace SnapshotList {
  let _codec: Codec<SnapshotList>

  export const codec = (): Codec<SnapshotList> => {
    if (_codec == null) {
      _codec = message<SnapshotList>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.snapshots != null && obj.snapshots.length > 0) {
          for (const value of obj.snapshots) {
            w.uint32(10)
            Snapshot.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          snapshots: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              if (opts.limits?.snapshots != null && obj.snapshots.length === opts.limits.snapshots) {
                throw new MaxLengthError('Decode error - repeated field "snapshots" had too many elements')
              }

              obj.snapshots.push(Snapshot.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.snapshots$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          snapshots: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              if (opts.limits?.snapshots != null && obj.snapshots === opts.limits.snapshots) {
                throw new MaxLengthError('Streaming decode error - repeated field "snapshots" had too many elements')
              }

              for (const evt of Snapshot.codec().stream(reader, reader.uint32(), `${prefix}.snapshots[]`, {
                limits: opts.limits?.snapshots$
              })) {
                yield {
                  ...evt,
                  index: obj.snapshots
                }
              }

              obj.snapshots++

              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface SnapshotListSnapshotsHeightFieldEvent {
    field: '$.snapshots[].height'
    value: number
    index: number
  }

  export interface SnapshotListSnapshotsFormatFieldEvent {
    field: '$.snapshots[].format'
    value: number
    index: number
  }

  export interface SnapshotListSnapshotsChunksFieldEvent {
    field: '$.snapshots[].chunks'
    value: number
    index: number
  }

  export interface SnapshotListSnapshotsChunkSizeFieldEvent {
    field: '$.snapshots[].chunkSize'
    value: number
    index: number
  }

  export interface SnapshotListSnapshotsStateRootFieldEvent {
    field: '$.snapshots[].stateRoot'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface SnapshotListSnapshotsMetadataFieldEvent {
    field: '$.snapshots[].metadata'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export function encode (obj: Partial<SnapshotList>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SnapshotList.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SnapshotList>): SnapshotList {
    return decodeMessage(buf, SnapshotList.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SnapshotList>): Generator<SnapshotListSnapshotsHeightFieldEvent | SnapshotListSnapshotsFormatFieldEvent | SnapshotListSnapshotsChunksFieldEvent | SnapshotListSnapshotsChunkSizeFieldEvent | SnapshotListSnapshotsStateRootFieldEvent | SnapshotListSnapshotsMetadataFieldEvent> {
    return streamMessage(buf, SnapshotList.codec(), opts)
  }
}

export interface Snapshot {
  height: number
  format: number
  chunks: number
  chunkSize: number
  stateRoot: Uint8Array<ArrayBuffer>
  metadata: Uint8Array<ArrayBuffer>
}

export namespace Snapshot {
  let _codec: Codec<Snapshot>

  export const codec = (): Codec<Snapshot> => {
    if (_codec == null) {
      _codec = message<Snapshot>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.height != null && obj.height !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.height)
        }

        if ((obj.format != null && obj.format !== 0)) {
          w.uint32(16)
          w.uint32(obj.format)
        }

        if ((obj.chunks != null && obj.chunks !== 0)) {
          w.uint32(24)
          w.uint32(obj.chunks)
        }

        if ((obj.chunkSize != null && obj.chunkSize !== 0)) {
          w.uint32(32)
          w.uint32(obj.chunkSize)
        }

        if ((obj.stateRoot != null && obj.stateRoot.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.stateRoot)
        }

        if ((obj.metadata != null && obj.metadata.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.metadata)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          height: 0,
          format: 0,
          chunks: 0,
          chunkSize: 0,
          stateRoot: uint8ArrayAlloc(0),
          metadata: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              obj.height = reader.uint64Number()
              break
            }
            case 16: {
              obj.format = reader.uint32()
              break
            }
            case 24: {
              obj.chunks = reader.uint32()
              break
            }
            case 32: {
              obj.chunkSize = reader.uint32()
              break
            }
            case 42: {
              obj.stateRoot = reader.bytes()
              break
            }
            case 50: {
              obj.metadata = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              yield {
                field: `${prefix}.height`,
                value: reader.uint64Number()
              }
              break
            }
            case 16: {
              yield {
                field: `${prefix}.format`,
                value: reader.uint32()
              }
              break
            }
            case 24: {
              yield {
                field: `${prefix}.chunks`,
                value: reader.uint32()
              }
              break
            }
            case 32: {
              yield {
                field: `${prefix}.chunkSize`,
                value: reader.uint32()
              }
              break
            }
            case 42: {
              yield {
                field: `${prefix}.stateRoot`,
                value: reader.bytes()
              }
              break
            }
            case 50: {
              yield {
                field: `${prefix}.metadata`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface SnapshotHeightFieldEvent {
    field: '$.height'
    value: number
  }

  export interface SnapshotFormatFieldEvent {
    field: '$.format'
    value: number
  }

  export interface SnapshotChunksFieldEvent {
    field: '$.chunks'
    value: number
  }

  export interface SnapshotChunkSizeFieldEvent {
    field: '$.chunkSize'
    value: number
  }

  export interface SnapshotStateRootFieldEvent {
    field: '$.stateRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SnapshotMetadataFieldEvent {
    field: '$.metadata'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Snapshot>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Snapshot.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Snapshot>): Snapshot {
    return decodeMessage(buf, Snapshot.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Snapshot>): Generator<SnapshotHeightFieldEvent | SnapshotFormatFieldEvent | SnapshotChunksFieldEvent | SnapshotChunkSizeFieldEvent | SnapshotStateRootFieldEvent | SnapshotMetadataFieldEvent> {
    return streamMessage(buf, Snapshot.codec(), opts)
  }
}

export interface ChainSnapshotMetadata {
  header?: BlockHeader
  commit?: Commit
  chunkPlan: Uint8Array<ArrayBuffer>
}

export namespace ChainSnapshotMetadata {
  let _codec: Codec<ChainSnapshotMetadata>

  export const codec = (): Codec<ChainSnapshotMetadata> => {
    if (_codec == null) {
      _codec = message<ChainSnapshotMetadata>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.header != null) {
          w.uint32(10)
          BlockHeader.codec().encode(obj.header, w)
        }

        if (obj.commit != null) {
          w.uint32(18)
          Commit.codec().encode(obj.commit, w)
        }

        if ((obj.chunkPlan != null && obj.chunkPlan.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.chunkPlan)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          chunkPlan: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              obj.header = BlockHeader.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.header
              }, obj.header)
              break
            }
            case 18: {
              obj.commit = Commit.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.commit
              }, obj.commit)
              break
            }
            case 26: {
              obj.chunkPlan = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              yield * BlockHeader.codec().stream(reader, reader.uint32(), `${prefix}.header`, {
                limits: opts.limits?.header
              })

              break
            }
            case 18: {
              yield * Commit.codec().stream(reader, reader.uint32(), `${prefix}.commit`, {
                limits: opts.limits?.commit
              })

              break
            }
            case 26: {
              yield {
                field: `${prefix}.chunkPlan`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface ChainSnapshotMetadataHeaderHeightFieldEvent {
    field: '$.header.height'
    value: number
  }

  export interface ChainSnapshotMetadataHeaderParentHashFieldEvent {
    field: '$.header.parentHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ChainSnapshotMetadataHeaderProposerFieldEvent {
    field: '$.header.proposer'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ChainSnapshotMetadataHeaderTimestampFieldEvent {
    field: '$.header.timestamp'
    value: number
  }

  export interface ChainSnapshotMetadataHeaderTxRootFieldEvent {
    field: '$.header.txRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ChainSnapshotMetadataHeaderAppHashFieldEvent {
    field: '$.header.appHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ChainSnapshotMetadataHeaderRoundFieldEvent {
    field: '$.header.round'
    value: number
  }

  export interface ChainSnapshotMetadataHeaderLastCommitHashFieldEvent {
    field: '$.header.lastCommitHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ChainSnapshotMetadataCommitHeightFieldEvent {
    field: '$.commit.height'
    value: number
  }

  export interface ChainSnapshotMetadataCommitRoundFieldEvent {
    field: '$.commit.round'
    value: number
  }

  export interface ChainSnapshotMetadataCommitBlockHashFieldEvent {
    field: '$.commit.blockHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ChainSnapshotMetadataCommitSignaturesValidatorIndexFieldEvent {
    field: '$.commit.signatures[].validatorIndex'
    value: number
    index: number
  }

  export interface ChainSnapshotMetadataCommitSignaturesSignatureFieldEvent {
    field: '$.commit.signatures[].signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ChainSnapshotMetadataChunkPlanFieldEvent {
    field: '$.chunkPlan'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<ChainSnapshotMetadata>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ChainSnapshotMetadata.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ChainSnapshotMetadata>): ChainSnapshotMetadata {
    return decodeMessage(buf, ChainSnapshotMetadata.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ChainSnapshotMetadata>): Generator<ChainSnapshotMetadataHeaderHeightFieldEvent | ChainSnapshotMetadataHeaderParentHashFieldEvent | ChainSnapshotMetadataHeaderProposerFieldEvent | ChainSnapshotMetadataHeaderTimestampFieldEvent | ChainSnapshotMetadataHeaderTxRootFieldEvent | ChainSnapshotMetadataHeaderAppHashFieldEvent | ChainSnapshotMetadataHeaderRoundFieldEvent | ChainSnapshotMetadataHeaderLastCommitHashFieldEvent | ChainSnapshotMetadataCommitHeightFieldEvent | ChainSnapshotMetadataCommitRoundFieldEvent | ChainSnapshotMetadataCommitBlockHashFieldEvent | ChainSnapshotMetadataCommitSignaturesValidatorIndexFieldEvent | ChainSnapshotMetadataCommitSignaturesSignatureFieldEvent | ChainSnapshotMetadataChunkPlanFieldEvent> {
    return streamMessage(buf, ChainSnapshotMetadata.codec(), opts)
  }
}

export interface TxMessage {
  txHash: Uint8Array<ArrayBuffer>
  txBytes: Uint8Array<ArrayBuffer>
}

export namespace TxMessage {
  let _codec: Codec<TxMessage>

  export const codec = (): Codec<TxMessage> => {
    if (_codec == null) {
      _codec = message<TxMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.txHash != null && obj.txHash.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.txHash)
        }

        if ((obj.txBytes != null && obj.txBytes.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.txBytes)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          txHash: uint8ArrayAlloc(0),
          txBytes: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              obj.txHash = reader.bytes()
              break
            }
            case 18: {
              obj.txBytes = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              yield {
                field: `${prefix}.txHash`,
                value: reader.bytes()
              }
              break
            }
            case 18: {
              yield {
                field: `${prefix}.txBytes`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface TxMessageTxHashFieldEvent {
    field: '$.txHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TxMessageTxBytesFieldEvent {
    field: '$.txBytes'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<TxMessage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TxMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TxMessage>): TxMessage {
    return decodeMessage(buf, TxMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TxMessage>): Generator<TxMessageTxHashFieldEvent | TxMessageTxBytesFieldEvent> {
    return streamMessage(buf, TxMessage.codec(), opts)
  }
}

export interface GossipIHave {
  msgHashes: Uint8Array<ArrayBuffer>[]
}

export namespace GossipIHave {
  let _codec: Codec<GossipIHave>

  export const codec = (): Codec<GossipIHave> => {
    if (_codec == null) {
      _codec = message<GossipIHave>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.msgHashes != null && obj.msgHashes.length > 0) {
          for (const value of obj.msgHashes) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          msgHashes: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              if (opts.limits?.msgHashes != null && obj.msgHashes.length === opts.limits.msgHashes) {
                throw new MaxLengthError('Decode error - repeated field "msgHashes" had too many elements')
              }

              obj.msgHashes.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          msgHashes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              if (opts.limits?.msgHashes != null && obj.msgHashes === opts.limits.msgHashes) {
                throw new MaxLengthError('Streaming decode error - repeated field "msgHashes" had too many elements')
              }

              yield {
                field: `${prefix}.msgHashes[]`,
                index: obj.msgHashes,
                value: reader.bytes()
              }

              obj.msgHashes++

              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface GossipIHaveMsgHashesFieldEvent {
    field: '$.msgHashes[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GossipIHave>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GossipIHave.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GossipIHave>): GossipIHave {
    return decodeMessage(buf, GossipIHave.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GossipIHave>): Generator<GossipIHaveMsgHashesFieldEvent> {
    return streamMessage(buf, GossipIHave.codec(), opts)
  }
}

export interface GossipIWant {
  msgHashes: Uint8Array<ArrayBuffer>[]
}

export namespace GossipIWant {
  let _codec: Codec<GossipIWant>

  export const codec = (): Codec<GossipIWant> => {
    if (_codec == null) {
      _codec = message<GossipIWant>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.msgHashes != null && obj.msgHashes.length > 0) {
          for (const value of obj.msgHashes) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          msgHashes: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              if (opts.limits?.msgHashes != null && obj.msgHashes.length === opts.limits.msgHashes) {
                throw new MaxLengthError('Decode error - repeated field "msgHashes" had too many elements')
              }

              obj.msgHashes.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          msgHashes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              if (opts.limits?.msgHashes != null && obj.msgHashes === opts.limits.msgHashes) {
                throw new MaxLengthError('Streaming decode error - repeated field "msgHashes" had too many elements')
              }

              yield {
                field: `${prefix}.msgHashes[]`,
                index: obj.msgHashes,
                value: reader.bytes()
              }

              obj.msgHashes++

              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface GossipIWantMsgHashesFieldEvent {
    field: '$.msgHashes[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GossipIWant>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GossipIWant.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GossipIWant>): GossipIWant {
    return decodeMessage(buf, GossipIWant.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GossipIWant>): Generator<GossipIWantMsgHashesFieldEvent> {
    return streamMessage(buf, GossipIWant.codec(), opts)
  }
}

export interface GossipIDontWant {
  msgHashes: Uint8Array<ArrayBuffer>[]
}

export namespace GossipIDontWant {
  let _codec: Codec<GossipIDontWant>

  export const codec = (): Codec<GossipIDontWant> => {
    if (_codec == null) {
      _codec = message<GossipIDontWant>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.msgHashes != null && obj.msgHashes.length > 0) {
          for (const value of obj.msgHashes) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          msgHashes: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              if (opts.limits?.msgHashes != null && obj.msgHashes.length === opts.limits.msgHashes) {
                throw new MaxLengthError('Decode error - repeated field "msgHashes" had too many elements')
              }

              obj.msgHashes.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          msgHashes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              if (opts.limits?.msgHashes != null && obj.msgHashes === opts.limits.msgHashes) {
                throw new MaxLengthError('Streaming decode error - repeated field "msgHashes" had too many elements')
              }

              yield {
                field: `${prefix}.msgHashes[]`,
                index: obj.msgHashes,
                value: reader.bytes()
              }

              obj.msgHashes++

              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface GossipIDontWantMsgHashesFieldEvent {
    field: '$.msgHashes[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GossipIDontWant>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GossipIDontWant.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GossipIDontWant>): GossipIDontWant {
    return decodeMessage(buf, GossipIDontWant.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GossipIDontWant>): Generator<GossipIDontWantMsgHashesFieldEvent> {
    return streamMessage(buf, GossipIDontWant.codec(), opts)
  }
}

export interface GossipGraft {}

export namespace GossipGraft {
  let _codec: Codec<GossipGraft>

  export const codec = (): Codec<GossipGraft> => {
    if (_codec == null) {
      _codec = message<GossipGraft>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export function encode (obj: Partial<GossipGraft>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GossipGraft.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GossipGraft>): GossipGraft {
    return decodeMessage(buf, GossipGraft.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GossipGraft>): Generator<{}> {
    return streamMessage(buf, GossipGraft.codec(), opts)
  }
}

export interface GossipPrune {}

export namespace GossipPrune {
  let _codec: Codec<GossipPrune>

  export const codec = (): Codec<GossipPrune> => {
    if (_codec == null) {
      _codec = message<GossipPrune>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export function encode (obj: Partial<GossipPrune>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GossipPrune.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GossipPrune>): GossipPrune {
    return decodeMessage(buf, GossipPrune.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GossipPrune>): Generator<{}> {
    return streamMessage(buf, GossipPrune.codec(), opts)
  }
}

export interface CompactBlock {
  header?: BlockHeader
  txHashes: Uint8Array<ArrayBuffer>[]
  lastCommit?: Commit
  proposerSignature: Uint8Array<ArrayBuffer>
}

export namespace CompactBlock {
  let _codec: Codec<CompactBlock>

  export const codec = (): Codec<CompactBlock> => {
    if (_codec == null) {
      _codec = message<CompactBlock>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.header != null) {
          w.uint32(10)
          BlockHeader.codec().encode(obj.header, w)
        }

        if (obj.txHashes != null && obj.txHashes.length > 0) {
          for (const value of obj.txHashes) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if (obj.lastCommit != null) {
          w.uint32(26)
          Commit.codec().encode(obj.lastCommit, w)
        }

        if ((obj.proposerSignature != null && obj.proposerSignature.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.proposerSignature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          txHashes: [],
          proposerSignature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              obj.header = BlockHeader.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.header
              }, obj.header)
              break
            }
            case 18: {
              if (opts.limits?.txHashes != null && obj.txHashes.length === opts.limits.txHashes) {
                throw new MaxLengthError('Decode error - repeated field "txHashes" had too many elements')
              }

              obj.txHashes.push(reader.bytes())
              break
            }
            case 26: {
              obj.lastCommit = Commit.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.lastCommit
              }, obj.lastCommit)
              break
            }
            case 34: {
              obj.proposerSignature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          txHashes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              yield * BlockHeader.codec().stream(reader, reader.uint32(), `${prefix}.header`, {
                limits: opts.limits?.header
              })

              break
            }
            case 18: {
              if (opts.limits?.txHashes != null && obj.txHashes === opts.limits.txHashes) {
                throw new MaxLengthError('Streaming decode error - repeated field "txHashes" had too many elements')
              }

              yield {
                field: `${prefix}.txHashes[]`,
                index: obj.txHashes,
                value: reader.bytes()
              }

              obj.txHashes++

              break
            }
            case 26: {
              yield * Commit.codec().stream(reader, reader.uint32(), `${prefix}.lastCommit`, {
                limits: opts.limits?.lastCommit
              })

              break
            }
            case 34: {
              yield {
                field: `${prefix}.proposerSignature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface CompactBlockHeaderHeightFieldEvent {
    field: '$.header.height'
    value: number
  }

  export interface CompactBlockHeaderParentHashFieldEvent {
    field: '$.header.parentHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CompactBlockHeaderProposerFieldEvent {
    field: '$.header.proposer'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CompactBlockHeaderTimestampFieldEvent {
    field: '$.header.timestamp'
    value: number
  }

  export interface CompactBlockHeaderTxRootFieldEvent {
    field: '$.header.txRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CompactBlockHeaderAppHashFieldEvent {
    field: '$.header.appHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CompactBlockHeaderRoundFieldEvent {
    field: '$.header.round'
    value: number
  }

  export interface CompactBlockHeaderLastCommitHashFieldEvent {
    field: '$.header.lastCommitHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CompactBlockTxHashesFieldEvent {
    field: '$.txHashes[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface CompactBlockLastCommitHeightFieldEvent {
    field: '$.lastCommit.height'
    value: number
  }

  export interface CompactBlockLastCommitRoundFieldEvent {
    field: '$.lastCommit.round'
    value: number
  }

  export interface CompactBlockLastCommitBlockHashFieldEvent {
    field: '$.lastCommit.blockHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CompactBlockLastCommitSignaturesValidatorIndexFieldEvent {
    field: '$.lastCommit.signatures[].validatorIndex'
    value: number
    index: number
  }

  export interface CompactBlockLastCommitSignaturesSignatureFieldEvent {
    field: '$.lastCommit.signatures[].signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface CompactBlockProposerSignatureFieldEvent {
    field: '$.proposerSignature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<CompactBlock>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, CompactBlock.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CompactBlock>): CompactBlock {
    return decodeMessage(buf, CompactBlock.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CompactBlock>): Generator<CompactBlockHeaderHeightFieldEvent | CompactBlockHeaderParentHashFieldEvent | CompactBlockHeaderProposerFieldEvent | CompactBlockHeaderTimestampFieldEvent | CompactBlockHeaderTxRootFieldEvent | CompactBlockHeaderAppHashFieldEvent | CompactBlockHeaderRoundFieldEvent | CompactBlockHeaderLastCommitHashFieldEvent | CompactBlockTxHashesFieldEvent | CompactBlockLastCommitHeightFieldEvent | CompactBlockLastCommitRoundFieldEvent | CompactBlockLastCommitBlockHashFieldEvent | CompactBlockLastCommitSignaturesValidatorIndexFieldEvent | CompactBlockLastCommitSignaturesSignatureFieldEvent | CompactBlockProposerSignatureFieldEvent> {
    return streamMessage(buf, CompactBlock.codec(), opts)
  }
}

export interface GetBlockTxs {
  height: number
  blockHash: Uint8Array<ArrayBuffer>
  indexes: number[]
}

export namespace GetBlockTxs {
  let _codec: Codec<GetBlockTxs>

  export const codec = (): Codec<GetBlockTxs> => {
    if (_codec == null) {
      _codec = message<GetBlockTxs>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.height != null && obj.height !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.height)
        }

        if ((obj.blockHash != null && obj.blockHash.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.blockHash)
        }

        if (obj.indexes != null && obj.indexes.length > 0) {
          w.uint32(26)
          w.fork()
          for (const value of obj.indexes) {
            w.uint32(value)
          }
          w.ldelim()
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          height: 0,
          blockHash: uint8ArrayAlloc(0),
          indexes: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              obj.height = reader.uint64Number()
              break
            }
            case 18: {
              obj.blockHash = reader.bytes()
              break
            }
            case 24: {
              if (opts.limits?.indexes != null && obj.indexes.length === opts.limits.indexes) {
                throw new MaxLengthError('Decode error - repeated field "indexes" had too many elements')
              }

              obj.indexes.push(reader.uint32())
              break
            }
            case 26: {
              const packedEnd = reader.uint32() + reader.pos
              if (packedEnd > reader.len) {
                throw new RangeError('packed repeated field "indexes" is longer than its message')
              }

              while (reader.pos < packedEnd) {
                if (opts.limits?.indexes != null && obj.indexes.length === opts.limits.indexes) {
                  throw new MaxLengthError('Decode error - repeated field "indexes" had too many elements')
                }

                obj.indexes.push(reader.uint32())
              }

              if (reader.pos !== packedEnd) {
                throw new RangeError('packed repeated field "indexes" overran its length')
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          indexes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              yield {
                field: `${prefix}.height`,
                value: reader.uint64Number()
              }
              break
            }
            case 18: {
              yield {
                field: `${prefix}.blockHash`,
                value: reader.bytes()
              }
              break
            }
            case 24: {
              if (opts.limits?.indexes != null && obj.indexes === opts.limits.indexes) {
                throw new MaxLengthError('Streaming decode error - repeated field "indexes" had too many elements')
              }

              yield {
                field: `${prefix}.indexes[]`,
                index: obj.indexes,
                value: reader.uint32()
              }

              obj.indexes++

              break
            }
            case 26: {
              const packedEnd = reader.uint32() + reader.pos
              if (packedEnd > reader.len) {
                throw new RangeError('packed repeated field "indexes" is longer than its message')
              }

              while (reader.pos < packedEnd) {
                if (opts.limits?.indexes != null && obj.indexes === opts.limits.indexes) {
                  throw new MaxLengthError('Streaming decode error - repeated field "indexes" had too many elements')
                }

                yield {
                  field: `${prefix}.indexes[]`,
                  index: obj.indexes,
                  value: reader.uint32()
                }

                obj.indexes++

              }

              if (reader.pos !== packedEnd) {
                throw new RangeError('packed repeated field "indexes" overran its length')
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface GetBlockTxsHeightFieldEvent {
    field: '$.height'
    value: number
  }

  export interface GetBlockTxsBlockHashFieldEvent {
    field: '$.blockHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GetBlockTxsIndexesFieldEvent {
    field: '$.indexes[]'
    index: number
    value: number
  }

  export function encode (obj: Partial<GetBlockTxs>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GetBlockTxs.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GetBlockTxs>): GetBlockTxs {
    return decodeMessage(buf, GetBlockTxs.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GetBlockTxs>): Generator<GetBlockTxsHeightFieldEvent | GetBlockTxsBlockHashFieldEvent | GetBlockTxsIndexesFieldEvent> {
    return streamMessage(buf, GetBlockTxs.codec(), opts)
  }
}

export interface BlockTxs {
  height: number
  blockHash: Uint8Array<ArrayBuffer>
  indexes: number[]
  txs: Uint8Array<ArrayBuffer>[]
}

export namespace BlockTxs {
  let _codec: Codec<BlockTxs>

  export const codec = (): Codec<BlockTxs> => {
    if (_codec == null) {
      _codec = message<BlockTxs>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.height != null && obj.height !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.height)
        }

        if ((obj.blockHash != null && obj.blockHash.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.blockHash)
        }

        if (obj.indexes != null && obj.indexes.length > 0) {
          w.uint32(26)
          w.fork()
          for (const value of obj.indexes) {
            w.uint32(value)
          }
          w.ldelim()
        }

        if (obj.txs != null && obj.txs.length > 0) {
          for (const value of obj.txs) {
            w.uint32(34)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          height: 0,
          blockHash: uint8ArrayAlloc(0),
          indexes: [],
          txs: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              obj.height = reader.uint64Number()
              break
            }
            case 18: {
              obj.blockHash = reader.bytes()
              break
            }
            case 24: {
              if (opts.limits?.indexes != null && obj.indexes.length === opts.limits.indexes) {
                throw new MaxLengthError('Decode error - repeated field "indexes" had too many elements')
              }

              obj.indexes.push(reader.uint32())
              break
            }
            case 26: {
              const packedEnd = reader.uint32() + reader.pos
              if (packedEnd > reader.len) {
                throw new RangeError('packed repeated field "indexes" is longer than its message')
              }

              while (reader.pos < packedEnd) {
                if (opts.limits?.indexes != null && obj.indexes.length === opts.limits.indexes) {
                  throw new MaxLengthError('Decode error - repeated field "indexes" had too many elements')
                }

                obj.indexes.push(reader.uint32())
              }

              if (reader.pos !== packedEnd) {
                throw new RangeError('packed repeated field "indexes" overran its length')
              }
              break
            }
            case 34: {
              if (opts.limits?.txs != null && obj.txs.length === opts.limits.txs) {
                throw new MaxLengthError('Decode error - repeated field "txs" had too many elements')
              }

              obj.txs.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          indexes: 0,
          txs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              yield {
                field: `${prefix}.height`,
                value: reader.uint64Number()
              }
              break
            }
            case 18: {
              yield {
                field: `${prefix}.blockHash`,
                value: reader.bytes()
              }
              break
            }
            case 24: {
              if (opts.limits?.indexes != null && obj.indexes === opts.limits.indexes) {
                throw new MaxLengthError('Streaming decode error - repeated field "indexes" had too many elements')
              }

              yield {
                field: `${prefix}.indexes[]`,
                index: obj.indexes,
                value: reader.uint32()
              }

              obj.indexes++

              break
            }
            case 26: {
              const packedEnd = reader.uint32() + reader.pos
              if (packedEnd > reader.len) {
                throw new RangeError('packed repeated field "indexes" is longer than its message')
              }

              while (reader.pos < packedEnd) {
                if (opts.limits?.indexes != null && obj.indexes === opts.limits.indexes) {
                  throw new MaxLengthError('Streaming decode error - repeated field "indexes" had too many elements')
                }

                yield {
                  field: `${prefix}.indexes[]`,
                  index: obj.indexes,
                  value: reader.uint32()
                }

                obj.indexes++

              }

              if (reader.pos !== packedEnd) {
                throw new RangeError('packed repeated field "indexes" overran its length')
              }
              break
            }
            case 34: {
              if (opts.limits?.txs != null && obj.txs === opts.limits.txs) {
                throw new MaxLengthError('Streaming decode error - repeated field "txs" had too many elements')
              }

              yield {
                field: `${prefix}.txs[]`,
                index: obj.txs,
                value: reader.bytes()
              }

              obj.txs++

              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface BlockTxsHeightFieldEvent {
    field: '$.height'
    value: number
  }

  export interface BlockTxsBlockHashFieldEvent {
    field: '$.blockHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockTxsIndexesFieldEvent {
    field: '$.indexes[]'
    index: number
    value: number
  }

  export interface BlockTxsTxsFieldEvent {
    field: '$.txs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<BlockTxs>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BlockTxs.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockTxs>): BlockTxs {
    return decodeMessage(buf, BlockTxs.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockTxs>): Generator<BlockTxsHeightFieldEvent | BlockTxsBlockHashFieldEvent | BlockTxsIndexesFieldEvent | BlockTxsTxsFieldEvent> {
    return streamMessage(buf, BlockTxs.codec(), opts)
  }
}

export interface WindowUpdate {
  limit: number
}

export namespace WindowUpdate {
  let _codec: Codec<WindowUpdate>

  export const codec = (): Codec<WindowUpdate> => {
    if (_codec == null) {
      _codec = message<WindowUpdate>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.limit != null && obj.limit !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.limit)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          limit: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              obj.limit = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              yield {
                field: `${prefix}.limit`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface WindowUpdateLimitFieldEvent {
    field: '$.limit'
    value: number
  }

  export function encode (obj: Partial<WindowUpdate>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, WindowUpdate.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WindowUpdate>): WindowUpdate {
    return decodeMessage(buf, WindowUpdate.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WindowUpdate>): Generator<WindowUpdateLimitFieldEvent> {
    return streamMessage(buf, WindowUpdate.codec(), opts)
  }
}

export interface Fragment {
  totalBytes: number
  data: Uint8Array<ArrayBuffer>
}

export namespace Fragment {
  let _codec: Codec<Fragment>

  export const codec = (): Codec<Fragment> => {
    if (_codec == null) {
      _codec = message<Fragment>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.totalBytes != null && obj.totalBytes !== 0)) {
          w.uint32(8)
          w.uint32(obj.totalBytes)
        }

        if ((obj.data != null && obj.data.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.data)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          totalBytes: 0,
          data: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              obj.totalBytes = reader.uint32()
              break
            }
            case 18: {
              obj.data = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              yield {
                field: `${prefix}.totalBytes`,
                value: reader.uint32()
              }
              break
            }
            case 18: {
              yield {
                field: `${prefix}.data`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface FragmentTotalBytesFieldEvent {
    field: '$.totalBytes'
    value: number
  }

  export interface FragmentDataFieldEvent {
    field: '$.data'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Fragment>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Fragment.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Fragment>): Fragment {
    return decodeMessage(buf, Fragment.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Fragment>): Generator<FragmentTotalBytesFieldEvent | FragmentDataFieldEvent> {
    return streamMessage(buf, Fragment.codec(), opts)
  }
}

export interface NoiseHandshakePayload {
  identityKey: Uint8Array<ArrayBuffer>
  identitySig: Uint8Array<ArrayBuffer>
}

export namespace NoiseHandshakePayload {
  let _codec: Codec<NoiseHandshakePayload>

  export const codec = (): Codec<NoiseHandshakePayload> => {
    if (_codec == null) {
      _codec = message<NoiseHandshakePayload>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.identityKey != null && obj.identityKey.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.identityKey)
        }

        if ((obj.identitySig != null && obj.identitySig.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.identitySig)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          identityKey: uint8ArrayAlloc(0),
          identitySig: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              obj.identityKey = reader.bytes()
              break
            }
            case 18: {
              obj.identitySig = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              yield {
                field: `${prefix}.identityKey`,
                value: reader.bytes()
              }
              break
            }
            case 18: {
              yield {
                field: `${prefix}.identitySig`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface NoiseHandshakePayloadIdentityKeyFieldEvent {
    field: '$.identityKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface NoiseHandshakePayloadIdentitySigFieldEvent {
    field: '$.identitySig'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<NoiseHandshakePayload>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, NoiseHandshakePayload.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NoiseHandshakePayload>): NoiseHandshakePayload {
    return decodeMessage(buf, NoiseHandshakePayload.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NoiseHandshakePayload>): Generator<NoiseHandshakePayloadIdentityKeyFieldEvent | NoiseHandshakePayloadIdentitySigFieldEvent> {
    return streamMessage(buf, NoiseHandshakePayload.codec(), opts)
  }
}

export interface LightHeadersRequest {
  fromHeight: number
  maxHeaders: number
  follow: boolean
}

export namespace LightHeadersRequest {
  let _codec: Codec<LightHeadersRequest>

  export const codec = (): Codec<LightHeadersRequest> => {
    if (_codec == null) {
      _codec = message<LightHeadersRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.fromHeight != null && obj.fromHeight !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.fromHeight)
        }

        if ((obj.maxHeaders != null && obj.maxHeaders !== 0)) {
          w.uint32(16)
          w.uint32(obj.maxHeaders)
        }

        if ((obj.follow != null && obj.follow !== false)) {
          w.uint32(24)
          w.bool(obj.follow)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          fromHeight: 0,
          maxHeaders: 0,
          follow: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              obj.fromHeight = reader.uint64Number()
              break
            }
            case 16: {
              obj.maxHeaders = reader.uint32()
              break
            }
            case 24: {
              obj.follow = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 8: {
              yield {
                field: `${prefix}.fromHeight`,
                value: reader.uint64Number()
              }
              break
            }
            case 16: {
              yield {
                field: `${prefix}.maxHeaders`,
                value: reader.uint32()
              }
              break
            }
            case 24: {
              yield {
                field: `${prefix}.follow`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface LightHeadersRequestFromHeightFieldEvent {
    field: '$.fromHeight'
    value: number
  }

  export interface LightHeadersRequestMaxHeadersFieldEvent {
    field: '$.maxHeaders'
    value: number
  }

  export interface LightHeadersRequestFollowFieldEvent {
    field: '$.follow'
    value: boolean
  }

  export function encode (obj: Partial<LightHeadersRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, LightHeadersRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<LightHeadersRequest>): LightHeadersRequest {
    return decodeMessage(buf, LightHeadersRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<LightHeadersRequest>): Generator<LightHeadersRequestFromHeightFieldEvent | LightHeadersRequestMaxHeadersFieldEvent | LightHeadersRequestFollowFieldEvent> {
    return streamMessage(buf, LightHeadersRequest.codec(), opts)
  }
}

export interface SignedHeader {
  header?: BlockHeader
  proposerSignature: Uint8Array<ArrayBuffer>
  commit?: Commit
}

export namespace SignedHeader {
  let _codec: Codec<SignedHeader>

  export const codec = (): Codec<SignedHeader> => {
    if (_codec == null) {
      _codec = message<SignedHeader>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.header != null) {
          w.uint32(10)
          BlockHeader.codec().encode(obj.header, w)
        }

        if ((obj.proposerSignature != null && obj.proposerSignature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.proposerSignature)
        }

        if (obj.commit != null) {
          w.uint32(26)
          Commit.codec().encode(obj.commit, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          proposerSignature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              obj.header = BlockHeader.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.header
              }, obj.header)
              break
            }
            case 18: {
              obj.proposerSignature = reader.bytes()
              break
            }
            case 26: {
              obj.commit = Commit.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.commit
              }, obj.commit)
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              yield * BlockHeader.codec().stream(reader, reader.uint32(), `${prefix}.header`, {
                limits: opts.limits?.header
              })

              break
            }
            case 18: {
              yield {
                field: `${prefix}.proposerSignature`,
                value: reader.bytes()
              }
              break
            }
            case 26: {
              yield * Commit.codec().stream(reader, reader.uint32(), `${prefix}.commit`, {
                limits: opts.limits?.commit
              })

              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface SignedHeaderHeaderHeightFieldEvent {
    field: '$.header.height'
    value: number
  }

  export interface SignedHeaderHeaderParentHashFieldEvent {
    field: '$.header.parentHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedHeaderHeaderProposerFieldEvent {
    field: '$.header.proposer'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedHeaderHeaderTimestampFieldEvent {
    field: '$.header.timestamp'
    value: number
  }

  export interface SignedHeaderHeaderTxRootFieldEvent {
    field: '$.header.txRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedHeaderHeaderAppHashFieldEvent {
    field: '$.header.appHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedHeaderHeaderRoundFieldEvent {
    field: '$.header.round'
    value: number
  }

  export interface SignedHeaderHeaderLastCommitHashFieldEvent {
    field: '$.header.lastCommitHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedHeaderProposerSignatureFieldEvent {
    field: '$.proposerSignature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedHeaderCommitHeightFieldEvent {
    field: '$.commit.height'
    value: number
  }

  export interface SignedHeaderCommitRoundFieldEvent {
    field: '$.commit.round'
    value: number
  }

  export interface SignedHeaderCommitBlockHashFieldEvent {
    field: '$.commit.blockHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedHeaderCommitSignaturesValidatorIndexFieldEvent {
    field: '$.commit.signatures[].validatorIndex'
    value: number
    index: number
  }

  export interface SignedHeaderCommitSignaturesSignatureFieldEvent {
    field: '$.commit.signatures[].signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export function encode (obj: Partial<SignedHeader>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedHeader.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedHeader>): SignedHeader {
    return decodeMessage(buf, SignedHeader.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedHeader>): Generator<SignedHeaderHeaderHeightFieldEvent | SignedHeaderHeaderParentHashFieldEvent | SignedHeaderHeaderProposerFieldEvent | SignedHeaderHeaderTimestampFieldEvent | SignedHeaderHeaderTxRootFieldEvent | SignedHeaderHeaderAppHashFieldEvent | SignedHeaderHeaderRoundFieldEvent | SignedHeaderHeaderLastCommitHashFieldEvent | SignedHeaderProposerSignatureFieldEvent | SignedHeaderCommitHeightFieldEvent | SignedHeaderCommitRoundFieldEvent | SignedHeaderCommitBlockHashFieldEvent | SignedHeaderCommitSignaturesValidatorIndexFieldEvent | SignedHeaderCommitSignaturesSignatureFieldEvent> {
    return streamMessage(buf, SignedHeader.codec(), opts)
  }
}

export interface LightHeaders {
  headers: SignedHeader[]
  latestHeight: number
}

export namespace LightHeaders {
  let _codec: Codec<LightHeaders>

  export const codec = (): Codec<LightHeaders> => {
    if (_codec == null) {
      _codec = message<LightHeaders>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.headers != null && obj.headers.length > 0) {
          for (const value of obj.headers) {
            w.uint32(10)
            SignedHeader.codec().encode(value, w)
          }
        }

        if ((obj.latestHeight != null && obj.latestHeight !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.latestHeight)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}, into) => {
        const obj: any = into ?? {
          headers: [],
          latestHeight: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              if (opts.limits?.headers != null && obj.headers.length === opts.limits.headers) {
                throw new MaxLengthError('Decode error - repeated field "headers" had too many elements')
              }

              obj.headers.push(SignedHeader.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.headers$
              }))
              break
            }
            case 16: {
              obj.latestHeight = reader.uint64Number()
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          headers: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag) {
            case 10: {
              if (opts.limits?.headers != null && obj.headers === opts.limits.headers) {
                throw new MaxLengthError('Streaming decode error - repeated field "headers" had too many elements')
              }

              for (const evt of SignedHeader.codec().stream(reader, reader.uint32(), `${prefix}.headers[]`, {
                limits: opts.limits?.headers$
              })) {
                yield {
                  ...evt,
                  index: obj.headers
                }
              }

              obj.headers++

              break
            }
            case 16: {
              yield {
                field: `${prefix}.latestHeight`,
                value: reader.uint64Number()
              }
              break
            }
            default: {
              reader.skipType(tag & 7, tag >>> 3)
              break
            }
          }
        }

        if (reader.pos !== end) {
          throw new RangeError('a field overran the end of its message')
        }
      })
    }

    return _codec
  }

  export interface LightHeadersHeadersHeaderHeightFieldEvent {
    field: '$.headers[].header.height'
    value: number
    index: number
  }

  export interface LightHeadersHeadersHeaderParentHashFieldEvent {
    field: '$.headers[].header.parentHash'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface LightHeadersHeadersHeaderProposerFieldEvent {
    field: '$.headers[].header.proposer'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface LightHeadersHeadersHeaderTimestampFieldEvent {
    field: '$.headers[].header.timestamp'
    value: number
    index: number
  }

  export interface LightHeadersHeadersHeaderTxRootFieldEvent {
    field: '$.headers[].header.txRoot'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface LightHeadersHeadersHeaderAppHashFieldEvent {
    field: '$.headers[].header.appHash'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface LightHeadersHeadersHeaderRoundFieldEvent {
    field: '$.headers[].header.round'
    value: number
    index: number
  }

  export interface LightHeadersHeadersHeaderLastCommitHashFieldEvent {
    field: '$.headers[].header.lastCommitHash'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface LightHeadersHeadersProposerSignatureFieldEvent {
    field: '$.headers[].proposerSignature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface LightHeadersHeadersCommitHeightFieldEvent {
    field: '$.headers[].commit.height'
    value: number
    index: number
  }

  export interface LightHeadersHeadersCommitRoundFieldEvent {
    field: '$.headers[].commit.round'
    value: number
    index: number
  }

  export interface LightHeadersHeadersCommitBlockHashFieldEvent {
    field: '$.headers[].commit.blockHash'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface LightHeadersHeadersCommitSignaturesValidatorIndexFieldEvent {
    field: '$.headers[].commit.signatures[].validatorIndex'
    value: number
    index: number
  }

  export interface LightHeadersHeadersCommitSignaturesSignatureFieldEvent {
    field: '$.headers[].commit.signatures[].signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface LightHeadersLatestHeightFieldEvent {
    field: '$.latestHeight'
    value: number
  }

  export function encode (obj: Partial<LightHeaders>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, LightHeaders.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<LightHeaders>): LightHeaders {
    return decodeMessage(buf, LightHeaders.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<LightHeaders>): Generator<LightHeadersHeadersHeaderHeightFieldEvent | LightHeadersHeadersHeaderParentHashFieldEvent | LightHeadersHeadersHeaderProposerFieldEvent | LightHeadersHeadersHeaderTimestampFieldEvent | LightHeadersHeadersHeaderTxRootFieldEvent | LightHeadersHeadersHeaderAppHashFieldEvent | LightHeadersHeadersHeaderRoundFieldEvent | LightHeadersHeadersHeaderLastCommitHashFieldEvent | LightHeadersHeadersProposerSignatureFieldEvent | LightHeadersHeadersCommitHeightFieldEvent | LightHeadersHeadersCommitRoundFieldEvent | LightHeadersHeadersCommitBlockHashFieldEvent | LightHeadersHeadersCommitSignaturesValidatorIndexFieldEvent | LightHeadersHeadersCommitSignaturesSignatureFieldEvent | LightHeadersLatestHeightFieldEvent> {
    return streamMessage(buf, LightHeaders.codec(), opts)
  }
}
