// Rates block sync watches, on the caller's clock. DeliveryRate is one peer's blocks per
// second counted only while we had requests in flight to it (CometBFT drops peers below a
// minimum receive rate; in blocks, not bytes, so a peer serving a chain of empty blocks
// is not taken for a slow one). Throughput is the node's applied blocks and bytes per
// second over the last few seconds (progress bar, /p2p/info).

export class DeliveryRate {
  private busyMs = 0
  private blocks = 0
  private lastAt: number
  /** The last full window's rate, in blocks per second. */
  last: number | undefined

  constructor (now: number) {
    this.lastAt = now
  }

  /** Count the time since the last call as asking when `busy` (requests were in flight). */
  tick (now: number, busy: boolean): void {
    if (busy) this.busyMs += now - this.lastAt
    this.lastAt = now
  }

  delivered (blocks: number): void {
    this.blocks += blocks
  }

  /** Once `windowMs` of asking have passed: the rate over them (blocks/s), and a new window starts. */
  sample (windowMs: number): number | undefined {
    if (this.busyMs < windowMs) return undefined
    this.last = (this.blocks * 1000) / this.busyMs
    this.busyMs = 0
    this.blocks = 0
    return this.last
  }
}

interface Sample { at: number, blocks: number, bytes: number }

export class Throughput {
  private readonly samples: Sample[] = []
  private blocks = 0
  private bytes = 0

  constructor (private readonly windowMs: number) {}

  add (blocks: number, bytes: number): void {
    this.blocks += blocks
    this.bytes += bytes
  }

  /** Record the totals at `now` (call regularly); returns blocks/s and bytes/s over the window. */
  tick (now: number): { blocksPerSecond: number, bytesPerSecond: number } {
    this.samples.push({ at: now, blocks: this.blocks, bytes: this.bytes })
    while (this.samples.length > 2 && now - this.samples[1]!.at >= this.windowMs) this.samples.shift()
    return this.rate()
  }

  rate (): { blocksPerSecond: number, bytesPerSecond: number } {
    const first = this.samples[0]
    const last = this.samples[this.samples.length - 1]
    if (first === undefined || last === undefined || last.at <= first.at) return { blocksPerSecond: 0, bytesPerSecond: 0 }
    const s = (last.at - first.at) / 1000
    return { blocksPerSecond: (last.blocks - first.blocks) / s, bytesPerSecond: (last.bytes - first.bytes) / s }
  }
}
