// Static (persistent) peers: dialled at start and, whenever the connection is lost or a
// dial fails, redialled after an exponential backoff with jitter. Never given up on.
import type { Logger } from 'pino'
import type { Clock, Timer } from '../runtime/clock.js'
import type { Random } from '../runtime/random.js'
import { errorCode } from '../errors.js'
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
}

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
    this.entries.push({ target, peerId: target.peerId, attempts: 0, timer: undefined, dialing: false })
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
      e.attempts = 0
    }, (err) => {
      this.deps.log.debug({ address: e.target.address, code: errorCode(err), err: (err as Error).message, attempt: e.attempts }, 'static peer dial failed')
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
