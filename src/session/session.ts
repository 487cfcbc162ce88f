// One peer connection after its secure channel is up: framing, the Hello/HelloAck
// exchange, the lifecycle state, ping/pong, sending with a bounded buffer, flow control
// and fragments when both Hellos carry that capability, and counters.
// It decides nothing about other peers; its owner (SessionManager) does, through
// SessionHost.
import { ErrorCodes, HandshakeError, KuberError, ProtocolError, WireError } from '../errors.js'
import type { PeerId } from '../identity/peer-id.js'
import type { SecureConnection } from '../secure/types.js'
import { FrameDecoder } from '../wire/frame.js'
import { decodeEnvelope, encodeFrame } from '../wire/envelope.js'
import { Messages, MessageType, decodePayload, encodePayload, type MessageSpec } from '../wire/codecs.js'
import { HelloStatus, type Hello } from '../wire/gen/kuber.js'
import { DisconnectReason, PeerState, canTransition, isEstablished, type Direction } from './lifecycle.js'
import { Capability, reasonForRefusal, refusalCode, type HelloRefusal } from './hello.js'
import { DropReason, PeerStats, type NodeStats } from './stats.js'
import { InboundBudget, type InboundBudgetLimits } from '../limits/inbound-budget.js'
import type { Timer } from '../runtime/clock.js'
import { SEND_CLASS_SHARE, type SendClassTable } from './send-class.js'
import { SendQueue } from './send-queue.js'
import { FlowControl } from './flow-control.js'

/** Why a frame was dropped when its send class's share of the send buffer was full, by class. */
const SEND_BUFFER_FULL = [DropReason.SEND_BUFFER_FULL_CONSENSUS, DropReason.SEND_BUFFER_FULL_BLOCKS, DropReason.SEND_BUFFER_FULL_TRANSACTIONS, DropReason.SEND_BUFFER_FULL_BULK] as const

/** Largest frame accepted before the handshake is done: Hello and HelloAck are a few hundred bytes. */
export const MAX_HANDSHAKE_FRAME_BYTES = 4096

/** What a Session asks of its owner. */
export interface SessionHost {
  now(): number
  /** Our Hello for this peer. */
  localHello(session: Session): Hello
  /** Check the peer's Hello (fields, then duplicates, limits, bans). undefined = accept. */
  checkHello(session: Session, hello: Hello): HelloRefusal | undefined
  /** Both sides accepted: the session is ACTIVE. */
  established(session: Session): void
  /** Is this established-session message an answer within what we asked the peer for? (It is then not charged to the message budget.) */
  solicited(session: Session, type: number, bytes: number): boolean
  /** An application message arrived on an established session. */
  message(session: Session, type: number, payload: Uint8Array): void
  /** The peer caused an error (penalised by the owner). */
  peerError(session: Session, err: KuberError): void
  /** The session ended; called exactly once. */
  closed(session: Session, reason: DisconnectReason, err?: Error): void
  /** Something failed on our side (a bug, not the peer's fault): logged, never penalised. */
  internalError(session: Session, err: unknown): void
  /** A ping nonce (the owner's Random). */
  nonce(): bigint
  /** Run `fn` after `ms` on the owner's clock. */
  setTimer(ms: number, fn: () => void): Timer
}

/** Frame and send-buffer limits, and the inbound budgets (limits/inbound-budget.ts) charged once established. */
export interface SessionLimits extends InboundBudgetLimits {
  maxFrameBytes: number
  /** Messages are dropped while this many bytes wait to be sent (default 8 MiB); lower send classes sooner (send-class.ts). */
  maxSendBufferBytes: number
  /** Each message type's send class. */
  sendClasses: SendClassTable
  /** Drain the highest send class first (default true); false: one FIFO for all. */
  sendPriorities: boolean
  /** Flow-control window granted to the peer at first and at least (default 256 KiB; 0: no flow control, see flow-window.ts). */
  flowWindowBytes: number
  /** Auto-tuning grows that window up to this (default 16 MiB). */
  flowWindowMaxBytes: number
}

