// KuberNode: the library entry point. It composes identity, transport, secure channel,
// session manager, router, scoring and static peers, and is what the CLI, the debug RPC
// and chain developers use: start/stop, register handlers or protocols, send, broadcast,
// query peers.
import { txPacingFor } from '../session/send-pacer.js'
import { EventEmitter } from 'node:events'
import type { Logger } from 'pino'
import { systemClock, type Clock } from '../runtime/clock.js'
import { systemRandom, type Random } from '../runtime/random.js'
import { ErrorCodes, KuberError, ProtocolError, TransportError } from '../errors.js'
import { generateIdentity, type Identity } from '../identity/keys.js'
import { loadOrCreateNodeKey } from '../identity/key-file.js'
import { shortPeerId, type PeerId } from '../identity/peer-id.js'
import type { Transport } from '../transport/types.js'
import { createTcpTransport } from '../transport/tcp.js'
import { createWsTransport } from '../transport/ws.js'
import { TransportManager } from '../transport/manager.js'
import { parseTransportAddress, type TransportScheme } from '../transport/address.js'
import type { SecureUpgrader } from '../secure/types.js'
import { createNoiseUpgrader } from '../secure/noise-upgrader.js'
import { createPlaintextUpgrader } from '../secure/plaintext.js'
import { encodeFrame } from '../wire/envelope.js'
import type { Digest } from '../wire/hash.js'
import type { MessageHandler, Peer, Protocol } from '../router/types.js'
import { ProtocolHub } from './protocol-hub.js'
import type { ProtocolHost } from '../router/host.js'
import { RequestTracker } from '../router/requests.js'
import { SessionManager } from '../session/manager.js'
import type { Session } from '../session/session.js'
import { DisconnectReason, isDisconnectReason } from '../session/lifecycle.js'
import { Capability } from '../session/hello.js'
import { NodeStats, type DropReason } from '../session/stats.js'
import { PeerScorer, type BanEntry, type BanStore } from '../scoring/scorer.js'
import { Reward, isPenalised } from '../scoring/penalties.js'
import { parseNodeConfig, parsePeerAddress, type NodeConfig, type NodeConfigInput, type PeerAddress } from './config.js'
import { StaticPeers } from './static-peers.js'
import { createLogger } from './logger.js'
import { peerInfo, type PeerInfo } from '../session/info.js'
import type { Registry } from 'prom-client'
import type { NodeView } from '../rpc/view.js'
import { startRpcServer, type RpcServer } from '../rpc/server.js'
import { createPeerStore, type PeerStore } from '../peerstore/peer-store.js'
import { Discovery } from '../discovery/discovery.js'
import { nodeDiscoveryHost } from './discovery-host.js'
import type { SeedAddress } from '../discovery/types.js'
import { ChainProtocols } from '../protocols/chain.js'
import type { ChainApp } from '../protocols/app.js'
import type { BlockSync, RequestBlockOptions, SyncPhase, SyncStatus } from '../protocols/blocksync/block-sync.js'
import type { SubmitTxResult } from '../protocols/mempool/tx-relay.js'
import type { Mempool } from '../protocols/mempool/mempool.js'
import type { GossipTopic } from '../gossip/topic.js'
import type { Block, VoteMessage } from '../wire/gen/kuber.js'
import type { SnapshotRestorer } from '../protocols/statesync/provider.js'
import type { StateSync, SyncOptions, SyncResult } from '../protocols/statesync/state-sync.js'
import { PriorityInbox } from './priority-inbox.js'
import { LightServer, type SignedHeaderSource } from '../protocols/light/light-server.js'
import { lightDemoHandler } from './light-demo.js'
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { SendClassTable } from '../session/send-class.js'

