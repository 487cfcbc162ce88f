// IP address literals recognised without node:net, so that address parsing is the same
// in Node and in the browser light client: isIP gives 4, 6 or 0 as net.isIP does for
// the addresses a peer may send (no IPv6 zone ids).

const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const GROUP = /^[0-9a-fA-F]{1,4}$/

export function isIPv4 (text: string): boolean {
  return IPV4.test(text)
}

export function isIPv6 (text: string): boolean {
  if (text.length < 2 || text.length > 45) return false
  const halves = text.split('::')
  if (halves.length > 2) return false
  const groups = (half: string): string[] => half === '' ? [] : half.split(':')
  const head = groups(halves[0]!)
  const tail = halves.length === 2 ? groups(halves[1]!) : []
  const all = [...head, ...tail]
  let width = all.length
  const last = all.at(-1)
  if (last !== undefined && last.includes('.')) {
    if (!isIPv4(last)) return false
    all.pop()
    width++ // an IPv4 tail fills two groups
  }
  if (!all.every((g) => GROUP.test(g))) return false
  return halves.length === 2 ? width <= 7 : width === 8
}

/** 4 for an IPv4 literal, 6 for IPv6, 0 otherwise. */
export function isIP (text: string): 0 | 4 | 6 {
  return isIPv4(text) ? 4 : isIPv6(text) ? 6 : 0
}