export class Session {
  state: PeerState = PeerState.HANDSHAKE
  readonly stats = new PeerStats()
  readonly connectedAt: number
  lastReceivedAt: number
  /** Last application (non-control) message received. */
  lastActivityAt: number
  remoteHello: Hello | undefined
  latestHeight = 0
  rttMs: number | undefined
  disconnectReason: DisconnectReason | undefined
  /** Since when messages to this peer have been dropped for a full send buffer (undefined: not full). */
  sendBufferFullSince: number | undefined
  /** Since when a frame has been partly received (undefined: none is). */
  partialFrameSince: number | undefined
  private readonly decoder: FrameDecoder
  private readonly budget: InboundBudget
  /** Reading is paused until then to repay the byte budget's debt (0: not paused), since readPausedAt. */
  private readPausedUntil = 0
  private readPausedAt = 0
  private resumeTimer: Timer | undefined
  private readonly sendQueue: SendQueue
  private readonly flow: FlowControl
  private localCapabilities = 0
  private helloReceived = false
  private ackReceived = false
  private pingNonce: bigint | undefined
  private pingSentAt = 0

  constructor (
    readonly secure: SecureConnection,
    readonly direction: Direction,
    private readonly host: SessionHost,
    private readonly limits: SessionLimits,
    /** Node-wide counters this session adds to. */
    private readonly nodeStats: NodeStats
  ) {
    this.connectedAt = host.now()
    this.lastReceivedAt = this.connectedAt
    this.lastActivityAt = this.connectedAt
    this.decoder = new FrameDecoder((frame) => this.onFrame(frame), Math.min(MAX_HANDSHAKE_FRAME_BYTES, limits.maxFrameBytes))
    this.budget = new InboundBudget(limits, this.connectedAt)
    this.sendQueue = new SendQueue(secure.conn, limits.sendPriorities)
    this.flow = new FlowControl(this.sendQueue, { windowBytes: limits.flowWindowBytes, maxWindowBytes: limits.flowWindowMaxBytes, maxFrameBytes: limits.maxFrameBytes }, this.connectedAt)
  }

  get peerId (): PeerId {
    return this.secure.remotePeerId
  }

  get remoteAddress (): string {
    return this.secure.conn.remoteAddress
  }

  /** An inbound peer whose Hello says it is a light client (a node never takes a peer it dialled for one). */
  get isLightClient (): boolean {
    return this.direction === 'inbound' && ((this.remoteHello?.capabilities ?? 0) & Capability.LIGHT_CLIENT) !== 0
  }

  get established (): boolean {
    return isEstablished(this.state)
  }

  /** Attach to the connection and send our Hello. */
  start (): void {
    // Hello first: setHandlers may deliver at once what the peer already sent (its Hello and
    // HelloAck), which would take the session past HANDSHAKE before ours went out
    const hello = this.host.localHello(this)
    this.localCapabilities = hello.capabilities
    this.sendMessage(Messages.hello, hello)
    this.secure.conn.setHandlers({
      onData: (chunk) => this.onData(chunk),
      onDrain: () => this.sendQueue.drained(),
      onClose: (err) => this.onConnectionClosed(err)
    })
  }

  /** Both Hellos carry the flow-control capability: windows and fragments in both directions. */
  get flowControl (): boolean {
    return this.flow.enabled
  }

  /** The window we grant the peer now (auto-tuned). */
  get receiveWindowBytes (): number {
    return this.flow.windowBytes
  }

  /** The window the peer granted us and what we sent (for stats): limit − sent is what may still go. */
  get sendWindow (): { sent: number, limit: number } {
    return this.sendQueue.window
  }

  /** How long messages to this peer have waited for a window update (0: not waiting); called every liveness tick. */
  windowStall (now: number): number {
    return this.flow.stall(now)
  }

