// Differential check of the wire codecs against protobufjs, an independent implementation
// loading the same proto/kuber.proto. Values are drawn from WIRE_BOUNDS (boundary values
// weighted in), and every case checks both directions: our bytes are canonical proto3 and
// protobufjs reads them back; protobufjs' bytes (packed and unpacked, defaults written or
// not, fields shuffled, a scalar sent twice, a message split in two, unknown fields of every
// wire type) decode to the same value here; and mutated bytes decode to a value or a typed
// error. Used by test/wire/codec-conformance.test.ts and `npm run fuzz`.
import { readFileSync } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import fc from 'fast-check'
import protobuf from 'protobufjs'
import { KuberError } from '../../src/errors.js'
import { WIRE_BOUNDS, type Bound, type FieldBound } from '../../src/wire/bounds.js'
import { Messages, decodePayload, encodePayload } from '../../src/wire/codecs.js'
import { decodeEnvelope, encodeFrame } from '../../src/wire/envelope.js'
import { FRAME_HEADER_BYTES } from '../../src/wire/frame.js'
import { NoiseHandshakePayload } from '../../src/wire/gen/kuber.js'
import { decodeIdentityPayload } from '../../src/secure/identity-payload.js'

const source = readFileSync(new URL('../../proto/kuber.proto', import.meta.url), 'utf8')
/** protobufjs reading the .proto as written (proto3: repeated scalars packed). */
const packedRoot = protobuf.parse(source, { keepCase: true }).root
/** The same with every repeated scalar marked [packed = false]. */
const unpackedRoot = protobuf.parse(source.replace(/(repeated (?:u?int(?:32|64)|s?fixed(?:32|64)|sint(?:32|64)|double|float|bool) \w+ = \d+);/g, '$1 [packed = false];'), { keepCase: true }).root
/** protobufjs' 64-bit integer (the `long` package it depends on). */
packedRoot.resolveAll()
unpackedRoot.resolveAll()
const Long = protobuf.util.Long as unknown as {
  fromString: (s: string, unsigned: boolean) => protobuf.Long
  fromBits: (lo: number, hi: number, unsigned: boolean) => protobuf.Long
}

/** A value in protobufjs' shape: proto field names, uint64 as bigint, enums as numbers, absent messages undefined. */
type Value = Record<string, unknown>

interface Decoder {
  name: string
  encode: (v: Value) => Uint8Array
  decode: (b: Uint8Array) => Value
}

/** Every decoder a peer's bytes reach: the envelope, the Noise identity payload, and each message type. */
export const decoders: Decoder[] = [
  {
    name: 'Message',
    encode: (v) => encodeFrame(v.type as number, v.payload as Uint8Array).subarray(FRAME_HEADER_BYTES),
    decode: (b) => decodeEnvelope(b) as unknown as Value
  },
  {
    name: 'NoiseHandshakePayload',
    encode: (v) => NoiseHandshakePayload.encode(v),
    decode: (b) => decodeIdentityPayload(b) as unknown as Value
  },
  ...Object.values(Messages).map((spec): Decoder => ({
    name: spec.name,
    encode: (v) => encodePayload(spec as any, v),
    decode: (b) => decodePayload(spec as any, b) as Value
  }))
]

const camel = (name: string): string => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
const isJsNumber = (f: protobuf.Field): boolean => f.options?.jstype === 'JS_NUMBER'
const boundsOf = (type: string): Record<string, FieldBound> => (WIRE_BOUNDS as Record<string, Record<string, FieldBound>>)[type]!
const fieldCache = new Map<string, protobuf.Field[]>()
const fieldsOf = (type: string): protobuf.Field[] => {
  let fields = fieldCache.get(type)
  if (fields === undefined) fieldCache.set(type, fields = packedRoot.lookupType(type).fieldsArray.slice().sort((a, b) => a.id - b.id))
  return fields
}

// ---- values within the bounds -------------------------------------------------------------

const UINT_EDGES = [0, 1, 127, 128, 255, 256, 16383, 16384, 65535, 65536, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1]
const UINT64_EDGES = [0n, 1n, 127n, 128n, 2n ** 31n - 1n, 2n ** 31n, 0xdeadbeefn, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n]

