// A multimap from a bucket key (a network group, a source group) to the PeerIDs in it, so
// the address book can check and enforce its per-bucket limits without scanning.
import type { PeerId } from '../identity/peer-id.js'

/** Bucket key → PeerIDs, with sizes and the fullest bucket. */
export class BucketIndex {
  private readonly buckets = new Map<string, Set<PeerId>>()
  /** When each bucket was last added to (an insertion counter). */
  private readonly addedAt = new Map<string, number>()
  private adds = 0

  add (key: string, id: PeerId): void {
    let set = this.buckets.get(key)
    if (set === undefined) this.buckets.set(key, set = new Set())
    set.add(id)
    this.addedAt.set(key, ++this.adds)
  }

  delete (key: string, id: PeerId): void {
    const set = this.buckets.get(key)
    if (set === undefined) return
    set.delete(id)
    if (set.size > 0) return
    this.buckets.delete(key)
    this.addedAt.delete(key)
  }

  count (key: string): number {
    return this.buckets.get(key)?.size ?? 0
  }

  members (key: string): ReadonlySet<PeerId> {
    return this.buckets.get(key) ?? new Set()
  }

  /** The key of the fullest bucket, if any; of equally full ones, the one added to last. */
  largest (): string | undefined {
    let best: string | undefined
    let size = 0
    for (const [key, set] of this.buckets) {
      if (set.size > size || (set.size === size && this.addedAt.get(key)! > this.addedAt.get(best!)!)) {
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
