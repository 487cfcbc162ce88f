// Invariants checked during every run (TigerBeetle's VOPR in spirit): no honest node
// delivers a message twice or an invalid block at all; no honest node is banned by an
// honest node; every bounded queue and cache of every honest node stays within its limit;
// and, once the faults stop, every honest node gets every valid block. The first broken
// invariant is kept with the virtual time and the event that broke it; the run fails with it.

export type InvariantName = 'delivered_once' | 'no_invalid_block' | 'no_honest_ban' | 'within_limits' | 'liveness'

export interface Violation {
  invariant: InvariantName
  /** Virtual ms since the run's start. */
  atMs: number
  node: number
  detail: string
}

export class Invariants {
  first: Violation | undefined
  readonly counts: Record<InvariantName, number> = { delivered_once: 0, no_invalid_block: 0, no_honest_ban: 0, within_limits: 0, liveness: 0 }
  /** Bounded structures sampled, in total (so a report shows the check ran). */
  limitChecks = 0

  constructor (private readonly now: () => number) {}

  get ok (): boolean {
    return this.first === undefined
  }

  fail (invariant: InvariantName, node: number, detail: string): void {
    this.counts[invariant]++
    this.first ??= { invariant, atMs: Math.round(this.now() * 1000) / 1000, node, detail }
  }

  /** One bounded structure of a node: `size` must not pass `limit`. */
  limit (node: number, what: string, size: number, limit: number): void {
    this.limitChecks++
    if (size > limit) this.fail('within_limits', node, `${what} is ${size}, over its limit ${limit}`)
  }
}
