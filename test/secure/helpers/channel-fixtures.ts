// Test helper: identities, memory links on a virtual clock, a data collector, and a
// proxy Connection that lets a test watch, re-chunk or tamper with the bytes one side writes.
import { SeededRandom } from '../../../src/runtime/random.js'
import { VirtualClock } from '../../../src/runtime/virtual-clock.js'
import { generateIdentity, type Identity } from '../../../src/identity/keys.js'
import { memoryConnectionPair } from '../../../src/transport/memory-connection.js'
import type { Connection, ConnectionHandlers } from '../../../src/transport/types.js'
import type { SecureConnection, SecureUpgrader, UpgradeOptions } from '../../../src/secure/types.js'

export { patternBytes } from '../../transport/helpers.js'

export function identityFromSeed (seed: number): Identity {
  return generateIdentity(new SeededRandom(seed))
}

export function memoryLink (latencyMs = 1): { clock: VirtualClock, a: Connection, b: Connection } {
  const clock = new VirtualClock()
  const [a, b] = memoryConnectionPair(clock, ['10.0.0.1:1000', '10.0.0.2:2000'], { latencyMs })
  return { clock, a, b }
}

/** Everything a connection delivers. */
export class Collector {
  readonly chunks: Uint8Array[] = []
  drains = 0
  closed = false
  closeError: Error | undefined

  constructor (conn: Connection) {
    conn.setHandlers(this.handlers())
  }

  handlers (): ConnectionHandlers {
    return {
      onData: (chunk) => { this.chunks.push(chunk) },
      onDrain: () => { this.drains++ },
      onClose: (err) => {
        if (this.closed) throw new Error('onClose called twice')
        this.closed = true
        this.closeError = err
      }
    }
  }

  get bytes (): Buffer {
    return Buffer.concat(this.chunks)
  }
}

/** Run both sides of an upgrade over a memory link, advancing virtual time until both settle. */
export async function upgradePair (
  outbound: SecureUpgrader,
  inbound: SecureUpgrader,
  link = memoryLink(),
  options: { outbound?: UpgradeOptions, inbound?: UpgradeOptions } = {}
): Promise<[PromiseSettledResult<SecureConnection>, PromiseSettledResult<SecureConnection>]> {
  const settled = Promise.allSettled([outbound.secureOutbound(link.a, options.outbound), inbound.secureInbound(link.b, options.inbound)])
  await link.clock.advance(50)
  return await settled
}

/**
 * Wraps a Connection; every write goes through `rewrite`, which returns the chunks
 * actually written (to re-chunk, tamper, or just record).
 */
export function proxyConnection (inner: Connection, rewrite: (data: Uint8Array) => Uint8Array[]): Connection & { writes: number } {
  const proxy = {
    writes: 0,
    get remoteAddress () { return inner.remoteAddress },
    get localAddress () { return inner.localAddress },
    get bufferedAmount () { return inner.bufferedAmount },
    setHandlers: (h: ConnectionHandlers) => inner.setHandlers(h),
    write (data: Uint8Array): boolean {
      proxy.writes++
      let ok = true
      for (const part of rewrite(data)) ok = inner.write(part)
      return ok
    },
    pause: () => inner.pause(),
    resume: () => inner.resume(),
    close: () => inner.close(),
    destroy: (err?: Error) => inner.destroy(err)
  }
  return proxy
}
