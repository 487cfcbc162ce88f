// Node options: defaults never contradict each other, settings that do are refused with
// the key, the values and what is expected, and "off" turns the RPC off.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { InvalidConfigError, parseNodeConfig } from '../../src/node/config.js'

function problems (input: Record<string, unknown>): string[] {
  try {
    parseNodeConfig({ chainId: 'c', ...input })
    return []
  } catch (err) {
    assert.ok(err instanceof InvalidConfigError)
    return err.lines
  }
}

test('defaults pass; a default documented as capped by another setting is not blamed', () => {
  assert.deepEqual(problems({}), [])
  assert.deepEqual(problems({ maxOutbound: 1 }), [], 'targetOutbound defaults to at most maxOutbound')
  assert.deepEqual(problems({ mempool: { maxBytes: 20_000 } }), [], 'the default maxTxBytes is capped by maxBytes')
  assert.deepEqual(problems({ targetOutbound: 3, maxOutbound: 3 }), [])
})

test('contradictions name the key, both values (marking defaults) and what is expected', () => {
  assert.deepEqual(problems({ pingIntervalMs: 100_000 }), ['unresponsiveTimeoutMs: 30000 (default) is less than pingIntervalMs + tickMs (100000 + 1000 (default)), expected at least 101000: a healthy idle peer is silent for up to a ping interval and would be dropped'])
  assert.match(problems({ targetOutbound: 12 })[0]!, /^targetOutbound: 12 is more than maxOutbound \(10 \(default\)\)/)
  assert.match(problems({ redialMaxMs: 500 })[0]!, /^redialBaseMs: 1000 \(default\) is more than redialMaxMs \(500\)/)
  assert.match(problems({ dialBackoffBaseMs: 700_000 })[0]!, /^dialBackoffBaseMs: 700000 is more than dialBackoffMaxMs/)
  assert.match(problems({ slowResponseMs: 100 })[0]!, /^fastResponseMs: 500 \(default\) is more than slowResponseMs \(100\)/)
  assert.match(problems({ gossip: { meshDegree: 20 } })[0]!, /^gossip\.meshDegree: 20 is more than gossip\.maxEagerPeers/)
  assert.match(problems({ mempool: { maxTxBytes: 5000, maxBytes: 1000 } })[0]!, /^mempool\.maxTxBytes: 5000 is more than mempool\.maxBytes \(1000\)/)
  assert.match(problems({ gossip: { historyTtlMs: 1000 } })[0]!, /^gossip\.historyTtlMs: 1000 is less than gossip\.ihaveIntervalMs × gossip\.announceRounds \(3000\)/)
  assert.match(problems({ rpc: '127.0.0.1:7000', listen: ['127.0.0.1:7000'] })[0]!, /^rpc: "127\.0\.0\.1:7000" is also a P2P listen address/)
  assert.equal(problems({ targetOutbound: 12, redialMaxMs: 500 }).length, 2, 'every problem at once')
})

test('rpc "off" means no RPC; a bad address says what it got', () => {
  assert.equal(parseNodeConfig({ chainId: 'c', rpc: 'off' }).rpc, undefined)
  assert.equal(parseNodeConfig({ chainId: 'c', rpc: '127.0.0.1:0' }).rpc, '127.0.0.1:0')
  assert.match(problems({ rpc: 'nowhere' })[0]!, /^rpc: got "nowhere", expected /)
})
