// The libp2p baseline's seeded random graph (gossip.mjs), reproduced exactly so both
// benchmarks run on the same topology: mulberry32(seed), each node picks up to `degree`
// random others, duplicate edges dropped.

/** mulberry32: the baseline's PRNG, floats in [0, 1). */
export function mulberry32 (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface Topology {
  /** [dialer, listener] pairs. */
  edges: Array<[number, number]>
  degree: number[]
  connected: boolean
}

export function randomGraph (n: number, degree: number, seed: number): Topology {
  const rand = mulberry32(seed)
  const edgeSet = new Set<string>()
  const edges: Array<[number, number]> = []
  for (let i = 0; i < n; i++) {
    const want = Math.min(degree, n - 1)
    const picks = new Set<number>()
    for (let tries = 0; picks.size < want && tries < 1000 * want; tries++) {
      const j = Math.floor(rand() * n)
      if (j !== i) picks.add(j)
    }
    for (const j of picks) {
      const key = i < j ? `${i}-${j}` : `${j}-${i}`
      if (!edgeSet.has(key)) { edgeSet.add(key); edges.push([i, j]) }
    }
  }
  const deg = new Array<number>(n).fill(0)
  const adj = Array.from({ length: n }, () => [] as number[])
  for (const [i, j] of edges) { deg[i]!++; deg[j]!++; adj[i]!.push(j); adj[j]!.push(i) }
  const seen = new Uint8Array(n)
  const queue = [0]
  seen[0] = 1
  for (let q = 0; q < queue.length; q++) for (const j of adj[queue[q]!]!) if (seen[j] === 0) { seen[j] = 1; queue.push(j) }
  return { edges, degree: deg, connected: queue.length === n }
}

/** Fill buf[from..] with the baseline's PRNG bytes. */
export function fillRandom (buf: Uint8Array, rand: () => number, from = 0): Uint8Array {
  for (let i = from; i < buf.length; i++) buf[i] = (rand() * 256) | 0
  return buf
}

/** Run fn over items with at most `limit` running at once. */
export async function mapLimit<T> (items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}
