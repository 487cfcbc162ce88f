// Block sync (spec §7.2-7.3, §15 SYNC; docs/PROTOCOL.md §9.1): a node behind its peers
// fetches the missing final blocks pipelined across them and hands them, in height order,
// to the chain's BlockSyncProvider, which verifies and applies each. Peers' heights come
// from BlockStatus (asked on connect and every statusIntervalMs, sooner when a peer's
// session enters SYNC or its gossip shows it is further) and from every range answer. More than gossipWithinBlocks behind the
// best peer the node is in SYNC (the chain is told, and pauses its consensus); within it,
// GOSSIP, where blocks are fetched only when none came for catchUpAfterMs.
//
// The scheduler (scheduler.ts) decides what to ask whom; this file does the asking through
// the node's request tracker (adaptive timeouts, answers exempt from the message budget),
// and the judging of peers: a request not answered in time costs SLOW_RESPONSE and goes
// to another peer; the block the apply point waits for, late by the stall timeout (2 s,
// doubling to 64 s each time it fires, easing back as answers come: Bitcoin Core's),
// is asked of another peer; an empty answer for a height the peer claimed is
// BLOCK_WITHHELD; blocks that do not follow one another, or that the chain refuses, are
// INVALID_BLOCK and count toward spec §13 rule 2 (two: score 0, disconnect, ban); a peer
// delivering fewer than minBlocksPerSecond while asked is dropped. Download failures
// (timeouts, stalls, withheld, busy, malformed) and processing failures (refused by the
// chain) are counted apart (as Lighthouse does); a height refused maxProcessingFailures
// times stops the sync, since then our own state is more likely wrong than every peer.
//
// Blocks gossiped while the chain is not at their height yet are kept (stash.ts) and
// offered to the chain when it gets there. BlockRequest for one height (count 0) remains
// for requestBlock; the serving side is server.ts.
import { ErrorCodes, KuberError, ProtocolError } from '../../errors.js'
import type { PeerId } from '../../identity/peer-id.js'
import { TtlCache } from '../../limits/ttl-cache.js'
import type { RequestKind } from '../../router/requests.js'
import type { Peer, Protocol } from '../../router/types.js'
import type { Timer } from '../../runtime/clock.js'
import { Reward } from '../../scoring/penalties.js'
import { Capability } from '../../session/hello.js'
import { DisconnectReason, PeerState } from '../../session/lifecycle.js'
import { Messages, MessageType, decodeBlock, decodePayload } from '../../wire/codecs.js'
import type { Block, BlockResponse } from '../../wire/gen/kuber.js'
import { sha256 } from '../../wire/hash.js'
import type { ChainHost } from '../host.js'
import { blockHash } from '../blocks/block-hash.js'
import type { BlockJudge } from '../blocks/block-judge.js'
import type { BlockRelay, DecodedBlock } from '../blocks/block-relay.js'
import type { BlockSource } from '../blocks/block-source.js'
import type { BlockSyncConfig } from './config.js'
import { AnswerTimer, DeliveryRate, Throughput } from './meters.js'
import type { BlockSyncProvider } from './provider.js'
import { SyncScheduler, type FetchedBlock, type RangeRequest, type ReadyBlock } from './scheduler.js'
import { BlockServer } from './server.js'
import { GossipStash } from './stash.js'

/** Most single-height requests (requestBlock) open at once, and to one peer. */
const MAX_OUTSTANDING = 256
const MAX_OUTSTANDING_PER_PEER = 16
const TICK_MS = 250
const STATUS_TIMEOUT_MS = 10_000
/** A peer whose gossip shows more than it claimed is asked for its status at most this often. */
const STATUS_HINT_MIN_MS = 1000
/** Wait after our own failure to apply a block (a store error), before trying again. */
const INTERNAL_RETRY_MS = 1000
const THROUGHPUT_WINDOW_MS = 5000
/** Eases the stall timeout back after each good answer (Bitcoin Core: 0.85). */
const STALL_DECAY = 0.85

export type SyncPhase = 'gossip' | 'sync'

/** Where block sync stands (/p2p/info, the application's /status, the CLI's progress). */
export interface SyncStatus {
  phase: SyncPhase
  /** Our height and the best height a peer we sync from claims. */
  height: number
  target: number
  /** Peers we can sync from. */
  peers: number
  blocksPerSecond: number
  bytesPerSecond: number
  inFlight: number
  bufferedBlocks: number
  bufferedBytes: number
  /** Set when sync stopped because one height was refused from several peers. */
  error?: string
}

