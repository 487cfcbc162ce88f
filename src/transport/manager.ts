// Several transports behind one (as js-libp2p's transport manager): each address scheme
// ("tcp", "ws") has its transport; listen and dial pick it by the address's scheme, a bare
// "host:port" being TCP. Listeners report canonical addresses (bare for TCP).
import { ErrorCodes, TransportError } from '../errors.js'
import { formatTransportAddress, parseTransportAddress, type TransportAddress, type TransportScheme } from './address.js'
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

  async listen (address: string, onConnection: (conn: Connection) => void): Promise<Listener> {
    const a = parseTransportAddress(address)
    const listener = await this.transportFor(a).listen(a.hostPort, onConnection)
    return { address: formatTransportAddress(a.scheme, listener.address), close: async () => await listener.close() }
  }

  async dial (address: string, options?: DialOptions): Promise<Connection> {
    const a = parseTransportAddress(address)
    return await this.transportFor(a).dial(a.hostPort, options)
  }

  private transportFor (a: TransportAddress): Transport {
    const t = this.byScheme.get(a.scheme)
    if (t === undefined) throw new TransportError(ErrorCodes.INVALID_ADDRESS, `no ${a.scheme} transport on this node (it has ${this.schemes.join(', ')})`)
    return t
  }
}