/** What can be injected instead of the defaults (tests, the simulator, embedders). */
export interface NodeDeps {
  /** Node identity (default: `<home>/node_key.json`, created if absent; without home, a fresh key). */
  identity?: Identity
  /** Default: the system clock. */
  clock?: Clock
  /** Default: the OS CSPRNG. */
  random?: Random
  /** The TCP transport (default: TCP sockets; the simulator passes its in-memory network). */
  transport?: Transport
  /** Transports of other address schemes beside TCP (default: ws, the WebSocket transport). */
  transports?: Partial<Record<TransportScheme, Transport>>
  /** Default: a pino logger to stderr at config.logLevel. */
  logger?: Logger
  /** Where bans persist (default: the peer store). */
  banStore?: BanStore
  /** The peer store (default: LevelDB under <home>/peerstore, in memory without a home). */
  peerStore?: PeerStore
  /** The chain application's hooks: validateBlock, validateVote, validateTx, blockSource (default: accept all, serve no blocks). */
  app?: ChainApp
}

/** Where the node stands in spec §15's SYNC → GOSSIP: restoring a snapshot (state_sync), fetching blocks (sync: block sync), or following the chain (gossip). */
export type NodeSyncPhase = 'state_sync' | SyncPhase

export interface NodeEvents {
  'peer:connected': [PeerInfo]
  'peer:disconnected': [PeerInfo, DisconnectReason]
  /** This node banned a peer (it is disconnected, if connected, right after). */
  'peer:banned': [BanEntry]
  /** A valid block from a peer, delivered once. */
  'block': [Block, PeerId]
  /** A valid vote from a peer, delivered once. */
  'vote': [VoteMessage, PeerId]
  /** A valid transaction from a peer, delivered once and added to the mempool (the bytes are the node's own copy). */
  'tx': [Uint8Array, Digest, PeerId]
}

export class KuberNode extends EventEmitter<NodeEvents> implements NodeView {
  readonly config: NodeConfig
  readonly identity: Identity
  readonly clock: Clock
  readonly random: Random
  readonly log: Logger
  readonly stats = new NodeStats()
  readonly scorer: PeerScorer
  /** Router and protocols. */
  readonly protocols: ProtocolHub
  /** Every request this node has open to peers (all protocols). */
  readonly requests: RequestTracker
  /** What protocols are handed: sending, scoring, peers, clock, random, log, metrics, requests. */
  readonly protocolHost: ProtocolHost
  /** Known peers, bans and anchors (persistent when the node has a home). */
  readonly peerStore: PeerStore
  /** Gossip, blocks, votes and mempool. */
  readonly chain: ChainProtocols
  /** Serves light clients once given a header source (serveLightClients). */
  readonly light = new LightServer()
  /** Each message type's send class (protocols declare theirs). */
  private readonly sendClasses = new SendClassTable()
  private readonly inbox: PriorityInbox
  private readonly sessions: SessionManager
  private readonly transport: TransportManager
  private readonly discovery: Discovery | undefined
  private readonly staticPeers: StaticPeers
  private rpc: RpcServer | undefined
  private lightDemo: RequestListener | undefined
  private height = 0
  private stateSyncing = false
  private started = false
  private startedAt = 0
  /** The last start() or stop() (they run one after another). */
  private lifecycle: Promise<void> = Promise.resolve()

