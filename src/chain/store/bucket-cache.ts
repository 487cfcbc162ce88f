// The state buckets the chain read or wrote last, decoded, bounded in bytes (least recently
// used go first). A block reads the buckets its transactions touch; without this each one
// is a LevelDB read, and with a hot state (the same keys written again and again, as during
// block sync of a busy chain) it is the same few buckets every block. Written through by
// ChainStore.commit, so it never holds anything older than the store.
import type { StateEntry } from '../state/buckets.js'

const sizeOf = (entries: readonly StateEntry[]): number => entries.reduce((n, e) => n + e.key.length + e.value.length + 64, 64)

export class BucketCache {
  private readonly buckets = new Map<number, { entries: StateEntry[], bytes: number }>()
  private total = 0

  constructor (private readonly maxBytes: number) {}

  get (bucket: number): StateEntry[] | undefined {
    const hit = this.buckets.get(bucket)
    if (hit === undefined) return undefined
    this.buckets.delete(bucket)
    this.buckets.set(bucket, hit)
    return hit.entries
  }

  set (bucket: number, entries: StateEntry[]): void {
    this.delete(bucket)
    const bytes = sizeOf(entries)
    if (bytes > this.maxBytes) return
    this.buckets.set(bucket, { entries, bytes })
    this.total += bytes
    for (const [b, e] of this.buckets) {
      if (this.total <= this.maxBytes) break
      this.buckets.delete(b)
      this.total -= e.bytes
    }
  }

  /** Forget everything (the state was replaced: a snapshot restored). */
  clear (): void {
    this.buckets.clear()
    this.total = 0
  }

  delete (bucket: number): void {
    const old = this.buckets.get(bucket)
    if (old === undefined) return
    this.buckets.delete(bucket)
    this.total -= old.bytes
  }
}
