// Faults of a simulated link, drawn per segment (one write): loss, reordering, duplication
// and corruption. By default a link repairs what TCP repairs, so the owner sees only what
// TCP lets through: a lost segment is resent one round trip later (fast retransmit) and
// what follows it on the connection waits; a reordered one is held back and what follows
// waits; a duplicate costs upload time and is dropped; a flipped bit passes (TCP's 16-bit
// checksum misses corruption that NICs and middleboxes introduce), so the secure channel
// must catch it. With `raw`, lost, duplicated and reordered segments reach the owner as they
// are (a link without TCP's repair, or a hostile middlebox): the secure channel must catch
// those too.
import type { Random } from '../runtime/random.js'
import { ConfigError, ErrorCodes } from '../errors.js'

export interface LinkFaults {
  /** Chance that a segment is lost (default 0). */
  loss?: number
  /** Chance that a segment is reordered: held back by up to one round trip (default 0). */
  reorder?: number
  /** Chance that a segment is sent twice (default 0). */
  duplicate?: number
  /** Chance that one bit of a segment is flipped (default 0). */
  corrupt?: number
  /** Deliver lost, duplicated and reordered segments unrepaired (default false). */
  raw?: boolean
}

/** Segments that each fault hit. */
export interface FaultCounts {
  lost: number
  reordered: number
  duplicated: number
  corrupted: number
}

export function zeroFaultCounts (): FaultCounts {
  return { lost: 0, reordered: 0, duplicated: 0, corrupted: 0 }
}

/** What happens to one segment. */
export interface SegmentFate {
  /** Extra delay before it arrives (and everything behind it, in order), in ms. */
  delayMs: number
  /** Sent this many times (1 normally, 2 when duplicated); each copy takes upload time. */
  copies: number
  /** Delivered this many times (raw duplicates: 2; raw loss: 0). */
  deliveries: number
  /** Raw reordering: deliver it after the next segment. */
  swapWithNext: boolean
  /** Flip one bit of the delivered bytes. */
  corrupt: boolean
}

const CLEAN: SegmentFate = Object.freeze({ delayMs: 0, copies: 1, deliveries: 1, swapWithNext: false, corrupt: false })

/** The faults in force on a network, and their random source. */
export class FaultModel {
  constructor (readonly faults: Readonly<LinkFaults>, private readonly random: Random, readonly counts: FaultCounts = zeroFaultCounts()) {
    for (const key of ['loss', 'reorder', 'duplicate', 'corrupt'] as const) {
      const p = faults[key] ?? 0
      if (!(p >= 0 && p <= 1)) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `fault ${key} must be a probability in [0, 1], got ${p}`)
    }
  }

  /** Draw the fate of one segment on a link of one-way latency `latencyMs`. */
  fate (latencyMs: number): SegmentFate {
    const f = this.faults
    const r = this.random
    const lost = f.loss !== undefined && r.float() < f.loss
    const reordered = f.reorder !== undefined && r.float() < f.reorder
    const duplicated = f.duplicate !== undefined && r.float() < f.duplicate
    const corrupted = f.corrupt !== undefined && r.float() < f.corrupt
    if (!lost && !reordered && !duplicated && !corrupted) return CLEAN
    const c = this.counts
    if (lost) c.lost++
    if (reordered) c.reordered++
    if (duplicated) c.duplicated++
    if (corrupted) c.corrupted++
    const rtt = 2 * latencyMs
    if (f.raw === true) {
      return { delayMs: 0, copies: duplicated ? 2 : 1, deliveries: lost ? 0 : duplicated ? 2 : 1, swapWithNext: reordered, corrupt: corrupted }
    }
    return {
      delayMs: (lost ? rtt : 0) + (reordered ? r.float() * rtt : 0),
      copies: (lost ? 2 : 1) + (duplicated ? 1 : 0),
      deliveries: 1,
      swapWithNext: false,
      corrupt: corrupted
    }
  }

  /** A copy of `bytes` with one random bit flipped. */
  flipBit (bytes: Uint8Array): Uint8Array {
    const copy = Uint8Array.from(bytes)
    copy[this.random.int(copy.length)]! ^= 1 << this.random.int(8)
    return copy
  }
}