  constructor (config: NodeConfig, identity: Identity, deps: NodeDeps = {}) {
    super()
    this.config = config
    this.identity = identity
    this.clock = deps.clock ?? systemClock
    this.random = deps.random ?? systemRandom
    this.log = (deps.logger ?? createLogger(config.logLevel)).child({ node: shortPeerId(identity.peerId) })
    this.requests = new RequestTracker({
      clock: this.clock,
      limits: { maxPerPeer: config.maxRequestsPerPeer, maxTotal: config.maxRequests },
      penalize: (id, err) => this.penalize(id, err)
    })
    this.protocolHost = this.createProtocolHost()
    this.protocols = new ProtocolHub({
      log: this.log,
      stats: this.stats,
      host: this.protocolHost,
      requests: this.requests,
      connected: () => this.sessions.peers.values(),
      peerError: (peer, err) => this.penalize(peer.peerId, err)
    })
    this.peerStore = deps.peerStore ?? createPeerStore(config.home, {
      clock: this.clock,
      limits: { maxNew: config.addrBookMaxNew, maxTried: config.addrBookMaxTried, maxNewPerGroup: config.addrBookMaxNewPerGroup, maxNewPerSource: config.addrBookMaxNewPerSource, maxTriedPerGroup: config.addrBookMaxTriedPerGroup },
      onWriteError: (err) => this.log.error({ err }, 'peer store write failed'),
      onCorrupt: (movedTo, err) => this.log.warn({ movedTo, reason: err.message }, 'peer store was corrupt: moved aside, starting with an empty one (peers are relearned from seeds and static peers; its bans are lost)')
    })
    this.scorer = new PeerScorer({
      clock: this.clock,
      banBaseMs: config.banBaseMs,
      banMaxMs: config.banMaxMs,
      banStore: deps.banStore ?? this.peerStore,
      onBan: (ban) => {
        this.stats.bans.add(ban.reason)
        this.log.warn({ peer: ban.peerId, reason: ban.reason, until: new Date(ban.until).toISOString(), count: ban.count }, 'peer banned')
        this.emit('peer:banned', ban)
        this.session(ban.peerId)?.destroy(isDisconnectReason(ban.reason) ? ban.reason : DisconnectReason.SCORE_BELOW_BAN)
      }
    })
    const transports = new Map<TransportScheme, Transport>([
      ['tcp', deps.transport ?? createTcpTransport({ clock: this.clock })],
      ['ws', createWsTransport({ clock: this.clock, httpHandler: (req, res) => this.httpRequest(req, res) })]
    ])
    for (const [scheme, t] of Object.entries(deps.transports ?? {})) if (t !== undefined) transports.set(scheme as TransportScheme, t)
    const transport = this.transport = new TransportManager(transports)
    const upgrader: SecureUpgrader = config.encryption === 'noise'
      ? createNoiseUpgrader({ identity, random: this.random })
      : createPlaintextUpgrader({ identity })
    this.sessions = new SessionManager({
      identity,
      transport,
      upgrader,
      clock: this.clock,
      random: this.random,
      log: this.log,
      stats: this.stats,
      config: { ...config, sendClasses: this.sendClasses, txPacing: txPacingFor({ ...config, ...config.mempool }) },
      events: {
        localHeight: () => this.height,
        capabilities: () => this.protocols.capabilities | (config.seedMode ? Capability.SEED : 0) | (this.light.serving ? Capability.LIGHT_SERVER : 0),
        solicited: (s, type, bytes) => this.requests.solicited(s.peerId, type, bytes),
        stateChanged: (s, from, to) => { if (!s.isLightClient) this.protocols.peerStateChanged(s, from, to) },
        advertisedAddress: () => this.advertisedAddress(),
        isBanned: (id) => this.scorer.isBanned(id),
        established: (s) => this.onEstablished(s),
        message: (s, type, payload) => this.onMessage(s, type, payload),
        closed: (s, reason, was) => this.onClosed(s, reason, was),
        peerError: (s, err) => this.onPeerError(s, err),
        uptime: (s) => this.onUptimeMinute(s)
      }
    })
    this.staticPeers = new StaticPeers({
      clock: this.clock,
      random: this.random,
      log: this.log,
      backoff: { baseMs: config.redialBaseMs, maxMs: config.redialMaxMs },
      dial: async (target) => (await this.dialPeer(target, true)).peerId,
      isConnected: (id) => this.sessions.peers.has(id)
    })
    for (const p of config.peers) this.staticPeers.add(parsePeerAddress(p))
    if (config.pex) {
      this.discovery = new Discovery(nodeDiscoveryHost(this, this.sessions), this.peerStore, { ...config, seeds: config.seeds.map(parsePeerAddress) as SeedAddress[] })
      this.registerProtocol(this.discovery)
    }
    this.inbox = new PriorityInbox({
      clock: this.clock,
      stats: this.stats,
      maxQueued: config.greylistQueueMax,
      maxQueuedBytes: config.greylistQueueMaxBytes,
      isLowPriority: (s) => this.scorer.isQuarantined(s.peerId),
      handle: (s, type, payload) => this.protocols.dispatch(s, type, payload)
    })
    this.addStatsSection('light', () => ({ ...this.light.stats(), max_clients: config.maxLightClients }))
    this.chain = new ChainProtocols(this.protocolHost, this, deps.app ?? {}, {

      block: (block, from) => this.emit('block', block, from),
      vote: (vote, from) => this.emit('vote', vote, from),
      tx: (tx, txHash, from) => this.emit('tx', tx, txHash, from)
    })
  }

