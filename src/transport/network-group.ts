// Network groups and routability (as Bitcoin Core's addrman does): addresses are bucketed
// by the network an operator would have to control to hold many of them, an IPv4 /16 or
// an IPv6 /32, so that one subnet cannot fill the peer store or our outbound slots.
import { isIP } from './ip.js'
import { parseTransportAddress } from './address.js'

/** IPv4 dotted quad to its four octets. */
function ipv4Octets (host: string): number[] {
  return host.split('.').map(Number)
}

/** IPv6 text to its eight 16-bit groups (an embedded IPv4 tail becomes two groups). */
function ipv6Groups (host: string): number[] {
  let text = host.toLowerCase()
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (v4 !== null) {
    const [a, b, c, d] = ipv4Octets(v4[1]!)
    text = text.slice(0, v4.index) + `${((a! << 8) | b!).toString(16)}:${((c! << 8) | d!).toString(16)}`
  }
  const [head, tail] = text.includes('::') ? text.split('::') as [string, string] : [text, undefined]
  const parse = (s: string): number[] => s === '' ? [] : s.split(':').map((g) => parseInt(g, 16))
  const left = parse(head)
  if (tail === undefined) return left
  const right = parse(tail)
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right]
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d), if it is one. */
function mappedIpv4 (groups: number[]): string | undefined {
  if (groups.slice(0, 5).some((g) => g !== 0) || groups[5] !== 0xffff) return undefined
  return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.')
}

function isLoopbackIpv4 (host: string): boolean {
  return ipv4Octets(host)[0] === 127
}

/** True for 127.0.0.0/8 and ::1 (and ::ffff:127.x.x.x). */
export function isLoopbackHost (host: string): boolean {
  const family = isIP(host)
  if (family === 4) return isLoopbackIpv4(host)
  if (family !== 6) return host === 'localhost'
  const groups = ipv6Groups(host)
  const v4 = mappedIpv4(groups)
  if (v4 !== undefined) return isLoopbackIpv4(v4)
  return groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1
}

/** Where an address can be reached from: the machine itself, a private network, the Internet, or nowhere useful. */
export type AddressScope = 'loopback' | 'private' | 'public' | 'unspecified' | 'other'

function ipv4Scope (host: string): AddressScope {
  const [a, b, c] = ipv4Octets(host) as [number, number, number]
  if (a === 127) return 'loopback'
  if (a === 0) return host === '0.0.0.0' ? 'unspecified' : 'other' // this-net
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private' // RFC1918
  if (a === 100 && b >= 64 && b <= 127) return 'private' // RFC6598 shared (CGNAT)
  if (a === 169 && b === 254) return 'private' // link-local
  if (a >= 224) return 'other' // multicast, reserved, broadcast
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return 'other' // IETF protocol assignments, documentation
  if (a === 198 && (b === 18 || b === 19)) return 'other' // benchmarking
  if ((a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return 'other' // documentation
  return 'public'
}

/**
 * The scope of a host: loopback (127/8, ::1, "localhost"), private (RFC 1918, CGNAT,
 * link-local, IPv6 unique-local and link-local), public (an IP literal a peer elsewhere
 * on the Internet could reach), unspecified (0.0.0.0, ::), or other (multicast,
 * documentation, reserved, and DNS names).
 */
export function addressScope (host: string): AddressScope {
  const family = isIP(host)
  if (family === 4) return ipv4Scope(host)
  if (family !== 6) return host.toLowerCase() === 'localhost' ? 'loopback' : 'other'
  const groups = ipv6Groups(host)
  const v4 = mappedIpv4(groups)
  if (v4 !== undefined) return ipv4Scope(v4)
  const first = groups[0]!
  if (groups.every((g) => g === 0)) return 'unspecified'
  if (groups.every((g, i) => g === 0 || (i === 7 && g === 1))) return 'loopback'
  if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80) return 'private' // unique local, link-local
  if ((first & 0xff00) === 0xff00) return 'other' // multicast
  if (first === 0x2001 && groups[1] === 0x0db8) return 'other' // documentation
  return 'public'
}

/**
 * True when `host` is an IP literal a peer elsewhere on the Internet could reach: not
 * private, loopback, link-local, multicast, documentation or reserved, and not a DNS name
 * (names cost nothing to mint, so gossip may only carry IP literals in strict mode).
 */
export function isRoutableHost (host: string): boolean {
  return addressScope(host) === 'public'
}

/**
 * The network group of "host:port": "v4:a.b" for an IPv4 address (its /16), "v6:xxxx:xxxx"
 * for an IPv6 address (its /32; IPv4-mapped ones group as IPv4), "name:host" for a DNS
 * name, and, for a loopback address, the whole address ("local:127.0.0.1:26656"): every
 * node on one machine is its own group, since nobody else can hold loopback addresses.
 * Throws TransportError(INVALID_ADDRESS) if the address does not parse.
 */
export function networkGroup (address: string): string {
  const { host } = parseTransportAddress(address)
  if (isLoopbackHost(host)) return `local:${address}`
  const family = isIP(host)
  if (family === 4) {
    const [a, b] = ipv4Octets(host)
    return `v4:${a!}.${b!}`
  }
  if (family === 6) {
    const groups = ipv6Groups(host)
    const v4 = mappedIpv4(groups)
    if (v4 !== undefined) return networkGroup(`${v4}:0`)
    return `v6:${groups[0]!.toString(16).padStart(4, '0')}:${groups[1]!.toString(16).padStart(4, '0')}`
  }
  return `name:${host.toLowerCase()}`
}

/** The host of "host:port" (undefined if it does not parse). */
export function hostOf (address: string): string | undefined {
  try {
    return parseTransportAddress(address).host
  } catch {
    return undefined
  }
}
