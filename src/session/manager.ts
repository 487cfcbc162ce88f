// The session manager: accepts and dials connections, runs each through the secure
// channel and the Hello exchange under one deadline, enforces the peer limits and the
// "one connection per PeerID, never to self" rules (spec §17), keeps sessions alive with
// ping and drops silent ones (spec §7.7, §15), and reports peer errors for scoring.
import type { Logger } from 'pino'
import type { Clock, Timer } from '../runtime/clock.js'
import type { Random } from '../runtime/random.js'
import { ErrorCodes, HandshakeError, KuberError, TransportError, type ErrorCode } from '../errors.js'
import type { Identity } from '../identity/keys.js'
import { shortPeerId, type PeerId } from '../identity/peer-id.js'
import type { Connection, Listener, Transport } from '../transport/types.js'
import { hostOf, isLoopbackHost } from '../transport/network-group.js'
import { canonicalAddress } from '../transport/address.js'
import type { SecureUpgrader } from '../secure/types.js'
import { HelloStatus, type Hello } from '../wire/gen/kuber.js'
import { Capability, buildHello, checkHello, type HelloRefusal } from './hello.js'
import { DisconnectReason, steadyState, type Direction, type PeerState } from './lifecycle.js'
import { Session, type SessionHost } from './session.js'
import { Deadline } from './deadline.js'
import { PendingHandshakes, type PendingSetup } from './pending-handshakes.js'
import { SEND_CLASS_SHARE, type SendClassTable } from './send-class.js'
import { DropReason, type NodeStats } from './stats.js'

/** Below this share of maxSendBufferBytes no class is dropping: the peer reads fast enough. */
const MIN_SEND_CLASS_SHARE = Math.min(...SEND_CLASS_SHARE)

export interface SessionConfig {
  chainId: string
  protocolVersion: number
  /** Most inbound peers (default 40). */
  maxInbound: number
  /** Most light clients served at once, beside maxInbound (default 100). */
  maxLightClients: number
  /** Most outbound peers, static peers included (default 10). */
  maxOutbound: number
  /** Most connections in the secure-channel or Hello phase at once (default 64). */
  maxPendingHandshakes: number
  /** Most inbound connections from one IP address, loopback excepted (default 4). */
  maxInboundPerIp: number
  /** Secure channel plus Hello must finish within this (default 10 000 ms). */
  handshakeTimeoutMs: number
  /** An inbound connection must deliver its first complete handshake message within this (default 3 000 ms). */
  handshakeFirstMessageTimeoutMs: number
  /** Give up a dial after this (default 10 000 ms). */
  dialTimeoutMs: number
  /** Ping each peer this often (default 10 000 ms). */
  pingIntervalMs: number
  /** Drop a peer silent for longer than this (default 30 000 ms, spec §15). */
  unresponsiveTimeoutMs: number
  /** A peer with no application traffic for this long is IDLE (default 15 000 ms). */
  idleAfterMs: number
  /** Accepted |local − peer| clock difference in Hello (default 10 000 ms, spec §14). */
  maxClockSkewMs: number
  /** Largest frame accepted (default and hard cap 2 MiB, spec §13). */
  maxFrameBytes: number
  /** Per-peer bytes queued for sending before messages are dropped (default 8 MiB; lower send classes sooner). */
  maxSendBufferBytes: number
  /** Each message type's send class (the node's table; protocols declare theirs). */
  sendClasses: SendClassTable
  /** Drain the highest send class first (default true); false: one FIFO per peer. */
  sendPriorities: boolean
  /** Per-peer messages per second (default 200, spec §13 rule 1). */
  maxMessagesPerSecond: number
  /** Per-peer burst above that rate (default 200). */
  messageBurst: number
  /** Per-peer bytes per second read; a peer over it is read more slowly (default 8 MiB/s). */
  maxBytesPerSecond: number
  /** Per-peer bytes at once above that rate (default 16 MiB). */
  byteBurst: number
  /** Over the byte budget this long without a break: BANDWIDTH_EXCEEDED, once per such period (default 10 000 ms). */
  byteBudgetPenaltyAfterMs: number
  /** A frame must arrive whole within this of its first byte (default 30 000 ms). */
  frameTimeoutMs: number
  /** Disconnect a peer whose send buffer stays full, or that grants no window while we wait for one, this long (default 30 000 ms). */
  slowReaderTimeoutMs: number
  /** Flow-control window granted to each peer at first and at least (default 256 KiB; 0: flow control off, not advertised). */
  flowWindowBytes: number
  /** Auto-tuning grows a peer's window up to this (default 16 MiB). */
  flowWindowMaxBytes: number
  /** How often liveness, ping and state are checked (default 1 000 ms). */
  tickMs: number
}

