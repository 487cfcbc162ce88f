// Both upgraders over real TCP sockets on 127.0.0.1 (node:net adapted to Connection).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createNoiseUpgrader } from '../../src/secure/noise-upgrader.js'
import { createPlaintextUpgrader } from '../../src/secure/plaintext.js'
import { systemRandom } from '../../src/runtime/random.js'
import type { Connection } from '../../src/transport/types.js'
import type { SecureUpgrader } from '../../src/secure/types.js'
import { socketConnection, tcpSocketPair } from './helpers/socket-connection.js'
import { identityFromSeed, patternBytes } from './helpers/channel-fixtures.js'

const alice = identityFromSeed(1)
const bob = identityFromSeed(2)

/** Resolves with everything received once `expected` bytes have arrived. */
function receive (conn: Connection, expected: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = []
    let n = 0
    conn.setHandlers({
      onData: (c) => { chunks.push(c); n += c.length; if (n >= expected) resolve(Buffer.concat(chunks)) },
      onDrain: () => {},
      onClose: (err) => { if (n < expected) reject(err ?? new Error(`closed after ${n} of ${expected} bytes`)) }
    })
  })
}

for (const [mode, make] of [
  ['noise', (i: typeof alice) => createNoiseUpgrader({ identity: i, random: systemRandom })],
  ['plaintext', (i: typeof alice) => createPlaintextUpgrader({ identity: i })]
] as Array<[string, (i: typeof alice) => SecureUpgrader]>) {
  test(`${mode} over TCP: PeerIDs, many small writes and a large one, both ways, then close`, async () => {
    const { client, server, close } = await tcpSocketPair()
    try {
      const [a, b] = await Promise.all([
        make(alice).secureOutbound(socketConnection(client), { expectedPeerId: bob.peerId }),
        make(bob).secureInbound(socketConnection(server))
      ])
      assert.equal(a.remotePeerId, bob.peerId)
      assert.equal(b.remotePeerId, alice.peerId)
      const small = Array.from({ length: 5000 }, (_, i) => patternBytes(256, i))
      const large = patternBytes(3 * 1024 * 1024 + 17, 9)
      const expectedAtB = Buffer.concat([...small, large])
      const atB = receive(b.conn, expectedAtB.length)
      const atA = receive(a.conn, 5)
      for (const m of small) a.conn.write(m)
      a.conn.write(large)
      b.conn.write(Buffer.from('thanks'))
      assert.ok((await atB).equals(expectedAtB))
      assert.equal((await atA).toString(), 'thanks')
      const closed = once(server, 'close')
      a.conn.close()
      b.conn.close()
      await closed
    } finally {
      await close()
    }
  })
}
