// Runs discovery's dials and books their outcome: a failed dial puts the address in
// backoff (exponential, with jitter), a dial that reaches another identity than the record
// claimed drops the record and penalises whoever told us about it, a peer on another chain
// is forgotten. Failures that are not the address's fault (we are full, already connected,
// stopping) change nothing.
import { ErrorCodes, ProtocolError, errorCode, type ErrorCode } from '../errors.js'
import { shortPeerId, type PeerId } from '../identity/peer-id.js'
import type { AddressBook } from '../peerstore/address-book.js'
import { backoffDelay } from '../session/backoff.js'
import type { DialKind, DiscoveryStats } from './stats.js'
import type { DiscoveryHost, DiscoverySettings } from './types.js'

const NOT_THE_ADDRESS: ReadonlySet<ErrorCode | undefined> = new Set([
  ErrorCodes.NOT_STARTED, ErrorCodes.ABORTED, ErrorCodes.DUPLICATE_PEER, ErrorCodes.PEER_BANNED
])
const OTHER_NETWORK: ReadonlySet<ErrorCode | undefined> = new Set([ErrorCodes.CHAIN_ID_MISMATCH, ErrorCodes.VERSION_MISMATCH, ErrorCodes.SELF_CONNECTION])

/** What the dial runner works with. */
export interface DialRunnerDeps {
  host: DiscoveryHost
  book: AddressBook
  stats: DiscoveryStats
  settings: Pick<DiscoverySettings, 'dialBackoffBaseMs' | 'dialBackoffMaxMs'>
}

/** Discovery's dials in flight, and the bookkeeping of their outcomes. */
export class DialRunner {
  private readonly inflight = new Set<string>()

  constructor (private readonly deps: DialRunnerDeps) {}

  /** Dials in progress. */
  get size (): number {
    return this.inflight.size
  }

  isDialing (idOrAddress: string): boolean {
    return this.inflight.has(idOrAddress)
  }

  /** Backoff before the next dial of an address that has failed `failures` times (with jitter). */
  retryDelay (failures: number): number {
    const { dialBackoffBaseMs: baseMs, dialBackoffMaxMs: maxMs } = this.deps.settings
    return backoffDelay(Math.max(0, failures - 1), { baseMs, maxMs }, this.deps.host.random)
  }

  /** Dial; resolves true once connected, false on failure (never rejects). */
  async dial (peerId: PeerId, address: string, kind: DialKind): Promise<boolean> {
    const { host, book, stats } = this.deps
    if (this.inflight.has(peerId)) return false
    this.inflight.add(peerId)
    book.markAttempt(peerId, host.clock.wallNow())
    try {
      await host.dial(address, peerId)
      stats.dial(kind, true)
      return true
    } catch (err) {
      const code = errorCode(err)
      stats.dial(kind, false)
      stats.dialFailures.add(code ?? 'INTERNAL')
      host.log.debug({ peer: shortPeerId(peerId), address, kind, code, err: (err as Error).message }, 'discovery dial failed')
      this.recordFailure(peerId, code)
      return false
    } finally {
      this.inflight.delete(peerId)
    }
  }

  private recordFailure (peerId: PeerId, code: ErrorCode | undefined): void {
    const { host, book } = this.deps
    const entry = book.get(peerId)
    if (entry === undefined || NOT_THE_ADDRESS.has(code)) return
    if (code === ErrorCodes.PEER_ID_MISMATCH) {
      // the address is held by another identity: the record lied
      book.remove(peerId)
      if (entry.source.peerId !== '') {
        host.penalize(entry.source.peerId as PeerId, new ProtocolError(ErrorCodes.INVALID_PEER_RECORD, `record for ${shortPeerId(peerId)} at ${entry.address} failed the handshake's identity proof`))
      }
      return
    }
    if (OTHER_NETWORK.has(code)) {
      book.remove(peerId)
      return
    }
    const now = host.clock.wallNow()
    book.markFailure(peerId, now, now + this.retryDelay(entry.failures + 1))
  }
}