/** What the node above the session manager is told and asked. */
export interface SessionEvents {
  localHeight(): number
  /** Capability bits for our Hello (read for every handshake). */
  capabilities(): number
  /** An answer within what we asked this peer for: not charged to its message budget. */
  solicited(session: Session, type: number, bytes: number): boolean
  /** An established session moved from one lifecycle state to another. */
  stateChanged(session: Session, from: PeerState, to: PeerState): void
  /** The address to advertise in Hello ("" if none). */
  advertisedAddress(): string
  isBanned(id: PeerId): boolean
  established(session: Session): void
  message(session: Session, type: number, payload: Uint8Array): void
  closed(session: Session, reason: DisconnectReason, wasEstablished: boolean): void
  /** The peer caused `err`; the node scores it and may ban (then it calls disconnect). */
  peerError(session: Session, err: KuberError): void
  /** Per-minute uptime tick for an established peer. */
  uptime(session: Session): void
}

export interface SessionManagerDeps {
  identity: Identity
  transport: Transport
  upgrader: SecureUpgrader
  clock: Clock
  random: Random
  log: Logger
  stats: NodeStats
  config: SessionConfig
  events: SessionEvents
}

export class SessionManager implements SessionHost {
  /** Established sessions of full peers, by PeerID. */
  readonly peers = new Map<PeerId, Session>()
  /** Established sessions of light clients, by PeerID: served, never gossip peers. */
  readonly lightClients = new Map<PeerId, Session>()
  /** Sessions whose Hello passed, awaiting the peer's HelloAck, by PeerID. */
  private readonly claimed = new Map<PeerId, Session>()
  /** Connections in the secure-channel or Hello phase. */
  private pending = 0
  private pendingOutbound = 0
  /** Inbound connections not yet established, by remote IP. */
  private readonly settingUp = new Map<string, number>()
  /** Inbound connections in the secure-channel handshake (the evictable ones). */
  private readonly pendingInbound = new PendingHandshakes()
  private readonly listeners: Listener[] = []
  private readonly sessions = new Set<Session>()
  private tickTimer: Timer | undefined
  private readonly nextPingAt = new WeakMap<Session, number>()
  private readonly nextUptimeAt = new WeakMap<Session, number>()
  private stopped = false

  constructor (private readonly deps: SessionManagerDeps) {}

  get localPeerId (): PeerId {
    return this.deps.identity.peerId
  }

  /** Listening addresses (real ports). */
  get listenAddresses (): string[] {
    return this.listeners.map((l) => l.address)
  }

  async listen (address: string): Promise<string> {
    const listener = await this.deps.transport.listen(address, (conn) => this.accept(conn))
    this.listeners.push(listener)
    return listener.address
  }

  /** Accept and dial again (after stop(), too) and start the liveness checks; call before listen(). */
  start (): void {
    this.stopped = false
    this.tickTimer?.cancel()
    this.tickTimer = this.deps.clock.setInterval(() => this.tick(), this.deps.config.tickMs)
  }

  async stop (): Promise<void> {
    this.stopped = true
    this.tickTimer?.cancel()
    this.tickTimer = undefined
    await Promise.all(this.listeners.map(async (l) => await l.close()))
    this.listeners.length = 0
    for (const s of [...this.sessions]) s.disconnect(DisconnectReason.LOCAL_SHUTDOWN)
  }

  outboundCount (): number {
    let n = this.pendingOutbound
    for (const s of this.peers.values()) if (s.direction === 'outbound') n++
    return n
  }

  inboundCount (): number {
    let n = 0
    for (const s of this.peers.values()) if (s.direction === 'inbound') n++
    for (const s of this.claimed.values()) if (s.direction === 'inbound' && !s.isLightClient) n++
    return n
  }

