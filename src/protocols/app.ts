// The hooks a chain application gives the node (createNode(config, { app })): how to judge
// blocks, votes and transactions before anything is delivered or forwarded, and where
// blocks are served from. Every hook is optional; without one, messages are accepted.
import type { PeerId } from '../identity/peer-id.js'
import type { VerdictResult } from '../gossip/topic.js'
import type { Block, VoteMessage } from '../wire/gen/kuber.js'
import type { BlockSource } from './blocks/block-source.js'
import type { SnapshotSource } from './statesync/provider.js'
import type { BlockSyncProvider } from './blocksync/provider.js'

export interface ChainApp {
  /**
   * Judge a block from a peer (gossip, compact relay or a BlockResponse). The node has
   * already checked that header.tx_root, when set, matches the transactions.
   * reject: never forwarded, the peer is penalised (INVALID_BLOCK); a second invalid
   * block from one peer sets its score to 0 and disconnects it (spec §13 rule 2).
   */
  validateBlock?(block: Block, from: PeerId): VerdictResult
  /** Judge a vote (signature, membership). reject: penalised with INVALID_VOTE. */
  validateVote?(vote: VoteMessage, from: PeerId): VerdictResult
  /**
   * Judge a transaction; `txHash` is SHA-256(tx), already checked. `from` is undefined for
   * node.submitTx. reject: penalised with INVALID_TX.
   */
  validateTx?(tx: Uint8Array, txHash: Uint8Array, from: PeerId | undefined): VerdictResult
  /** Answers BlockRequest for one height (default: none, every request gets an empty BlockResponse). */
  blockSource?: BlockSource
  /** Serves state snapshots to syncing peers (default: none; the node then answers an empty list). */
  snapshots?: SnapshotSource
  /** The chain's side of block sync: serves block ranges, verifies and applies fetched blocks (default: none, the node never syncs). */
  blockSync?: BlockSyncProvider
}
