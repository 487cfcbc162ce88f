// Property: whatever the application writes (sizes 0..200 KiB, in one run or spread
// over ticks) arrives byte-identical and in order, however the ciphertext stream is cut
// into chunks or glued together on the way, in Noise and plaintext mode alike.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { createNoiseUpgrader } from '../../src/secure/noise-upgrader.js'
import { createPlaintextUpgrader } from '../../src/secure/plaintext.js'
import { SeededRandom } from '../../src/runtime/random.js'
import type { Connection } from '../../src/transport/types.js'
import { Collector, identityFromSeed, memoryLink, patternBytes, proxyConnection, upgradePair } from './helpers/channel-fixtures.js'

const alice = identityFromSeed(1)
const bob = identityFromSeed(2)

/**
 * Re-chunks what one side writes: bytes written during one event-loop turn are glued
 * together and then cut into pieces whose sizes cycle through `cuts`.
 */
function rechunking (inner: Connection, cuts: number[]): Connection {
  let queued: Uint8Array[] = []
  let next = 0
  const release = (): void => {
    const all = Buffer.concat(queued)
    queued = []
    for (let off = 0; off < all.length;) {
      const size = cuts[next++ % cuts.length]!
      inner.write(all.subarray(off, off + size))
      off += size
    }
  }
  const proxy = proxyConnection(inner, (data) => {
    if (queued.length === 0) setImmediate(release)
    queued.push(data)
    return []
  })
  proxy.close = () => { release(); inner.close() } // what was written goes out before the close
  return proxy
}

const writesArb = fc.array(fc.record({
  size: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 200 * 1024 })),
  yieldBefore: fc.boolean()
}), { maxLength: 10 })
const cutsArb = fc.array(fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 70_000 })), { minLength: 1, maxLength: 8 })

for (const mode of ['noise', 'plaintext'] as const) {
  test(`${mode}: any sequence of writes arrives byte-identical and in order under any re-chunking`, async () => {
    await fc.assert(fc.asyncProperty(writesArb, cutsArb, fc.nat(), async (writes, cuts, seed) => {
      const link = memoryLink()
      link.a = rechunking(link.a, cuts)
      const [ua, ub] = mode === 'noise'
        ? [createNoiseUpgrader({ identity: alice, random: new SeededRandom(seed) }), createNoiseUpgrader({ identity: bob, random: new SeededRandom(seed + 1) })]
        : [createPlaintextUpgrader({ identity: alice }), createPlaintextUpgrader({ identity: bob })]
      const [out, inn] = await upgradePair(ua, ub, link)
      assert.equal(out.status, 'fulfilled')
      assert.equal(inn.status, 'fulfilled')
      const a = (out as PromiseFulfilledResult<{ conn: Connection }>).value.conn
      const atB = new Collector((inn as PromiseFulfilledResult<{ conn: Connection }>).value.conn)
      new Collector(a)
      const payloads = writes.map((w, i) => patternBytes(w.size, seed + i))
      for (let i = 0; i < writes.length; i++) {
        if (writes[i]!.yieldBefore) await Promise.resolve()
        a.write(payloads[i]!)
      }
      a.close()
      for (let i = 0; i < 5 && !atB.closed; i++) await link.clock.advance(10)
      assert.ok(atB.closed)
      assert.equal(atB.closeError, undefined)
      assert.ok(atB.bytes.equals(Buffer.concat(payloads)), 'bytes differ')
    }), { numRuns: 40 })
  })
}