  get peerId (): PeerId {
    return this.identity.peerId
  }

  get publicKey (): Uint8Array {
    return this.identity.publicKey
  }

  /** The debug RPC's bound address, when it runs. */
  get rpcAddress (): string | undefined {
    return this.rpc?.address
  }

  /** Addresses the node listens on, with real ports (after start). */
  get listenAddresses (): string[] {
    return this.sessions.listenAddresses
  }

  /** The chain height the application last reported (see setLatestHeight). */
  get latestHeight (): number {
    return this.height
  }

  /** Tell the node the application's latest height (sent in Hello; drives SYNC vs GOSSIP and block sync). */
  setLatestHeight (height: number): void {
    this.height = height
    this.chain.sync.heightChanged(height)
  }

  syncStatus (): SyncStatus {
    return this.chain.sync.status()
  }

  /** Block sync: its status, and syncFrom(height) to start over from a restored snapshot. */
  get blockSync (): BlockSync {
    return this.chain.sync
  }

  /** state_sync while the application says so (setStateSyncing), else block sync's phase. */
  get syncPhase (): NodeSyncPhase {
    return this.stateSyncing ? 'state_sync' : this.chain.sync.status().phase
  }

  /** Tell the node the application is restoring its state by state sync, or deciding whether to (true), or done (false). */
  setStateSyncing (active: boolean): void {
    if (active === this.stateSyncing) return
    this.stateSyncing = active
    this.log.info({ phase: this.syncPhase }, active ? 'sync phase: state sync' : 'sync phase: state sync over')
  }

  /** GET /p2p/info's `sync`: the phase, block sync's status, state sync's progress. */
  syncInfo (): Record<string, unknown> {
    const s = this.chain.sync.status()
    return {
      phase: this.syncPhase,
      height: s.height,
      target: s.target,
      peers: s.peers,
      blocks_per_s: s.blocksPerSecond,
      bytes_per_s: s.bytesPerSecond,
      in_flight: s.inFlight,
      buffered_blocks: s.bufferedBlocks,
      buffered_bytes: s.bufferedBytes,
      ...(s.error === undefined ? {} : { error: s.error }),
      state_sync: this.stateSync.status()
    }
  }

  /** State sync (snapshot discovery, serving, fetching). */
  get stateSync (): StateSync {
    return this.chain.stateSync
  }

  /**
   * Restore the application's state from a snapshot peers serve (spec §11): find one that
   * stateSync.minPeers peers serve, have `restorer` check it against the chain, fetch and
   * apply its chunks. Resolves restored: false when none could be restored in time.
   */
  async syncState (restorer: SnapshotRestorer, options?: SyncOptions): Promise<SyncResult> {
    return await this.chain.stateSync.sync(restorer, options)
  }

  get isStarted (): boolean {
    return this.started
  }

  get uptimeMs (): number {
    return this.started ? this.clock.now() - this.startedAt : 0
  }

  /**
   * Listen, start liveness checks and dial the static peers. A stopped node can be
   * started again (its peer store is reopened); start() and stop() calls run one at a time.
   */
  async start (): Promise<void> {
    await this.inTurn(async () => await this.startNow())
  }

  /** Disconnect everyone, stop listening, stop protocols, close the peer store. Idempotent. */
  async stop (): Promise<void> {
    await this.inTurn(async () => await this.stopNow())
  }

  private async inTurn (step: () => Promise<void>): Promise<void> {
    const run = this.lifecycle.then(step)
    this.lifecycle = run.catch(() => {})
    await run
  }

