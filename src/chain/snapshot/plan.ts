// A snapshot's chunk plan on the wire (docs/PROTOCOL.md §11.7): which part of the state
// each chunk id holds, so a syncing node checks every chunk against the range its id stands
// for. The ranges tile every bucket in order (state/chunks.ts planChunks), so each is
// written relative to where the previous one ended, one LEB128 varint per range of whole
// buckets (its bucket count, ≥ 1) and three for a slice (0, the bucket's entry count, the
// slice's entry count). Pure functions.
import type { ChunkRange } from '../state/chunks.js'

export function encodePlan (ranges: readonly ChunkRange[]): Uint8Array {
  const out: number[] = []
  const varint = (n: number): void => {
    while (n >= 0x80) { out.push((n % 0x80) | 0x80); n = Math.floor(n / 0x80) }
    out.push(n)
  }
  for (const r of ranges) {
    if (r.kind === 'buckets') varint(r.end - r.start)
    else { varint(0); varint(r.count); varint(r.end - r.start) }
  }
  return Uint8Array.from(out)
}

/** The ranges of a plan for a state of `buckets` buckets, which must have exactly `chunks` of them; a string says why not. */
export function decodePlan (bytes: Uint8Array, buckets: number, chunks: number): ChunkRange[] | string {
  const ranges: ChunkRange[] = []
  let at = 0
  const varint = (): number | undefined => {
    let n = 0
    let scale = 1
    for (let i = 0; i < 5; i++) {
      if (at >= bytes.length) return undefined
      const b = bytes[at++]!
      n += (b & 0x7f) * scale
      if (b < 0x80) return n
      scale *= 0x80
    }
    return undefined
  }
  let bucket = 0
  let slice: { count: number, next: number } | undefined // the bucket being cut into slices
  while (at < bytes.length) {
    if (ranges.length >= chunks) return `more than ${chunks} chunks`
    const n = varint()
    if (n === undefined) return 'truncated varint'
    if (n > 0) {
      if (slice !== undefined) return `bucket ${bucket} is cut off after ${slice.next} of its ${slice.count} entries`
      if (bucket + n > buckets) return `range past bucket ${buckets}`
      ranges.push({ kind: 'buckets', start: bucket, end: bucket + n })
      bucket += n
      continue
    }
    const count = varint()
    const len = varint()
    if (count === undefined || len === undefined) return 'truncated varint'
    if (bucket >= buckets) return `slice past bucket ${buckets}`
    if (slice !== undefined && slice.count !== count) return `bucket ${bucket}: slices disagree on its entry count`
    slice ??= { count, next: 0 }
    if (len < 1 || slice.next + len > count) return `bucket ${bucket}: slice of ${len} entries from ${slice.next} of ${count}`
    ranges.push({ kind: 'slice', bucket, start: slice.next, end: slice.next + len, count })
    slice.next += len
    if (slice.next === count) { slice = undefined; bucket++ }
  }
  if (slice !== undefined) return `bucket ${bucket} is cut off after ${slice.next} of its ${slice.count} entries`
  if (bucket !== buckets) return `the plan covers ${bucket} of ${buckets} buckets`
  if (ranges.length !== chunks) return `the plan has ${ranges.length} chunks, the snapshot ${chunks}`
  return ranges
}