export interface RequestBlockOptions {
  /** Ask this peer (default: a random connected peer whose latest height is at least `height`). */
  peerId?: PeerId
  /** Give up after this long (default: blocks.requestTimeoutMs). */
  timeoutMs?: number
}

export interface BlockSyncDeps {
  host: ChainHost
  judge: BlockJudge
  relay: BlockRelay
  /** Answers single-height requests. */
  source: BlockSource | undefined
  /** The chain: serves ranges, applies fetched blocks. Without one the node serves single blocks only and never syncs. */
  provider: BlockSyncProvider | undefined
  config: BlockSyncConfig
  /** Bytes served to one peer per second, and at once. */
  servedBudget: { rate: number, burst: number }
  /** Default wait for a single-height answer. */
  requestTimeoutMs: number
  maxFrameBytes: number
}

type Asked =
  | { readonly kind: 'one', readonly resolve: (block: Block | undefined) => void }
  | { readonly kind: 'range', readonly range: RangeRequest }

/** What we know of one peer we may sync from. */
interface SyncPeerView {
  statusAt: number
  readonly rate: DeliveryRate
  downloadFailures: number
  processingFailures: number
  /** Its range answer times, and range timeouts since its last answer (each doubles the timeout). */
  readonly timer: AnswerTimer
}

export class BlockSync implements Protocol {
  readonly name = 'block_sync'
  readonly messageTypes = [MessageType.BLOCK_REQUEST, MessageType.BLOCK_RESPONSE, MessageType.BLOCK_STATUS_REQUEST, MessageType.BLOCK_STATUS]
  readonly capabilities: number
  private readonly host: ChainHost
  private readonly config: BlockSyncConfig
  private readonly provider: BlockSyncProvider | undefined
  private readonly asks: RequestKind<Asked>
  private readonly statusAsks: RequestKind<undefined>
  private readonly server: BlockServer
  private readonly scheduler: SyncScheduler
  private readonly stash: GossipStash
  /** Requests we gave up on (timed out, reassigned): their late answers are dropped without blame. */
  private readonly late: TtlCache<true>
  private readonly views = new Map<PeerId, SyncPeerView>()
  /** Times each height above the apply point was refused by the chain. */
  private readonly refusals = new Map<number, number>()
  private readonly throughput = new Throughput(THROUGHPUT_WINDOW_MS)
  private phase: SyncPhase = 'gossip'
  private timer: Timer | undefined
  private stopped = false
  private applying = false
  private retryAt = 0
  private stallMs: number
  private lastProgressAt: number
  private error: string | undefined
  private offering: Promise<void> = Promise.resolve()
  readonly counters = {
    requested: 0, received: 0, invalid: 0, timeouts: 0, // single-height requests (requestBlock)
    rangeRequests: 0, rangeAnswers: 0, blocksReceived: 0, bytesReceived: 0, applied: 0, alreadyApplied: 0,
    stalls: 0, rangeTimeouts: 0, withheld: 0, busy: 0, late: 0, droppedSlow: 0,
    downloadFailures: 0, processingFailures: 0, internalErrors: 0,
    stashed: 0, stashOffered: 0, stashAccepted: 0, syncsStarted: 0
  }

  constructor (private readonly deps: BlockSyncDeps) {
    const { host, config, provider } = deps
    this.host = host
    this.config = config
    this.provider = provider
    this.capabilities = provider === undefined ? 0 : Capability.BLOCK_SYNC
    this.stallMs = config.minTimeoutMs
    this.lastProgressAt = host.clock.now()
    this.scheduler = new SyncScheduler(config, provider?.height() ?? 0)
    this.stash = new GossipStash({ maxBlocks: config.maxStashBlocks, maxBytes: config.maxStashBytes })
    this.server = new BlockServer(host, deps.source, provider, config, deps.servedBudget, deps.maxFrameBytes)
    this.late = new TtlCache({ maxEntries: 4096, ttlMs: config.maxTimeoutMs })
    this.asks = host.requests.kind<Asked>({
      name: 'block',
      timeoutMs: config.requestTimeoutMs,
      maxTotal: MAX_OUTSTANDING + config.maxRequestsPerPeer * 64,
      maxPerPeer: MAX_OUTSTANDING_PER_PEER + config.maxRequestsPerPeer,
      grant: { types: [MessageType.BLOCK_RESPONSE], bytes: deps.maxFrameBytes + 4 },
      onTimeout: (r) => {
        if (r.data.kind === 'one') {
          this.counters.timeouts++
          r.data.resolve(undefined)
          return
        }
        // the tracker has charged SLOW_RESPONSE
        this.counters.rangeTimeouts++
        this.views.get(r.peer)?.timer.timedOut()
        this.late.set(lateKey(r.peer, r.key), true, host.clock.now())
        this.downloadFailed(r.data.range)
      },
      onCancel: (r) => {
        if (r.data.kind === 'one') r.data.resolve(undefined)
        else this.scheduler.cancel(r.data.range)
      }
    })
    this.statusAsks = host.requests.kind<undefined>({ name: 'block_status', timeoutMs: STATUS_TIMEOUT_MS, maxPerPeer: 1, grant: { types: [MessageType.BLOCK_STATUS] } })
  }