  private async startNow (): Promise<void> {
    if (this.started) return
    await this.peerStore.open()
    try {
      await this.scorer.load()
      this.sessions.start()
      for (const address of this.config.listen) await this.sessions.listen(address)
      if (this.config.rpc !== undefined) this.rpc = await startRpcServer(this, this.config.rpc)
    } catch (err) {
      await this.sessions.stop()
      await this.peerStore.close()
      throw err
    }
    this.started = true
    this.startedAt = this.clock.now()
    this.staticPeers.start()
    this.discovery?.start()
    this.log.info({ peerId: this.peerId, listen: this.listenAddresses, rpc: this.rpc?.address, chainId: this.config.chainId }, 'node started')
  }

  private async stopNow (): Promise<void> {
    if (!this.started) return
    this.started = false
    this.staticPeers.stop()
    await this.rpc?.close()
    this.rpc = undefined
    await this.sessions.stop()
    await this.protocols.stop()
    this.inbox.stop()
    await this.peerStore.close()
    this.log.info('node stopped')
  }

  /** Handle one message type with a function (sync or async; throw a KuberError to penalise the sender). */
  handle (type: number, handler: MessageHandler): void {
    this.protocols.handle(type, handler)
  }

  /**
   * Register a protocol: it is handed the node's ProtocolHost, owns its message types,
   * advertises its capability bits in Hello (to peers that connect afterwards) and hears
   * about peers coming, going and changing lifecycle state.
   */
  registerProtocol (protocol: Protocol): void {
    for (const [type, cls] of Object.entries(protocol.sendClasses ?? {})) if (cls !== undefined) this.sendClasses.set(Number(type), cls)
    this.protocols.register(protocol)
  }

  /**
   * Serve light clients (kuber-p2p/light) from `source`: signed headers on request and as
   * they become final (call lightHeaderFinal), blocks by height. Call before start() so
   * that the LIGHT_SERVER capability is in every Hello. With options.genesis (the chain's
   * genesis document), WebSocket listeners also serve the demo page at http://host:port/.
   */
  serveLightClients (source: SignedHeaderSource, options: { genesis?: unknown } = {}): void {
    this.light.setSource(source)
    if (options.genesis !== undefined) this.lightDemo = lightDemoHandler(options.genesis)
  }

  /** A block became final: followers among the light clients are sent its signed header. */
  lightHeaderFinal (height: number): void {
    this.light.headerFinal(height).catch((err: unknown) => this.log.error({ err }, 'light header push failed'))
  }

  /** Add a section to GET /p2p/stats (protocols, stores). */
  addStatsSection (name: string, read: () => Record<string, unknown>): void {
    this.protocols.addStatsSection(name, read)
  }

  /** Add metrics to the node's Prometheus registry (called when the RPC starts). */
  addMetrics (register: (registry: Registry) => void): void {
    this.protocols.addMetrics(register)
  }

  statsSections (): Record<string, unknown> {
    return this.protocols.statsSections()
  }

  /** The peer store's summary for GET /p2p/addrbook. */
  addrBook (): Record<string, unknown> {
    return this.peerStore.summary()
  }

  metricSources (): Iterable<(registry: Registry) => void> {
    return this.protocols.metricSources()
  }

  /** Established peers as protocols see them. */
  connectedPeers (): Peer[] {
    return [...this.sessions.peers.values()]
  }

  getPeer (id: PeerId): Peer | undefined {
    return this.sessions.peers.get(id)
  }

  /** Descriptions of all connections (established and in handshake), for the RPC and the API. */
  peers (): PeerInfo[] {
    return this.sessions.allSessions().map((s) => this.info(s))
  }

  /** Send one message to one peer. False if not connected or its send buffer is full. */
  send (id: PeerId, type: number, payload: Uint8Array): boolean {
    const s = this.sessions.peers.get(id)
    return s !== undefined && s.sendFrame(type, encodeFrame(type, payload))
  }

  /**
   * Send one message to every established peer whose score is at or above the greylist
   * threshold (spec §8: lower peers are quarantined). Encodes once. Returns how many
   * peers it was queued for.
   */
  broadcast (type: number, payload: Uint8Array, options: { except?: PeerId } = {}): number {
    const frame = encodeFrame(type, payload)
    let n = 0
    for (const s of this.sessions.peers.values()) {
      if (s.peerId === options.except || this.scorer.band(s.peerId) === 'greylisted') continue
      if (s.sendFrame(type, frame)) n++
    }
    return n
  }

