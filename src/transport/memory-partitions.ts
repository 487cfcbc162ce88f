// Which hosts of a memory network cannot reach each other. A partition splits two sets
// of hosts; several may be active at once and heal independently. Each host records
// its side in each partition it is part of, so a reachability check costs O(partitions
// the two hosts are in), not O(hosts), and nothing grows with the number of host pairs.
import { ConfigError, ErrorCodes } from '../errors.js'

type Side = 0 | 1

/** The active partitions of one memory network. */
export class PartitionTable {
  private nextId = 1
  /** host -> (partition id -> side) */
  private readonly sides = new Map<string, Map<number, Side>>()
  /** partition id -> its hosts, to heal it */
  private readonly members = new Map<number, string[]>()

  /** Split `hostsA` from `hostsB`; returns the partition's id. A host in both throws ConfigError. */
  add (hostsA: Iterable<string>, hostsB: Iterable<string>): number {
    const a = new Set(hostsA)
    const b = new Set(hostsB)
    for (const host of a) {
      if (b.has(host)) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `host ${host} is on both sides of a partition`)
    }
    const id = this.nextId++
    for (const host of a) this.sidesOf(host).set(id, 0)
    for (const host of b) this.sidesOf(host).set(id, 1)
    this.members.set(id, [...a, ...b])
    return id
  }

  /** Heal one partition (no-op if already healed). */
  remove (id: number): void {
    const hosts = this.members.get(id)
    if (hosts === undefined) return
    this.members.delete(id)
    for (const host of hosts) {
      const sides = this.sides.get(host)
      sides?.delete(id)
      if (sides?.size === 0) this.sides.delete(host)
    }
  }

  /** Heal every partition. */
  clear (): void {
    this.sides.clear()
    this.members.clear()
  }

  /** Whether a partition separates hosts `a` and `b`. */
  separates (a: string, b: string): boolean {
    if (this.members.size === 0 || a === b) return false
    const sa = this.sides.get(a)
    const sb = this.sides.get(b)
    if (sa === undefined || sb === undefined) return false
    const [small, large] = sa.size <= sb.size ? [sa, sb] : [sb, sa]
    for (const [id, side] of small) {
      const other = large.get(id)
      if (other !== undefined && other !== side) return true
    }
    return false
  }

  /** Side of `host` in partition `id`, or undefined if it is not part of it. */
  sideOf (host: string, id: number): Side | undefined {
    return this.sides.get(host)?.get(id)
  }

  private sidesOf (host: string): Map<number, Side> {
    let sides = this.sides.get(host)
    if (sides === undefined) {
      sides = new Map()
      this.sides.set(host, sides)
    }
    return sides
  }
}