  lightClientCount (): number {
    let n = this.lightClients.size
    for (const s of this.claimed.values()) if (s.isLightClient) n++
    return n
  }

  /** All sessions, established or not. */
  allSessions (): Session[] {
    return [...this.sessions]
  }

  /**
   * Dial `address`, run the secure channel and the handshake. Resolves with the
   * established session; rejects with a KuberError.
   * @param options.expectedPeerId fail unless the remote proves this PeerID
   * @param options.ignoreLimit dial even at maxOutbound (static peers)
   */
  async dial (address: string, options: { expectedPeerId?: PeerId, ignoreLimit?: boolean, signal?: AbortSignal } = {}): Promise<Session> {
    const { config } = this.deps
    if (this.stopped) throw new TransportError(ErrorCodes.ABORTED, 'node is stopping')
    if (options.expectedPeerId === this.localPeerId || this.listenAddresses.includes(canonicalAddress(address))) {
      throw new HandshakeError(ErrorCodes.SELF_CONNECTION, 'refusing to dial ourselves')
    }
    if (options.expectedPeerId !== undefined && (this.peers.has(options.expectedPeerId) || this.claimed.has(options.expectedPeerId))) {
      throw new HandshakeError(ErrorCodes.DUPLICATE_PEER, `already connected to ${shortPeerId(options.expectedPeerId)}`)
    }
    if (options.expectedPeerId !== undefined && this.deps.events.isBanned(options.expectedPeerId)) {
      throw new HandshakeError(ErrorCodes.PEER_BANNED, `${shortPeerId(options.expectedPeerId)} is banned`)
    }
    if (options.ignoreLimit !== true && this.outboundCount() >= config.maxOutbound) {
      throw new HandshakeError(ErrorCodes.TOO_MANY_PEERS, `outbound limit ${config.maxOutbound} reached`)
    }
    this.pendingOutbound++
    try {
      const deadline = this.deadline(options.signal)
      let conn: Connection
      try {
        conn = await this.deps.transport.dial(address, { signal: deadline.signal, timeoutMs: config.dialTimeoutMs })
      } catch (err) {
        deadline.cancel()
        this.deps.stats.dials.add('failed')
        throw err
      }
      this.deps.stats.dials.add('connected')
      return await this.upgrade(conn, 'outbound', deadline, options.expectedPeerId)
    } finally {
      this.pendingOutbound--
    }
  }

  private accept (conn: Connection): void {
    const { config, stats, clock } = this.deps
    const ip = hostOf(conn.remoteAddress) ?? conn.remoteAddress
    const refusal = this.refusal(ip, conn.remoteAddress.startsWith('ws://'))
    if (refusal !== undefined) {
      stats.inboundRefused++
      stats.drops.add(refusal)
      conn.destroy()
      return
    }
    stats.inboundAccepted++
    this.settingUp.set(ip, (this.settingUp.get(ip) ?? 0) + 1)
    const deadline = this.deadline()
    const setup: PendingSetup = {
      ip,
      acceptedAt: clock.now(),
      messages: 0,
      secure: false,
      evict: () => deadline.expire('evicted from a full table of pending handshakes')
    }
    this.pendingInbound.add(setup)
    const firstMessage = clock.setTimeout(() => {
      if (setup.messages === 0) deadline.expire(`no handshake message within ${config.handshakeFirstMessageTimeoutMs} ms`)
    }, config.handshakeFirstMessageTimeoutMs)
    this.upgrade(conn, 'inbound', deadline, undefined, setup).catch(() => { /* counted and logged in upgrade */ }).finally(() => {
      firstMessage.cancel()
      this.pendingInbound.delete(setup)
      const n = this.settingUp.get(ip)! - 1
      if (n === 0) this.settingUp.delete(ip)
      else this.settingUp.set(ip, n)
    })
  }

