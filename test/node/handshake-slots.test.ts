// Handshake slots under silent sockets (issue 8 item 3), over real TCP: sockets that never
// send a handshake message are dropped after the first-message deadline, and while the
// pending table is full a newcomer takes the slot of the connection that made the least
// progress, so 300 silent sockets from 30 addresses cannot keep an honest peer out.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { connect, type Socket } from 'node:net'
import fc from 'fast-check'
import { addressOf, startNode, stopAll, waitUntil } from '../helpers/nodes.js'
import { rawPeer } from '../helpers/raw-peer.js'
import { createTcpTransport } from '../../src/transport/tcp.js'
import { PendingHandshakes, type PendingSetup } from '../../src/session/pending-handshakes.js'
import type { KuberNode } from '../../src/node/node.js'

function silentSocket (port: number, localAddress: string): Socket {
  const s = connect({ host: '127.0.0.1', port, localAddress })
  s.on('error', () => {})
  return s
}

const portOf = (node: KuberNode): number => Number(node.listenAddresses[0]!.split(':')[1])

test('300 silent sockets from 30 addresses do not delay an honest handshake by more than 2 s', async () => {
  const nodes: KuberNode[] = []
  const sockets: Socket[] = []
  try {
    const a = await startNode({ pex: false })
    nodes.push(a)
    for (let i = 0; i < 300; i++) sockets.push(silentSocket(portOf(a), `127.0.0.${2 + i % 30}`))
    await waitUntil(() => a.stats.inboundAccepted + a.stats.inboundRefused >= 300, 20_000, 'all 300 sockets reach the node')
    assert.equal(a.stats.drops.get('connection_refused_pending_full'), 0, 'no newcomer was refused')
    assert.ok(a.stats.drops.get('handshake_evicted') >= 300 - 64, `evicted ${a.stats.drops.get('handshake_evicted')}`)
    const b = await startNode({ pex: false })
    nodes.push(b)
    const startedAt = Date.now()
    await b.dial(addressOf(a))
    const took = Date.now() - startedAt
    assert.ok(took < 2000, `honest handshake took ${took} ms`)
    await waitUntil(() => a.getPeer(b.peerId) !== undefined, 2000, 'A has B too')
  } finally {
    for (const s of sockets) s.destroy()
    await stopAll(nodes)
  }
})

test('a socket that sends no handshake message is dropped at the first-message deadline; a slow Hello is not', async () => {
  const a = await startNode({ pex: false, handshakeFirstMessageTimeoutMs: 1500, handshakeTimeoutMs: 20_000 })
  try {
    const startedAt = Date.now()
    // this one finishes the secure channel and then stays silent: only the full handshake deadline applies to it
    const quietAfterNoise = await rawPeer(createTcpTransport(), a.listenAddresses[0]!)
    const silent = silentSocket(portOf(a), '127.0.0.1')
    await new Promise<void>((resolve) => silent.on('close', () => resolve()))
    const took = Date.now() - startedAt
    assert.ok(took < 10_000, `dropped after ${took} ms, long before the 20 s handshake deadline`)
    assert.equal(a.stats.handshakeFailures.get('HANDSHAKE_TIMEOUT'), 1)
    await new Promise((resolve) => setTimeout(resolve, 500))
    assert.equal(quietAfterNoise.isClosed(), false, 'past the secure channel, the first-message deadline no longer applies')
    quietAfterNoise.conn.destroy()
  } finally {
    await a.stop()
  }
})

test('the evicted connection is the one with the least progress, then the busiest address, then the oldest; never a secure one', () => {
  const entry = fc.record({ ip: fc.constantFrom('1.1.1.1', '2.2.2.2', '3.3.3.3'), messages: fc.integer({ min: 0, max: 2 }), secure: fc.boolean() })
  fc.assert(fc.property(fc.array(entry, { maxLength: 20 }), (specs) => {
    const table = new PendingHandshakes()
    const entries: PendingSetup[] = specs.map((s, i) => ({ ...s, acceptedAt: i, evict: () => {} }))
    for (const e of entries) table.add(e)
    const fromIp = (ip: string): number => entries.filter((e) => e.ip === ip).length
    const victim = table.victim(fromIp)
    const candidates = entries.filter((e) => !e.secure)
    if (candidates.length === 0) return victim === undefined
    const rank = (e: PendingSetup): [number, number, number] => [e.messages, -fromIp(e.ip), e.acceptedAt]
    const less = (x: number[], y: number[]): boolean => x[0]! < y[0]! || (x[0] === y[0] && (x[1]! < y[1]! || (x[1] === y[1] && x[2]! < y[2]!)))
    return victim !== undefined && !victim.secure && candidates.every((e) => e === victim || less(rank(victim), rank(e)))
  }), { numRuns: 500 })
})
