// The reference chain on real TCP with Noise: four validators make 300+ blocks with
// transactions and agree on every block and app_hash, and a fifth node started later (a
// CLI process) catches up by block sync and follows; with one validator missing, the next
// proposer takes over its turns and a full node follows; a validator process killed with
// SIGKILL restarts from its store, catches up by block sync and votes again; a peer sending
// invalid blocks falls under spec §13 rule 2 and invalid votes and transactions cost their
// senders.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ErrorCodes, Messages, MessageType, blockHash, encodePayload, systemClock } from '../../src/index.js'
import { ChainStore } from '../../src/chain/store/chain-store.js'
import { loadGenesis } from '../../src/chain/genesis-file.js'
import { createTcpTransport } from '../../src/transport/tcp.js'
import { ReferenceChain } from '../../src/chain/reference-chain.js'
import { signTx } from '../../src/chain/tx.js'
import { signVote } from '../../src/chain/votes.js'
import { rawPeer } from '../helpers/raw-peer.js'
import { silentLogger, waitUntil } from '../helpers/nodes.js'
import { startChains, stopChains, tempDir, testGenesis, untilHeight, userKey, validatorKey } from './helpers.js'
import { cli, getJson, pollUntil, startCliNode, stopCliNode } from './cli-node.js'

test('4 validators over TCP: 300+ blocks with transactions, the same block and app_hash at every height on every node; a fifth node started later by the CLI catches up by block sync, then follows gossip, with the same blocks', async () => {
  const genesis = testGenesis(4, { block_interval_ms: 20, propose_timeout_ms: 2000 })
  const chains = await startChains(genesis, 4)
  const users = [userKey(0), userKey(1), userKey(2)]
  const nonces = users.map(() => 0)
  let submitted = 0
  let accepted = 0
  const load = setInterval(() => {
    const u = submitted % users.length
    const tx = signTx(users[u]!, genesis.chainId, { nonce: nonces[u]!++, key: Buffer.from(`key-${submitted % 40}`), value: Buffer.from(`value ${submitted}`) })
    chains[submitted++ % chains.length]!.submitTx(tx).then((r) => { if (r.status === 'accepted') accepted++ }, () => {})
  }, 15)
  try {
    await untilHeight(chains, 300, 90_000)
    clearInterval(load)
    await waitUntil(() => chains.every((c) => c.node.mempool.size === 0), 20_000, 'empty mempools')
    await untilHeight(chains, Math.max(...chains.map((c) => c.tip.height)) + 2)
    const top = Math.min(...chains.map((c) => c.tip.height))
    let txs = 0
    for (let h = 1; h <= top; h++) {
      const blocks = await Promise.all(chains.map(async (c) => await c.store.getBlock(h)))
      const headers = blocks.map((b) => Buffer.from(b!.header!.appHash).toString('hex') + Buffer.from(b!.header!.parentHash).toString('hex'))
      assert.equal(new Set(headers).size, 1, `height ${h}: ${headers.join(' ')}`)
      txs += blocks[0]!.txs.length
    }
    assert.ok(txs >= 200, `${txs} transactions in ${top} blocks`)
    assert.equal(txs, accepted)
    assert.equal(accepted, submitted)
    const committed = await Promise.all(users.map(async (u) => (await chains[0]!.accountNonce(u.publicKey)).committed))
    assert.equal(committed.reduce((a, b) => a + b, 0), txs)
    const value = await chains[3]!.read(Buffer.from('key-0'))
    assert.match(Buffer.from(value!).toString(), /^value \d+$/)

    // a fifth node, started now by the CLI, catches up by block sync, then follows gossip
    // (state sync off: with it a fresh node would restore a snapshot first, test/chain/statesync*.test.ts)
    const home = await tempDir()
    const genesisFile = join(home, 'genesis.json')
    await writeFile(genesisFile, JSON.stringify(genesis.toJSON()))
    await mkdir(join(home, 'node'))
    await writeFile(join(home, 'node', 'config.json'), JSON.stringify({ stateSync: { enabled: false } }))
    const peers = chains.map((c) => `${c.node.peerId}@${c.node.listenAddresses[0]!}`).join(',')
    const fifth = await startCliNode(join(home, 'node'), genesisFile, ['--listen', '127.0.0.1:0', '--peers', peers])
    try {
      assert.equal(fifth.height, 0)
      const sync = async (): Promise<Record<string, any>> => (await getJson(fifth.rpc, '/p2p/stats')).body.block_sync
      const caughtUp = await pollUntil(async () => ({ status: (await getJson(fifth.api, '/status')).body, sync: await sync() }),
        (v) => v.status.sync.state === 'synced' && v.status.height >= top, 60_000, 'the fifth node caught up')
      assert.ok(caughtUp.sync.syncsStarted >= 1 && caughtUp.sync.applied >= top - 10, `caught up by block sync: ${JSON.stringify(caughtUp.sync)}`)
      const info = await pollUntil(async () => (await getJson(fifth.rpc, '/p2p/info')).body.sync, (v) => v.phase === 'gossip' && v.peers >= 1, 20_000, 'following gossip')
      const metrics = await (await fetch(`http://${fifth.rpc}/metrics`)).text()
      assert.ok(Number(/kuber_sync_blocks_total\{result="applied"\} (\d+)/.exec(metrics)?.[1]) >= top - 10, 'metrics count the blocks applied by sync')
      assert.ok(info.target >= top, JSON.stringify(info))
      const byConsensus = async (): Promise<number> => (await getJson(fifth.rpc, '/p2p/stats')).body.chain.final_by_consensus
      const before = await byConsensus()
      await pollUntil(byConsensus, (n) => n >= before + 10, 30_000, 'blocks made final from gossip') // it follows gossip (it may still fetch a few when it lags)
    } finally {
      await stopCliNode(fifth)
    }
    const store = await ChainStore.open(join(home, 'node', 'chain'), genesis)
    try {
      assert.ok(store.tip.height >= top + 10)
      for (let h = 1; h <= store.tip.height; h++) {
        const [ours, theirs] = [await store.getBlock(h), await chains[0]!.store.getBlock(h)]
        assert.ok(blockHash(ours!.header!).equals(blockHash(theirs!.header!)), `height ${h}`)
        assert.ok(Buffer.from(ours!.header!.appHash).equals(theirs!.header!.appHash))
      }
    } finally {
      await store.close()
    }
  } finally {
    clearInterval(load)
    await stopChains(chains)
  }
})