  // ---- entry points -------------------------------------------------------------------------

  /** Ask for the block at `height` (count 0); resolves undefined when no peer has it or it was not valid. */
  async requestBlock (height: number, options: RequestBlockOptions = {}): Promise<Block | undefined> {
    const peer = options.peerId !== undefined ? this.host.getPeer(options.peerId) : this.pickPeer(height)
    if (peer === undefined) return undefined
    return await new Promise<Block | undefined>((resolve) => {
      if (this.asks.start(peer.peerId, String(height), { kind: 'one', resolve }, { timeoutMs: options.timeoutMs ?? this.deps.requestTimeoutMs }) === undefined) {
        resolve(undefined)
        return
      }
      this.counters.requested++
      peer.sendMessage(Messages.blockRequest, { height })
    })
  }

  /**
   * Start block sync over from `height`: the chain now stands there (state sync restored a
   * snapshot and its trusted header; the provider's height() returns `height` and it
   * applies height + 1 onto that header). Everything fetched or asked before is dropped.
   */
  syncFrom (height: number): void {
    for (const r of this.scheduler.reset(height)) this.withdraw(r)
    this.stash.dropThrough(height)
    this.refusals.clear()
    this.error = undefined
    this.lastProgressAt = this.host.clock.now()
    this.updatePhase()
    this.pump()
  }

  /** The chain's height moved (a block applied here, or made final by consensus): node.setLatestHeight. */
  heightChanged (height: number): void {
    if (this.provider === undefined || height <= this.scheduler.height) return
    this.scheduler.advance(height)
    this.lastProgressAt = this.host.clock.now()
    for (const h of this.refusals.keys()) if (h <= height) this.refusals.delete(h)
    this.stash.dropThrough(height)
    this.offerStashed(height)
  }

  /**
   * Block relay asks before judging a gossiped block: true when it is too far ahead of the
   * chain to be judged now (it is kept and offered later; gossip ignores it meanwhile).
   */
  hold (decoded: DecodedBlock, from: Peer, bytes: number): boolean {
    if (this.provider === undefined) return false
    const h = decoded.block.header!.height
    const at = this.provider.height()
    if (h > at + 1 && h <= at + this.config.windowBlocks && this.stash.add({ height: h, decoded, from: from.peerId, bytes })) this.counters.stashed++
    return h > at + 2
  }

  status (): SyncStatus {
    const rate = this.throughput.rate()
    const s: SyncStatus = {
      phase: this.phase,
      height: this.scheduler.height,
      target: Math.max(this.scheduler.target, this.scheduler.height),
      peers: this.scheduler.peerCount,
      blocksPerSecond: round(rate.blocksPerSecond),
      bytesPerSecond: Math.round(rate.bytesPerSecond),
      inFlight: this.scheduler.inflightCount,
      bufferedBlocks: this.scheduler.bufferedBlocks,
      bufferedBytes: this.scheduler.bufferedBytes
    }
    if (this.error !== undefined) s.error = this.error
    return s
  }

  // ---- Protocol -------------------------------------------------------------------------------

  onMessage (peer: Peer, type: number, payload: Uint8Array): void {
    switch (type) {
      case MessageType.BLOCK_REQUEST:
        this.server.onRequest(peer, decodePayload(Messages.blockRequest, payload))
        return
      case MessageType.BLOCK_STATUS_REQUEST:
        this.server.onStatusRequest(peer)
        return
      case MessageType.BLOCK_STATUS: {
        const s = decodePayload(Messages.blockStatus, payload)
        this.statusAsks.answer(peer.peerId, 'status')
        this.claim(peer, s.height, s.base)
        return
      }
      default:
        this.onResponse(peer, payload)
    }
  }

