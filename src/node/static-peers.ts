// Static (persistent) peers: dialled at start and, whenever the connection is lost or a
// dial fails, redialled after an exponential backoff with jitter. Never given up on: a
// peer on another chain or protocol version is redialled too (with the same backoff), so
// it connects once its operator fixes the configuration; that refusal is logged as a warning.
import type { Logger } from 'pino'
import type { Clock, Timer } from '../runtime/clock.js'
import type { Random } from '../runtime/random.js'
import { ErrorCodes, errorCode, type ErrorCode } from '../errors.js'
import type { PeerId } from '../identity/peer-id.js'
import { backoffDelay, type BackoffOptions } from '../session/backoff.js'
import type { PeerAddress } from './config.js'

interface Entry {
  target: PeerAddress
  /** Learned from the first successful connection when the address had no PeerID. */
  peerId: PeerId | undefined
  attempts: number
  timer: Timer | undefined
  dialing: boolean
  /** Code of the last failed dial (a warning is logged when it becomes a configuration mismatch). */
  lastCode: ErrorCode | undefined
}

/** Refusals that only the operators can fix: another chain, another protocol version. */
const CONFIG_MISMATCH: ReadonlySet<ErrorCode | undefined> = new Set([ErrorCodes.CHAIN_ID_MISMATCH, ErrorCodes.VERSION_MISMATCH])

export interface StaticPeersDeps {
  clock: Clock
  random: Random
  log: Logger
  backoff: BackoffOptions
  /** Dial and handshake; resolves with the proven PeerID. */
  dial(target: PeerAddress): Promise<PeerId>
  isConnected(id: PeerId): boolean
}

export class StaticPeers {
  private readonly entries: Entry[] = []
  private stopped = false

  constructor (private readonly deps: StaticPeersDeps) {}

  add (target: PeerAddress): void {
    this.entries.push({ target, peerId: target.peerId, attempts: 0, timer: undefined, dialing: false, lastCode: undefined })
  }

  get size (): number {
    return this.entries.length
  }

  isStatic (id: PeerId): boolean {
    return this.entries.some((e) => e.peerId === id)
  }

  start (): void {
    for (const e of this.entries) this.dialNow(e)
  }

  stop (): void {
    this.stopped = true
    for (const e of this.entries) e.timer?.cancel()
  }

  /** A peer disconnected: if it is one of ours, dial it again after a backoff. */
  disconnected (id: PeerId): void {
    for (const e of this.entries) if (e.peerId === id) this.schedule(e)
  }

  private dialNow (e: Entry): void {
    if (this.stopped || e.dialing || (e.peerId !== undefined && this.deps.isConnected(e.peerId))) return
    e.dialing = true
    this.deps.dial(e.target).then((id) => {
      e.peerId = id
      e.attempts = 0
      e.lastCode = undefined
    }, (err) => {
      const code = errorCode(err)
      const level = CONFIG_MISMATCH.has(code) && code !== e.lastCode ? 'warn' : 'debug'
      this.deps.log[level]({ address: e.target.address, code, err: (err as Error).message, attempt: e.attempts }, 'static peer dial failed')
      e.lastCode = code
      e.attempts++
      this.schedule(e)
    }).finally(() => { e.dialing = false })
  }

  private schedule (e: Entry): void {
    if (this.stopped) return
    e.timer?.cancel()
    e.timer = this.deps.clock.setTimeout(() => this.dialNow(e), backoffDelay(e.attempts, this.deps.backoff, this.deps.random))
  }
}
