// How a reference-chain node gets to the tip (spec §15: SYNC → GOSSIP). A node with no state
// whose first peer is at least one snapshot interval ahead, or one that left a restore
// unfinished, first restores a snapshot by state sync; if none can be restored in time it
// says so and starts from the genesis (as does a node with no peer to ask: the first of a
// new chain). Then block sync takes it from there (the snapshot height, or the genesis) to
// the peers' tip, and from there it follows the chain by gossip. Until it is known whether a
// snapshot comes first, block sync fetches nothing (the provider's ready()), so no block is
// applied onto a partial state. The phase is the node's (GET /p2p/info) and the
// application's /status.
import { sleep, type KuberNode, type SnapshotRestorer } from '../index.js'
import type { ChainStore } from './store/chain-store.js'
import { abandonRestore } from './store/restore.js'

/** Snapshot interval assumed, for a node that takes none itself, to tell whether peers can have snapshots. */
const ASSUMED_INTERVAL = 100
const PEER_POLL_MS = 50

export interface ChainSyncHost {
  readonly store: ChainStore
  readonly node: KuberNode
  readonly restorer: SnapshotRestorer
  /** Start consensus from the store's tip. */
  startChain(): Promise<void>
  quietProgress?: boolean | undefined
}

export class ChainSync {
  private task: Promise<void> | undefined
  private stopping = false
  private ranStateSync = false
  /** A snapshot is being restored: the state is partial, blocks and transactions wait. */
  restoring = false
  /** State sync is over (or was never wanted): block sync may fetch and apply. */
  blocksWanted = false
  /** The height of the snapshot this node restored, if it did. */
  snapshotHeight: number | undefined

  constructor (private readonly host: ChainSyncHost) {}

  start (): void {
    this.task ??= this.run().catch((err: unknown) => this.host.node.log.error({ err }, 'chain sync failed'))
  }

  stop (): void {
    this.stopping = true
  }

  /** Resolves once the background sync has ended (after stop). */
  async stopped (): Promise<void> {
    await this.task
  }

  status (): Record<string, unknown> {
    return {
      phase: this.host.node.syncPhase,
      snapshot_height: this.snapshotHeight ?? null,
      ...(this.ranStateSync ? { state_sync: this.host.node.stateSync.status() } : {})
    }
  }

  private async run (): Promise<void> {
    const { node, store } = this.host
    node.setStateSyncing(true) // until it is known whether a snapshot comes first
    if (await this.wantsStateSync()) {
      this.restoring = true
      this.ranStateSync = true
      const result = await node.syncState(this.host.restorer, { logProgress: this.host.quietProgress !== true })
      if (this.stopping || !node.isStarted) return // a restore under way is kept for the next start
      if (result.restored) {
        this.snapshotHeight = result.snapshot.height
        node.setLatestHeight(store.tip.height)
        node.log.info({ height: store.tip.height, app_hash: store.tip.appHash.toString('hex') }, 'state restored from a snapshot: block sync from there')
      } else {
        if (store.restoring !== undefined) await abandonRestore(store)
        node.log.warn({ reason: result.reason }, 'no snapshot restored: block sync from the genesis')
      }
      this.restoring = false
    }
    if (this.stopping) return
    await this.host.startChain()
    this.blocksWanted = true
    node.blockSync.syncFrom(store.tip.height)
    node.setStateSyncing(false)
  }

  /** Restore a snapshot first? Waits (at most the discovery timeout) for a first peer to tell its height. */
  private async wantsStateSync (): Promise<boolean> {
    const { node, store } = this.host
    const config = node.config.stateSync
    if (!config.enabled || store.tip.height > 0) return false
    if (store.restoring !== undefined) return true
    if (node.config.peers.length === 0 && node.config.seeds.length === 0) return false
    const deadline = node.clock.now() + config.discoveryTimeoutMs
    while (node.connectedPeers().length === 0 && node.clock.now() < deadline && !this.stopping) await sleep(node.clock, PEER_POLL_MS)
    const interval = config.snapshotInterval > 0 ? config.snapshotInterval : ASSUMED_INTERVAL
    return Math.max(0, ...node.connectedPeers().map((p) => p.latestHeight)) >= interval
  }
}
