// Every row of WIRE_BOUNDS, at its edge: a value at the bound decodes, one past it is
// refused with the row's code (bytes written by protobufjs, not by our encoder); repeated
// fields at their count limit decode packed and unpacked. docs/PROTOCOL.md §5.1 shows the
// same table.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import protobuf from 'protobufjs'
import { KuberError } from '../../src/errors.js'
import { WIRE_BOUNDS, type Bound, type FieldBound } from '../../src/wire/bounds.js'
import { decoders } from '../helpers/codec-differential.js'
import { boundsTable } from './bounds-table.js'
import { parseNodeConfig } from '../../src/node/config.js'
import { MAX_PAYLOAD_BYTES } from '../../src/wire/bounds.js'
import { decodeEnvelope, encodeFrame } from '../../src/wire/envelope.js'
import { MAX_FRAME_BYTES } from '../../src/wire/frame.js'

const source = readFileSync(new URL('../../proto/kuber.proto', import.meta.url), 'utf8')
const roots = {
  packed: protobuf.parse(source, { keepCase: true }).root,
  unpacked: protobuf.parse(source.replace(/(repeated uint32 \w+ = \d+);/g, '$1 [packed = false];'), { keepCase: true }).root
}
type Obj = Record<string, unknown>
const table = WIRE_BOUNDS as Record<string, Record<string, FieldBound>>

/** Nested types are reached through a top-level message. */
const enclosing: Record<string, (o: Obj) => [string, Obj]> = {
  BlockHeader: (o) => ['BlockMessage', { block: { header: o } }],
  Block: (o) => ['BlockMessage', { block: o }],
  Commit: (o) => ['BlockMessage', { block: { last_commit: o } }],
  CommitSig: (o) => ['BlockMessage', { block: { last_commit: { signatures: [o] } } }],
  SignedHeader: (o) => ['LightHeaders', { headers: [o] }],
  PeerRecord: (o) => ['PeerList', { peers: [o] }],
  Snapshot: (o) => ['SnapshotList', { snapshots: [o] }]
}

function decode (type: string, o: Obj, form: 'packed' | 'unpacked' = 'packed'): unknown {
  const [top, value] = enclosing[type]?.(o) ?? [type, o]
  const bytes = roots[form].lookupType(top).encode(value).finish()
  return decoders.find((d) => d.name === top)!.decode(bytes)
}

/** A value of the field's type at length or value `n`. */
function sized (b: Bound, n: number): unknown {
  if (b.kind === 'bytes') return new Uint8Array(n).fill(7)
  if (b.kind === 'string') return 'a'.repeat(n)
  return n
}

/** Every field at its smallest valid value. */
function base (type: string): Obj {
  const o: Obj = {}
  for (const [name, f] of Object.entries(table[type]!)) {
    if (f.count !== undefined || f.bound.kind === 'message') continue
    if (f.bound.kind === 'bytes') o[name] = sized(f.bound, f.bound.sizes?.[0] ?? 0)
    if (f.bound.kind === 'uint') o[name] = f.bound.min
  }
  return o
}

function refused (type: string, name: string, f: FieldBound, o: Obj): void {
  assert.throws(() => decode(type, o), (e: unknown) => e instanceof KuberError && e.code === (f.code ?? 'MALFORMED_MESSAGE'), `${type}.${name}: ${JSON.stringify(o, (_, v) => v instanceof Uint8Array ? `${v.length} bytes` : v)}`)
}

/** [accepted, refused] values of one element of a field. */
function edges (b: Bound): Array<[unknown[], unknown[]]> {
  switch (b.kind) {
    case 'uint': return [[[b.min, b.max], [...(b.min > 0 ? [b.min - 1] : []), ...(b.max !== 0xffffffff ? [b.max + 1] : []), ...(b.max > 0xffffffff ? ['18446744073709551615'] : [])]]]
    case 'bytes': {
      if (b.sizes === undefined) return [[[sized(b, 0), sized(b, b.max)], [sized(b, b.max + 1)]]]
      const ok = b.sizes
      return [[ok.map((n) => sized(b, n)), [...ok.map((n) => n + 1), ...ok.filter((n) => n > 0).map((n) => n - 1)].filter((n) => !ok.includes(n)).map((n) => sized(b, n))]]
    }
    case 'string': return [[['', 'a'.repeat(b.max), '€'.repeat(Math.floor(b.max / 3))], ['a'.repeat(b.max + 1)]]]
    case 'enum': return [[[0, 21], [3, 22, 255]]]
    default: return []
  }
}

