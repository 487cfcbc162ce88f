// "host:port" addresses: parsing and formatting, IPv6 in brackets ("[::1]:26656").
import { isIP } from 'node:net'
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
