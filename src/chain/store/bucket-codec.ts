// How one bucket's entries are stored: one LevelDB value per bucket, the entries sorted by
// key, each as u32be(len key) || key || u32be(len value) || value. A block reads every
// bucket it touches in one getMany and writes each back whole.
import type { StateEntry } from '../state/buckets.js'

export function encodeBucket (entries: readonly StateEntry[]): Uint8Array {
  let size = 0
  for (const e of entries) size += 8 + e.key.length + e.value.length
  const out = Buffer.allocUnsafe(size)
  let at = 0
  for (const e of entries) {
    out.writeUInt32BE(e.key.length, at)
    out.set(e.key, at + 4)
    at += 4 + e.key.length
    out.writeUInt32BE(e.value.length, at)
    out.set(e.value, at + 4)
    at += 4 + e.value.length
  }
  return out
}

export function decodeBucket (blob: Uint8Array): StateEntry[] {
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength)
  const out: StateEntry[] = []
  let at = 0
  while (at < b.length) {
    const keyLength = b.readUInt32BE(at)
    const key = b.subarray(at + 4, at + 4 + keyLength)
    at += 4 + keyLength
    const valueLength = b.readUInt32BE(at)
    out.push({ key, value: b.subarray(at + 4, at + 4 + valueLength) })
    at += 4 + valueLength
  }
  return out
}
