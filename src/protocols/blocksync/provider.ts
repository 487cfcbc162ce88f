// What block sync needs from the chain above it (in the spirit of CometBFT's blocksync
// reactor with its block store and block executor): the P2P side schedules, fetches, times
// out and penalises; the chain serves its final blocks and verifies and applies fetched
// ones, in height order. Any chain whose blocks are Kuber `Block`s made final by a `Commit`
// can plug in; the reference chain (src/chain/) is one.
import type { Block, Commit } from '../../wire/gen/kuber.js'

export interface BlockSyncProvider {
  /** Height of the last final block applied here (0: none). */
  height(): number
  /** Lowest height held and served (1 for a full store; the snapshot height + 1 after state sync; 0: none). */
  base(): number
  /**
   * Encoded final blocks from..to in height order, stopping before their bytes would pass
   * `maxBytes` (but one at least), and at the first height not held.
   */
  blocks(from: number, to: number, maxBytes: number): Promise<Uint8Array[]>
  /** The commit that made the block at `height` final, if held. */
  commit(height: number): Promise<Commit | undefined>
  /**
   * Check that `commit` makes `block` final and that the block extends our last applied one
   * (height, parent link, every validity rule), then apply it. `encoded` is the block's wire
   * encoding, to store without encoding it again. Throw a KuberError (INVALID_BLOCK, with
   * the rule that failed) when the block or commit is invalid: the peer that served it is
   * penalised (spec §13 rule 2). Any other error is ours: logged, retried, never blamed.
   * Resolves false, doing nothing, when the chain is already at or past the block's
   * height (its consensus may have made it final meanwhile).
   */
  applyBlock(block: Block, commit: Commit, encoded: Uint8Array): Promise<boolean>
  /**
   * A fetched block, as soon as it arrives (it is applied later, in height order, as this
   * same object): a chain may start checking what needs no state (signatures) elsewhere,
   * to have it done when applyBlock comes. A hint only: nothing it finds may be skipped.
   */
  prepare?(block: Block): void
  /** Block sync entered (true) or left (false) SYNC: a chain pauses its consensus while far behind. */
  syncing?(active: boolean): void
  /**
   * False while the chain cannot take blocks yet (it is restoring a snapshot by state sync,
   * or deciding whether to): nothing is fetched or applied meanwhile. Once it can, the
   * chain calls syncFrom(height) (default: always ready).
   */
  ready?(): boolean
}