function uintArb (min: number, max: number): fc.Arbitrary<number> {
  const edges = [...UINT_EDGES, min, max, max - 1].filter((n) => n >= min && n <= max)
  return fc.oneof({ arbitrary: fc.constantFrom(...edges), weight: 1 }, { arbitrary: fc.integer({ min, max }), weight: 2 })
}

function lengthArb (b: { max: number, sizes?: readonly number[] }): fc.Arbitrary<number> {
  if (b.sizes !== undefined) return fc.constantFrom(...b.sizes)
  // the largest length now and then; megabyte ones rarely (each costs milliseconds)
  return fc.oneof(
    { arbitrary: fc.nat({ max: Math.min(b.max, 40) }), weight: 1000 },
    { arbitrary: fc.constantFrom(0, 1, Math.min(b.max, 4096)), weight: 50 },
    { arbitrary: fc.constant(b.max), weight: b.max > 4096 ? 1 : 50 }
  )
}

/** Random bytes when short; a cheap pattern when long (megabyte fields). */
const bytesOfLength = (length: number): fc.Arbitrary<Uint8Array> => length <= 64
  ? fc.uint8Array({ minLength: length, maxLength: length })
  : fc.integer({ min: 0, max: 255 }).map((fill) => new Uint8Array(length).fill(fill))

/** Any Unicode scalar value, ASCII weighted in (fast-check's 'binary' unit builds a 1M-entry table first). */
const codePoint = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff)
).map((c) => String.fromCodePoint(c))

const stringArbs = new Map<number, fc.Arbitrary<string>>()

/** Strings of at most `max` UTF-8 bytes: short ones of any code points, and ones filling `max`. */
function stringArb (max: number): fc.Arbitrary<string> {
  let arb = stringArbs.get(max)
  if (arb === undefined) {
    arb = fc.oneof(
      { arbitrary: fc.string({ unit: codePoint, maxLength: Math.min(12, Math.floor(max / 4)) }), weight: 10 },
      { arbitrary: fc.constantFrom('a'.repeat(max), '€'.repeat(Math.floor(max / 3)) + 'x'.repeat(max % 3), '😀'.repeat(Math.floor(max / 4))), weight: 1 }
    )
    stringArbs.set(max, arb)
  }
  return arb
}

function scalarArb (f: protobuf.Field, b: Bound): fc.Arbitrary<unknown> {
  switch (b.kind) {
    case 'uint': return uintArb(b.min, b.max)
    case 'uint64': return fc.oneof(fc.constantFrom(...UINT64_EDGES), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }))
    case 'bytes': return lengthArb(b).chain(bytesOfLength)
    case 'string': return stringArb(b.max)
    case 'double': return fc.oneof(fc.double(), fc.constantFrom(0, -0, NaN, Infinity, -Infinity, Number.MIN_VALUE, Number.MAX_VALUE))
    case 'bool': return fc.boolean()
    case 'enum': return fc.constantFrom(...Object.values((f.resolvedType as protobuf.Enum).values))
    case 'message': return fc.option(messageArb(b.type), { nil: undefined, freq: 4 })
  }
}

/** A maximal repeated field, cheap to build: `count` elements of a fixed shape. */
function maximal (f: protobuf.Field, fb: FieldBound): unknown[] {
  const b = fb.bound
  return Array.from({ length: fb.count! }, (_, i) => {
    switch (b.kind) {
      case 'uint': return b.min + (i % (b.max - b.min + 1))
      case 'bytes': return new Uint8Array(b.sizes?.[b.sizes.length - 1] ?? Math.min(b.max, 3)).fill(i & 255)
      case 'message': return smallest(b.type)
      default: throw new Error(`no maximal form for ${f.name}`)
    }
  })
}

/** One case in this many fills a repeated field to its limit (test/wire/bounds.test.ts covers each limit exactly). */
const MAXIMAL_WEIGHT = Number(process.env.CODEC_MAXIMAL_WEIGHT ?? 1)

const messageArbs = new Map<string, fc.Arbitrary<Value>>()

