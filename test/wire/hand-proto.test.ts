// The hand-written encodings the hostile-peer tests send agree with the published test
// vectors of docs/PROTOCOL.md, so those tests speak the documented protocol.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { HAND_HELLO_ACK_OK, handFrame, handHello } from '../helpers/hand-proto.js'

const doc = readFileSync(new URL('../../docs/PROTOCOL.md', import.meta.url), 'utf8')
const vector = (name: string): string => new RegExp(`^${name}: ([0-9a-f]+)$`, 'm').exec(doc)![1]!

test('hand-written Hello, HelloAck and Ping frames equal the document\'s vectors', () => {
  const hello = handHello({ nodeId: Buffer.from(vector('peer_id_a'), 'hex'), protocolVersion: 1, chainId: 'kuber-1', latestHeight: 42, capabilities: 7, timestamp: 1_700_000_000_000, listenAddr: '127.0.0.1:26656' })
  assert.equal(handFrame(1, hello).toString('hex'), vector('hello_a_frame'))
  assert.equal(HAND_HELLO_ACK_OK.toString('hex'), vector('hello_ack_ok_frame'))
  assert.equal(handFrame(3, Buffer.from(vector('ping_payload'), 'hex')).toString('hex'), vector('ping_frame'))
})