  onPeerAdded (peer: Peer): void {
    if (this.provider === undefined || this.stopped) return
    this.timer ??= this.host.clock.setInterval(() => this.tick(), TICK_MS)
    if (((peer.remoteHello?.capabilities ?? 0) & Capability.BLOCK_SYNC) === 0) return
    const { requestTimeoutMs, minTimeoutMs, maxTimeoutMs } = this.config
    this.views.set(peer.peerId, { statusAt: -Infinity, rate: new DeliveryRate(this.host.clock.now()), downloadFailures: 0, processingFailures: 0, timer: new AnswerTimer(requestTimeoutMs, minTimeoutMs, maxTimeoutMs) })
    this.askStatus(peer)
  }

  /** The session moved to SYNC: the peer is ahead of our height (its Hello or its gossip). Ask how far, now. */
  onPeerStateChanged (peer: Peer, _from: PeerState, to: PeerState): void {
    const view = this.views.get(peer.peerId)
    if (to === PeerState.SYNC && view !== undefined && this.host.clock.now() - view.statusAt >= STATUS_HINT_MIN_MS) this.askStatus(peer)
  }

  onPeerRemoved (peer: Peer): void {
    this.server.peerRemoved(peer)
    this.views.delete(peer.peerId)
    this.scheduler.removePeer(peer.peerId) // the tracker cancels its requests
    this.pump()
  }

  stop (): void {
    this.stopped = true
    this.timer?.cancel()
    this.timer = undefined
  }

  stats (): Record<string, unknown> {
    const byPeer: Record<string, unknown> = {}
    for (const [id, v] of this.views) {
      byPeer[id] = { claimed_height: this.scheduler.peerHeight(id) ?? null, in_flight: this.scheduler.inflightTo(id), blocks_per_s: v.rate.last === undefined ? null : round(v.rate.last), download_failures: v.downloadFailures, processing_failures: v.processingFailures }
    }
    return {
      ...this.status(),
      ...this.counters,
      outstanding: this.asks.size,
      pending_heights: this.scheduler.pendingHeights,
      stall_timeout_ms: Math.round(this.stallMs),
      stash: { blocks: this.stash.size, bytes: this.stash.bytes, dropped: this.stash.dropped },
      served: this.server.counters,
      by_peer: byPeer
    }
  }

  // ---- fetching -------------------------------------------------------------------------------

  private tick (): void {
    if (this.stopped || this.provider === undefined) return
    const now = this.host.clock.now()
    this.heightChanged(this.provider.height())
    for (const [id, view] of this.views) {
      const peer = this.host.getPeer(id)
      if (peer === undefined) continue
      if (this.host.isQuarantined(id)) for (const r of this.scheduler.removePeer(id)) this.withdraw(r)
      const claimed = this.scheduler.peerHeight(id) ?? 0
      const hinted = peer.latestHeight - 1 > claimed && now - view.statusAt >= STATUS_HINT_MIN_MS
      if (hinted || now - view.statusAt >= this.config.statusIntervalMs) this.askStatus(peer)
      view.rate.tick(now, this.scheduler.inflightTo(id) > 0)
      const rate = view.rate.sample(this.config.rateWindowMs)
      if (rate !== undefined && rate < this.config.minBlocksPerSecond) this.dropSlow(id, rate)
    }
    this.checkStall(now)
    this.updatePhase()
    this.throughput.tick(now)
    this.pump()
  }

  private updatePhase (): void {
    const behind = this.scheduler.target - this.scheduler.height
    const next: SyncPhase = behind > this.config.gossipWithinBlocks && this.error === undefined ? 'sync' : 'gossip'
    if (next === this.phase) return
    this.phase = next
    if (next === 'sync') this.counters.syncsStarted++
    this.host.log.info({ height: this.scheduler.height, target: this.scheduler.target, peers: this.scheduler.peerCount }, next === 'sync' ? 'block sync: behind, syncing' : 'block sync: caught up, following gossip')
    this.provider?.syncing?.(next === 'sync')
  }

  private fetching (): boolean {
    if (this.error !== undefined) return false
    if (this.phase === 'sync') return true
    return this.scheduler.target > this.scheduler.height && this.host.clock.now() - this.lastProgressAt >= this.config.catchUpAfterMs
  }

