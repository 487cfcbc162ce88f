// Demo traffic for `kuber-p2p devnet`: random nodes submit transactions, and every few
// seconds the next proposer (round robin) makes a block from its mempool and gossips it,
// so an operator watching the RPC sees gossip, mempools and heights move. CLI code: it
// runs on the wall clock.
import type { KuberNode } from '../node/node.js'
import { MemoryBlockSource } from '../protocols/blocks/block-source.js'
import { blockHash, merkleRoot } from '../protocols/blocks/block-hash.js'
import { sha256 } from '../wire/hash.js'
import type { Block } from '../wire/gen/kuber.js'

export interface DevnetTraffic {
  /** Blocks and transactions each node's application has received. */
  counts(): Array<{ blocks: number, txs: number, height: number, mempool: number }>
  stop(): void
}

/** Most transactions a demo block carries. */
const MAX_BLOCK_TXS = 500

/** The block sources the devnet's nodes serve BlockRequests from (one per node). */
export function devnetBlockSources (n: number): MemoryBlockSource[] {
  return Array.from({ length: n }, () => new MemoryBlockSource())
}

export function startDevnetTraffic (nodes: KuberNode[], sources: MemoryBlockSource[], txPerSecond: number, blockIntervalMs: number): DevnetTraffic {
  const counts = nodes.map(() => ({ blocks: 0, txs: 0 }))
  let parent: Uint8Array = new Uint8Array(32)
  nodes.forEach((node, i) => {
    node.on('tx', () => { counts[i]!.txs++ })
    node.on('block', (block) => {
      counts[i]!.blocks++
      sources[i]!.put(block)
      node.setLatestHeight(block.header!.height)
      node.mempool.remove(block.txs.map(sha256))
    })
  })
  let seq = 0
  const txTimer = txPerSecond > 0
    ? setInterval(() => { // allow-nondeterminism: CLI demo load on the wall clock
      const node = nodes[seq % nodes.length]!
      node.submitTx(Buffer.from(`devnet tx ${seq++} ${new Date().toISOString()}`)).catch(() => {})
    }, 1000 / txPerSecond)
    : undefined
  const blockTimer = setInterval(() => { // allow-nondeterminism: CLI demo load on the wall clock
    const height = Math.max(...nodes.map((n) => n.latestHeight)) + 1
    const proposer = nodes[height % nodes.length]!
    const reaped = proposer.mempool.reap(MAX_BLOCK_TXS)
    const txs = reaped.map((t) => t.bytes)
    const block: Block = {
      header: { height, parentHash: parent as Uint8Array<ArrayBuffer>, proposer: Buffer.from(proposer.peerId, 'hex') as Uint8Array<ArrayBuffer>, timestamp: Date.now(), txRoot: merkleRoot(reaped.map((t) => t.hash)) as Uint8Array<ArrayBuffer>, appHash: new Uint8Array(0) }, // allow-nondeterminism
      txs: txs as Array<Uint8Array<ArrayBuffer>>
    }
    parent = blockHash(block.header!)
    proposer.publishBlock(block)
    sources[height % nodes.length]!.put(block)
    proposer.setLatestHeight(height)
    proposer.mempool.remove(reaped.map((t) => t.hash))
  }, blockIntervalMs)
  return {
    counts: () => nodes.map((n, i) => ({ ...counts[i]!, height: n.latestHeight, mempool: n.mempool.size })),
    stop: () => { clearInterval(txTimer); clearInterval(blockTimer) }
  }
}