  /** Why an inbound connection from `ip` is refused, or undefined (it may have evicted a stalled setup to get in). */
  /**
   * Why an inbound connection is closed before any handshake is spent on it, if it is. Full
   * inbound slots do not close one that may be a light client (they come over WebSocket and
   * have slots of their own): for those, Hello tells.
   */
  private refusal (ip: string, overWebSocket: boolean): DropReason | undefined {
    const { config } = this.deps
    if (this.stopped) return DropReason.CONNECTION_REFUSED_STOPPING
    const mayBeLight = overWebSocket && this.lightClientCount() < config.maxLightClients
    if (this.inboundCount() >= config.maxInbound && !mayBeLight) return DropReason.CONNECTION_REFUSED_INBOUND_FULL
    if (!isLoopbackHost(ip) && this.inboundFrom(ip) >= config.maxInboundPerIp) return DropReason.CONNECTION_REFUSED_PER_IP
    if (this.pending >= config.maxPendingHandshakes && !this.evictStalledSetup()) return DropReason.CONNECTION_REFUSED_PENDING_FULL
    return undefined
  }

  /** The pending table is full: drop the inbound setup that has made the least progress, if any may go. */
  private evictStalledSetup (): boolean {
    const victim = this.pendingInbound.victim((ip) => this.settingUp.get(ip) ?? 0)
    if (victim === undefined) return false
    this.pendingInbound.delete(victim) // its slot is the newcomer's now, even before its upgrade unwinds
    this.deps.stats.drops.add(DropReason.HANDSHAKE_EVICTED)
    victim.evict()
    return true
  }

  /** Inbound connections from one IP: being set up, or established. */
  private inboundFrom (ip: string): number {
    let n = this.settingUp.get(ip) ?? 0
    for (const s of [...this.peers.values(), ...this.lightClients.values()]) if (s.direction === 'inbound' && hostOf(s.remoteAddress) === ip) n++
    return n
  }

  /** Secure channel, then Hello exchange, all before the deadline fires. */
  private async upgrade (conn: Connection, direction: Direction, deadline: Deadline, expectedPeerId?: PeerId, setup?: PendingSetup): Promise<Session> {
    const { upgrader, stats, log } = this.deps
    this.pending++
    let session: Session | undefined
    try {
      const secure = direction === 'outbound'
        ? await upgrader.secureOutbound(conn, { signal: deadline.signal, expectedPeerId })
        : await upgrader.secureInbound(conn, { signal: deadline.signal, onProgress: () => { if (setup !== undefined) setup.messages++ } })
      if (setup !== undefined) setup.secure = true
      if (this.stopped) {
        secure.conn.destroy()
        throw new TransportError(ErrorCodes.ABORTED, 'node is stopping')
      }
      session = new Session(secure, direction, this, this.deps.config, this.deps.stats)
      this.sessions.add(session)
      const s = session
      const established = new Promise<Session>((resolve, reject) => {
        this.waiters.set(s, { resolve, reject })
        deadline.onFire(() => {
          if (s.established) return
          const err = new HandshakeError(ErrorCodes.HANDSHAKE_TIMEOUT, `handshake with ${shortPeerId(s.peerId)} did not finish in time`)
          this.deps.events.peerError(s, err)
          s.destroy(DisconnectReason.HANDSHAKE_TIMEOUT, err)
        })
      })
      session.start()
      return await established
    } catch (err) {
      const code = deadline.timedOut && session === undefined
        ? ErrorCodes.HANDSHAKE_TIMEOUT
        : err instanceof KuberError ? err.code : ErrorCodes.NOISE_HANDSHAKE_FAILED
      if (session === undefined) {
        stats.handshakeFailures.add(code)
        conn.destroy()
      }
      log.debug({ remote: conn.remoteAddress, direction, code, err: (err as Error).message }, 'connection setup failed')
      throw err instanceof KuberError ? err : new HandshakeError(code, String(err), { cause: err })
    } finally {
      this.pending--
      deadline.cancel()
    }
  }

  private readonly waiters = new WeakMap<Session, { resolve: (s: Session) => void, reject: (e: Error) => void }>()

  private deadline (signal?: AbortSignal): Deadline {
    return new Deadline(this.deps.clock, this.deps.config.handshakeTimeoutMs, signal)
  }

  // ---- SessionHost -------------------------------------------------------------------

  now (): number {
    return this.deps.clock.now()
  }

  nonce (): bigint {
    return Buffer.from(this.deps.random.bytes(8)).readBigUInt64BE()
  }