  /** Encode and send one message. Returns false if it was dropped (send buffer full). */
  sendMessage<T> (message: MessageSpec<T>, value: Partial<T>): boolean {
    return this.sendFrame(message.type, encodeFrame(message.type, encodePayload(message, value)))
  }

  /** Send an already encoded frame of the given type (the same bytes may go to many peers). */
  sendFrame (type: number, frame: Uint8Array): boolean {
    if (this.state === PeerState.DISCONNECT) return false
    const cls = this.limits.sendClasses.of(type)
    if (this.sendQueue.bufferedBytes >= this.limits.maxSendBufferBytes * SEND_CLASS_SHARE[cls]!) {
      this.stats.drops.add(SEND_BUFFER_FULL[cls])
      this.nodeStats.drops.add(SEND_BUFFER_FULL[cls])
      this.sendBufferFullSince ??= this.host.now()
      return false
    }
    this.sendQueue.push(cls, frame)
    this.stats.sent.count(type, frame.length)
    this.nodeStats.sent.count(type, frame.length)
    return true
  }

  /** Grant the peer more window: never dropped nor queued behind anything (send-queue.ts), counted once even if a newer one replaces it. */
  private sendWindowUpdate (limit: number): void {
    const frame = encodeFrame(MessageType.WINDOW_UPDATE, encodePayload(Messages.windowUpdate, { limit }))
    if (this.sendQueue.sendWindowUpdate(frame)) return
    this.stats.sent.count(MessageType.WINDOW_UPDATE, frame.length)
    this.nodeStats.sent.count(MessageType.WINDOW_UPDATE, frame.length)
  }

  /** Bytes waiting to be sent to this peer (queued by class, and in the connection). */
  get sendBufferedBytes (): number {
    return this.sendQueue.bufferedBytes
  }

  /** When our outstanding Ping was sent (undefined: none is outstanding). */
  get pingOutstandingSince (): number | undefined {
    return this.pingNonce === undefined ? undefined : this.pingSentAt
  }

  /** Send a Ping unless one is outstanding. */
  ping (): void {
    if (!this.established || this.pingNonce !== undefined) return
    this.pingNonce = this.host.nonce()
    this.pingSentAt = this.host.now()
    this.flow.pingSent()
    // a ping we could not queue (send buffer full) is not outstanding: the peer never saw it
    if (!this.sendMessage(Messages.ping, { nonce: this.pingNonce })) this.pingNonce = undefined
  }

  /** Move to another lifecycle state (ignored if the edge does not exist). */
  moveTo (next: PeerState): boolean {
    if (next === this.state || !canTransition(this.state, next)) return false
    this.state = next
    return true
  }

  /** End the session: flush what is queued, then close. */
  disconnect (reason: DisconnectReason, err?: Error): void {
    if (this.state === PeerState.DISCONNECT) return
    this.finish(reason, err)
    this.sendQueue.flush()
    this.secure.conn.close()
  }

  /** End the session at once, dropping what is queued. */
  destroy (reason: DisconnectReason, err?: Error): void {
    if (this.state === PeerState.DISCONNECT) return
    this.finish(reason, err)
    this.sendQueue.clear()
    this.secure.conn.destroy()
  }

  private finish (reason: DisconnectReason, err?: Error): void {
    this.state = PeerState.DISCONNECT
    this.resumeTimer?.cancel()
    this.disconnectReason = reason
    this.host.closed(this, reason, err)
  }

  private onData (chunk: Uint8Array): void {
    if (this.state === PeerState.DISCONNECT) return
    const now = this.lastReceivedAt = this.host.now()
    try {
      this.decoder.push(chunk)
      // a frame (or fragmented message) still incomplete after this chunk: since when
      if (!this.decoder.hasPartial) this.partialFrameSince = this.flow.partialMessageSince
      else this.partialFrameSince ??= now
      // the frames in the chunk are handled: grant more window when due
      const limit = this.flow.consumed(chunk.length, now)
      if (limit !== undefined && this.established) this.sendWindowUpdate(limit)
    } catch (err) {
      if (!(err instanceof KuberError)) {
        this.host.internalError(this, err)
        return
      }
      // framing is lost after a refused length: nothing after it can be read
      this.destroy(err.code === ErrorCodes.FRAME_TOO_LARGE ? DisconnectReason.OVERSIZED_FRAME : DisconnectReason.INTEGRITY_FAILURE, err)
      this.host.peerError(this, err)
    }
  }