/** Values of a message type within its bounds. */
export function messageArb (type: string): fc.Arbitrary<Value> {
  let arb = messageArbs.get(type)
  if (arb !== undefined) return arb
  const bounds = boundsOf(type)
  const shape: Record<string, fc.Arbitrary<unknown>> = {}
  for (const f of fieldsOf(type)) {
    const fb = bounds[f.name]!
    const one = fb.count !== undefined && fb.bound.kind === 'message' ? messageArb(fb.bound.type) : scalarArb(f, fb.bound)
    shape[f.name] = fb.count === undefined
      ? one
      : fc.oneof(
        { arbitrary: fc.array(one, { maxLength: Math.min(fb.count, 6) }), weight: 3000 },
        { arbitrary: fc.constant(null).map(() => maximal(f, fb)), weight: MAXIMAL_WEIGHT }
      )
  }
  arb = fc.record(shape) as fc.Arbitrary<Value>
  messageArbs.set(type, arb)
  return arb
}

/** A message at the smallest values its bounds allow (fixed-size fields filled, the rest empty). */
function smallest (type: string): Value {
  const v = defaults(type)
  for (const [name, fb] of Object.entries(boundsOf(type))) {
    if (fb.count !== undefined) continue
    if (fb.bound.kind === 'bytes' && fb.bound.sizes !== undefined) v[name] = new Uint8Array(fb.bound.sizes[0]!)
    if (fb.bound.kind === 'uint' && fb.bound.min > 0) v[name] = fb.bound.min
  }
  return v
}

/** A message of all default values (every repeated field empty, every message absent). */
function defaults (type: string): Value {
  const v: Value = {}
  for (const f of fieldsOf(type)) v[f.name] = f.repeated ? [] : defaultOf(f)
  return v
}

function defaultOf (f: protobuf.Field): unknown {
  if (f.resolvedType instanceof protobuf.Type) return undefined
  if (f.resolvedType instanceof protobuf.Enum) return 0
  switch (f.type) {
    case 'uint64': return isJsNumber(f) ? 0 : 0n
    case 'bytes': return new Uint8Array(0)
    case 'string': return ''
    case 'bool': return false
    default: return 0
  }
}

const isDefault = (f: protobuf.Field, v: unknown): boolean => f.resolvedType instanceof protobuf.Type
  ? v === undefined
  : (v instanceof Uint8Array ? v.length === 0 : Object.is(v, defaultOf(f)))

// ---- conversions ---------------------------------------------------------------------------

/** The value in our generated types' shape (camelCase, JS_NUMBER as number, enums by name). */
export function toOurs (type: string, v: Value): Value {
  const out: Value = {}
  for (const f of fieldsOf(type)) {
    const x = v[f.name]
    const converted = f.repeated ? (x as unknown[]).map((e) => oursOf(f, e)) : oursOf(f, x)
    if (converted !== undefined) out[camelOf(f)] = converted
  }
  return out
}

function oursOf (f: protobuf.Field, e: unknown): unknown {
  if (f.resolvedType instanceof protobuf.Type) return e === undefined ? undefined : toOurs(f.resolvedType.name, e as Value)
  if (f.resolvedType instanceof protobuf.Enum) return f.resolvedType.valuesById[e as number]
  if (f.type === 'uint64' && isJsNumber(f)) return Number(e)
  return e
}

/** protobufjs' input: uint64 as Long, absent and (unless `withDefaults`) default fields left out. */
function toPbjs (type: string, v: Value, withDefaults: boolean): Value {
  const out: Value = {}
  for (const f of fieldsOf(type)) {
    const x = fieldToPbjs(f, v[f.name], withDefaults)
    if (x !== undefined) out[f.name] = x
  }
  return out
}

/** One field's value as protobufjs takes it, or undefined to leave the field out. */
function fieldToPbjs (f: protobuf.Field, x: unknown, withDefaults: boolean): unknown {
  if (f.repeated ? (x as unknown[]).length === 0 && !withDefaults : isDefault(f, x) && !(withDefaults && x !== undefined)) return undefined
  return f.repeated ? (x as unknown[]).map((e) => pbjsOf(f, e, withDefaults)) : pbjsOf(f, x, withDefaults)
}

function pbjsOf (f: protobuf.Field, e: unknown, withDefaults: boolean): unknown {
  if (f.resolvedType instanceof protobuf.Type) return toPbjs(f.resolvedType.name, e as Value, withDefaults)
  if (f.type === 'uint64') return Long.fromString(String(e), true)
  return e
}

