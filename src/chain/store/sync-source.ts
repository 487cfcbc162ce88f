// The serving half of block sync from a chain store: our tip and lowest block, ranges of
// final blocks as stored (never decoded), the commit of any of them. The reference chain's
// BlockSyncProvider adds applying fetched blocks; a node that only serves adds nothing.
import type { BlockSyncProvider } from '../../index.js'
import type { ChainStore } from './chain-store.js'

export function storeSyncSource (store: ChainStore): Pick<BlockSyncProvider, 'height' | 'base' | 'blocks' | 'commit'> {
  return {
    height: () => store.tip.height,
    base: () => store.base,
    blocks: async (from, to, maxBytes) => await store.getBlockBytes(from, to, maxBytes),
    commit: async (height) => await store.getCommit(height)
  }
}
