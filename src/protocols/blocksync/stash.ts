// Blocks gossiped while the chain is not yet at their height (during sync, or one block
// short of it): kept, bounded in count and bytes and at most a few per height, and offered
// to the chain in height order when it gets there, so no block that arrived meanwhile is
// lost. When full, the highest heights go first: the lowest are needed soonest.
import type { PeerId } from '../../identity/peer-id.js'
import type { DecodedBlock } from '../blocks/block-relay.js'

/** Blocks kept for one height (competing proposals of later rounds). */
const MAX_PER_HEIGHT = 4

export interface StashedBlock {
  readonly height: number
  readonly decoded: DecodedBlock
  readonly from: PeerId
  readonly bytes: number
}

export interface StashLimits {
  maxBlocks: number
  maxBytes: number
}

export class GossipStash {
  private readonly byHeight = new Map<number, StashedBlock[]>()
  private count = 0
  private totalBytes = 0
  /** Blocks not kept (over a limit) or evicted. */
  dropped = 0

  constructor (private readonly limits: StashLimits) {}

  get size (): number {
    return this.count
  }

  get bytes (): number {
    return this.totalBytes
  }

  /** Keep a block (not twice); false if it is not kept. */
  add (entry: StashedBlock): boolean {
    const list = this.byHeight.get(entry.height) ?? []
    if (list.some((e) => e.decoded.hash.equals(entry.decoded.hash))) return false
    if (list.length >= MAX_PER_HEIGHT || entry.bytes > this.limits.maxBytes) {
      this.dropped++
      return false
    }
    list.push(entry)
    this.byHeight.set(entry.height, list)
    this.count++
    this.totalBytes += entry.bytes
    while (this.count > this.limits.maxBlocks || this.totalBytes > this.limits.maxBytes) this.evictHighest()
    return this.byHeight.get(entry.height)?.includes(entry) === true
  }

  /** The blocks kept for `height`, oldest first. */
  at (height: number): readonly StashedBlock[] {
    return this.byHeight.get(height) ?? []
  }

  /** Forget one block. */
  remove (entry: StashedBlock): void {
    const list = this.byHeight.get(entry.height)
    const i = list?.indexOf(entry) ?? -1
    if (i < 0) return
    list!.splice(i, 1)
    this.count--
    this.totalBytes -= entry.bytes
    if (list!.length === 0) this.byHeight.delete(entry.height)
  }

  /** Forget every block at or below `height`. */
  dropThrough (height: number): void {
    for (const [h, list] of this.byHeight) if (h <= height) this.removeHeight(h, list)
  }

  clear (): void {
    this.byHeight.clear()
    this.count = 0
    this.totalBytes = 0
  }

  private evictHighest (): void {
    const top = Math.max(...this.byHeight.keys())
    const list = this.byHeight.get(top)!
    const last = list.pop()!
    this.count--
    this.totalBytes -= last.bytes
    this.dropped++
    if (list.length === 0) this.byHeight.delete(top)
  }

  private removeHeight (height: number, list: StashedBlock[]): void {
    for (const e of list) this.totalBytes -= e.bytes
    this.count -= list.length
    this.byHeight.delete(height)
  }
}