  setTimer (ms: number, fn: () => void): Timer {
    return this.deps.clock.setTimeout(fn, ms)
  }

  localHello (): Hello {
    const { config, events, identity, clock } = this.deps
    return buildHello({
      peerId: identity.peerId,
      chainId: config.chainId,
      protocolVersion: config.protocolVersion,
      latestHeight: events.localHeight(),
      capabilities: events.capabilities() | (config.flowWindowBytes > 0 ? Capability.FLOW_CONTROL : 0),
      listenAddr: events.advertisedAddress()
    }, clock.wallNow())
  }

  checkHello (session: Session, hello: Hello): HelloRefusal | undefined {
    const { config, events } = this.deps
    const id = session.peerId
    const refusal = checkHello(hello, {
      provenPeerId: id,
      chainId: config.chainId,
      protocolVersion: config.protocolVersion,
      now: this.deps.clock.wallNow(),
      maxClockSkewMs: config.maxClockSkewMs
    })
    if (refusal !== undefined) return refusal
    if (id === this.localPeerId) return { status: HelloStatus.SELF_CONNECTION, code: ErrorCodes.SELF_CONNECTION, message: 'connected to ourselves' }
    if (events.isBanned(id)) return { status: HelloStatus.BANNED, code: ErrorCodes.PEER_BANNED, message: `${shortPeerId(id)} is banned` }
    if (this.peers.has(id) || this.lightClients.has(id)) return { status: HelloStatus.DUPLICATE_PEER, code: ErrorCodes.DUPLICATE_PEER, message: `already connected to ${shortPeerId(id)}` }
    const rival = this.claimed.get(id)
    if (rival !== undefined) {
      // simultaneous dials: both ends keep the connection dialed by the lower PeerID
      const dialer = (s: Session): PeerId => s.direction === 'outbound' ? this.localPeerId : id
      if (dialer(rival) < dialer(session)) return { status: HelloStatus.DUPLICATE_PEER, code: ErrorCodes.DUPLICATE_PEER, message: `simultaneous connection to ${shortPeerId(id)}` }
      rival.destroy(DisconnectReason.DUPLICATE_PEER)
    }
    if (session.isLightClient) {
      if (this.lightClientCount() >= config.maxLightClients) return { status: HelloStatus.TOO_MANY_PEERS, code: ErrorCodes.TOO_MANY_PEERS, message: `light client limit ${config.maxLightClients} reached` }
    } else if (session.direction === 'inbound' && this.inboundCount() >= config.maxInbound) {
      return { status: HelloStatus.TOO_MANY_PEERS, code: ErrorCodes.TOO_MANY_PEERS, message: `inbound limit ${config.maxInbound} reached` }
    }
    this.claimed.set(id, session)
    return undefined
  }

  established (session: Session): void {
    this.claimed.delete(session.peerId)
    ;(session.isLightClient ? this.lightClients : this.peers).set(session.peerId, session)
    const now = this.deps.clock.now()
    // the first round trip on the first tick (once the connection's setup traffic is over): it sizes the flow-control window
    this.nextPingAt.set(session, now)
    this.nextUptimeAt.set(session, now + 60_000)
    this.deps.log.info({ peer: session.peerId, remote: session.remoteAddress, direction: session.direction }, 'peer connected')
    this.deps.events.established(session)
    this.updateState(session, now)
    this.waiters.get(session)?.resolve(session)
  }

  solicited (session: Session, type: number, bytes: number): boolean {
    return this.deps.events.solicited(session, type, bytes)
  }

  message (session: Session, type: number, payload: Uint8Array): void {
    this.deps.events.message(session, type, payload)
  }

  peerError (session: Session, err: KuberError): void {
    this.deps.events.peerError(session, err)
  }

  internalError (session: Session, err: unknown): void {
    this.deps.stats.errors.add('INTERNAL')
    this.deps.log.error({ peer: session.peerId, err }, 'internal error while handling a peer message')
  }

