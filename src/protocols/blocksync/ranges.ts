// A set of block heights kept as sorted, disjoint, non-adjacent closed intervals: the
// heights block sync must ask for again (answered in part, timed out, withheld, refused).
// Sizes stay small (a window of heights, split by at most a few failures per request).

export type Interval = readonly [from: number, to: number]

export class HeightRanges {
  private list: Array<[number, number]> = []

  get size (): number {
    let n = 0
    for (const [a, b] of this.list) n += b - a + 1
    return n
  }

  get intervals (): readonly Interval[] {
    return this.list
  }

  has (h: number): boolean {
    return this.list.some(([a, b]) => a <= h && h <= b)
  }

  /** Add [from, to], merging with neighbours. */
  add (from: number, to: number): void {
    if (to < from) return
    const out: Array<[number, number]> = []
    let cur: [number, number] = [from, to]
    let placed = false
    for (const iv of this.list) {
      if (iv[1] + 1 < cur[0]) out.push(iv)
      else if (cur[1] + 1 < iv[0]) {
        if (!placed) { out.push(cur); placed = true }
        out.push(iv)
      } else {
        cur = [Math.min(cur[0], iv[0]), Math.max(cur[1], iv[1])]
      }
    }
    if (!placed) out.push(cur)
    this.list = out
  }

  /** Remove every height at or below `h`. */
  dropThrough (h: number): void {
    this.list = this.list.filter(([, b]) => b > h)
    const first = this.list[0]
    if (first !== undefined && first[0] <= h) first[0] = h + 1
  }

  /**
   * Take the lowest run of at most `count` heights inside [lo, hi], removing it; undefined
   * if no held height lies in [lo, hi].
   */
  take (lo: number, hi: number, count: number): Interval | undefined {
    for (let i = 0; i < this.list.length; i++) {
      const iv = this.list[i]!
      const from = Math.max(iv[0], lo)
      const to = Math.min(iv[1], hi, from + count - 1)
      if (from > to) {
        if (iv[0] > hi) return undefined
        continue
      }
      const pieces: Array<[number, number]> = []
      if (iv[0] < from) pieces.push([iv[0], from - 1])
      if (to < iv[1]) pieces.push([to + 1, iv[1]])
      this.list.splice(i, 1, ...pieces)
      return [from, to]
    }
    return undefined
  }

  clear (): void {
    this.list = []
  }
}
