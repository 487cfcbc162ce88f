// The light client (kuber-p2p/light): follows a Kuber chain from one node at a time over
// WebSocket, in a browser or in Node, with the node's own Noise channel, frames, codecs
// and Session (Hello with the LIGHT_CLIENT bit, ping, rate limit), and believes nothing
// it has not checked: every header is verified against the genesis validator set
// (verify.ts) before it becomes the head. It asks only for signed headers from the next
// height on (following new ones) and for blocks on request, checked against verified
// headers. Bad data is reported ('invalid'), the connection dropped and the next node
// (or the same one) dialled again with backoff. What it buffers is bounded: frames,
// held bytes, recent headers, open block requests.
import { ErrorCodes, KuberError, ProtocolError, TransportError, blockHash, merkleRoot, sha256, systemClock, systemRandom, type Clock, type Random, type Timer, type pb } from '../core.js'
import { ChainError } from '../chain/errors.js'
import { Genesis, type GenesisJson } from '../chain/genesis.js'
import { generateIdentity } from '../identity/keys.js'
import type { PeerId } from '../identity/peer-id.js'
import { createNoiseUpgrader } from '../secure/noise-upgrader.js'
import { Session, type SessionHost } from '../session/session.js'
import { Capability, PROTOCOL_VERSION, buildHello, checkHello, type HelloRefusal } from '../session/hello.js'
import { DisconnectReason } from '../session/lifecycle.js'
import { SendClassTable } from '../session/send-class.js'
import { NodeStats } from '../session/stats.js'
import { backoffDelay } from '../session/backoff.js'
import { openWebSocket, type WhatwgWebSocketConstructor } from '../transport/websocket-connection.js'
import { MAX_LIGHT_HEADERS, Messages, MessageType, decodePayload } from '../wire/codecs.js'
import type { Hello } from '../wire/gen/kuber.js'
import { Emitter } from './emitter.js'
import { HeaderVerifier, type VerifiedHead } from './verify.js'

export interface LightClientOptions {
  /** Node WebSocket addresses ("ws://host:port"), tried in turn. */
  urls: readonly string[]
  /** The chain's genesis document (or parsed Genesis): the validator set every header is checked against. */
  genesis: Genesis | GenesisJson
  /** The WebSocket class: the browser's, or the `ws` package's in Node. */
  WebSocket: WhatwgWebSocketConstructor
  /** First height to verify (default 1: the whole chain from genesis). */
  fromHeight?: number
  clock?: Clock
  random?: Random
  /** Headers asked for at once (default and at most 64). */
  batch?: number
  /** Verified headers kept, to check blocks against (default 256). */
  maxRecentHeaders?: number
  /** Block requests open at once (default 8). */
  maxOpenBlockRequests?: number
  /** A block request not answered in this long fails (default 10 000 ms). */
  requestTimeoutMs?: number
  /** Reconnect backoff (defaults 500 ms doubling to 30 000 ms, with jitter). */
  reconnectBaseMs?: number
  reconnectMaxMs?: number
  /** Connection plus handshake must finish within this (default 10 000 ms). */
  handshakeTimeoutMs?: number
  /** Ask again when the node says it is ahead and no header came for this long, or for twice as long anyway (default 5 000 ms). */
  stallMs?: number
}

/** Something the node sent that did not check out. */
export interface InvalidReport {
  /** The node's PeerID (as its Noise handshake proved it). */
  peerId: string
  url: string
  code: string
  /** The chain rule that failed, for headers (e.g. BLOCK_BAD_SIGNATURE, BLOCK_BAD_COMMIT, BLOCK_BAD_PARENT). */
  reason: string | undefined
  height: number | undefined
  message: string
}

export interface LightClientEvents extends Record<string, unknown[]> {
  /** Connected and past Hello: the node, proven by Noise. */
  connected: [{ peerId: string, url: string, latestHeight: number }]
  /** A new verified head. */
  head: [VerifiedHead]
  /** The node sent data that does not verify; the client drops it and the connection. */
  invalid: [InvalidReport]
  disconnected: [{ url: string, reason: string, retryInMs: number }]
}

const TICK_MS = 1000
const PING_INTERVAL_MS = 10_000
const UNRESPONSIVE_MS = 30_000

interface OpenBlockRequest {
  resolve: (block: pb.Block) => void
  reject: (err: Error) => void
  timer: Timer
}