  closed (session: Session, reason: DisconnectReason, err?: Error): void {
    this.sessions.delete(session)
    if (this.claimed.get(session.peerId) === session) this.claimed.delete(session.peerId)
    const table = session.isLightClient ? this.lightClients : this.peers
    const wasEstablished = table.get(session.peerId) === session
    if (wasEstablished) table.delete(session.peerId)
    this.deps.stats.disconnects.add(reason)
    const waiter = this.waiters.get(session)
    if (waiter !== undefined && !wasEstablished) {
      const code: ErrorCode = err instanceof KuberError ? err.code : ErrorCodes.CONNECTION_CLOSED
      this.deps.stats.handshakeFailures.add(code)
      waiter.reject(err instanceof KuberError ? err : new HandshakeError(code, `handshake failed: ${reason}`, { cause: err }))
    }
    this.deps.log[wasEstablished ? 'info' : 'debug']({ peer: session.peerId, reason, err: err?.message }, 'peer disconnected')
    this.deps.events.closed(session, reason, wasEstablished)
  }

  // ---- liveness ------------------------------------------------------------------------

  private tick (): void {
    const { config } = this.deps
    const now = this.deps.clock.now()
    for (const session of [...this.peers.values(), ...this.lightClients.values()]) {
      const unresponsive = this.unresponsive(session, now)
      if (unresponsive !== undefined) {
        this.deps.events.peerError(session, unresponsive)
        session.destroy(unresponsive.code === ErrorCodes.FRAME_TIMEOUT ? DisconnectReason.INTEGRITY_FAILURE : DisconnectReason.UNRESPONSIVE, unresponsive)
        continue
      }
      if (this.isSlowReader(session, now) || session.windowStall(now) >= config.slowReaderTimeoutMs) {
        session.destroy(DisconnectReason.SLOW_READER)
        continue
      }
      if (now >= (this.nextPingAt.get(session) ?? 0)) {
        this.nextPingAt.set(session, now + config.pingIntervalMs)
        session.ping()
      }
      if (now >= (this.nextUptimeAt.get(session) ?? Infinity)) {
        this.nextUptimeAt.set(session, now + 60_000)
        this.deps.events.uptime(session)
      }
      this.updateState(session, now)
    }
  }

  /**
   * Spec §15 "non-responsive for > 30 s": nothing received, our ping unanswered, or a frame
   * begun and left incomplete (its buffer held for nothing) for longer than the limits.
   */
  private unresponsive (session: Session, now: number): KuberError | undefined {
    const { unresponsiveTimeoutMs, frameTimeoutMs } = this.deps.config
    if (now - session.lastReceivedAt > unresponsiveTimeoutMs) {
      return new KuberError(ErrorCodes.PEER_UNRESPONSIVE, `no message for ${Math.round(now - session.lastReceivedAt)} ms`)
    }
    const pingSince = session.pingOutstandingSince
    if (pingSince !== undefined && now - pingSince > unresponsiveTimeoutMs) {
      return new KuberError(ErrorCodes.PEER_UNRESPONSIVE, `ping unanswered for ${Math.round(now - pingSince)} ms`)
    }
    const frameSince = session.partialFrameSince
    if (frameSince !== undefined && now - frameSince > frameTimeoutMs) {
      return new KuberError(ErrorCodes.FRAME_TIMEOUT, `a frame begun ${Math.round(now - frameSince)} ms ago is still incomplete`)
    }
    return undefined
  }

  /** Backpressure first (sends are dropped while the buffer is full); a buffer full for slowReaderTimeoutMs ends the session. */
  private isSlowReader (session: Session, now: number): boolean {
    const since = session.sendBufferFullSince
    if (since === undefined) return false
    if (session.sendBufferedBytes < this.deps.config.maxSendBufferBytes * MIN_SEND_CLASS_SHARE) {
      session.sendBufferFullSince = undefined
      return false
    }
    return now - since >= this.deps.config.slowReaderTimeoutMs
  }

  /** Put an established session in SYNC, GOSSIP or IDLE according to heights and traffic. */
  updateState (session: Session, now = this.deps.clock.now()): void {
    if (!session.established) return
    const from = session.state
    const to = steadyState(session.latestHeight, this.deps.events.localHeight(), now - session.lastActivityAt, this.deps.config.idleAfterMs)
    if (session.moveTo(to)) this.deps.events.stateChanged(session, from, to)
  }
}
