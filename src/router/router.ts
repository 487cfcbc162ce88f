// The message router: one handler per envelope type. A type nobody handles, or one whose
// owner requires a Hello capability the peer never advertised, is refused with a typed
// error and a small penalty. A handler, sync or async, that throws or rejects a KuberError
// has the peer penalised; anything else it throws is our own bug, logged and never blamed
// on the peer. Nothing a handler does can escape dispatch (no unhandled rejection).
import { ErrorCodes, KuberError, WireError } from '../errors.js'
import { messageName } from '../wire/codecs.js'
import type { MessageHandler, Peer } from './types.js'

export interface RouterEvents {
  /** The peer caused `err` (it is penalised). */
  peerError(peer: Peer, err: KuberError): void
  /** A handler failed with something other than a KuberError: a bug on our side. */
  internalError(peer: Peer, type: number, err: unknown): void
}

interface Route {
  owner: string
  handler: MessageHandler
  /** Hello capability bits the sender must have advertised (any of them); 0: none needed. */
  requires: number
}

export class Router {
  private readonly routes = new Map<number, Route>()

  constructor (private readonly events: RouterEvents) {}

  /** Route `type` to `handler`. Each type has one owner; registering it twice throws. */
  register (type: number, handler: MessageHandler, owner = 'app', requires = 0): void {
    const existing = this.routes.get(type)
    if (existing !== undefined) throw new Error(`${messageName(type)} is already handled by ${existing.owner}`)
    this.routes.set(type, { owner, handler, requires })
  }

  unregister (type: number): void {
    this.routes.delete(type)
  }

  has (type: number): boolean {
    return this.routes.has(type)
  }

  /** Deliver one message to its owner. Never throws. */
  dispatch (peer: Peer, type: number, payload: Uint8Array): void {
    const route = this.routes.get(type)
    if (route === undefined) {
      this.events.peerError(peer, new WireError(ErrorCodes.UNKNOWN_MESSAGE_TYPE, `no protocol handles ${messageName(type)}`))
      return
    }
    if (route.requires !== 0 && ((peer.remoteHello?.capabilities ?? 0) & route.requires) === 0) {
      this.events.peerError(peer, new WireError(ErrorCodes.UNADVERTISED_MESSAGE_TYPE, `${messageName(type)} from a peer that did not advertise ${route.owner}`))
      return
    }
    let result: void | Promise<void>
    try {
      result = route.handler(peer, type, payload)
    } catch (err) {
      this.fail(peer, type, err)
      return
    }
    if (result !== undefined) result.then(undefined, (err: unknown) => this.fail(peer, type, err))
  }

  private fail (peer: Peer, type: number, err: unknown): void {
    if (err instanceof KuberError) this.events.peerError(peer, err)
    else this.events.internalError(peer, type, err)
  }
}