export class LightClient extends Emitter<LightClientEvents> implements SessionHost {
  readonly genesis: Genesis
  private readonly verifier: HeaderVerifier
  private readonly clock: Clock
  private readonly random: Random
  private readonly options: Required<Omit<LightClientOptions, 'genesis' | 'clock' | 'random' | 'fromHeight'>>
  private readonly identity
  private readonly stats = new NodeStats()
  private readonly sendClasses = new SendClassTable()
  private session: Session | undefined
  private url = ''
  private urlIndex = 0
  private attempts = 0
  private running = false
  private reconnectTimer: Timer | undefined
  private tickTimer: Timer | undefined
  private head: VerifiedHead | undefined
  private readonly recent = new Map<number, VerifiedHead>()
  private nodeLatest = 0
  private requestedAt = 0
  private awaitingHeaders = false
  private nextPingAt = 0
  private readonly blockRequests = new Map<number, OpenBlockRequest>()
  private readonly fromHeight: number

  constructor (options: LightClientOptions) {
    super()
    if (options.urls.length === 0) throw new RangeError('a light client needs at least one node address')
    this.genesis = options.genesis instanceof Genesis ? options.genesis : Genesis.parse(options.genesis)
    this.verifier = new HeaderVerifier(this.genesis)
    this.clock = options.clock ?? systemClock
    this.random = options.random ?? systemRandom
    this.identity = generateIdentity(this.random) // a throwaway identity: a light client is nobody in particular
    this.fromHeight = options.fromHeight ?? 1
    this.options = {
      urls: options.urls,
      WebSocket: options.WebSocket,
      batch: Math.min(options.batch ?? MAX_LIGHT_HEADERS, MAX_LIGHT_HEADERS),
      maxRecentHeaders: options.maxRecentHeaders ?? 256,
      maxOpenBlockRequests: options.maxOpenBlockRequests ?? 8,
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      reconnectBaseMs: options.reconnectBaseMs ?? 500,
      reconnectMaxMs: options.reconnectMaxMs ?? 30_000,
      handshakeTimeoutMs: options.handshakeTimeoutMs ?? 10_000,
      stallMs: options.stallMs ?? 5000
    }
  }

  /** The latest verified header, if any. */
  get verifiedHead (): VerifiedHead | undefined {
    return this.head
  }

  /** The PeerID of the node connected to now. */
  get nodePeerId (): PeerId | undefined {
    return this.session?.established === true ? this.session.peerId : undefined
  }

  start (): void {
    if (this.running) return
    this.running = true
    this.tickTimer = this.clock.setInterval(() => this.tick(), TICK_MS)
    void this.connect()
  }

  stop (): void {
    this.running = false
    this.tickTimer?.cancel()
    this.reconnectTimer?.cancel()
    this.session?.disconnect(DisconnectReason.LOCAL_SHUTDOWN)
    this.session = undefined
    for (const [height, r] of this.blockRequests) this.failBlockRequest(height, r, new TransportError(ErrorCodes.ABORTED, 'light client stopped'))
  }

