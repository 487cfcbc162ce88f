// Static (persistent) peers: dialled at start and, whenever the connection is lost or a
// dial fails, redialled after an exponential backoff with jitter. Never given up on: a
// peer on another chain or protocol version is redialled too (with the same backoff), so
// it connects once its operator fixes the configuration. An operator sees it: the first
// failure of a run of failures is a warning (and so is a failure that becomes a
// configuration mismatch), later ones are logged at info at most once per
// LOG_INTERVAL_MS each (with the next retry's delay), and a peer reached again after
// failures is logged at info.
import type { Logger } from 'pino'
import type { Clock, Timer } from '../runtime/clock.js'
import type { Random } from '../runtime/random.js'
import { ErrorCodes, errorCode, type ErrorCode } from '../errors.js'
import type { PeerId } from '../identity/peer-id.js'
import { backoffDelay, type BackoffOptions } from '../session/backoff.js'
import type { PeerAddress } from './config.js'

/** Repeated failures of one static peer are logged at most this often. */
const LOG_INTERVAL_MS = 60_000

interface Entry {
  target: PeerAddress
  /** Learned from the first successful connection when the address had no PeerID. */
  peerId: PeerId | undefined
  attempts: number
  timer: Timer | undefined
  dialing: boolean
  /** When a failure was last logged (monotonic ms), and failures since. */
  loggedAt: number
  unlogged: number
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
    this.entries.push({ target, peerId: target.peerId, attempts: 0, timer: undefined, dialing: false, loggedAt: -Infinity, unlogged: 0, lastCode: undefined })
  }

  get size (): number {
    return this.entries.length
  }

  isStatic (id: PeerId): boolean {
    return this.entries.some((e) => e.peerId === id)
  }

  /** Dial every static peer now (again after stop()). */
  start (): void {
    this.stopped = false
    for (const e of this.entries) {
      e.attempts = 0
      e.loggedAt = -Infinity
      this.dialNow(e)
    }
  }

  stop (): void {
    this.stopped = true
    for (const e of this.entries) {
      e.timer?.cancel()
      e.timer = undefined
    }
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
      if (e.attempts > 0) this.deps.log.info({ peer: id, address: e.target.address, failedAttempts: e.attempts }, 'static peer reachable again')
      e.attempts = 0
      e.loggedAt = -Infinity
      e.unlogged = 0
      e.lastCode = undefined
    }, (err) => {
      e.attempts++
      const delay = this.schedule(e)
      if (delay !== undefined) this.logFailure(e, err, delay)
    }).finally(() => { e.dialing = false })
  }

  private logFailure (e: Entry, err: unknown, retryInMs: number): void {
    const now = this.deps.clock.now()
    const code = errorCode(err)
    const fields = { peer: e.target.peerId ?? e.peerId, address: e.target.address, code, err: (err as Error).message, attempt: e.attempts, retryInMs: Math.round(retryInMs) }
    const newMismatch = CONFIG_MISMATCH.has(code) && code !== e.lastCode
    e.lastCode = code
    if (newMismatch) {
      this.deps.log.warn(fields, 'static peer is on another chain or protocol version; redialling with backoff until its configuration is fixed')
    } else if (e.attempts === 1) {
      this.deps.log.warn(fields, 'static peer unreachable; redialling with backoff')
    } else if (now - e.loggedAt >= LOG_INTERVAL_MS) {
      this.deps.log.info({ ...fields, failuresSinceLastLog: e.unlogged + 1 }, 'static peer still unreachable')
    } else {
      e.unlogged++
      this.deps.log.debug(fields, 'static peer dial failed')
      return
    }
    e.loggedAt = now
    e.unlogged = 0
  }

  /** Dial again after the backoff; returns the delay (undefined once stopped). */
  private schedule (e: Entry): number | undefined {
    if (this.stopped) return undefined
    e.timer?.cancel()
    const delay = backoffDelay(e.attempts, this.deps.backoff, this.deps.random)
    e.timer = this.deps.clock.setTimeout(() => this.dialNow(e), delay)
    return delay
  }
}