  private pump (): void {
    if (this.stopped || this.provider === undefined || this.provider.ready?.() === false) return
    if (this.fetching()) this.ask()
    this.applyNext()
  }

  private ask (): void {
    for (const r of this.scheduler.assign(this.host.clock.now())) {
      const peer = this.host.getPeer(r.peer)
      const timeoutMs = this.views.get(r.peer)?.timer.timeout() ?? this.config.requestTimeoutMs
      const open = peer === undefined ? undefined : this.asks.start(r.peer, String(r.from), { kind: 'range', range: r }, { timeoutMs })
      if (open === undefined) {
        this.scheduler.cancel(r)
        continue
      }
      if (!peer!.sendMessage(Messages.blockRequest, { height: r.from, count: r.to - r.from + 1, maxBytes: r.maxBytes })) {
        this.asks.cancel(open) // our send queue to it is full: ask again later
        continue
      }
      this.counters.rangeRequests++
    }
  }

  private askStatus (peer: Peer): void {
    const view = this.views.get(peer.peerId)
    if (view === undefined || this.statusAsks.start(peer.peerId, 'status', undefined) === undefined) return
    view.statusAt = this.host.clock.now()
    peer.sendMessage(Messages.blockStatusRequest, {})
  }

  /** What a peer says it holds (BlockStatus, a range answer). Base 0: no blocks (a node fresh from state sync), nothing to ask it for. */
  private claim (peer: Peer, height: number, base: number): void {
    if (!this.views.has(peer.peerId)) return
    peer.latestHeight = Math.max(peer.latestHeight, height)
    if (this.host.isQuarantined(peer.peerId)) return
    this.scheduler.setPeer(peer.peerId, base === 0 ? 0 : height, base)
    this.updatePhase()
    this.pump()
  }

  private onResponse (peer: Peer, payload: Uint8Array): void {
    const response = decodePayload(Messages.blockResponse, payload)
    const key = String(response.height)
    const asked = this.asks.take(peer.peerId, key)
    if (asked === undefined) {
      if (this.late.has(lateKey(peer.peerId, key), this.host.clock.now())) {
        this.counters.late++
        return
      }
      this.asks.answer(peer.peerId, key) // throws UNSOLICITED_MESSAGE
      return
    }
    if (asked.data.kind === 'one') this.onOne(peer, response, payload, asked.data.resolve)
    else this.onRange(peer, response, payload, asked.data.range)
  }

  private onRange (peer: Peer, response: BlockResponse, payload: Uint8Array, r: RangeRequest): void {
    if (this.scheduler.request(peer.peerId, r.from) !== r) return // started over meanwhile
    this.counters.rangeAnswers++
    const claimed = this.scheduler.peerHeight(peer.peerId) ?? 0
    if (response.blocks.length === 0) {
      this.downloadFailed(r)
      if (response.busy) {
        this.counters.busy++
        this.claim(peer, response.latestHeight, response.base)
        return
      }
      const withheld = claimed >= r.from && response.base <= r.from
      this.claim(peer, withheld ? Math.min(response.latestHeight, r.from - 1) : response.latestHeight, response.base)
      if (withheld) {
        this.counters.withheld++
        throw new ProtocolError(ErrorCodes.BLOCK_WITHHELD, `claimed height ${claimed}, sent no block from ${r.from}`)
      }
      return
    }
    let fetched: FetchedBlock[]
    try {
      if (response.blocks.length > r.to - r.from + 1) throw new ProtocolError(ErrorCodes.INVALID_FIELD, `${response.blocks.length} blocks for a request of ${r.to - r.from + 1}`)
      // the answer outlives this handler: our own copy, not views into a receive buffer
      fetched = checkRange(r.from, decodePayload(Messages.blockResponse, Uint8Array.from(payload)))
    } catch (err) {
      this.downloadFailed(r)
      if (err instanceof KuberError && err.code === ErrorCodes.INVALID_BLOCK) this.deps.judge.countInvalid(peer.peerId)
      throw err
    }
    let bytes = 0
    for (const f of fetched) bytes += f.bytes.length
    this.scheduler.received(r, fetched)
    if (this.provider?.prepare !== undefined) for (const f of fetched) this.provider.prepare(f.block)
    const view = this.views.get(peer.peerId)
    if (view !== undefined) {
      view.rate.delivered(fetched.length)
      view.timer.answered(this.host.clock.now() - r.sentAt)
    }
    this.counters.blocksReceived += fetched.length
    this.counters.bytesReceived += bytes
    this.stallMs = Math.max(this.config.minTimeoutMs, this.stallMs * STALL_DECAY)
    this.claim(peer, response.latestHeight, response.base)
    this.pump()
  }

