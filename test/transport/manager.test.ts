// Several transports per node: the transport contract through the TransportManager (TCP
// under "tcp://" addresses), dialling by scheme, bare "host:port" meaning TCP, an address
// whose scheme has no transport refused; and a node listening on two TCP ports is
// reachable on both.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { ErrorCodes } from '../../src/errors.js'
import { canonicalAddress, parseTransportAddress } from '../../src/transport/address.js'
import { TransportManager } from '../../src/transport/manager.js'
import { createTcpTransport, DEFAULT_TCP_HIGH_WATER_MARK } from '../../src/transport/tcp.js'
import { transportContract } from './contract.js'
import { startNode, stopAll, waitUntil } from '../helpers/nodes.js'

const tcpOnly = (): TransportManager => new TransportManager(new Map([['tcp', createTcpTransport()]]))

transportContract({
  name: 'tcp:tcp',
  highWaterMark: DEFAULT_TCP_HIGH_WATER_MARK,
  pausedWriterBoundBytes: 12 * 1024 * 1024,
  createEnv: () => ({
    advance: async (ms) => { await sleep(ms) },
    stepMs: 5,
    maxWaitMs: 8000,
    node: () => ({ transport: tcpOnly(), listenAddress: 'tcp://127.0.0.1:0' })
  })
})

test('addresses: tcp:// and bare host:port are TCP (canonically bare), ws:// keeps its scheme, others are refused', () => {
  assert.deepEqual(parseTransportAddress('tcp://10.0.0.1:26656'), { scheme: 'tcp', hostPort: '10.0.0.1:26656', host: '10.0.0.1', port: 26656 })
  assert.equal(parseTransportAddress('[::1]:5').scheme, 'tcp')
  assert.equal(canonicalAddress('tcp://[::1]:5'), '[::1]:5')
  assert.equal(canonicalAddress('ws://node.example:443'), 'ws://node.example:443')
  for (const bad of ['quic://1.2.3.4:5', 'ws://1.2.3.4', 'tcp://', 'http://1.2.3.4:80']) {
    assert.throws(() => parseTransportAddress(bad), (err: any) => err.code === ErrorCodes.INVALID_ADDRESS, bad)
  }
})

test('a scheme with no transport on the node is refused when listening and dialling', async () => {
  const m = tcpOnly()
  const invalid = (err: any): boolean => err.code === ErrorCodes.INVALID_ADDRESS
  await assert.rejects(m.dial('ws://127.0.0.1:1'), invalid)
  await assert.rejects(m.listen('ws://127.0.0.1:0', () => {}), invalid)
})

test('a node listening on two TCP ports is dialled on both', async () => {
  const a = await startNode({ pex: false, listen: ['127.0.0.1:0', 'tcp://127.0.0.1:0'] })
  const b = await startNode({ pex: false })
  const c = await startNode({ pex: false })
  try {
    assert.equal(a.listenAddresses.length, 2)
    const [first, second] = a.listenAddresses as [string, string]
    assert.notEqual(first, second)
    assert.equal((await b.dial(`${a.peerId}@${first}`)).peer_id, a.peerId)
    assert.equal((await c.dial(`${a.peerId}@tcp://${second}`)).peer_id, a.peerId)
    await waitUntil(() => a.connectedPeers().length === 2, 10_000, 'both inbound')
  } finally {
    await stopAll([a, b, c])
  }
})
