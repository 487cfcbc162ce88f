// Judging a block from a peer, whatever way it came (gossip, compact relay, BlockResponse):
// the structural check the node can make itself (tx_root), then the application's
// validateBlock. It also keeps spec §13 rule 2: a peer that has sent maxInvalidBlocks
// invalid blocks (default 2) gets score 0 and is disconnected with INVALID_BLOCKS. The
// count survives reconnects (bounded, forgotten after an hour).
import { KuberError } from '../../errors.js'
import type { PeerId } from '../../identity/peer-id.js'
import { DisconnectReason } from '../../session/lifecycle.js'
import type { Block } from '../../wire/gen/kuber.js'
import { TtlCache } from '../../limits/ttl-cache.js'
import type { Verdict, VerdictResult } from '../../gossip/topic.js'
import type { ChainApp } from '../app.js'
import type { ChainHost } from '../host.js'
import { merkleRoot } from './block-hash.js'

const INVALID_COUNT_TTL_MS = 3600_000
const INVALID_COUNT_MAX_PEERS = 10_000

export class BlockJudge {
  private readonly invalidCounts: TtlCache<number>
  /** Blocks rejected, by the check that failed. */
  readonly rejected = { tx_root: 0, app: 0 }
  /** Peers disconnected under spec §13 rule 2. */
  punished = 0

  constructor (private readonly host: ChainHost, private readonly app: ChainApp, private readonly maxInvalidBlocks: number) {
    this.invalidCounts = new TtlCache({ maxEntries: INVALID_COUNT_MAX_PEERS, ttlMs: INVALID_COUNT_TTL_MS })
  }

  /** tx_root (when set), then the application. Rejections are counted against `from`. */
  judge (block: Block, txHashes: readonly Uint8Array[], from: PeerId): VerdictResult {
    const root = block.header?.txRoot
    if (root !== undefined && root.length > 0 && !merkleRoot(txHashes).equals(root)) {
      this.rejected.tx_root++
      return this.count('reject', from)
    }
    let verdict: VerdictResult
    try {
      verdict = this.app.validateBlock?.(block, from) ?? 'accept'
    } catch (err) {
      if (err instanceof KuberError) this.count('reject', from, true)
      throw err
    }
    if (typeof verdict === 'string') return this.count(verdict, from, true)
    return verdict.then((v) => this.count(v, from, true), (err) => {
      if (err instanceof KuberError) this.count('reject', from, true)
      throw err
    })
  }

  /** An invalid block from `from` found outside judge() (a block sync answer): counts toward spec §13 rule 2. */
  countInvalid (from: PeerId): void {
    this.count('reject', from)
  }

  private count (verdict: Verdict, from: PeerId, byApp = false): Verdict {
    if (verdict !== 'reject') return verdict
    if (byApp) this.rejected.app++
    const now = this.host.clock.now()
    const n = (this.invalidCounts.get(from, now) ?? 0) + 1
    this.invalidCounts.set(from, n, now)
    if (n >= this.maxInvalidBlocks) {
      this.punished++
      this.host.punish(from, DisconnectReason.INVALID_BLOCKS)
    }
    return verdict
  }
}
