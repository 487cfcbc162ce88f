// What a node of the reference chain serves light clients (KuberNode.serveLightClients):
// final headers with the proposer's signature and the commit that made each final, and
// final blocks, read from the chain store.
import type { SignedHeaderSource, pb } from '../index.js'
import type { ChainStore } from './store/chain-store.js'

export function lightHeaderSource (store: ChainStore): SignedHeaderSource {
  return {
    latestHeight: () => store.tip.height,
    signedHeaders: async (from, max) => {
      const to = Math.min(store.tip.height, from + max - 1)
      const out: pb.SignedHeader[] = []
      if (to < from) return out
      const blocks = await store.getBlocks(from, to)
      for (const block of blocks) {
        const height = block.header!.height
        const commit = await store.getCommit(height)
        if (commit === undefined) break
        out.push({ header: block.header, proposerSignature: block.proposerSignature, commit })
      }
      return out
    },
    block: async (height) => await store.getBlock(height)
  }
}