  /** Dial "PEER_ID@host:port" or "host:port" and complete the handshake. */
  async dial (target: string, signal?: AbortSignal): Promise<PeerInfo> {
    const session = await this.dialPeer(parsePeerAddress(target), false, signal)
    return this.info(session)
  }

  /** Disconnect a peer (default reason "requested"). */
  disconnect (id: PeerId, reason: DisconnectReason = DisconnectReason.REQUESTED): boolean {
    const s = this.sessions.peers.get(id)
    s?.disconnect(reason)
    return s !== undefined
  }

  /** Gossip a block made here; returns its block hash (SHA-256 of the encoded header). */
  publishBlock (block: Block): Digest {
    return this.chain.blocks.publish(block)
  }

  /**
   * Send a block or vote made here again (consensus, when a round times out): to the peers
   * not known to have it, so it is never a repeat to the receiver. Returns how many got it.
   */
  republishOurs (what: { block: Block } | { vote: VoteMessage }): number {
    return 'block' in what ? this.chain.blocks.republish(what.block) : this.chain.votes.republish(what.vote)
  }

  /** Gossip a vote made here; returns its message id. */
  publishVote (vote: VoteMessage): Digest {
    return this.chain.votes.publish(vote)
  }

  /** Validate a transaction (app.validateTx), add it to the mempool and gossip it. */
  async submitTx (tx: Uint8Array): Promise<SubmitTxResult> {
    return await this.chain.txs.submit(tx)
  }

  /** Gossip a message of a topic added with addGossipTopic; returns its message id. */
  publish (type: number, payload: Uint8Array): Digest {
    return this.chain.gossip.publish(type, payload)
  }

  /** Gossip an application message type of your own: its messages are validated, deduplicated and relayed like blocks. */
  addGossipTopic (topic: GossipTopic): void {
    this.chain.gossip.addTopic(topic)
  }

  /** Ask a peer for the block at `height` (BlockRequest); undefined if none came, or it was invalid. */
  async requestBlock (height: number, options?: RequestBlockOptions): Promise<Block | undefined> {
    return await this.chain.sync.requestBlock(height, options)
  }

  /** The node's mempool (valid transactions, oldest first). */
  get mempool (): Mempool {
    return this.chain.mempool
  }

  /** Count `n` messages from a peer that were discarded for `reason` (drops_by_reason, per node and per peer). */
  recordDrop (id: PeerId, reason: DropReason, n = 1): void {
    this.stats.drops.add(reason, n)
    this.sessions.peers.get(id)?.stats.drops.add(reason, n)
  }

  /** Record misbehaviour of a peer as a protocol would; a peer that has left is still scored (and may be banned). */
  penalize (id: PeerId, err: KuberError): void {
    const s = this.session(id)
    if (s !== undefined) this.onPeerError(s, err)
    else this.scorer.penalize(id, err.code)
  }

  /** True when this node has a transport for the address's scheme (tcp://, ws://; bare host:port is TCP). */
  canDial (address: string): boolean {
    return this.transport.canDial(address)
  }

  outboundCount (): number {
    return this.sessions.outboundCount()
  }

  inboundCount (): number {
    return this.sessions.inboundCount()
  }

  private async dialPeer (target: PeerAddress, isStatic: boolean, signal?: AbortSignal): Promise<Session> {
    if (!this.started) throw new TransportError(ErrorCodes.NOT_STARTED, 'node is not started')
    return await this.sessions.dial(target.address, { expectedPeerId: target.peerId, ignoreLimit: isStatic, signal })
  }

  /** The established session of a full peer or a light client. */
  private session (id: PeerId): Session | undefined {
    return this.sessions.peers.get(id) ?? this.sessions.lightClients.get(id)
  }

  private info (s: Session): PeerInfo {
    return peerInfo(s, this.scorer.score(s.peerId), this.clock)
  }

