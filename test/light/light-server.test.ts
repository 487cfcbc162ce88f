// A node serving light clients, seen from a hand-driven light client over WebSocket: its
// Hello advertises LIGHT_SERVER; the client gets the signed headers it asks for and then
// each new one, and nothing else (no blocks, votes or gossip): it is not a gossip peer,
// maxLightClients bounds how many are served (apart from maxInbound: here 0), and a message
// it may not send is scored.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Capability, Messages, MessageType, decodePayload, encodePayload } from '../../src/index.js'
import { ReferenceChain } from '../../src/chain/reference-chain.js'
import { createWsTransport } from '../../src/transport/ws.js'
import { rawPeer } from '../helpers/raw-peer.js'
import { silentLogger, waitUntil } from '../helpers/nodes.js'
import { tempDir, testGenesis, validatorKey } from '../chain/helpers.js'
import { wsOf } from './helpers.js'

test('a node serves a light client only the headers it asks for, keeps it out of its peers and limits light clients', { timeout: 60_000 }, async () => {
  const genesis = testGenesis(1, { block_interval_ms: 150 })
  const chain = await ReferenceChain.create({ genesis, node: { home: await tempDir(), listen: ['ws://127.0.0.1:0'], pex: false, maxInbound: 0, maxLightClients: 1 }, deps: { identity: validatorKey(0), logger: silentLogger } })
  await chain.start()
  const node = chain.node
  const ws = createWsTransport()
  try {
    await waitUntil(() => chain.tip.height >= 2, 20_000, 'two blocks')
    const light = await rawPeer(ws, wsOf(node.listenAddresses))
    light.hello({ capabilities: Capability.LIGHT_CLIENT })
    light.send(MessageType.HELLO_ACK, new Uint8Array(0))
    const hello = decodePayload(Messages.hello, (await light.waitFor(MessageType.HELLO)).payload)
    assert.ok((hello.capabilities & Capability.LIGHT_SERVER) !== 0, 'the node advertises LIGHT_SERVER')
    await waitUntil(() => (node.statsSections().light as { clients: number }).clients === 1, 5000, 'served as a light client')
    assert.equal(node.connectedPeers().length, 0, 'not a gossip peer')

    light.send(MessageType.LIGHT_HEADERS_REQUEST, encodePayload(Messages.lightHeadersRequest, { fromHeight: 1, maxHeaders: 64, follow: true }))
    const first = decodePayload(Messages.lightHeaders, (await light.waitFor(MessageType.LIGHT_HEADERS)).payload)
    assert.deepEqual(first.headers.map((h) => h.header!.height), Array.from({ length: first.headers.length }, (_, i) => i + 1))
    assert.ok(first.headers.length >= 2)
    assert.ok(first.headers.every((h) => h.commit!.signatures.length === 1 && h.proposerSignature.length === 64))
    const heights = (): number[] => light.received.filter((e) => e.type === MessageType.LIGHT_HEADERS).flatMap((e) => decodePayload(Messages.lightHeaders, e.payload).headers.map((h) => h.header!.height))
    const answered = heights().length
    await waitUntil(() => heights().length >= answered + 3, 30_000, 'three pushed headers')
    assert.deepEqual(heights(), Array.from({ length: heights().length }, (_, i) => i + 1), 'every height once, in order')
    const types = new Set(light.received.map((e) => e.type))
    for (const t of types) assert.ok(([MessageType.HELLO, MessageType.HELLO_ACK, MessageType.LIGHT_HEADERS, MessageType.PING, MessageType.PONG] as number[]).includes(t), `type ${t} sent to a light client`)

    // light-client slots full (and no inbound ones): the next connection is closed before any handshake
    await assert.rejects(rawPeer(ws, wsOf(node.listenAddresses)), (e: unknown) => (e as { code?: string }).code === 'CONNECTION_CLOSED')
    assert.equal(node.stats.inboundRefused, 1)

    light.send(MessageType.VOTE, new Uint8Array(0)) // not a light client's to send
    await waitUntil(() => node.stats.errors.get('UNKNOWN_MESSAGE_TYPE') === 1, 5000, 'scored')
    assert.ok(node.scorer.score(light.identity.peerId) < 50)
  } finally {
    await chain.stop()
  }
})
