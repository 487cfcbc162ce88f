// A small chain for block sync tests without the reference chain: blocks 1..n that link by
// parent_hash, each made final by a commit naming its height and hash (no signatures), kept
// in memory. It implements BlockSyncProvider like a real chain: it checks height, parent
// link and commit before it applies a block, and refuses with INVALID_BLOCK. Misbehaving
// variants (withholding, silent, invalid) wrap it.
import { ErrorCodes, ProtocolError } from '../../src/errors.js'
import { blockHash, merkleRoot } from '../../src/protocols/blocks/block-hash.js'
import type { BlockSyncProvider } from '../../src/protocols/blocksync/provider.js'
import { Block, Commit } from '../../src/wire/gen/kuber.js'
import { sha256 } from '../../src/wire/hash.js'

export const commitFor = (height: number, hash: Uint8Array): Commit => ({ height, round: 0, blockHash: hash as Uint8Array<ArrayBuffer>, signatures: [] })

/** Blocks 1..count; block h carries `txBytes` bytes of transactions and the commit of h − 1. */
export function makeChain (count: number, txBytes = 0, tag = 0): Block[] {
  const blocks: Block[] = []
  let parent: Buffer<ArrayBuffer> = Buffer.alloc(32)
  for (let h = 1; h <= count; h++) {
    const txs = txBytes === 0 ? [] : [Buffer.alloc(txBytes, (h + tag) & 255)]
    const header = { height: h, parentHash: parent, proposer: Buffer.alloc(32, 1), timestamp: 1_700_000_000_000 + h, txRoot: merkleRoot(txs.map(sha256)), appHash: Buffer.alloc(32, tag), round: 0, lastCommitHash: new Uint8Array(0) }
    const block = { header, txs, lastCommit: h === 1 ? undefined : commitFor(h - 1, parent), proposerSignature: new Uint8Array(0) } as unknown as Block
    blocks.push(block)
    parent = blockHash(block.header!) as Buffer<ArrayBuffer>
  }
  return blocks
}

export class MemoryChain implements BlockSyncProvider {
  /** Blocks base..height, by height − base. */
  readonly encoded: Uint8Array[] = []
  readonly hashes: Buffer[] = []
  /** Heights applied through applyBlock, in order (tests check none twice). */
  readonly appliedHeights: number[] = []
  syncingCalls: boolean[] = []
  private readonly first: number
  private readonly trusted: Buffer

  /** Blocks 1.., or, restored from a snapshot (as state sync leaves it), no blocks and a trusted hash at `restored.height`. */
  constructor (blocks: Block[] = [], restored?: { height: number, hash: Buffer }) {
    this.first = (restored?.height ?? 0) + 1
    this.trusted = restored?.hash ?? Buffer.alloc(32)
    for (const b of blocks) this.push(Block.encode(b), blockHash(b.header!))
  }

  height (): number {
    return this.first - 1 + this.encoded.length
  }

  base (): number {
    return this.encoded.length === 0 ? 0 : this.first
  }

  async blocks (from: number, to: number, maxBytes: number): Promise<Uint8Array[]> {
    const out: Uint8Array[] = []
    let bytes = 0
    for (let h = from; h >= this.first && h <= Math.min(to, this.height()); h++) {
      const b = this.encoded[h - this.first]!
      if (out.length > 0 && bytes + b.length > maxBytes) break
      bytes += b.length
      out.push(b)
    }
    return out
  }

  async commit (height: number): Promise<Commit | undefined> {
    return height >= this.first && height <= this.height() ? commitFor(height, this.hashes[height - this.first]!) : undefined
  }

  async applyBlock (block: Block, commit: Commit, encoded: Uint8Array): Promise<boolean> {
    const header = block.header!
    if (header.height <= this.height()) return false
    const fail = (why: string): never => { throw new ProtocolError(ErrorCodes.INVALID_BLOCK, why) }
    if (header.height !== this.height() + 1) fail(`height ${header.height} does not follow ${this.height()}`)
    const parent = this.encoded.length === 0 ? this.trusted : this.hashes[this.encoded.length - 1]!
    if (!parent.equals(header.parentHash)) fail('parent_hash does not link')
    if (!merkleRoot(block.txs.map(sha256)).equals(header.txRoot)) fail('tx_root')
    const hash = blockHash(header)
    if (commit.height !== header.height || !hash.equals(commit.blockHash)) fail('commit is not for this block')
    this.push(Uint8Array.from(encoded), hash)
    this.appliedHeights.push(header.height)
    return true
  }

  syncing (active: boolean): void {
    this.syncingCalls.push(active)
  }

  private push (encoded: Uint8Array, hash: Buffer): void {
    this.encoded.push(encoded)
    this.hashes.push(hash)
  }
}
