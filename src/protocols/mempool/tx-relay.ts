// Transaction propagation (spec §12): TxMessage is a gossip topic whose message id is
// tx_hash, checked against SHA-256(tx_bytes) before anything else (a mismatch is
// TX_HASH_MISMATCH and nothing is remembered, so a forged hash cannot shadow the real
// transaction). Each peer may send maxTxsPerPeerPerSecond transactions (burst
// txBurstPerPeer), duplicates included, so resending costs the sender its budget (answers
// to our IWANTs excepted); the excess is dropped unchecked and penalised (spec §13 rule 3:
// RATE_LIMITED, at most once a second). Already-seen transactions are dropped by the seen-cache and the
// mempool; oversized or invalid ones (validateTx) are spam: rejected, penalised, never
// forwarded; valid ones enter the mempool, charged to the peer that sent them, and are forwarded.
import { ErrorCodes, ProtocolError } from '../../errors.js'
import type { PeerId } from '../../identity/peer-id.js'
import type { Peer } from '../../router/types.js'
import type { ProtocolHost } from '../../router/host.js'
import { TokenBucket } from '../../limits/token-bucket.js'
import { Reward } from '../../scoring/penalties.js'
import { Capability } from '../../session/hello.js'
import { Messages, MessageType, decodePayload, encodePayload } from '../../wire/codecs.js'
import type { TxMessage } from '../../wire/gen/kuber.js'
import type { GossipEngine } from '../../gossip/engine.js'
import type { GossipMessage, GossipTopic, Verdict, VerdictResult } from '../../gossip/topic.js'
import type { ChainApp } from '../app.js'
import { sha256 } from '../../wire/hash.js'
import type { Mempool } from './mempool.js'
import type { Digest } from '../../wire/hash.js'
import { DropReason } from '../../session/stats.js'

/** What the relay needs besides gossip and the mempool. */
export interface TxRelayOptions {
  /** Clock, penalties and drop counts. */
  host: Pick<ProtocolHost, 'clock' | 'penalize' | 'drop'>
  /** Per-peer transaction rate and burst (MempoolConfig). */
  maxTxsPerPeerPerSecond: number
  txBurstPerPeer: number
  /** A valid transaction from a peer, added to the mempool. */
  onTx(tx: Uint8Array, txHash: Digest, from: PeerId): void
}

/** One peer's transaction budget. */
interface TxBudget {
  readonly bucket: TokenBucket
  lastPenaltyAt: number
}

export interface SubmitTxResult {
  /** SHA-256 of the transaction. */
  txHash: Digest
  /** accept: in the mempool and gossiped; ignore: already known; reject: invalid or too large. */
  verdict: Verdict
}

export class TxRelay implements GossipTopic {
  readonly type = MessageType.TX
  readonly name = 'tx'
  readonly rejectCode = ErrorCodes.INVALID_TX
  readonly capability = Capability.MEMPOOL
  readonly reward = Reward.VALID_TX
  /** Per-connection budgets (a Peer is one connection; the entry goes with it). */
  private readonly budgets = new WeakMap<Peer, TxBudget>()

  constructor (
    private readonly gossip: GossipEngine,
    readonly mempool: Mempool,
    private readonly app: ChainApp,
    private readonly options: TxRelayOptions
  ) {
    gossip.addTopic(this)
  }

  admit (from: Peer): boolean {
    const { host } = this.options
    const now = host.clock.now()
    let budget = this.budgets.get(from)
    if (budget === undefined) {
      budget = { bucket: new TokenBucket(this.options.maxTxsPerPeerPerSecond, this.options.txBurstPerPeer, now), lastPenaltyAt: -Infinity }
      this.budgets.set(from, budget)
    }
    if (budget.bucket.take(now)) return true
    host.drop(from.peerId, DropReason.TX_RATE_LIMITED)
    if (now - budget.lastPenaltyAt >= 1000) {
      budget.lastPenaltyAt = now
      host.penalize(from.peerId, new ProtocolError(ErrorCodes.RATE_LIMITED, `more than ${this.options.maxTxsPerPeerPerSecond} transactions/s`))
    }
    return false
  }

  /** Validate a transaction made here, add it to the mempool and gossip it. */
  async submit (tx: Uint8Array): Promise<SubmitTxResult> {
    const txHash = sha256(tx)
    if (this.mempool.has(txHash) || this.gossip.hasSeen(txHash)) return { txHash, verdict: 'ignore' }
    if (tx.length > this.mempool.limits.maxTxBytes) return { txHash, verdict: 'reject' }
    const verdict = await (this.app.validateTx?.(tx, txHash, undefined) ?? 'accept')
    if (verdict === 'accept') {
      this.mempool.add(txHash, tx)
      this.gossip.publish(this.type, encodePayload(Messages.tx, { txHash: txHash as Uint8Array<ArrayBuffer>, txBytes: tx as Uint8Array<ArrayBuffer> }))
    }
    return { txHash, verdict }
  }

  messageId (payload: Uint8Array): Digest {
    const { txHash, txBytes } = decodePayload(Messages.tx, payload)
    const actual = sha256(txBytes)
    if (!actual.equals(txHash)) throw new ProtocolError(ErrorCodes.TX_HASH_MISMATCH, 'tx_hash is not SHA-256(tx_bytes)')
    return actual
  }

  validate (message: GossipMessage, from: Peer): VerdictResult {
    const tx = decodePayload(Messages.tx, message.payload)
    if (tx.txBytes.length > this.mempool.limits.maxTxBytes) {
      throw new ProtocolError(ErrorCodes.INVALID_TX, `transaction of ${tx.txBytes.length} bytes is over the ${this.mempool.limits.maxTxBytes}-byte limit`)
    }
    if (this.mempool.has(message.id)) return 'ignore'
    message.decoded = tx
    return this.app.validateTx?.(tx.txBytes, message.id, from.peerId) ?? 'accept'
  }

  deliver (message: GossipMessage, from: Peer | undefined): void {
    if (from === undefined) return // submit() already added it
    const { txBytes } = message.decoded as TxMessage
    this.mempool.add(message.id, txBytes, from.peerId)
    this.options.onTx(txBytes, message.id, from.peerId)
  }
}