  /** A range came back without its blocks, late, or malformed: ask again (elsewhere first). */
  private downloadFailed (r: RangeRequest): void {
    this.counters.downloadFailures++
    const view = this.views.get(r.peer)
    if (view !== undefined) view.downloadFailures++
    this.scheduler.failed(r, this.host.clock.now(), this.config.minTimeoutMs)
    this.pump()
  }

  /** Bitcoin Core's stalling rule: the block the apply point waits for is late; ask someone else. */
  private checkStall (now: number): void {
    const r = this.scheduler.blocker()
    if (r === undefined || now - r.sentAt < this.stallMs || !this.scheduler.canServe(r.from, r.peer, now)) return
    this.counters.stalls++
    this.host.log.debug({ peer: r.peer, from: r.from, waitedMs: Math.round(now - r.sentAt) }, 'block sync stalled: asking another peer')
    this.host.penalize(r.peer, new ProtocolError(ErrorCodes.SLOW_RESPONSE, `block ${r.from} not delivered within the stall timeout of ${Math.round(this.stallMs)} ms`))
    this.stallMs = Math.min(this.config.maxTimeoutMs, this.stallMs * 2)
    this.withdraw(r)
    this.downloadFailed(r)
  }

  /** Close a request's tracker entry without blame; its late answer is dropped quietly. */
  private withdraw (r: RangeRequest): void {
    const open = this.asks.get(r.peer, String(r.from))
    if (open === undefined) return
    this.late.set(lateKey(r.peer, open.key), true, this.host.clock.now())
    this.asks.cancel(open)
  }

  private dropSlow (id: PeerId, rate: number): void {
    this.counters.droppedSlow++
    this.host.log.info({ peer: id, blocksPerSecond: round(rate), min: this.config.minBlocksPerSecond }, 'block sync: dropping a peer below the minimum rate')
    this.host.penalize(id, new ProtocolError(ErrorCodes.SLOW_RESPONSE, `delivered ${round(rate)} blocks/s while asked, below ${this.config.minBlocksPerSecond}`))
    this.host.disconnect(id, DisconnectReason.SYNC_TOO_SLOW)
  }

  // ---- applying --------------------------------------------------------------------------------

  private applyNext (): void {
    const provider = this.provider!
    if (this.applying || this.host.clock.now() < this.retryAt) return
    const next = this.scheduler.next()
    if (next === undefined) return
    this.applying = true
    provider.applyBlock(next.block, next.commit, next.bytes).then((applied) => {
      this.applying = false
      if (applied) {
        this.counters.applied++
        this.throughput.add(1, next.bytes.length)
        this.host.reward(next.peer, Reward.VALID_BLOCK)
      } else {
        this.counters.alreadyApplied++
      }
      this.heightChanged(Math.max(provider.height(), next.height))
      this.updatePhase()
      this.pump()
    }, (err: unknown) => {
      this.applying = false
      if (err instanceof KuberError) this.refused(next, err)
      else {
        this.counters.internalErrors++
        this.retryAt = this.host.clock.now() + INTERNAL_RETRY_MS
        this.host.log.error({ err, height: next.height }, 'applying a fetched block failed')
      }
      this.pump()
    })
  }

  /** The chain refused a fetched block: the peer that served it pays, its other blocks are fetched again. */
  private refused (block: ReadyBlock, err: KuberError): void {
    this.counters.processingFailures++
    this.scheduler.rejected(block.height)
    const view = this.views.get(block.peer)
    if (view !== undefined) view.processingFailures++
    const n = (this.refusals.get(block.height) ?? 0) + 1
    this.refusals.set(block.height, n)
    this.host.log.warn({ peer: block.peer, height: block.height, code: err.code, err: err.message }, 'block sync: a fetched block was refused')
    this.deps.judge.countInvalid(block.peer) // the second: score 0 and disconnect (invalid_blocks)
    this.host.penalize(block.peer, err)
    if (n >= this.config.maxProcessingFailures) {
      this.error = `block ${block.height} was refused ${n} times, from different peers: this node's chain state may be wrong (last: ${err.message})`
      this.host.log.error({ height: block.height }, this.error)
      this.updatePhase()
    }
  }

