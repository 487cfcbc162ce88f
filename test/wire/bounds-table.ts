// The field-bounds table of docs/PROTOCOL.md §5.1, rendered from WIRE_BOUNDS;
// test/wire/bounds.test.ts checks the document against it; `npm run vectors` prints it.
import { WIRE_BOUNDS, type Bound, type FieldBound } from '../../src/wire/bounds.js'

/** The doc's wording of one row. */
function describe (f: FieldBound): string {
  const n = (x: number): string => x === Number.MAX_SAFE_INTEGER ? '2^53−1' : x.toLocaleString('en-US')
  const one = (b: Bound): string => {
    switch (b.kind) {
      case 'uint': return b.max === 0xffffffff ? 'any uint32' : `${n(b.min)}..${n(b.max)}`
      case 'uint64': return 'any uint64'
      case 'bytes': return b.sizes !== undefined ? `${b.sizes.join(' or ')} bytes` : `at most ${n(b.max)} bytes`
      case 'string': return `UTF-8, at most ${n(b.max)} bytes`
      case 'double': return 'any double (advisory)'
      case 'bool': return 'any bool'
      case 'enum': return `a \`${b.type}\` value listed in the .proto`
      case 'message': return `a \`${b.type}\`${f.count === undefined ? ', or absent' : ''}`
    }
  }
  const text = f.count === undefined ? one(f.bound) : `at most ${n(f.count)} × ${one(f.bound)}`
  return f.code === undefined ? text : `${text} (\`${f.code}\`)`
}

/** The markdown table, one row per field. */
export function boundsTable (): string {
  const rows = Object.entries(WIRE_BOUNDS as Record<string, Record<string, FieldBound>>)
    .flatMap(([type, fields]) => Object.entries(fields).map(([name, f]) => `| \`${type}.${name}\` | ${describe(f)} |`))
  return ['| field | bound |', '|---|---|', ...rows].join('\n')
}
