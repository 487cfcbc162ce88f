// The consensus engine driven by hand on virtual time: three of four validators up, two
// valid blocks at height 1 (the round-0 proposer's, late, and the round-1 proposer's), votes
// split 1–2 so that no block has a quorum and none can be proven out of reach; after a
// proposal timeout every validator votes again for the leading block and it becomes final
// everywhere. A property checks why that is safe: when a block has a quorum, it leads every
// quorum-sized set of that round's votes.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { pino } from 'pino'
import fc from 'fast-check'
import { Mempool, VirtualClock, blockHash, pb } from '../../src/index.js'
import { BlockRules } from '../../src/chain/block-rules.js'
import { Consensus } from '../../src/chain/consensus.js'
import type { CheckedBlock } from '../../src/chain/block-rules.js'
import { Genesis } from '../../src/chain/genesis.js'
import { VotePool, VoteVerifier, signVote } from '../../src/chain/votes.js'
import type { ChainStore } from '../../src/chain/store/chain-store.js'
import { openStore, testGenesis, validatorKey } from './helpers.js'

interface Sent { from: number, block?: pb.Block, vote?: pb.VoteMessage }

test('a split vote at height 1 is resolved in the next voting round: the leading block becomes final on every validator', async () => {
  const clock = new VirtualClock(Date.now())
  const genesis = testGenesis(4, { block_interval_ms: 100, propose_timeout_ms: 1000 })
  const sent: Sent[] = []
  const finals: Array<Array<{ height: number, hash: string }>> = [[], [], []]
  const stores: ChainStore[] = []
  const engines: Consensus[] = []
  for (let i = 0; i < 3; i++) {
    const store = await openStore(genesis)
    stores.push(store)
    const verifier = new VoteVerifier(genesis)
    const mempool = new Mempool({ maxTxs: 10, maxBytes: 1 << 20, maxTxBytes: 1 << 16 })
    engines.push(new Consensus({
      clock, log: pino({ level: 'silent' }), genesis, store, verifier, mempool,
      rules: new BlockRules({ genesis, verifier, state: store, isCheckedTx: () => false }),
      self: { identity: validatorKey(i), validator: genesis.validators[i]! },
      publishBlock: (block) => sent.push({ from: i, block }),
      publishVote: (vote) => sent.push({ from: i, vote }),
      rebroadcast: () => {},
      onCandidate: () => {},
      onFinal: (b: CheckedBlock) => finals[i]!.push({ height: b.header.height, hash: b.hashHex })
    }))
  }
  const idle = async (): Promise<void> => { for (const e of engines) await e.serial(async () => {}) }
  const deliver = async (m: Sent, to: number): Promise<void> => {
    const e = engines[to]!
    if (m.block !== undefined) await e.judgeBlock(m.block, genesis.validators[m.from]!.peerId)
    else e.judgeVote(m.vote!)
    await idle()
  }
  try {
    for (const e of engines) await e.start()
    await clock.advance(200) // round 0: validator 0 proposes A (and votes for it); nobody hears of it yet
    const a = sent.find((m) => m.block !== undefined && m.from === 0)!
    assert.equal(a.block!.header!.round, 0)
    await clock.advance(1000) // round 1: validator 1 has seen no block, proposes B and votes for it
    await idle()
    const b = sent.find((m) => m.block !== undefined && m.from === 1)!
    assert.equal(b.block!.header!.round, 1)
    await deliver(b, 2) // validator 2 sees B first and votes for it
    await deliver(a, 1)
    await deliver(a, 2)
    await deliver(b, 0)
    for (const m of sent.filter((s) => s.vote !== undefined && s.vote.round === 0)) for (let to = 0; to < 3; to++) if (to !== m.from) await deliver(m, to)
    assert.ok(finals.every((f) => f.length === 0), 'round 0 is split 1–2, no block is final')
    await clock.advance(2100) // a proposal timeout later, everyone votes again in round 1
    await idle()
    const round1 = sent.filter((s) => s.vote?.round === 1)
    assert.equal(round1.length, 3)
    for (const m of round1) for (let to = 0; to < 3; to++) if (to !== m.from) await deliver(m, to)
    const bHash = blockHash(b.block!.header!).toString('hex')
    for (const f of finals) assert.deepEqual(f, [{ height: 1, hash: bHash }])
    assert.ok(round1.every((m) => Buffer.from(m.vote!.blockHash).toString('hex') === bHash))
    assert.equal(new Set(stores.map((s) => s.tip.appHash.toString('hex'))).size, 1)
  } finally {
    for (const e of engines) e.stop()
    for (const s of stores) await s.close()
  }
})

test('a block with a quorum in a round leads every quorum-sized set of that round\'s votes', () => {
  const arb = fc.integer({ min: 1, max: 10 }).chain((n) => fc.record({
    n: fc.constant(n),
    votes: fc.array(fc.integer({ min: -1, max: 2 }), { minLength: n, maxLength: n }), // -1: did not vote
    seen: fc.array(fc.boolean(), { minLength: n, maxLength: n })
  }))
  const geneses = new Map<number, Genesis>()
  const signed = new Map<string, pb.VoteMessage>()
  fc.assert(fc.property(arb, ({ n, votes, seen }) => {
    const genesis = geneses.get(n) ?? geneses.set(n, testGenesis(n)).get(n)!
    const full = new VotePool(genesis)
    const partial = new VotePool(genesis)
    const hash = (b: number): Buffer => Buffer.alloc(32, b + 1)
    votes.forEach((b, i) => {
      if (b < 0) return
      const vote = signed.get(`${i}:${b}`) ?? signed.set(`${i}:${b}`, signVote(validatorKey(i), genesis.chainId, 1, 0, hash(b))).get(`${i}:${b}`)!
      full.add(vote, genesis.validators[i]!)
      if (seen[i]) partial.add(vote, genesis.validators[i]!)
    })
    const final = full.quorum(1)
    if (final === undefined || partial.split(1, 0) === 'open') return true
    return partial.best(1, 0) === final.blockHash
  }), { numRuns: 300 })
})
