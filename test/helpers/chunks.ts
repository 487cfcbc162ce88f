// Cut a byte stream at arbitrary points (for properties that must hold however a stream is chunked).

/** Split `bytes` at the given cut points (taken modulo its length + 1; duplicates ignored). */
export function cutAt (bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
  const out: Uint8Array[] = []
  let prev = 0
  for (const p of points) { out.push(bytes.subarray(prev, p)); prev = p }
  out.push(bytes.subarray(prev))
  return out
}
