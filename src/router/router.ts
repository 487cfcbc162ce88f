// The message router: one handler per envelope type. An unknown type is a typed error
// (the session penalises the sender); a handler's own bug is reported, not blamed on the peer.
import { ErrorCodes, KuberError, WireError } from '../errors.js'
import { messageName } from '../wire/codecs.js'
import type { MessageHandler, Peer } from './types.js'

export class Router {
  private readonly handlers = new Map<number, { owner: string, handler: MessageHandler }>()

  /** Route `type` to `handler`. Each type has one owner; registering it twice throws. */
  register (type: number, handler: MessageHandler, owner = 'app'): void {
    const existing = this.handlers.get(type)
    if (existing !== undefined) throw new Error(`${messageName(type)} is already handled by ${existing.owner}`)
    this.handlers.set(type, { owner, handler })
  }

  unregister (type: number): void {
    this.handlers.delete(type)
  }

  has (type: number): boolean {
    return this.handlers.has(type)
  }

  /**
   * Deliver one message. Throws WireError(UNKNOWN_MESSAGE_TYPE) for a type nobody handles
   * and rethrows a handler's KuberError; any other handler failure goes to onInternalError.
   */
  dispatch (peer: Peer, type: number, payload: Uint8Array, onInternalError: (err: unknown) => void): void {
    const entry = this.handlers.get(type)
    if (entry === undefined) throw new WireError(ErrorCodes.UNKNOWN_MESSAGE_TYPE, `no handler for ${messageName(type)}`)
    try {
      entry.handler(peer, type, payload)
    } catch (err) {
      if (err instanceof KuberError) throw err
      onInternalError(err)
    }
  }
}
