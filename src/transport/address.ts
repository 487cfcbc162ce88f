// "host:port" addresses: parsing and formatting, IPv6 in brackets ("[::1]:26656").
import { isIP } from 'node:net'
import { ErrorCodes, TransportError } from '../errors.js'

export interface HostPort {
  host: string
  port: number
}

/** Parse "host:port" or "[v6]:port". Port must be 0..65535. */
export function parseHostPort (address: string): HostPort {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(address)
  const port = m === null ? NaN : Number(m[3])
  if (m === null || port > 65535) {
    throw new TransportError(ErrorCodes.INVALID_ADDRESS, `invalid address ${JSON.stringify(address)}: expected host:port`)
  }
  const host = m[1] ?? m[2]!
  if (m[1] !== undefined && isIP(host) !== 6) {
    throw new TransportError(ErrorCodes.INVALID_ADDRESS, `invalid IPv6 address in ${JSON.stringify(address)}`)
  }
  return { host, port }
}

export function formatHostPort (host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`
}