  private onFrame (frame: Uint8Array): void {
    if (this.state === PeerState.DISCONNECT) return
    this.partialFrameSince = undefined
    this.flow.frameReceived(frame.length + 4)
    try {
      const env = decodeEnvelope(frame)
      if (this.state === PeerState.HANDSHAKE) {
        this.countReceived(env.type, frame.length + 4)
        this.onHandshakeMessage(env.type, env.payload)
      } else if (env.type === MessageType.FRAGMENT) {
        this.onFragment(env.payload)
      } else {
        this.onEstablishedFrame(env.type, env.payload, frame.length + 4)
      }
    } catch (err) {
      if (!(err instanceof KuberError)) {
        this.host.internalError(this, err)
        return
      }
      if (this.state === PeerState.HANDSHAKE) this.disconnect(DisconnectReason.INVALID_HANDSHAKE, err)
      this.host.peerError(this, err)
    }
  }

  private countReceived (type: number, frameBytes: number): void {
    this.stats.received.count(type, frameBytes)
    this.nodeStats.received.count(type, frameBytes)
  }

  /** One established message, whole or reassembled from fragments (counted as if it came whole). */
  private onEstablishedFrame (type: number, payload: Uint8Array, frameBytes: number): void {
    this.countReceived(type, frameBytes)
    // a WindowUpdate is not charged to the message budget: it answers bytes we sent, and each must raise the limit by 16 KiB
    if (type === MessageType.WINDOW_UPDATE) this.flow.windowUpdate(payload)
    else this.onEstablishedMessage(type, payload, frameBytes)
  }

  private onFragment (payload: Uint8Array): void {
    const whole = this.flow.fragment(payload, this.lastReceivedAt)
    if (whole === undefined) return
    const env = decodeEnvelope(whole)
    if (env.type === MessageType.FRAGMENT) throw new ProtocolError(ErrorCodes.FRAGMENT_INVALID, 'a fragmented Fragment')
    this.onEstablishedFrame(env.type, env.payload, whole.length + 4)
  }

  private onHandshakeMessage (type: number, payload: Uint8Array): void {
    if (type === MessageType.HELLO && !this.helloReceived) {
      this.helloReceived = true
      const hello = decodePayload(Messages.hello, payload)
      this.remoteHello = hello
      this.latestHeight = hello.latestHeight
      const refusal = this.host.checkHello(this, hello)
      this.sendMessage(Messages.helloAck, { status: refusal?.status ?? HelloStatus.OK })
      if (refusal !== undefined) {
        const err = new HandshakeError(refusal.code, refusal.message)
        this.disconnect(reasonForRefusal(refusal.code), err)
        this.host.peerError(this, err)
        return
      }
    } else if (type === MessageType.HELLO_ACK && !this.ackReceived) {
      this.ackReceived = true
      const { status } = decodePayload(Messages.helloAck, payload)
      if (status !== HelloStatus.OK) {
        // the peer refused us: not its misbehaviour, so no penalty; just leave
        const code = refusalCode(status)
        this.disconnect(reasonForRefusal(code), new HandshakeError(code, `peer refused the handshake: ${status}`))
        return
      }
    } else {
      throw new HandshakeError(ErrorCodes.UNEXPECTED_MESSAGE, `unexpected message type ${type} during the handshake`)
    }
    if (this.helloReceived && this.ackReceived && this.moveTo(PeerState.ACTIVE)) {
      this.decoder.maxFrameBytes = this.limits.maxFrameBytes
      if ((this.localCapabilities & this.remoteHello!.capabilities & Capability.FLOW_CONTROL) !== 0) this.flow.enable()
      this.host.established(this)
    }
  }

