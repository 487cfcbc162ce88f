// "host:port" addresses: parsing and formatting, IPv6 in brackets ("[::1]:26656").
import { isIP } from './ip.js'
import { ErrorCodes, TransportError } from '../errors.js'

export interface HostPort {
  host: string
  port: number
}

// A host is a bracketed IPv6 address, or an IPv4 address or DNS name: letters, digits,
// '-', '_' and '.', at most 253 characters. Addresses come from peers (gossip, hello),
// so anything else is refused here rather than handed to the resolver.
const HOST_PORT = /^(?:\[([0-9a-fA-F:.]{2,45})\]|([A-Za-z0-9_.-]{1,253})):(\d{1,5})$/

/**
 * Parse "host:port" or "[v6]:port". Port must be 0..65535. Throws
 * TransportError(INVALID_ADDRESS) for anything else.
 */
export function parseHostPort (address: string): HostPort {
  const m = HOST_PORT.exec(address)
  const port = m === null ? NaN : Number(m[3])
  if (m === null || port > 65535) {
    throw new TransportError(ErrorCodes.INVALID_ADDRESS, `invalid address ${quote(address)}: expected host:port`)
  }
  const host = m[1] ?? m[2]!
  if (m[1] !== undefined && isIP(host) !== 6) {
    throw new TransportError(ErrorCodes.INVALID_ADDRESS, `invalid IPv6 address in ${quote(address)}`)
  }
  return { host, port }
}

/** The address for an error message, cut short: it may be a peer's garbage of any length. */
function quote (address: string): string {
  return JSON.stringify(address.length > 80 ? `${address.slice(0, 80)}...` : address)
}

/** "host:port", with an IPv6 host in brackets; parseHostPort gives back host and port. */
export function formatHostPort (host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`
}

/** Address schemes a node can listen and dial on: "tcp://host:port", "ws://host:port"; a bare "host:port" is TCP. */
export const TRANSPORT_SCHEMES = ['tcp', 'ws'] as const
export type TransportScheme = (typeof TRANSPORT_SCHEMES)[number]

export interface TransportAddress extends HostPort {
  scheme: TransportScheme
  /** The "host:port" part, as the scheme's transport takes it. */
  hostPort: string
}

const SCHEME = /^([a-z][a-z0-9+.-]{0,15}):\/\//

/** Parse "tcp://host:port", "ws://host:port" or a bare "host:port" (TCP). Throws TransportError(INVALID_ADDRESS). */
export function parseTransportAddress (address: string): TransportAddress {
  const m = SCHEME.exec(address)
  const scheme = m === null ? 'tcp' : m[1]!
  if (!(TRANSPORT_SCHEMES as readonly string[]).includes(scheme)) {
    throw new TransportError(ErrorCodes.INVALID_ADDRESS, `invalid address ${quote(address)}: unknown scheme ${scheme}`)
  }
  const hostPort = m === null ? address : address.slice(m[0].length)
  return { scheme: scheme as TransportScheme, hostPort, ...parseHostPort(hostPort) }
}

/** The canonical form: a bare "host:port" for TCP (as PeerRecords and Hello have always carried it), "scheme://host:port" otherwise. */
export function formatTransportAddress (scheme: TransportScheme, hostPort: string): string {
  return scheme === 'tcp' ? hostPort : `${scheme}://${hostPort}`
}

/** The canonical form of an address (see formatTransportAddress). Throws like parseTransportAddress. */
export function canonicalAddress (address: string): string {
  const a = parseTransportAddress(address)
  return formatTransportAddress(a.scheme, a.hostPort)
}