  /** The block at a verified height, checked against its verified header (hash and tx_root). */
  async requestBlock (height: number): Promise<pb.Block> {
    const verified = this.recent.get(height)
    if (verified === undefined) throw new RangeError(`height ${height} is not among the verified headers kept`)
    const session = this.session
    if (session?.established !== true) throw new TransportError(ErrorCodes.NOT_STARTED, 'not connected to a node')
    if (this.blockRequests.has(height)) throw new RangeError(`block ${height} is already being fetched`)
    if (this.blockRequests.size >= this.options.maxOpenBlockRequests) throw new RangeError(`${this.options.maxOpenBlockRequests} block requests are open`)
    return await new Promise<pb.Block>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.failBlockRequest(height, this.blockRequests.get(height)!, new ProtocolError(ErrorCodes.SLOW_RESPONSE, `block ${height} not sent in ${this.options.requestTimeoutMs} ms`))
      }, this.options.requestTimeoutMs)
      this.blockRequests.set(height, { resolve, reject, timer })
      session.sendMessage(Messages.blockRequest, { height })
    })
  }

  // ---- connection ----------------------------------------------------------------------

  private async connect (): Promise<void> {
    if (!this.running) return
    this.url = this.options.urls[this.urlIndex % this.options.urls.length]!
    const controller = new AbortController()
    const deadline = this.clock.setTimeout(() => controller.abort(new TransportError(ErrorCodes.DIAL_TIMEOUT, 'handshake timed out')), this.options.handshakeTimeoutMs)
    try {
      const conn = await openWebSocket(this.options.WebSocket, this.url, { clock: this.clock, openTimeoutMs: this.options.handshakeTimeoutMs })
      const secure = await createNoiseUpgrader({ identity: this.identity, random: this.random }).secureOutbound(conn, { signal: controller.signal })
      if (!this.running) { secure.conn.destroy(); return }
      this.session = new Session(secure, 'outbound', this, {
        maxFrameBytes: 2 * 1024 * 1024,
        maxSendBufferBytes: 1024 * 1024,
        sendClasses: this.sendClasses,
        sendPriorities: false,
        maxMessagesPerSecond: 200,
        messageBurst: 200,
        maxBytesPerSecond: 8 * 1024 * 1024,
        byteBurst: 16 * 1024 * 1024,
        byteBudgetPenaltyAfterMs: 10_000,
        // headers only, nothing to pace: no flow control (its Hello does not advertise it)
        flowWindowBytes: 0,
        flowWindowMaxBytes: 0
      }, this.stats)
      this.session.start()
    } catch (err) {
      this.scheduleReconnect(err instanceof Error ? err.message : String(err))
    } finally {
      deadline.cancel()
    }
  }

  private scheduleReconnect (reason: string): void {
    if (!this.running) return
    const retryInMs = backoffDelay(this.attempts++, { baseMs: this.options.reconnectBaseMs, maxMs: this.options.reconnectMaxMs }, this.random)
    this.urlIndex++
    this.emit('disconnected', { url: this.url, reason, retryInMs })
    this.reconnectTimer?.cancel()
    this.reconnectTimer = this.clock.setTimeout(() => { void this.connect() }, retryInMs)
  }

  private tick (): void {
    const s = this.session
    if (s?.established !== true) return
    const now = this.clock.now()
    if (now - s.lastReceivedAt > UNRESPONSIVE_MS) {
      s.destroy(DisconnectReason.UNRESPONSIVE)
      return
    }
    if (now >= this.nextPingAt) {
      this.nextPingAt = now + PING_INTERVAL_MS
      s.ping()
    }
    // the node is ahead and nothing came (a missed push, a full queue), or nothing came for long: ask again
    const behind = this.nodeLatest > (this.head?.height ?? 0)
    if (now - this.requestedAt > (behind ? this.options.stallMs : 2 * this.options.stallMs)) this.requestHeaders()
  }

  private requestHeaders (): void {
    this.requestedAt = this.clock.now()
    this.awaitingHeaders = true
    this.session?.sendMessage(Messages.lightHeadersRequest, { fromHeight: this.nextHeight(), maxHeaders: this.options.batch, follow: true })
  }

  private nextHeight (): number {
    return this.head === undefined ? this.fromHeight : this.head.height + 1
  }

  // ---- SessionHost -----------------------------------------------------------------------

  now (): number {
    return this.clock.now()
  }

  setTimer (ms: number, fn: () => void): Timer {
    return this.clock.setTimeout(fn, ms)
  }

  nonce (): bigint {
    return Buffer.from(this.random.bytes(8)).readBigUInt64BE()
  }

  localHello (): Hello {
    return buildHello({
      peerId: this.identity.peerId,
      chainId: this.genesis.chainId,
      protocolVersion: PROTOCOL_VERSION,
      latestHeight: this.head?.height ?? 0,
      capabilities: Capability.LIGHT_CLIENT,
      listenAddr: ''
    }, this.clock.wallNow())
  }

  checkHello (session: Session, hello: Hello): HelloRefusal | undefined {
    return checkHello(hello, { provenPeerId: session.peerId, chainId: this.genesis.chainId, protocolVersion: PROTOCOL_VERSION, now: this.clock.wallNow(), maxClockSkewMs: 10_000 })
  }

  established (session: Session): void {
    const hello = session.remoteHello!
    if ((hello.capabilities & Capability.LIGHT_SERVER) === 0) {
      session.disconnect(DisconnectReason.REQUESTED, new KuberError(ErrorCodes.HANDSHAKE_REJECTED, 'the node does not serve light clients'))
      return
    }
    this.attempts = 0
    this.nodeLatest = hello.latestHeight
    this.nextPingAt = this.clock.now() + PING_INTERVAL_MS
    this.emit('connected', { peerId: session.peerId, url: this.url, latestHeight: hello.latestHeight })
    this.requestHeaders()
  }

  solicited (_session: Session, type: number): boolean {
    return (type === MessageType.LIGHT_HEADERS && this.awaitingHeaders) || (type === MessageType.BLOCK_RESPONSE && this.blockRequests.size > 0)
  }

  message (session: Session, type: number, payload: Uint8Array): void {
    if (type === MessageType.LIGHT_HEADERS) this.onHeaders(session, decodePayload(Messages.lightHeaders, payload))
    else if (type === MessageType.BLOCK_RESPONSE) this.onBlock(decodePayload(Messages.blockResponse, payload))
    else throw new ProtocolError(ErrorCodes.UNSOLICITED_MESSAGE, `a light client asked for no message of type ${type}`)
  }

  peerError (session: Session, err: KuberError): void {
    this.emit('invalid', {
      peerId: session.peerId,
      url: this.url,
      code: err.code,
      reason: err instanceof ChainError ? err.reason : undefined,
      height: (err as KuberError & { height?: number }).height,
      message: err.message
    })
    session.destroy(DisconnectReason.PROTOCOL_VIOLATION, err)
  }

  closed (session: Session, reason: DisconnectReason, err?: Error): void {
    if (this.session !== session) return
    this.session = undefined
    this.awaitingHeaders = false
    for (const [height, r] of this.blockRequests) this.failBlockRequest(height, r, new TransportError(ErrorCodes.CONNECTION_CLOSED, 'connection closed'))
    this.scheduleReconnect(err === undefined ? reason : `${reason}: ${err.message}`)
  }

  internalError (_session: Session, err: unknown): void {
    throw err
  }

  // ---- answers -------------------------------------------------------------------------------

  private onHeaders (session: Session, msg: pb.LightHeaders): void {
    this.awaitingHeaders = false
    this.nodeLatest = Math.max(this.nodeLatest, msg.latestHeight)
    for (const signed of msg.headers) {
      const expected = this.nextHeight()
      const height = signed.header?.height
      // a header already verified (a push and an answer crossed) is skipped if it is the same one
      if (height !== undefined && height < expected && this.recent.get(height)?.hash.equals(blockHash(signed.header!)) === true) continue
      if (height !== expected) throw withHeight(new ProtocolError(ErrorCodes.UNSOLICITED_MESSAGE, `sent header ${String(height)}, the next asked for is ${expected}`), height)
      let verified: VerifiedHead
      try {
        verified = this.verifier.verify(signed, this.head)
      } catch (err) {
        throw withHeight(err instanceof KuberError ? err : new ProtocolError(ErrorCodes.INVALID_BLOCK, String(err)), height)
      }
      this.accept(verified)
    }
    this.requestedAt = this.clock.now()
    // a full batch means more are there: ask for the next one (following continues from it)
    if (msg.headers.length >= this.options.batch && session.established) this.requestHeaders()
  }

  private accept (verified: VerifiedHead): void {
    this.head = verified
    this.requestedAt = this.clock.now() // progress: the stall timer starts again
    this.recent.set(verified.height, verified)
    if (this.recent.size > this.options.maxRecentHeaders) this.recent.delete(this.recent.keys().next().value!)
    this.emit('head', verified)
  }

  private onBlock (msg: pb.BlockResponse): void {
    const open = this.blockRequests.get(msg.height)
    if (open === undefined) throw new ProtocolError(ErrorCodes.UNSOLICITED_MESSAGE, `block ${msg.height} was not asked for`)
    const verified = this.recent.get(msg.height)
    const block = msg.block
    let problem: string | undefined
    if (block?.header === undefined) problem = `the node has no block ${msg.height}`
    else if (verified === undefined || !blockHash(block.header).equals(verified.hash)) problem = `block ${msg.height} is not the verified one`
    else if (!merkleRoot(block.txs.map((tx) => sha256(tx))).equals(verified.txRoot)) problem = `block ${msg.height}'s transactions do not match its tx_root`
    if (problem === undefined) {
      this.blockRequests.delete(msg.height)
      open.timer.cancel()
      open.resolve(block!)
      return
    }
    const err = withHeight(new ProtocolError(ErrorCodes.INVALID_BLOCK, problem), msg.height)
    this.failBlockRequest(msg.height, open, err)
    if (block?.header !== undefined) throw err // a wrong block is bad data; a missing one is not
  }

  private failBlockRequest (height: number, r: OpenBlockRequest, err: Error): void {
    this.blockRequests.delete(height)
    r.timer.cancel()
    r.reject(err)
  }
}

function withHeight<E extends KuberError> (err: E, height: number | undefined): E {
  return Object.assign(err, { height })
}