  /** The chain is at `height`: offer it the gossiped blocks kept for the next two heights, in order. */
  private offerStashed (height: number): void {
    const entries = [...this.stash.at(height + 1), ...this.stash.at(height + 2)]
    if (entries.length === 0) return
    this.offering = this.offering.then(async () => {
      for (const e of entries) {
        if (this.stopped || e.height <= this.provider!.height()) continue
        this.counters.stashOffered++
        let verdict
        try {
          verdict = await this.deps.judge.judge(e.decoded.block, e.decoded.txHashes, e.from)
        } catch (err) {
          this.stash.remove(e)
          if (err instanceof KuberError) this.host.penalize(e.from, err)
          else this.host.log.error({ err }, 'judging a kept block failed')
          continue
        }
        if (verdict === 'reject') {
          this.stash.remove(e)
          this.host.penalize(e.from, new ProtocolError(ErrorCodes.INVALID_BLOCK, `invalid block at height ${e.height}`))
        } else if (verdict === 'accept') {
          this.counters.stashAccepted++
          this.deps.relay.deliverLate(e.decoded, e.from)
        }
        if (e.height === height + 1) this.stash.remove(e)
      }
    }).catch((err: unknown) => this.host.log.error({ err }, 'offering kept blocks failed'))
  }

  // ---- single heights (requestBlock) ------------------------------------------------------------

  private pickPeer (height: number): Peer | undefined {
    const candidates = this.host.connectedPeers().filter((p) => p.latestHeight >= height && !this.host.isQuarantined(p.peerId))
    return candidates.length === 0 ? undefined : candidates[this.host.random.int(candidates.length)]
  }

  private onOne (peer: Peer, response: BlockResponse, payload: Uint8Array, resolve: (block: Block | undefined) => void): void {
    const { height, block } = response
    if (block === undefined) { resolve(undefined); return }
    this.counters.received++
    if (block.header?.height !== height) {
      this.counters.invalid++
      resolve(undefined)
      this.deps.judge.countInvalid(peer.peerId)
      throw new ProtocolError(ErrorCodes.INVALID_BLOCK, `BlockResponse for height ${height} holds height ${block.header?.height}`)
    }
    peer.latestHeight = Math.max(peer.latestHeight, height)
    // the block outlives this handler: keep our own copy, not views into a receive buffer
    const own = decodePayload(Messages.blockResponse, Uint8Array.from(payload)).block!
    Promise.resolve(this.deps.judge.judge(own, own.txs.map(sha256), peer.peerId)).then((verdict) => {
      if (verdict === 'accept') this.host.reward(peer.peerId, Reward.VALID_BLOCK)
      if (verdict === 'reject') {
        this.counters.invalid++
        this.host.penalize(peer.peerId, new ProtocolError(ErrorCodes.INVALID_BLOCK, `invalid block at height ${height}`))
      }
      resolve(verdict === 'accept' ? own : undefined)
    }, (err: unknown) => {
      this.counters.invalid++
      if (err instanceof KuberError) this.host.penalize(peer.peerId, err)
      resolve(undefined)
    })
  }
}

/**
 * The blocks of a range answer from `from`: each decodes, has the next height and names
 * the one before as its parent. Each block's commit is the next block's last_commit; the
 * last one's is the answer's commit.
 */
function checkRange (from: number, response: BlockResponse): FetchedBlock[] {
  const blocks: Block[] = []
  let parent: Buffer | undefined
  for (const [i, bytes] of response.blocks.entries()) {
    const block = decodeBlock(bytes)
    const header = block.header
    if (header?.height !== from + i) throw new ProtocolError(ErrorCodes.INVALID_BLOCK, `range from ${from}: block ${i} is at height ${header?.height}`)
    if (parent !== undefined && !parent.equals(header.parentHash)) throw new ProtocolError(ErrorCodes.INVALID_BLOCK, `block ${from + i} does not link to block ${from + i - 1}`)
    parent = blockHash(header)
    blocks.push(block)
  }
  return blocks.map((block, i) => ({ block, bytes: response.blocks[i]!, commit: i + 1 < blocks.length ? blocks[i + 1]!.lastCommit : response.commit }))
}

function lateKey (peer: PeerId, key: string): string {
  return `${peer}|${key}`
}

function round (n: number): number {
  return Math.round(n * 10) / 10
}