  private onEstablishedMessage (type: number, payload: Uint8Array, frameBytes: number): void {
    this.chargeInbound(type, frameBytes)
    switch (type) {
      case MessageType.PING: {
        const { nonce } = decodePayload(Messages.ping, payload)
        this.sendMessage(Messages.pong, { nonce })
        return
      }
      case MessageType.PONG: {
        const { nonce } = decodePayload(Messages.pong, payload)
        if (nonce !== this.pingNonce) throw new ProtocolError(ErrorCodes.UNSOLICITED_MESSAGE, 'pong with an unknown nonce')
        this.pingNonce = undefined
        this.rttMs = this.host.now() - this.pingSentAt
        this.flow.pongReceived(this.rttMs)
        return
      }
      case MessageType.HELLO:
      case MessageType.HELLO_ACK:
        throw new HandshakeError(ErrorCodes.UNEXPECTED_MESSAGE, 'handshake message after the handshake')
      default:
        this.lastActivityAt = this.lastReceivedAt
        this.host.message(this, type, payload)
    }
  }

  /**
   * The one place inbound budgets are charged, for every message once established. What we
   * asked this peer for (the request tracker's grants) is charged to neither; everything
   * else costs bytes (over budget: reading pauses until the debt is repaid; persistently
   * over: penalised), then the message rate (over it: dropped and penalised, spec §13 rule 1).
   */
  private chargeInbound (type: number, frameBytes: number): void {
    if (this.host.solicited(this, type, frameBytes)) return
    const now = this.lastReceivedAt
    const admitted = this.budget.charge(now, frameBytes)
    if (this.budget.pauseMs > 0) this.pauseReading(now, this.budget.pauseMs)
    if (this.budget.persistent) {
      this.host.peerError(this, new ProtocolError(ErrorCodes.BANDWIDTH_EXCEEDED, `over ${this.limits.maxBytesPerSecond} bytes/s for ${this.limits.byteBudgetPenaltyAfterMs} ms`))
    }
    if (!admitted) {
      // thrown errors are penalised by the host
      this.stats.drops.add(DropReason.RATE_LIMITED)
      this.nodeStats.drops.add(DropReason.RATE_LIMITED)
      throw new ProtocolError(ErrorCodes.RATE_LIMITED, `more than ${this.limits.maxMessagesPerSecond} messages/s`)
    }
  }

  /** Stop reading from the peer until `now + ms` (TCP pushes back meanwhile), counted in stats. */
  private pauseReading (now: number, ms: number): void {
    const until = now + ms
    if (until <= this.readPausedUntil) return
    if (this.readPausedUntil === 0) {
      this.stats.readPauses++
      this.nodeStats.readPauses++
      this.readPausedAt = now
      this.secure.conn.pause()
    }
    this.readPausedUntil = until
    this.resumeTimer?.cancel()
    this.resumeTimer = this.host.setTimer(ms, () => {
      this.resumeTimer = undefined
      this.readPausedUntil = 0
      const paused = this.host.now() - this.readPausedAt
      this.stats.readPausedMs += paused
      this.nodeStats.readPausedMs += paused
      if (this.state !== PeerState.DISCONNECT) this.secure.conn.resume()
    })
  }

  private onConnectionClosed (err?: Error): void {
    if (this.state === PeerState.DISCONNECT) return
    if (err instanceof KuberError && err.code !== ErrorCodes.CONNECTION_CLOSED) {
      this.finish(err.code === ErrorCodes.FRAME_TOO_LARGE ? DisconnectReason.OVERSIZED_FRAME : DisconnectReason.INTEGRITY_FAILURE, err)
      this.host.peerError(this, err)
      return
    }
    try {
      this.decoder.end()
    } catch (e) {
      this.host.peerError(this, e as WireError)
    }
    this.finish(err === undefined ? DisconnectReason.REMOTE_CLOSED : DisconnectReason.TRANSPORT_ERROR, err)
  }
}