/** A comparable form of a decoded value from either side (`ours` reads camelCase keys and enum names). */
export function normalize (type: string, v: Value | null | undefined, ours: boolean): unknown {
  if (v === undefined || v === null) return undefined
  const out: Record<string, unknown> = {}
  for (const f of fieldsOf(type)) {
    const x = v[ours ? camelOf(f) : f.name]
    out[f.name] = f.repeated ? ((x ?? []) as unknown[]).map((e) => normalOf(f, e, ours)) : normalOf(f, x, ours)
  }
  return out
}

function normalOf (f: protobuf.Field, e: unknown, ours: boolean): unknown {
  if (f.resolvedType instanceof protobuf.Type) return normalize(f.resolvedType.name, e as Value, ours)
  if (f.resolvedType instanceof protobuf.Enum) return typeof e === 'string' ? f.resolvedType.values[e] : e
  if (f.type === 'uint64') return BigInt(String(e))
  if (f.type === 'bytes') return asBuffer(e as Uint8Array | number[])
  if (f.type === 'double') return Object.is(e, -0) ? '-0' : Number.isNaN(e) ? 'NaN' : e
  return e
}

const camelNames = new Map<protobuf.Field, string>()
const camelOf = (f: protobuf.Field): string => {
  let name = camelNames.get(f)
  if (name === undefined) camelNames.set(f, name = camel(f.name))
  return name
}

// ---- protobufjs' bytes, taken apart ---------------------------------------------------------

const writer = (): protobuf.Writer => protobuf.Writer.create()
const concat = (parts: Uint8Array[]): Uint8Array => Buffer.concat(parts)

/** What a case does to the protobufjs encoding, drawn per case. */
interface Variation {
  packed: boolean
  withDefaults: boolean
  seed: number
}

