// Where a node's protocols live: the router (one owner per message type), the protocols
// with the capability bits they advertise, the one ProtocolHost they share, the request
// tracker, the peer events they hear (added, removed, lifecycle changes), and the extra
// sections protocols add to GET /p2p/stats and /metrics.
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import { Router } from '../router/router.js'
import type { ProtocolHost } from '../router/host.js'
import type { MessageHandler, Peer, Protocol } from '../router/types.js'
import type { RequestTracker } from '../router/requests.js'
import type { DisconnectReason, PeerState } from '../session/lifecycle.js'
import type { KuberError } from '../errors.js'
import type { NodeStats } from '../session/stats.js'

export interface ProtocolHubDeps {
  log: Logger
  stats: NodeStats
  host: ProtocolHost
  requests: RequestTracker
  connected(): Iterable<Peer>
  peerError(peer: Peer, err: KuberError): void
}

export class ProtocolHub {
  readonly router: Router
  private readonly protocols: Protocol[] = []
  private readonly extraStats = new Map<string, () => Record<string, unknown>>()
  private readonly extraMetrics: Array<(registry: Registry) => void> = []

  constructor (private readonly deps: ProtocolHubDeps) {
    this.router = new Router({
      peerError: (peer, err) => deps.peerError(peer, err),
      internalError: (peer, type, err) => {
        deps.stats.errors.add('INTERNAL')
        deps.log.error({ peer: peer.peerId, type, err }, 'message handler failed')
      }
    })
  }

  /** Capability bits the registered protocols advertise. */
  get capabilities (): number {
    let bits = 0
    for (const p of this.protocols) bits |= p.capabilities ?? 0
    return bits
  }

  handle (type: number, handler: MessageHandler, owner?: string, requires?: number): void {
    this.router.register(type, handler, owner, requires)
  }

  register (protocol: Protocol): void {
    if (this.protocols.some((p) => p.name === protocol.name)) throw new Error(`a protocol named ${protocol.name} is already registered`)
    protocol.attach?.(this.deps.host)
    const handler = protocol.onMessage.bind(protocol)
    for (const type of protocol.messageTypes) this.router.register(type, handler, protocol.name, protocol.requires?.[type] ?? 0)
    this.protocols.push(protocol)
    for (const peer of this.deps.connected()) protocol.onPeerAdded?.(peer)
  }

  peerAdded (peer: Peer): void {
    for (const p of this.protocols) p.onPeerAdded?.(peer)
  }

  peerRemoved (peer: Peer, reason: DisconnectReason): void {
    this.deps.requests.peerRemoved(peer.peerId)
    for (const p of this.protocols) p.onPeerRemoved?.(peer, reason)
  }

  peerStateChanged (peer: Peer, from: PeerState, to: PeerState): void {
    for (const p of this.protocols) p.onPeerStateChanged?.(peer, from, to)
  }

  /** Deliver one message to its owner (never throws: see Router). */
  dispatch (peer: Peer, type: number, payload: Uint8Array): void {
    this.router.dispatch(peer, type, payload)
  }

  async stop (): Promise<void> {
    this.deps.requests.stop()
    for (const p of this.protocols) await p.stop?.()
  }

  addStatsSection (name: string, read: () => Record<string, unknown>): void {
    this.extraStats.set(name, read)
  }

  addMetrics (register: (registry: Registry) => void): void {
    this.extraMetrics.push(register)
  }

  statsSections (): Record<string, unknown> {
    const out: Record<string, unknown> = { requests: this.deps.requests.stats() }
    for (const [name, read] of this.extraStats) out[name] = read()
    for (const p of this.protocols) if (p.stats !== undefined) out[p.name] = p.stats()
    return out
  }

  metricSources (): Iterable<(registry: Registry) => void> {
    return this.extraMetrics
  }
}
