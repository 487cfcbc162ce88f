// The envelope `Message { type: uint8, payload: bytes }` (spec §7) and its hash
// msg_hash = SHA-256(type || payload) (spec §16). Encoding writes the frame header and
// the protobuf envelope into one buffer with one copy of the payload; the bytes are
// identical to the generated codec's (test/wire/envelope.test.ts checks this).
import { ErrorCodes, WireError } from '../errors.js'
import { crypto } from '../crypto/provider.js'
import { Message } from './gen/kuber.js'
import { MAX_PAYLOAD_BYTES } from './bounds.js'
import { FRAME_HEADER_BYTES, MAX_FRAME_BYTES } from './frame.js'
import type { Digest } from './hash.js'

/** A decoded envelope. `payload` is a view into the frame (no copy): copy it to keep it long. */
export interface Envelope {
  type: number
  payload: Uint8Array
}

const TAG_TYPE = 0x08 // field 1, varint
const TAG_PAYLOAD = 0x12 // field 2, length-delimited

/** Highest valid type byte (uint8); 0 is reserved (unspecified). */
export const MAX_MESSAGE_TYPE = 255

/** Bytes of n as a protobuf varint. */
export function varintLength (n: number): number {
  let len = 1
  while (n >= 0x80) { n = Math.floor(n / 128); len++ }
  return len
}

/** Write n as a protobuf varint at off; returns the offset after it. */
export function writeVarint (buf: Uint8Array, off: number, n: number): number {
  while (n >= 0x80) {
    buf[off++] = (n & 0x7f) | 0x80
    n = Math.floor(n / 128)
  }
  buf[off++] = n
  return off
}

/** Size of the encoded envelope (without the frame header). */
export function envelopeLength (type: number, payloadLength: number): number {
  return (type === 0 ? 0 : 1 + varintLength(type)) + (payloadLength === 0 ? 0 : 1 + varintLength(payloadLength) + payloadLength)
}

/** Encode one frame: 4-byte length, then the protobuf envelope. */
export function encodeFrame (type: number, payload: Uint8Array): Uint8Array {
  assertType(type)
  const bodyLength = envelopeLength(type, payload.length)
  if (payload.length > MAX_PAYLOAD_BYTES) {
    // the receiver's bound (WIRE_BOUNDS Message.payload), whatever the type byte
    throw new WireError(ErrorCodes.FRAME_TOO_LARGE, `payload of ${payload.length} bytes exceeds the ${MAX_PAYLOAD_BYTES}-byte limit of a ${MAX_FRAME_BYTES}-byte frame`)
  }
  const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + bodyLength)
  out.writeUInt32BE(bodyLength, 0)
  let off = FRAME_HEADER_BYTES
  out[off++] = TAG_TYPE
  off = writeVarint(out, off, type)
  if (payload.length > 0) {
    out[off++] = TAG_PAYLOAD
    off = writeVarint(out, off, payload.length)
    out.set(payload, off)
  }
  return out
}

/** Decode one frame's envelope. Throws WireError only. */
export function decodeEnvelope (frame: Uint8Array): Envelope {
  let msg: Message
  try {
    msg = Message.decode(frame)
  } catch (err) {
    throw new WireError(ErrorCodes.MALFORMED_MESSAGE, `malformed envelope: ${(err as Error).message}`, { cause: err })
  }
  if (msg.type === 0 || msg.type > MAX_MESSAGE_TYPE) {
    throw new WireError(ErrorCodes.INVALID_MESSAGE_TYPE, `envelope type ${msg.type} is not in 1..${MAX_MESSAGE_TYPE}`)
  }
  if (msg.payload.length > MAX_PAYLOAD_BYTES) {
    throw new WireError(ErrorCodes.MALFORMED_MESSAGE, `envelope payload of ${msg.payload.length} bytes is over ${MAX_PAYLOAD_BYTES}`)
  }
  return msg
}

const TYPE_BYTES = Array.from({ length: MAX_MESSAGE_TYPE + 1 }, (_, i) => Uint8Array.of(i))

/** msg_hash = SHA-256(type || payload), 32 bytes (spec §16). */
export function messageHash (type: number, payload: Uint8Array): Digest {
  assertType(type)
  return crypto.sha256(TYPE_BYTES[type]!, payload)
}

function assertType (type: number): void {
  if (!Number.isInteger(type) || type < 1 || type > MAX_MESSAGE_TYPE) {
    throw new WireError(ErrorCodes.INVALID_MESSAGE_TYPE, `message type ${type} is not in 1..${MAX_MESSAGE_TYPE}`)
  }
}
