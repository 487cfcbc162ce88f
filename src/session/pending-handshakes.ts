// Inbound connections still in the secure-channel handshake, so that sockets which hold a
// setup slot without making progress cannot lock honest peers out: when the table of
// pending handshakes is full, a newcomer takes the slot of the connection that has made
// the least progress (fewest complete handshake messages), preferring one from the
// address with the most connections in setup, then the one pending longest. Connections
// past the secure channel (proven identity, Hello phase) are never evicted: the handshake
// deadline and a penalty deal with them.

export interface PendingSetup {
  /** Remote IP address. */
  readonly ip: string
  /** When the connection was accepted (ms, monotonic). */
  readonly acceptedAt: number
  /** Complete handshake messages received so far. */
  messages: number
  /** The secure channel is up (identity proven): no longer evictable. */
  secure: boolean
  /** Drop the connection to free its slot. */
  evict(): void
}

export class PendingHandshakes {
  private readonly entries = new Set<PendingSetup>()

  get size (): number {
    return this.entries.size
  }

  add (entry: PendingSetup): void {
    this.entries.add(entry)
  }

  delete (entry: PendingSetup): void {
    this.entries.delete(entry)
  }

  /**
   * The connection that gives way to a newcomer, or undefined when every pending
   * connection is past the secure channel.
   * @param setupFrom inbound connections in setup from one IP
   */
  victim (setupFrom: (ip: string) => number): PendingSetup | undefined {
    let best: PendingSetup | undefined
    let bestFromIp = 0
    for (const e of this.entries) {
      if (e.secure) continue
      const fromIp = setupFrom(e.ip)
      if (best === undefined || e.messages < best.messages ||
        (e.messages === best.messages && (fromIp > bestFromIp || (fromIp === bestFromIp && e.acceptedAt < best.acceptedAt)))) {
        best = e
        bestFromIp = fromIp
      }
    }
    return best
  }
}
