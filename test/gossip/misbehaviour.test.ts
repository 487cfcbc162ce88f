// Misbehaving peers on deterministic in-memory networks: invalid blocks stop at the first
// hop and a second one disconnects the sender (spec §13 rule 2); greylisted peers get no
// gossip; a peer sending 10× the rate limit is throttled, penalised and banned while
// honest traffic flows (rule 1); a peer that stops reading is disconnected (slow reader).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SimNetwork, SIM_PORT } from '../../src/sim/sim-network.js'
import { MessageType } from '../../src/wire/codecs.js'
import type { Session } from '../../src/session/session.js'
import { blockHash } from '../../src/protocols/blocks/block-hash.js'
import { rawPeer } from '../helpers/raw-peer.js'
import { chainNet, deliveredOnce, makeBlock, makeTx, makeVote, voteKey } from '../helpers/chain-net.js'

const BAD = Buffer.alloc(32, 0xbd)
const isBad = (appHash: Uint8Array): boolean => Buffer.from(appHash).equals(BAD)

test('an invalid block goes no further than its first hop; the second one disconnects its sender', async () => {
  const checkedBad: number[][] = []
  const { sim, nodes, deliveries } = await chainNet({
    nodes: 20,
    seed: 21,
    app: (i) => ({
      validateBlock: (block) => {
        if (!isBad(block.header!.appHash)) return 'accept'
        checkedBad.push([i])
        return 'reject'
      }
    })
  })
  const liar = nodes[0]!
  const neighbours = new Set(liar.connectedPeers().map((p) => nodes.findIndex((n) => n.peerId === p.peerId)))
  liar.publishBlock(makeBlock(1, [makeTx(1)], BAD))
  await sim.run(2000)
  assert.ok(checkedBad.length > 0, 'some neighbour checked it')
  for (const [i] of checkedBad) assert.ok(neighbours.has(i!), `node ${i} is not a neighbour of the sender, yet saw the block`)
  assert.ok(deliveries.every((d) => d.blocks.size === 0), 'nobody delivered it')
  const judges = nodes.filter((n) => n.chain.judge.rejected.app > 0)
  for (const n of judges) assert.ok(n.scorer.score(liar.peerId) < 26, `penalised: ${n.scorer.score(liar.peerId)}`)

  const reported: Array<{ score: number, reason: string }> = []
  for (const n of nodes) n.on('peer:disconnected', (info, reason) => { if (info.peer_id === liar.peerId) reported.push({ score: info.score, reason }) })
  liar.publishBlock(makeBlock(2, [makeTx(2)], BAD))
  await sim.run(2000)
  const punishers = nodes.filter((n) => n.stats.disconnects.get('invalid_blocks') === 1)
  assert.ok(punishers.length > 0, 'a neighbour that saw both disconnected the sender')
  const punished = reported.filter((r) => r.reason === 'invalid_blocks')
  assert.equal(punished.length, punishers.length)
  assert.deepEqual(punished.map((r) => r.score), punishers.map(() => 0), 'peer:disconnected reports the zeroed score')
  for (const n of punishers) {
    assert.ok(n.scorer.isBanned(liar.peerId))
    assert.equal(n.getPeer(liar.peerId), undefined)
    assert.equal(n.stats.bans.get('invalid_blocks'), 1)
  }
  for (const [i] of checkedBad) assert.ok(neighbours.has(i!))
  // honest blocks still flow to everyone but the liar
  const good = makeBlock(3, [makeTx(3)])
  nodes[5]!.publishBlock(good)
  const key = blockHash(good.header!).toString('hex')
  assert.ok(await sim.runUntil(() => deliveredOnce(deliveries, 'blocks', [key], (i) => i === 0 || i === 5), 5000))
  await sim.stop()
})

