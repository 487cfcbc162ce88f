// Where BlockRequest is answered from (spec §7.2-7.3). The application supplies its block
// store; MemoryBlockSource is a bounded in-memory one for tests and devnets.
import type { Block } from '../../wire/gen/kuber.js'

export interface BlockSource {
  /** The block at `height`, or undefined if this node does not have it. */
  getBlock(height: number): Block | undefined | Promise<Block | undefined>
}

/** Keeps the most recent `maxBlocks` blocks put into it (default 1 000), by height. */
export class MemoryBlockSource implements BlockSource {
  private readonly blocks = new Map<number, Block>()

  constructor (private readonly maxBlocks = 1000) {}

  put (block: Block): void {
    const height = block.header?.height
    if (height === undefined) throw new RangeError('a block needs a header')
    this.blocks.delete(height)
    this.blocks.set(height, block)
    if (this.blocks.size > this.maxBlocks) this.blocks.delete(this.blocks.keys().next().value!)
  }

  getBlock (height: number): Block | undefined {
    return this.blocks.get(height)
  }

  get size (): number {
    return this.blocks.size
  }
}