test('with one validator missing, the next proposer takes over its turns after the timeout; a full node follows', async () => {
  const genesis = testGenesis(4, { block_interval_ms: 20, propose_timeout_ms: 150 })
  const chains = await startChains(genesis, 4, (i) => i < 3 ? validatorKey(i) : userKey(7)) // validator 3 never starts; node 3 is a full node
  try {
    assert.equal(chains[3]!.validator, undefined)
    await untilHeight(chains, 12, 30_000)
    for (let h = 1; h <= 12; h++) assert.equal(Buffer.from((await chains[3]!.store.getBlock(h))!.header!.appHash).toString('hex'), Buffer.from((await chains[0]!.store.getBlock(h))!.header!.appHash).toString('hex'))
    for (let h = 1; h <= 12; h++) {
      const header = (await chains[0]!.store.getBlock(h))!.header!
      const proposer = Buffer.from(header.proposer).toString('hex')
      assert.equal(proposer, genesis.proposer(h, header.round).peerId, `height ${h}`)
      if ((h - 1) % 4 === 3) {
        assert.ok(header.round >= 1 && proposer !== genesis.validators[3]!.peerId, `height ${h} is validator 3's: taken over in round ${header.round}`)
        assert.ok(header.timestamp >= (await chains[0]!.store.getBlock(h - 1))!.header!.timestamp + header.round * 150)
      }
    }
  } finally {
    await stopChains(chains)
  }
})