for (const [type, fields] of Object.entries(table)) {
  for (const [name, f] of Object.entries(fields)) {
    if (f.bound.kind === 'message' && f.count === undefined) continue
    test(`${type}.${name}: accepted up to its bound, refused past it`, () => {
      if (f.count === undefined) {
        for (const [ok, bad] of edges(f.bound)) {
          for (const v of ok) assert.doesNotThrow(() => decode(type, { ...base(type), [name]: v }), `${type}.${name} = ${String(v).slice(0, 20)}`)
          for (const v of bad) refused(type, name, f, { ...base(type), [name]: v })
        }
        return
      }
      const one = f.bound.kind === 'message' ? base(f.bound.type) : edges(f.bound)[0]![0][0]
      const full = Array.from({ length: f.count }, () => one)
      for (const form of ['packed', 'unpacked'] as const) {
        const decoded = decode(type, { ...base(type), [name]: full }, form) as Obj
        assert.ok(decoded !== undefined, `${type}.${name}: ${f.count} elements (${form})`)
      }
      refused(type, name, f, { ...base(type), [name]: [...full, one] })
      for (const [, bad] of edges(f.bound)) for (const v of bad) refused(type, name, f, { ...base(type), [name]: [one, v] })
    })
  }
}

test('strings must be valid UTF-8', () => {
  const T = roots.packed.lookupType('Hello')
  const hello = T.encode({ node_id: new Uint8Array(32), chain_id: 'kuber-1' }).finish()
  const bad = Buffer.from(hello)
  bad[bad.indexOf(Buffer.from('kuber'))] = 0xff // a byte that never starts a UTF-8 sequence
  assert.doesNotThrow(() => decoders.find((d) => d.name === 'Hello')!.decode(hello))
  assert.throws(() => decoders.find((d) => d.name === 'Hello')!.decode(bad), (e: unknown) => e instanceof KuberError && e.code === 'MALFORMED_MESSAGE')
})

test('docs/PROTOCOL.md lists every field bound exactly as WIRE_BOUNDS has it', () => {
  const doc = readFileSync(new URL('../../docs/PROTOCOL.md', import.meta.url), 'utf8')
  const block = /<!-- bounds -->\n([\s\S]*?)<!-- \/bounds -->/.exec(doc)?.[1]
  assert.ok(block !== undefined, 'docs/PROTOCOL.md has a <!-- bounds --> table')
  assert.equal(block.trim(), boundsTable())
})

test('the node config refuses a chain id its own Hello could not carry', () => {
  assert.equal(parseNodeConfig({ chainId: 'é'.repeat(32) }).chainId.length, 32) // 64 UTF-8 bytes
  assert.throws(() => parseNodeConfig({ chainId: 'é'.repeat(33) }), /UTF-8 bytes/)
})

test('a payload the receiver would refuse cannot be sent: encodeFrame and decodeEnvelope share the bound', () => {
  for (const type of [1, 127, 128, 255]) {
    const frame = encodeFrame(type, new Uint8Array(MAX_PAYLOAD_BYTES))
    assert.ok(frame.length - 4 <= MAX_FRAME_BYTES)
    assert.equal(decodeEnvelope(frame.subarray(4)).payload.length, MAX_PAYLOAD_BYTES)
    assert.throws(() => encodeFrame(type, new Uint8Array(MAX_PAYLOAD_BYTES + 1)), (e: unknown) => e instanceof KuberError && e.code === 'FRAME_TOO_LARGE')
  }
})