test('greylisted peers get no gossip, and the network still reaches them through others', async () => {
  const { sim, nodes, deliveries } = await chainNet({ nodes: 12, seed: 22, degree: 4 })
  const a = nodes[0]!
  const c = a.connectedPeers()[0]!
  const ci = nodes.findIndex((n) => n.peerId === c.peerId)
  a.scorer.setScore(c.peerId, 20, 'test')
  const session = a.getPeer(c.peerId) as unknown as Session
  const gossipTypes = [MessageType.VOTE, MessageType.TX, MessageType.BLOCK, MessageType.COMPACT_BLOCK, MessageType.GOSSIP_IHAVE, MessageType.GOSSIP_IWANT]
  const sentToC = (): number => gossipTypes.reduce((s, t) => s + session.stats.sent.messagesByType[t]!, 0)
  const before = sentToC()
  const keys: string[] = []
  for (let i = 0; i < 10; i++) {
    const vote = makeVote(3, i)
    a.publishVote(vote)
    keys.push(voteKey(vote))
    await sim.run(300)
  }
  await a.submitTx(makeTx(77))
  a.publishBlock(makeBlock(1, [makeTx(78)]))
  await sim.run(3000)
  assert.equal(sentToC(), before, 'nothing gossiped to the greylisted peer')
  assert.ok(a.scorer.isQuarantined(c.peerId))
  assert.ok(deliveredOnce(deliveries, 'votes', keys, (i) => i === 0), 'everyone else, the greylisted peer included, got every vote')
  assert.equal(deliveries[ci]!.blocks.size, 1)
  await sim.stop()
})

test('a peer sending 10× the rate limit is throttled, penalised and banned while honest votes flow', async () => {
  const { sim, nodes, deliveries } = await chainNet({ nodes: 8, seed: 23, degree: 3 })
  const target = nodes[0]!
  const p = await sim.await(rawPeer(sim.network.transport('10.99.0.1'), `${SimNetwork.host(0)}:${SIM_PORT}`, { random: sim.random.fork() }))
  p.hello({ chainId: 'kuber-sim' }, sim.clock.now())
  p.send(MessageType.HELLO_ACK, new Uint8Array(0))
  await sim.run(100)
  assert.ok(target.getPeer(p.identity.peerId) !== undefined)
  const keys: string[] = []
  const origin = new Map<string, number>()
  // 2 000 messages/s (empty IHAVEs, valid and cheap) against a limit of 200/s, for 3 s
  for (let step = 0; step < 300; step++) {
    if (!p.isClosed()) for (let i = 0; i < 20; i++) p.send(MessageType.GOSSIP_IHAVE, new Uint8Array(0))
    if (step % 10 === 0) {
      const vote = makeVote(4, step)
      const from = 1 + (step / 10) % 7
      nodes[from]!.publishVote(vote)
      keys.push(voteKey(vote))
      origin.set(voteKey(vote), from)
    }
    await sim.run(10)
  }
  // throttled: the excess over the 200-message burst was dropped, each drop penalised, until the ban
  const drops = target.stats.drops.get('rate_limited')
  assert.ok(drops >= 40, `dropped ${drops}`)
  assert.equal(target.stats.penalties.get('RATE_LIMITED'), drops)
  assert.ok(target.scorer.isBanned(p.identity.peerId), 'banned')
  assert.equal(target.stats.bans.get('RATE_LIMITED'), 1)
  assert.ok(p.isClosed())
  assert.ok(await sim.runUntil(() => deliveredOnce(deliveries, 'votes', keys, (i, k) => origin.get(k) === i), 5000), 'honest votes all delivered')
  await sim.stop()
})

test('a peer that stops reading is dropped to, then disconnected as a slow reader', async () => {
  const sim = new SimNetwork({ seed: 24, config: { pex: false, maxSendBufferBytes: 2 * 1024 * 1024, slowReaderTimeoutMs: 5000, unresponsiveTimeoutMs: 120_000 } })
  await sim.addNode()
  const node = sim.nodes[0]!
  const p = await sim.await(rawPeer(sim.network.transport('10.99.0.2'), `${SimNetwork.host(0)}:${SIM_PORT}`, { random: sim.random.fork() }))
  p.hello({ chainId: 'kuber-sim' }, sim.clock.now())
  p.send(MessageType.HELLO_ACK, new Uint8Array(0))
  await sim.run(100)
  p.conn.pause()
  const big = new Uint8Array(256 * 1024)
  let disconnectedAt = 0
  let firstDropAt = 0
  for (let i = 0; i < 200 && disconnectedAt === 0; i++) {
    node.broadcast(120, big)
    await sim.run(100)
    if (firstDropAt === 0 && node.stats.drops.get('send_buffer_full_blocks') > 0) firstDropAt = sim.clock.now()
    if (node.stats.disconnects.get('slow_reader') === 1) disconnectedAt = sim.clock.now()
  }
  assert.ok(firstDropAt > 0, 'sends were dropped first (backpressure)')
  assert.ok(disconnectedAt > 0, 'then the peer was disconnected')
  const waited = disconnectedAt - firstDropAt
  assert.ok(waited >= 5000 && waited <= 7000, `disconnected ${waited} ms after the buffer filled`)
  assert.equal(node.connectedPeers().length, 0)
  await sim.stop()
})
