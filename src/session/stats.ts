// Traffic and error counters, per peer and per node. Plain numbers on the hot path;
// the RPC and the Prometheus collector read them when asked.
import { MAX_MESSAGE_TYPE } from '../wire/envelope.js'

/** A small map of counters keyed by a bounded set of names (error codes, reasons). */
export class CounterMap {
  private readonly counts = new Map<string, number>()

  add (key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n)
  }

  get (key: string): number {
    return this.counts.get(key) ?? 0
  }

  entries (): IterableIterator<[string, number]> {
    return this.counts.entries()
  }

  toJSON (): Record<string, number> {
    return Object.fromEntries(this.counts)
  }
}

/** Counters of one direction of traffic, with a per-type breakdown. */
export class TrafficCounters {
  messages = 0
  bytes = 0
  readonly messagesByType = new Float64Array(MAX_MESSAGE_TYPE + 1)

  count (type: number, bytes: number): void {
    this.messages++
    this.bytes += bytes
    this.messagesByType[type]!++
  }
}

export class PeerStats {
  readonly received = new TrafficCounters()
  readonly sent = new TrafficCounters()
  /** Errors this peer caused, by error code. */
  readonly errors = new CounterMap()
  /** Messages dropped for this peer (not sent, or not processed), by reason. */
  readonly drops = new CounterMap()
  /** Times reading from this peer was paused for its byte budget, and for how long in all (ms). */
  readPauses = 0
  readPausedMs = 0
}

export class NodeStats {
  readonly received = new TrafficCounters()
  readonly sent = new TrafficCounters()
  readonly errors = new CounterMap()
  readonly drops = new CounterMap()
  readonly disconnects = new CounterMap()
  readonly handshakeFailures = new CounterMap()
  readonly dials = new CounterMap()
  readonly bans = new CounterMap()
  readonly penalties = new CounterMap()
  inboundAccepted = 0
  inboundRefused = 0
  /** Times reading from a peer was paused for its byte budget, and for how long in all (ms). */
  readPauses = 0
  readPausedMs = 0
}
