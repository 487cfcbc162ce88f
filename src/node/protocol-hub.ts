// Where a node's protocols live: the router (one owner per message type), the list of
// protocols told about peers coming and going, and the extra sections protocols add to
// GET /p2p/stats and /metrics.
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import { Router } from '../router/router.js'
import type { MessageHandler, Peer, Protocol } from '../router/types.js'
import type { DisconnectReason } from '../session/lifecycle.js'
import type { NodeStats } from '../session/stats.js'

export class ProtocolHub {
  readonly router = new Router()
  private readonly protocols: Protocol[] = []
  private readonly extraStats = new Map<string, () => Record<string, unknown>>()
  private readonly extraMetrics: Array<(registry: Registry) => void> = []

  constructor (private readonly log: Logger, private readonly stats: NodeStats, private readonly connected: () => Iterable<Peer>) {}

  handle (type: number, handler: MessageHandler): void {
    this.router.register(type, handler)
  }

  register (protocol: Protocol): void {
    for (const type of protocol.messageTypes) this.router.register(type, protocol.onMessage.bind(protocol), protocol.name)
    this.protocols.push(protocol)
    for (const peer of this.connected()) protocol.onPeerAdded?.(peer)
  }

  peerAdded (peer: Peer): void {
    for (const p of this.protocols) p.onPeerAdded?.(peer)
  }

  peerRemoved (peer: Peer, reason: DisconnectReason): void {
    for (const p of this.protocols) p.onPeerRemoved?.(peer, reason)
  }

  /** Deliver one message to its owner; an owner's own bug is logged, never blamed on the peer. */
  dispatch (peer: Peer, type: number, payload: Uint8Array): void {
    this.router.dispatch(peer, type, payload, (err) => {
      this.stats.errors.add('INTERNAL')
      this.log.error({ peer: peer.peerId, type, err }, 'message handler failed')
    })
  }

  async stop (): Promise<void> {
    for (const p of this.protocols) await p.stop?.()
  }

  addStatsSection (name: string, read: () => Record<string, unknown>): void {
    this.extraStats.set(name, read)
  }

  addMetrics (register: (registry: Registry) => void): void {
    this.extraMetrics.push(register)
  }

  statsSections (): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const [name, read] of this.extraStats) out[name] = read()
    for (const p of this.protocols) if (p.stats !== undefined) out[p.name] = p.stats()
    return out
  }

  metricSources (): Iterable<(registry: Registry) => void> {
    return this.extraMetrics
  }
}
