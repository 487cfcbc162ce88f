// Hello checks (spec §6, §14, §17): each refusal maps to its status and error code.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { buildHello, checkHello, advertisedAddress, PROTOCOL_VERSION, MAX_CLOCK_SKEW_MS } from '../../src/session/hello.js'
import { generateIdentity } from '../../src/identity/keys.js'
import { SeededRandom } from '../../src/runtime/random.js'
import { HelloStatus } from '../../src/wire/gen/kuber.js'

const random = new SeededRandom(3)
const peer = generateIdentity(random)
const other = generateIdentity(random)
const now = 1_700_000_000_000
const ctx = { provenPeerId: peer.peerId, chainId: 'kuber-1', protocolVersion: PROTOCOL_VERSION, now, maxClockSkewMs: MAX_CLOCK_SKEW_MS }
const hello = (over: Record<string, unknown> = {}): ReturnType<typeof buildHello> => ({
  ...buildHello({ peerId: peer.peerId, chainId: 'kuber-1', protocolVersion: PROTOCOL_VERSION, latestHeight: 5, capabilities: 0, listenAddr: '127.0.0.1:1' }, now),
  ...over
})

test('a correct Hello is accepted', () => {
  assert.equal(checkHello(hello(), ctx), undefined)
  assert.equal(checkHello(hello({ timestamp: now - MAX_CLOCK_SKEW_MS }), ctx), undefined)
})

test('each bad field is refused with its status and code', () => {
  const cases: Array<[Record<string, unknown>, HelloStatus, string]> = [
    [{ nodeId: new Uint8Array(31) }, HelloStatus.INVALID_NODE_ID, 'INVALID_PEER_ID'],
    [{ nodeId: Buffer.from(other.peerId, 'hex') }, HelloStatus.INVALID_NODE_ID, 'NODE_ID_MISMATCH'],
    [{ protocolVersion: PROTOCOL_VERSION + 1 }, HelloStatus.VERSION_MISMATCH, 'VERSION_MISMATCH'],
    [{ chainId: 'other-chain' }, HelloStatus.CHAIN_ID_MISMATCH, 'CHAIN_ID_MISMATCH'],
    [{ timestamp: now + MAX_CLOCK_SKEW_MS + 1 }, HelloStatus.CLOCK_SKEW, 'CLOCK_SKEW'],
    [{ timestamp: now - MAX_CLOCK_SKEW_MS - 1 }, HelloStatus.CLOCK_SKEW, 'CLOCK_SKEW']
  ]
  for (const [over, status, code] of cases) {
    const r = checkHello(hello(over), ctx)
    assert.equal(r?.status, status, JSON.stringify(over))
    assert.equal(r?.code, code)
  }
})

test('advertised addresses are used only when they parse with a real port', () => {
  assert.equal(advertisedAddress(hello({ listenAddr: '10.0.0.1:26656' })), '10.0.0.1:26656')
  assert.equal(advertisedAddress(hello({ listenAddr: '[::1]:5' })), '[::1]:5')
  assert.equal(advertisedAddress(hello({ listenAddr: 'tcp://10.0.0.1:26656' })), '10.0.0.1:26656', 'tcp:// is the bare address')
  assert.equal(advertisedAddress(hello({ listenAddr: 'ws://10.0.0.1:443' })), 'ws://10.0.0.1:443')
  for (const bad of ['', 'nope', '1.2.3.4:0', '1.2.3.4:99999', 'x'.repeat(400) + ':1', 'quic://1.2.3.4:5']) assert.equal(advertisedAddress(hello({ listenAddr: bad })), undefined)
})
