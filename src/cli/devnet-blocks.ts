// The devnet's status line, one per block: its height and transactions, how long after the
// proposer made it until the other nodes had it (p50 and max: when every node had it), and
// until it was final (p50 and max over the nodes). All nodes run in this process, so their
// event times share one clock.
import type { ReferenceChain } from '../chain/reference-chain.js'

export interface BlockLine {
  height: number
  txs: number
  haveP50Ms: number
  haveMaxMs: number
  finalP50Ms: number
  finalMaxMs: number
  appHash: string
}

interface Pending { proposedAt?: number, have: number[], final: number[], txs: number, appHash: string }

/** Heights followed at once (older unfinished ones are dropped). */
const MAX_PENDING = 64

export function watchBlocks (chains: ReferenceChain[], onBlock: (line: BlockLine) => void): void {
  const pending = new Map<number, Pending>()
  const entry = (height: number): Pending => {
    let p = pending.get(height)
    if (p === undefined) {
      pending.set(height, p = { have: [], final: [], txs: 0, appHash: '' })
      if (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value!)
    }
    return p
  }
  for (const chain of chains) {
    chain.on('candidate', (e) => {
      const p = entry(e.height)
      if (e.from === undefined) p.proposedAt = e.atMs
      else p.have.push(e.atMs)
    })
    chain.on('final', (e) => {
      const p = entry(e.height)
      p.final.push(e.atMs)
      p.txs = e.txs
      p.appHash = e.appHash
      if (p.final.length < chains.length) return
      pending.delete(e.height)
      if (p.proposedAt === undefined) return // made before we watched
      const t0 = p.proposedAt
      const have = p.have.map((t) => t - t0)
      const final = p.final.map((t) => t - t0)
      onBlock({ height: e.height, txs: p.txs, haveP50Ms: median(have), haveMaxMs: Math.max(0, ...have), finalP50Ms: median(final), finalMaxMs: Math.max(...final), appHash: p.appHash })
    })
  }
}

function median (xs: number[]): number {
  if (xs.length === 0) return 0
  const s = [...xs].sort((a, b) => a - b)
  return s[(s.length - 1) >> 1]!
}

export function formatBlockLine (b: BlockLine): string {
  const ms = (x: number): string => x.toFixed(1).padStart(6)
  return `height ${String(b.height).padStart(5)} | txs ${String(b.txs).padStart(4)} | had by all: p50 ${ms(b.haveP50Ms)} ms, max ${ms(b.haveMaxMs)} ms | final: p50 ${ms(b.finalP50Ms)} ms, max ${ms(b.finalMaxMs)} ms | app_hash ${b.appHash.slice(0, 12)}`
}
