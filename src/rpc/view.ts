// What the debug RPC and the metrics read from a node: a read-only view, so neither can
// change the node's state (spec §19).
import type { Registry } from 'prom-client'
import type { PeerInfo } from '../session/info.js'
import type { NodeStats } from '../session/stats.js'
import type { PeerScorer } from '../scoring/scorer.js'
import type { SyncStatus } from '../protocols/blocksync/block-sync.js'

export interface NodeView {
  readonly peerId: string
  readonly publicKey: Uint8Array
  readonly config: { chainId: string, protocolVersion: number, encryption: string, maxInbound: number, maxOutbound: number }
  readonly listenAddresses: string[]
  readonly latestHeight: number
  /** Where the node stands in spec §15's SYNC → GOSSIP (phase, and state sync's progress). */
  syncInfo(): Record<string, unknown>
  readonly uptimeMs: number
  readonly stats: NodeStats
  readonly scorer: Pick<PeerScorer, 'activeBans' | 'params' | 'tracked'>
  peers(): PeerInfo[]
  /** Block sync: phase, height, target, peers, rates (GET /p2p/info). */
  syncStatus(): SyncStatus
  /** Extra sections for /p2p/stats, by name (protocols, peer store). */
  statsSections(): Record<string, unknown>
  /** The peer store: sizes by table, network group and source, limits, anchors (GET /p2p/addrbook). */
  addrBook(): Record<string, unknown>
  /** Extra metric registrations (protocols, peer store). */
  metricSources(): Iterable<(registry: Registry) => void>
}
