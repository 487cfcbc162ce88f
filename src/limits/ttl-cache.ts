// A map with limits on entries, bytes and age, used for the gossip seen-cache (message
// ids) and the message history (frames served on IWANT). Entries expire ttlMs after they
// were first added; when a limit is reached the oldest entries go first. Because every
// entry lives for the same ttlMs, insertion order is expiry order, so both expiry and
// eviction drop from the front of one Map: O(1) amortised, no timers.

export interface TtlCacheOptions<V> {
  /** Most entries held. */
  maxEntries: number
  /** Age after which an entry is gone, in ms of the caller's clock. */
  ttlMs: number
  /** Most bytes held, as counted by sizeOf (default unlimited). */
  maxBytes?: number
  /** Size of one value in bytes (default 0). */
  sizeOf?: (value: V) => number
}

interface Entry<V> {
  value: V
  expiresAt: number
  bytes: number
}

export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>()
  private readonly maxBytes: number
  private totalBytes = 0
  /** Entries dropped early because a size limit was reached. */
  evicted = 0

  constructor (private readonly options: TtlCacheOptions<V>) {
    if (!(options.maxEntries >= 1) || !(options.ttlMs > 0)) throw new RangeError('TtlCache needs maxEntries >= 1 and ttlMs > 0')
    this.maxBytes = options.maxBytes ?? Infinity
  }

  get size (): number {
    return this.entries.size
  }

  get bytes (): number {
    return this.totalBytes
  }

  /** The live value under key, or undefined. */
  get (key: string, now: number): V | undefined {
    const e = this.entries.get(key)
    if (e === undefined) return undefined
    if (e.expiresAt <= now) {
      this.remove(key, e)
      return undefined
    }
    return e.value
  }

  has (key: string, now: number): boolean {
    return this.get(key, now) !== undefined
  }

  /**
   * Add key, or replace the value of a live key (keeping its age). Returns false when the
   * value alone is larger than maxBytes (nothing is stored).
   */
  set (key: string, value: V, now: number): boolean {
    const bytes = this.options.sizeOf?.(value) ?? 0
    if (bytes > this.maxBytes) return false
    const existing = this.entries.get(key)
    if (existing !== undefined && existing.expiresAt > now) {
      this.totalBytes += bytes - existing.bytes
      existing.value = value
      existing.bytes = bytes
    } else {
      if (existing !== undefined) this.remove(key, existing)
      this.expire(now)
      this.entries.set(key, { value, expiresAt: now + this.options.ttlMs, bytes })
      this.totalBytes += bytes
    }
    while (this.entries.size > this.options.maxEntries || this.totalBytes > this.maxBytes) {
      const [oldest, e] = this.entries.entries().next().value!
      this.remove(oldest, e)
      this.evicted++
    }
    return true
  }

  delete (key: string): boolean {
    const e = this.entries.get(key)
    if (e === undefined) return false
    this.remove(key, e)
    return true
  }

  /** Drop every entry that has expired by `now`. */
  expire (now: number): void {
    for (const [key, e] of this.entries) {
      if (e.expiresAt > now) return
      this.remove(key, e)
    }
  }

  private remove (key: string, e: Entry<V>): void {
    this.entries.delete(key)
    this.totalBytes -= e.bytes
  }
}