test('a validator process killed with SIGKILL while the others go on restarts from its store, catches up by block sync and votes again', async () => {
  const net = await tempDir()
  assert.equal(spawnSync('node', [...cli, 'init', '--home', net, '--chain-id', 'kill-sync', '--validators', '4', '--base-port', '0', '--block-interval-ms', '20'], { encoding: 'utf8' }).status, 0)
  const genesisFile = join(net, 'genesis.json')
  const json = JSON.parse(await readFile(genesisFile, 'utf8'))
  json.params.propose_timeout_ms = 150 // validator 3's turns are taken over quickly while it is down
  await writeFile(genesisFile, JSON.stringify(json))
  const genesis = await loadGenesis(genesisFile)
  const chains: ReferenceChain[] = []
  for (let i = 0; i < 3; i++) {
    const peers = chains.map((c) => `${c.node.peerId}@${c.node.listenAddresses[0]!}`)
    chains.push(await ReferenceChain.create({ genesis, node: { home: join(net, `node${i}`), listen: ['127.0.0.1:0'], peers, pex: false }, deps: { logger: silentLogger } }))
    await chains[i]!.start()
  }
  const flags = ['--listen', '127.0.0.1:0', '--peers', chains.map((c) => `${c.node.peerId}@${c.node.listenAddresses[0]!}`).join(',')]
  const home3 = join(net, 'node3')
  let v3 = await startCliNode(home3, genesisFile, flags)
  try {
    const status = async (): Promise<Record<string, any>> => (await getJson(v3.api, '/status')).body
    await pollUntil(status, (s) => s.height >= 10, 30_000, 'validator 3 at height 10')
    v3.child.kill('SIGKILL')
    assert.equal(await v3.exited, null)
    const killedAt = Math.min(...chains.map((c) => c.tip.height))
    await untilHeight(chains, killedAt + 60, 60_000)
    v3 = await startCliNode(home3, genesisFile, flags)
    assert.ok(v3.height >= 10 && v3.height <= killedAt + 1, `resumed from its store at ${v3.height}`)
    const stats = async (): Promise<Record<string, any>> => (await getJson(v3.rpc, '/p2p/stats')).body
    const synced = await pollUntil(stats, (s) => s.block_sync.phase === 'gossip' && s.block_sync.syncsStarted >= 1 && s.chain.height >= killedAt + 60, 30_000, 'validator 3 caught up by block sync')
    assert.ok(synced.block_sync.applied >= 50, `by block sync: ${JSON.stringify(synced.block_sync)}`)
    const voted = synced.chain.votes_sent as number
    const rejoined = await pollUntil(stats, (s) => s.chain.votes_sent > voted + 3, 30_000, 'validator 3 votes again')
    const h = rejoined.chain.height as number
    await untilHeight(chains, h)
    const ours = (await getJson(v3.api, `/blocks/${h}`)).body
    assert.equal(ours.header.app_hash, Buffer.from((await chains[0]!.store.getBlock(h))!.header!.appHash).toString('hex'))
  } finally {
    await stopCliNode(v3)
    await stopChains(chains)
  }
})

test('invalid blocks, votes and transactions from a peer are refused and scored; two invalid blocks: score 0 and disconnect (spec §13 rule 2)', async () => {
  const genesis = testGenesis(2, { block_interval_ms: 50 })
  const [chain] = await startChains(genesis, 1)
  const node = chain!.node
  try {
    const peer = await rawPeer(createTcpTransport({ clock: systemClock }), node.listenAddresses[0]!)
    peer.hello({ chainId: genesis.chainId, capabilities: 7 })
    peer.send(MessageType.HELLO_ACK, new Uint8Array(0)) // OK
    await peer.waitFor(MessageType.HELLO_ACK)
    await waitUntil(() => node.connectedPeers().length === 1, 5000, 'peer connected')
    const badTx = signTx(userKey(0), 'another-chain', { nonce: 0, key: Buffer.from('k'), value: Buffer.from('v') })
    peer.send(MessageType.TX, encodePayload(Messages.tx, { txHash: createHash('sha256').update(badTx).digest(), txBytes: badTx as Uint8Array<ArrayBuffer> }))
    peer.send(MessageType.VOTE, encodePayload(Messages.vote, signVote(userKey(1), genesis.chainId, 1, 0, Buffer.alloc(32, 1))))
    await waitUntil(() => node.stats.penalties.toJSON()[ErrorCodes.INVALID_VOTE] === 1 && node.stats.penalties.toJSON()[ErrorCodes.INVALID_TX] === 1, 5000, 'vote and tx penalties')
    // two blocks at height 1 signed by the wrong validator
    const block = (ts: number): Uint8Array => {
      const b = { header: { height: 1, parentHash: Buffer.alloc(32), proposer: Buffer.from(genesis.validators[1]!.peerId, 'hex'), timestamp: ts, txRoot: createHash('sha256').update('').digest(), appHash: Buffer.alloc(32), round: 0, lastCommitHash: Buffer.alloc(0) }, txs: [], proposerSignature: validatorKey(1).sign(Buffer.from('x')) }
      return encodePayload(Messages.block, { block: b as never })
    }
    peer.send(MessageType.BLOCK, block(Date.now()))
    peer.send(MessageType.BLOCK, block(Date.now() + 1))
    await peer.closed
    const stats = node.statsSections() as Record<string, any>
    assert.equal(stats.chain.rejected_by_reason.BLOCK_WRONG_PROPOSER, 2)
    assert.equal(stats.chain.rejected_by_reason.VOTE_UNKNOWN_VALIDATOR, 1)
    assert.equal(stats.chain.rejected_by_reason.TX_BAD_SIGNATURE, 1)
    assert.equal(node.stats.disconnects.toJSON().invalid_blocks, 1)
    assert.ok(node.scorer.isBanned(peer.identity.peerId))
  } finally {
    await stopChains([chain!])
  }
})