/** A tiny deterministic generator for the per-case choices (splitting, shuffling, unknowns). */
class Choices {
  constructor (private state: number) {}
  next (n: number): number {
    this.state = (Math.imul(this.state ^ (this.state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0
    return this.state % n
  }
}

/** The wire types a field is read from (a repeated scalar: element-wise or packed). */
function acceptedWireTypes (f: protobuf.Field): number[] {
  if (f.resolvedType instanceof protobuf.Type || f.type === 'bytes' || f.type === 'string') return [2]
  const scalar = f.type === 'double' ? 1 : 0
  return f.repeated ? [scalar, 2] : [scalar]
}

/** Unknown fields: field numbers the message does not use (or a used one with another wire type). */
function unknownField (type: string, c: Choices, depth = 0): Uint8Array {
  const number = [1, 2, 3, 15, 16, 2047, 2048, 536_870_911][c.next(8)]!
  const w = writer()
  const known = fieldsOf(type).find((x) => x.id === number)
  // a known number with a wire type it never has is an unknown field too
  const types = [0, 1, 2, 5, 3].filter((t) => (t !== 3 || depth < 2) && (known === undefined || !acceptedWireTypes(known).includes(t)))
  const wireType = types[c.next(types.length)]!
  w.uint32(((number << 3) | wireType) >>> 0)
  switch (wireType) {
    case 0: w.uint64(Long.fromBits(c.next(0x7fffffff), c.next(4) === 0 ? 0xffffffff : 0, true)); break
    case 1: w.fixed64(Long.fromBits(c.next(0x7fffffff), c.next(0x7fffffff), true)); break
    case 2: w.bytes(Uint8Array.from({ length: c.next(5) }, () => c.next(256))); break
    case 5: w.fixed32(c.next(0x7fffffff)); break
    case 3: {
      const inner: Uint8Array[] = []
      for (let i = c.next(3); i > 0; i--) inner.push(unknownField('GossipGraft', c, depth + 1))
      const end = writer().uint32(((number << 3) | 4) >>> 0).finish()
      return concat([w.finish(), ...inner, end])
    }
  }
  return w.finish()
}

/** protobufjs' encoding of `v`, field by field, varied as `c` says. */
function pbjsBytes (type: string, v: Value, variation: Variation, c: Choices): Uint8Array {
  const root = variation.packed ? packedRoot : unpackedRoot
  const T = root.lookupType(type)
  const chunks: Array<{ field: number, bytes: Uint8Array }> = []
  for (const f of fieldsOf(type)) {
    const x = v[f.name]
    const value = fieldToPbjs(f, x, variation.withDefaults)
    if (value === undefined) continue
    const pb = { [f.name]: value }
    if (f.resolvedType instanceof protobuf.Type && !f.repeated) {
      // the nested message by the same rules; sometimes split in two occurrences (merged on decode)
      const inner = pbjsBytes(f.resolvedType.name, x as Value, variation, c)
      const tag = ((f.id << 3) | 2) >>> 0
      const cut = c.next(3) === 0 ? cutAtField(inner, c) : inner.length
      chunks.push({ field: f.id, bytes: writer().uint32(tag).bytes(inner.subarray(0, cut)).finish() })
      if (cut < inner.length) chunks.push({ field: f.id, bytes: writer().uint32(tag).bytes(inner.subarray(cut)).finish() })
      continue
    }
    if (f.repeated && (x as unknown[]).length > 1 && c.next(2) === 0) {
      // a repeated field in several runs (each packed, or element by element)
      const list = x as unknown[]
      const at = 1 + c.next(list.length - 1)
      for (const part of [list.slice(0, at), list.slice(at)]) {
        const encoded = part.map((e) => pbjsOf(f, e, variation.withDefaults))
        chunks.push({ field: f.id, bytes: T.encode({ [f.name]: encoded }).finish() })
      }
      continue
    }
    if (!f.repeated && !(f.resolvedType instanceof protobuf.Type) && c.next(8) === 0) {
      // the same scalar sent twice: the last one wins
      const decoy = { [f.name]: fieldToPbjs(f, f.type === 'bool' ? true : f.type === 'string' ? 'decoy' : f.type === 'bytes' ? Uint8Array.of(1) : f.type === 'uint64' && !isJsNumber(f) ? 1n : f.type === 'double' ? 1.5 : 1, true) }
      chunks.push({ field: f.id, bytes: T.encode(decoy).finish() })
    }
    chunks.push({ field: f.id, bytes: T.encode(pb).finish() })
  }
  // shuffle across fields, keeping each field's own chunks in order (repeated order and "last wins")
  const byField = new Map<number, Uint8Array[]>()
  for (const ch of chunks) byField.set(ch.field, [...(byField.get(ch.field) ?? []), ch.bytes])
  const queues = [...byField.values()]
  const out: Uint8Array[] = []
  while (queues.some((q) => q.length > 0)) {
    if (c.next(4) === 0) out.push(unknownField(type, c))
    const live = queues.filter((q) => q.length > 0)
    const q = c.next(3) === 0 ? live[c.next(live.length)]! : live[0]!
    out.push(q.shift()!)
  }
  if (c.next(4) === 0) out.push(unknownField(type, c))
  return concat(out)
}

/** A cut point between two top-level fields of `bytes` (a valid encoding), or its length. */
function cutAtField (bytes: Uint8Array, c: Choices): number {
  const r = protobuf.Reader.create(bytes)
  const ends: number[] = []
  while (r.pos < r.len) {
    r.skipType(r.uint32() & 7)
    ends.push(r.pos)
  }
  return ends.length < 2 ? bytes.length : ends[c.next(ends.length - 1)]!
}

// ---- one case ------------------------------------------------------------------------------

export interface Failure {
  decoder: string
  kind: 'crash' | 'mismatch'
  what: string
  input: string
}

/** Run one case; returns the failures it found (none when the codec is right). */
export function runCase (d: Decoder, v: Value, variation: Variation, mutation: { at: number, byte: number, cut: number }): Failure[] {
  const failures: Failure[] = []
  const T = packedRoot.lookupType(d.name)
  const expected = normalize(d.name, v, false)
  const check = (what: string, input: Uint8Array, fn: () => void): void => {
    try {
      fn()
    } catch (err) {
      const kind = err instanceof MismatchError ? 'mismatch' : 'crash'
      failures.push({ decoder: d.name, kind, what: `${what}: ${(err as Error).message}`, input: Buffer.from(input).toString('hex').slice(0, 400) })
    }
  }
  const same = (label: string, got: unknown, want: unknown): void => {
    if (!isDeepStrictEqual(got, want)) throw new MismatchError(`${label}: got ${show(got)}, want ${show(want)}`)
  }

  // ours → protobufjs: canonical bytes that protobufjs reads back
  let ours: Uint8Array = new Uint8Array(0)
  check('encode', ours, () => {
    ours = d.encode(toOurs(d.name, v))
    const canonical = T.encode(toPbjs(d.name, v, false)).finish()
    if (!asBuffer(ours).equals(canonical)) throw new MismatchError(`not canonical: got ${hex(ours)}, want ${hex(canonical)}`)
    same('protobufjs decodes ours', normalize(d.name, T.decode(ours) as unknown as Value, false), expected)
    same('we decode ours', normalize(d.name, decodeTyped(d, ours), true), expected)
  })

  // protobufjs → ours, varied
  const theirs = pbjsBytes(d.name, v, variation, new Choices(variation.seed))
  check(`decode protobufjs bytes (${variation.packed ? 'packed' : 'unpacked'}${variation.withDefaults ? ', defaults written' : ''})`, theirs, () => {
    same('we decode theirs', normalize(d.name, decodeTyped(d, theirs), true), expected)
  })

  // mutated bytes: a value or a typed error; a value must survive our own round trip
  const mutated = Uint8Array.from(theirs.subarray(0, theirs.length - (mutation.cut % (theirs.length + 1))))
  if (mutated.length > 0) mutated[mutation.at % mutated.length] = mutation.byte
  check('decode mutated bytes', mutated, () => {
    let value: Value
    try {
      value = d.decode(mutated)
    } catch (err) {
      if (err instanceof KuberError) return
      throw err
    }
    const again = d.encode(value)
    same('our re-encoding decodes the same', normalize(d.name, d.decode(again), true), normalize(d.name, value, true))
    same('protobufjs reads our re-encoding the same', normalize(d.name, T.decode(again) as unknown as Value, false), normalize(d.name, value, true))
  })
  return failures
}

class MismatchError extends Error {}

/** Decode, turning a typed refusal of valid input into a mismatch (not a crash). */
function decodeTyped (d: Decoder, bytes: Uint8Array): Value {
  try {
    return d.decode(bytes)
  } catch (err) {
    if (err instanceof KuberError) throw new MismatchError(`refused valid input: ${err.code} ${err.message}`)
    throw err
  }
}

/** A Buffer view of bytes (protobufjs gives [] for an absent bytes field), compared natively. */
const asBuffer = (e: Uint8Array | number[]): Buffer => e instanceof Uint8Array ? Buffer.from(e.buffer, e.byteOffset, e.length) : Buffer.from(e)

const hex = (b: Uint8Array): string => Buffer.from(b.subarray(0, 150)).toString('hex') + (b.length > 150 ? `… (${b.length} bytes)` : '')

function show (x: unknown): string {
  const s = JSON.stringify(x, (_, v) => typeof v === 'bigint' ? `${v}n` : v?.type === 'Buffer' ? hex(Buffer.from(v.data)) : v)
  return s.length > 300 ? `${s.slice(0, 300)}…` : s
}

/** The arbitrary of one case for a decoder. */
export function caseArb (d: Decoder): fc.Arbitrary<[Value, Variation, { at: number, byte: number, cut: number }]> {
  return fc.tuple(
    messageArb(d.name),
    fc.record({ packed: fc.boolean(), withDefaults: fc.boolean(), seed: fc.nat() }),
    fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), cut: fc.nat({ max: 3 }) })
  )
}

export interface RunReport {
  decoder: string
  cases: number
  crashes: number
  mismatches: number
  ms: number
  examples: Failure[]
}

/** Run `runs` cases against one decoder; counts failures without stopping. */
export function runDecoder (d: Decoder, runs: number, seed: number): RunReport {
  const report: RunReport = { decoder: d.name, cases: 0, crashes: 0, mismatches: 0, ms: 0, examples: [] }
  const started = performance.now()
  fc.assert(fc.property(caseArb(d), ([v, variation, mutation]) => {
    report.cases++
    for (const f of runCase(d, v, variation, mutation)) {
      if (f.kind === 'crash') report.crashes++
      else report.mismatches++
      if (report.examples.length < 5) report.examples.push(f)
    }
    return true
  }), { numRuns: runs, seed })
  report.ms = performance.now() - started
  return report
}
