// A multimap from a bucket key (a network group, a source group) to the PeerIDs in it, so
// the address book can check and enforce its per-bucket limits without scanning.
import type { PeerId } from '../identity/peer-id.js'

export class BucketIndex {
  private readonly buckets = new Map<string, Set<PeerId>>()

  add (key: string, id: PeerId): void {
    let set = this.buckets.get(key)
    if (set === undefined) this.buckets.set(key, set = new Set())
    set.add(id)
  }

  delete (key: string, id: PeerId): void {
    const set = this.buckets.get(key)
    if (set === undefined) return
    set.delete(id)
    if (set.size === 0) this.buckets.delete(key)
  }

  count (key: string): number {
    return this.buckets.get(key)?.size ?? 0
  }

  members (key: string): ReadonlySet<PeerId> {
    return this.buckets.get(key) ?? new Set()
  }

  /** The key of the fullest bucket (the first of equals in insertion order), if any. */
  largest (): string | undefined {
    let best: string | undefined
    let size = 0
    for (const [key, set] of this.buckets) {
      if (set.size > size) {
        best = key
        size = set.size
      }
    }
    return best
  }

  /** Bucket sizes by key. */
  sizes (): Map<string, number> {
    return new Map([...this.buckets].map(([k, s]) => [k, s.size]))
  }
}
