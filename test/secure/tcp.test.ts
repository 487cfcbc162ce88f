// Both upgraders over real TCP on 127.0.0.1, through the node's TCP transport.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createTcpTransport } from '../../src/transport/tcp.js'
import { createNoiseUpgrader } from '../../src/secure/noise-upgrader.js'
import { createPlaintextUpgrader } from '../../src/secure/plaintext.js'
import { systemRandom } from '../../src/runtime/random.js'
import type { Connection } from '../../src/transport/types.js'
import type { SecureUpgrader } from '../../src/secure/types.js'
import { identityFromSeed, patternBytes } from './helpers/channel-fixtures.js'

const alice = identityFromSeed(1)
const bob = identityFromSeed(2)

/** A dialed and an accepted TCP connection on 127.0.0.1, and a function that stops listening. */
async function tcpPair (): Promise<{ dialed: Connection, accepted: Connection, stop: () => Promise<void> }> {
  const transport = createTcpTransport()
  let accept!: (conn: Connection) => void
  const accepted = new Promise<Connection>((resolve) => { accept = resolve })
  const listener = await transport.listen('127.0.0.1:0', accept)
  const dialed = await transport.dial(listener.address)
  return { dialed, accepted: await accepted, stop: () => listener.close() }
}

/** Watch a connection: `data` resolves once `expected` bytes have arrived, `closed` with the close error. */
function receive (conn: Connection, expected: number): { data: Promise<Buffer>, closed: Promise<Error | undefined> } {
  const chunks: Uint8Array[] = []
  let n = 0
  let gotAll!: (all: Buffer) => void
  let closedWith!: (err: Error | undefined) => void
  const data = new Promise<Buffer>((resolve) => { gotAll = resolve })
  const closed = new Promise<Error | undefined>((resolve) => { closedWith = resolve })
  conn.setHandlers({
    onData: (c) => { chunks.push(c); n += c.length; if (n >= expected) gotAll(Buffer.concat(chunks)) },
    onDrain: () => {},
    onClose: (err) => closedWith(err ?? (n < expected ? new Error(`closed after ${n} of ${expected} bytes`) : undefined))
  })
  return { data, closed }
}

for (const [mode, make] of [
  ['noise', (i: typeof alice) => createNoiseUpgrader({ identity: i, random: systemRandom })],
  ['plaintext', (i: typeof alice) => createPlaintextUpgrader({ identity: i })]
] as Array<[string, (i: typeof alice) => SecureUpgrader]>) {
  test(`${mode} over TCP: PeerIDs, many small writes and a large one, both ways, then close`, async () => {
    const { dialed, accepted, stop } = await tcpPair()
    try {
      const [a, b] = await Promise.all([
        make(alice).secureOutbound(dialed, { expectedPeerId: bob.peerId }),
        make(bob).secureInbound(accepted)
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
      assert.ok((await atB.data).equals(expectedAtB))
      assert.equal((await atA.data).toString(), 'thanks')
      a.conn.close()
      assert.equal(await atB.closed, undefined, 'a graceful close reaches the peer as a clean close')
      assert.equal(await atA.closed, undefined)
    } finally {
      await stop()
    }
  })
}