  private createProtocolHost (): ProtocolHost {
    return {
      localPeerId: this.identity.peerId,
      clock: this.clock,
      random: this.random,
      log: this.log,
      requests: this.requests,
      connectedPeers: () => this.connectedPeers(),
      getPeer: (id) => this.getPeer(id),
      send: (id, type, payload) => this.send(id, type, payload),
      broadcast: (type, payload, options) => this.broadcast(type, payload, options),
      penalize: (id, err) => this.penalize(id, err),
      reward: (id, weight) => { this.scorer.reward(id, weight) },
      isQuarantined: (id) => this.scorer.isQuarantined(id),
      isBanned: (id) => this.scorer.isBanned(id),
      score: (id) => this.scorer.score(id),
      disconnect: (id, reason) => { this.disconnect(id, reason) },
      drop: (id, reason, n) => this.recordDrop(id, reason, n),
      addMetrics: (register) => this.addMetrics(register)
    }
  }

  /** A plain HTTP request to a WebSocket listener: the light-client demo, when there is one. */
  private httpRequest (req: IncomingMessage, res: ServerResponse): void {
    if (this.lightDemo !== undefined) this.lightDemo(req, res)
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: this is a kuber-p2p WebSocket endpoint\n')
  }

  private advertisedAddress (): string {
    if (this.config.externalAddress !== undefined) return this.config.externalAddress
    const first = this.listenAddresses[0]
    if (first === undefined) return ''
    const { host } = parseTransportAddress(first)
    return host === '0.0.0.0' || host === '::' ? '' : first
  }

  private onEstablished (s: Session): void {
    if (s.isLightClient) {
      this.light.clientAdded(s)
      return
    }
    this.emit('peer:connected', this.info(s))
    this.protocols.peerAdded(s)
  }

  private onMessage (s: Session, type: number, payload: Uint8Array): void {
    if (!s.isLightClient) {
      this.inbox.deliver(s, type, payload)
      return
    }
    this.light.onMessage(s, type, payload).catch((err: unknown) => {
      if (err instanceof KuberError) this.onPeerError(s, err)
      else {
        this.stats.errors.add('INTERNAL')
        this.log.error({ err, peer: s.peerId }, 'light client request failed')
      }
    })
  }

  private onClosed (s: Session, reason: DisconnectReason, wasEstablished: boolean): void {
    if (s.isLightClient) {
      this.light.clientRemoved(s)
      return
    }
    if (wasEstablished) {
      this.protocols.peerRemoved(s, reason)
      this.emit('peer:disconnected', this.info(s), reason)
    }
    this.staticPeers.disconnected(s.peerId)
  }

  /** Spec §9: uptime and fast ping answers raise the score, slow answers lower it. */
  private onUptimeMinute (s: Session): void {
    this.scorer.reward(s.peerId, Reward.UPTIME_MINUTE)
    if (s.rttMs === undefined) return
    if (s.rttMs <= this.config.fastResponseMs) this.scorer.reward(s.peerId, Reward.FAST_RESPONSE)
    else if (s.rttMs > this.config.slowResponseMs) this.onPeerError(s, new ProtocolError(ErrorCodes.SLOW_RESPONSE, `ping answered in ${Math.round(s.rttMs)} ms`))
  }

  private onPeerError (s: Session, err: KuberError): void {
    this.stats.errors.add(err.code)
    s.stats.errors.add(err.code)
    if (isPenalised(err.code)) this.stats.penalties.add(err.code)
    this.log.debug({ peer: s.peerId, code: err.code, err: err.message }, 'peer error')
    this.scorer.penalize(s.peerId, err.code)
  }
}

/** Create a node from options (validated, defaults filled in). Does not start it. */
export async function createNode (options: NodeConfigInput, deps: NodeDeps = {}): Promise<KuberNode> {
  const config = parseNodeConfig(options)
  const random = deps.random ?? systemRandom
  const identity = deps.identity ??
    (config.home !== undefined ? (await loadOrCreateNodeKey(config.home, random)).identity : generateIdentity(random))
  return new KuberNode(config, identity, { ...deps, random })
}

