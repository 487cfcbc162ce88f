// Several transports behind one (as js-libp2p's transport manager): each address scheme
// ("tcp", "ws") has its transport; listen and dial pick it by the address's scheme, a bare
// "host:port" being TCP. Listeners report canonical addresses (bare for TCP); a
// transport whose addresses carry their scheme (WebSocket) is handed them whole.
import { ErrorCodes, TransportError } from '../errors.js'
import { canonicalAddress, formatTransportAddress, parseTransportAddress, type TransportAddress, type TransportScheme } from './address.js'
import type { Connection, DialOptions, Listener, Transport } from './types.js'

export class TransportManager implements Transport {
  readonly name: string

  constructor (private readonly byScheme: ReadonlyMap<TransportScheme, Transport>) {
    this.name = [...byScheme].map(([scheme, t]) => `${scheme}:${t.name}`).join(',')
  }

  /** Schemes a transport is configured for. */
  get schemes (): TransportScheme[] {
    return [...this.byScheme.keys()]
  }

  /** True when a transport is configured for the address's scheme (false for an invalid address). */
  canDial (address: string): boolean {
    try {
      return this.byScheme.has(parseTransportAddress(address).scheme)
    } catch {
      return false
    }
  }

  async listen (address: string, onConnection: (conn: Connection) => void): Promise<Listener> {
    const a = parseTransportAddress(address)
    const listener = await this.transportFor(a).listen(this.transportAddress(a, address), onConnection)
    const bound = listener.address.includes('://') ? canonicalAddress(listener.address) : formatTransportAddress(a.scheme, listener.address)
    return { address: bound, close: async () => await listener.close() }
  }

  async dial (address: string, options?: DialOptions): Promise<Connection> {
    const a = parseTransportAddress(address)
    return await this.transportFor(a).dial(this.transportAddress(a, address), options)
  }

  /** The address as a's transport takes it: "host:port" for TCP, the whole scheme address otherwise. */
  private transportAddress (a: TransportAddress, address: string): string {
    return a.scheme === 'tcp' ? a.hostPort : address
  }

  private transportFor (a: TransportAddress): Transport {
    const t = this.byScheme.get(a.scheme)
    if (t === undefined) throw new TransportError(ErrorCodes.INVALID_ADDRESS, `no ${a.scheme} transport on this node (it has ${this.schemes.join(', ')})`)
    return t
  }
}
