// Where simulated nodes are: a table of one-way latencies between regions (half the
// round trips commonly measured between cloud regions), a jitter per pair of hosts on top,
// and the share of nodes in each region. SimNetwork draws each node's region from the
// shares and gives the memory network this table as its latency.
import type { Random } from '../runtime/random.js'
import { ConfigError, ErrorCodes } from '../errors.js'

export interface RegionTable {
  /** Region names, in table order. */
  readonly names: readonly string[]
  /** One-way latency in ms between regions i and j (symmetric; the diagonal is within a region). */
  readonly oneWayMs: readonly (readonly number[])[]
  /** Share of nodes in each region (any positive weights). */
  readonly weights: readonly number[]
  /** Extra one-way latency per pair of hosts, uniform in [0, jitterMs). */
  readonly jitterMs: number
}

/** Six regions on three continents; one-way ms ≈ RTT / 2 of public inter-region measurements. */
export const WORLD_REGIONS: RegionTable = {
  names: ['us-east', 'us-west', 'eu-west', 'eu-central', 'ap-northeast', 'ap-southeast'],
  oneWayMs: [
    [1, 35, 38, 45, 75, 108],
    [35, 1, 63, 70, 50, 83],
    [38, 63, 1, 13, 105, 85],
    [45, 70, 13, 1, 113, 78],
    [75, 50, 105, 113, 1, 35],
    [108, 83, 85, 78, 35, 1]
  ],
  weights: [25, 15, 25, 15, 10, 10],
  jitterMs: 5
}

/** Throws ConfigError unless the table is square, symmetric, non-negative and its weights positive. */
export function checkRegionTable (t: RegionTable): void {
  const n = t.names.length
  const bad = (why: string): never => { throw new ConfigError(ErrorCodes.INVALID_CONFIG, `region table: ${why}`) }
  if (n === 0) bad('no regions')
  if (t.oneWayMs.length !== n || t.oneWayMs.some((row) => row.length !== n)) bad(`latencies must be a ${n}×${n} table`)
  if (t.weights.length !== n || t.weights.some((w) => !(w >= 0)) || !t.weights.some((w) => w > 0)) bad('one non-negative weight per region, at least one positive')
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const ms = t.oneWayMs[i]![j]!
      if (!(ms >= 0) || !Number.isFinite(ms)) bad(`latency ${t.names[i]}→${t.names[j]} must be a finite number ≥ 0`)
      if (ms !== t.oneWayMs[j]![i]) bad(`latency ${t.names[i]}↔${t.names[j]} is not symmetric`)
    }
  }
  if (!(t.jitterMs >= 0)) bad('jitterMs must be ≥ 0')
}

/** A region index drawn by the table's weights. */
export function drawRegion (t: RegionTable, random: Random): number {
  const total = t.weights.reduce((a, b) => a + b, 0)
  let x = random.float() * total
  for (let i = 0; i < t.weights.length; i++) {
    x -= t.weights[i]!
    if (x < 0) return i
  }
  return t.weights.length - 1
}
