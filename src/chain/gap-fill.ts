// Catching up a few blocks: when a peer is ahead (its latest height is two or more above
// our tip, or one above and we have made no progress for a proposal timeout), ask for the
// missing blocks one height at a time with BlockRequest. Each block goes through the
// validateBlock hook like a gossiped one, and the next block's commit makes it final. This
// is the small fallback that brings a restarted validator back; pipelined block sync
// (issue 11, item 4) replaces it through ReferenceChain.applyFinalBlock.
import type { Clock, KuberNode, Timer } from '../index.js'

export interface GapFillHost {
  readonly clock: Clock
  readonly node: KuberNode
  tipHeight(): number
  /** clock.now() of the last block made final. */
  lastProgressAt(): number
}

export class GapFill {
  private timer: Timer | undefined
  private running = false
  /** Blocks fetched this way. */
  fetched = 0

  constructor (private readonly host: GapFillHost, private readonly intervalMs: number) {}

  start (): void {
    this.timer ??= this.host.clock.setInterval(() => { this.tick().catch(() => {}) }, this.intervalMs)
  }

  stop (): void {
    this.timer?.cancel()
    this.timer = undefined
  }

  /** The highest latest_height among connected peers. */
  bestPeerHeight (): number {
    return Math.max(0, ...this.host.node.connectedPeers().map((p) => p.latestHeight))
  }

  private async tick (): Promise<void> {
    if (this.running) return
    const tip = this.host.tipHeight()
    const best = this.bestPeerHeight()
    const stalled = this.host.clock.now() - this.host.lastProgressAt() >= this.intervalMs
    if (!(best >= tip + 2 || (best > tip && stalled))) return
    this.running = true
    try {
      for (let h = tip + 1; h <= best && this.timer !== undefined; h++) {
        if (await this.host.node.requestBlock(h) === undefined) break
        this.fetched++
      }
    } finally {
      this.running = false
    }
  }
}
