// The physical limit of one block's propagation: the earliest time it could reach each
// node, over the links that exist when it is published. A hop from u to v costs the time u
// needs to upload the block at its bandwidth plus the link's latency, and a node forwards
// only what it has received whole (store and forward, as a node that validates before
// relaying must). Dijkstra's algorithm over those costs gives the bound; the protocol's
// T_prop divided by it says how close gossip comes to the ideal.

export interface BoundGraph {
  /** Node count (indexes 0..n-1). */
  readonly n: number
  /** Neighbours of node i that may relay (honest and up). */
  neighbours(i: number): Iterable<number>
  /** One-way latency between i and j in ms. */
  latencyMs(i: number, j: number): number
  /** Upload bytes per ms of node i (Infinity: unlimited). */
  uploadBytesPerMs(i: number): number
}

/** Earliest arrival (ms after publication) at every node from `source` of a `bytes`-byte message; Infinity where unreachable. */
export function earliestArrivals (g: BoundGraph, source: number, bytes: number): Float64Array {
  const dist = new Float64Array(g.n).fill(Infinity)
  const done = new Uint8Array(g.n)
  dist[source] = 0
  const heap = new MinHeap()
  heap.push(0, source)
  for (;;) {
    const top = heap.pop()
    if (top === undefined) break
    const u = top.id
    if (done[u] === 1) continue
    done[u] = 1
    const send = bytes / g.uploadBytesPerMs(u)
    for (const v of g.neighbours(u)) {
      if (done[v] === 1) continue
      const t = dist[u]! + send + g.latencyMs(u, v)
      if (t < dist[v]!) {
        dist[v] = t
        heap.push(t, v)
      }
    }
  }
  return dist
}

/** A binary min-heap of (key, id) pairs with lazy deletion. */
class MinHeap {
  private keys: number[] = []
  private ids: number[] = []

  push (key: number, id: number): void {
    const k = this.keys
    const d = this.ids
    k.push(key)
    d.push(id)
    let i = k.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (k[p]! <= key) break
      k[i] = k[p]!
      d[i] = d[p]!
      i = p
    }
    k[i] = key
    d[i] = id
  }

  pop (): { key: number, id: number } | undefined {
    const k = this.keys
    const d = this.ids
    if (k.length === 0) return undefined
    const top = { key: k[0]!, id: d[0]! }
    const lastKey = k.pop()!
    const lastId = d.pop()!
    if (k.length > 0) {
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        if (l >= k.length) break
        const r = l + 1
        const c = r < k.length && k[r]! < k[l]! ? r : l
        if (k[c]! >= lastKey) break
        k[i] = k[c]!
        d[i] = d[c]!
        i = c
      }
      k[i] = lastKey
      d[i] = lastId
    }
    return top
  }
}
