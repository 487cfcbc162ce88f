// What a simulation runs: a scenario, from a named preset or a JSON file, validated with
// zod. A scenario says how many nodes, where they are (regions, upload bandwidth, clock
// skew), how they connect, what traffic flows (blocks from rotating proposers, on the
// reference chain or not; transactions), and what goes wrong during the safety phase
// (link faults, a partition, churn, late joiners, attackers). After the safety phase every
// fault stops and the liveness phase checks that the honest nodes converge.
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { ConfigError, ErrorCodes } from '../index.js'

export const ATTACKS = ['invalid-blocks', 'spam', 'tx-spam', 'malformed', 'duplicate-flood', 'withhold', 'delay', 'eclipse', 'mix'] as const
export type AttackKind = typeof ATTACKS[number]

const share = z.number().min(0).max(1)
const ms = z.number().int().min(0)
const count = z.number().int().min(0)

export const ScenarioSchema = z.object({
  name: z.string().default('custom'),
  description: z.string().default(''),
  /** Nodes at the start (late joiners come on top). */
  nodes: z.number().int().min(2).max(100_000).default(100),
  /** Peers each node dials at the start: about twice this many links per node. */
  degree: z.number().int().min(1).max(32).default(4),
  /** "world": six regions (src/sim/regions.ts); "flat": one latency for every link. */
  regions: z.enum(['world', 'flat']).default('world'),
  /** One-way latency of every link with regions "flat" (ms). */
  flatLatencyMs: z.number().min(0).default(20),
  /** Upload bandwidth of each node in Mbit/s; tiers are drawn by their share. */
  uploadMbps: z.union([z.number().positive(), z.array(z.object({ share: z.number().positive(), mbps: z.number().positive() }).strict()).min(1)]).default(100),
  /** Each node's wall clock is off by a uniform amount in [-clockSkewMs, clockSkewMs]. */
  clockSkewMs: ms.default(0),
  /** Run the reference chain (its consensus proposes, votes and checks every block). */
  chain: z.boolean().default(false),
  /** Proposers (validators of the chain); they rotate one block each. */
  validators: z.number().int().min(1).max(100).default(4),
  blocks: z.object({
    /** Blocks in the safety phase (without the chain; with it, as many as it makes). */
    count: count.default(20),
    intervalMs: z.number().int().min(10).default(1000),
    /** Synthetic transactions in each block of this many bytes (without the chain and without txLoad). */
    txs: count.default(20),
    txBytes: z.number().int().min(1).max(64 * 1024).default(250)
  }).strict().prefault({}),
  /** Transactions per second submitted at random honest nodes (they fill the blocks). */
  txLoad: z.object({ perSecond: z.number().min(0).default(0), bytes: z.number().int().min(1).max(64 * 1024).default(250) }).strict().prefault({}),
  /** Nodes that join this long after the start, with no history, and must catch up. */
  lateJoin: z.object({ nodes: count.default(0), atMs: ms.default(5000) }).strict().prefault({}),
  /** Every everyMs, `nodes` random honest nodes leave and come back downMs later. */
  churn: z.object({ everyMs: ms.default(0), nodes: count.default(1), downMs: ms.default(3000) }).strict().prefault({}),
  /** A share of the nodes is cut off from the rest from atMs to healMs. */
  partition: z.object({ share: share.default(0), atMs: ms.default(3000), healMs: ms.default(8000) }).strict().prefault({}),
  /** Faults on every link during the safety phase (probabilities per segment). */
  faults: z.object({
    loss: share.default(0), reorder: share.default(0), duplicate: share.default(0), corrupt: share.default(0), raw: z.boolean().default(false)
  }).strict().prefault({}),
  attack: z.object({
    kind: z.enum(ATTACKS).optional(),
    /** Share of the nodes that are Byzantine (at most one third). */
    share: z.number().min(0).max(1 / 3 + 1e-9).default(0),
    startMs: ms.default(2000),
    /** Messages per second per peer for spam, malformed and duplicate floods. */
    rate: z.number().positive().default(1000),
    /** How long delaying attackers hold each message (ms). */
    delayMs: ms.default(2000)
  }).strict().prefault({}),
  /** After the safety phase: no faults, no attacks; every honest node must converge within it. */
  livenessMs: ms.default(15_000),
  /** Node config for every node (the node's config schema; e.g. {"gossip": {"meshDegree": 3}}). */
  config: z.record(z.string(), z.unknown()).default({})
}).strict()

export type Scenario = z.output<typeof ScenarioSchema>
export type ScenarioInput = z.input<typeof ScenarioSchema>

const third = 1 / 3
/**
 * Without a transaction load a block's transactions are new to the network, so compact
 * relay would cost a GetBlockTxs round trip at every hop: these presets relay full blocks.
 */
const FULL_BLOCKS = { blocks: { compactRelay: false } }
const attack = (kind: AttackKind, extra: Partial<ScenarioInput['attack']> = {}): ScenarioInput => ({
  name: kind, description: `one third of the nodes attack: ${kind}`, nodes: 60, config: FULL_BLOCKS, attack: { kind, share: third, ...extra }
})

/** The named scenarios of `kuber-p2p sim --scenario NAME`. */
export const PRESETS: Record<string, ScenarioInput> = {
  propagation: { name: 'propagation', description: 'blocks from rotating proposers over six regions', nodes: 200, config: FULL_BLOCKS },
  chain: { name: 'chain', description: 'the reference chain: rotating proposers, votes, commits', nodes: 50, chain: true, blocks: { count: 10 } },
  'tx-load': { name: 'tx-load', description: 'transactions gossiped and packed into compact blocks', nodes: 100, txLoad: { perSecond: 200 } },
  'late-join': { name: 'late-join', description: 'a tenth of the nodes join after 5 s and catch up (reference chain)', nodes: 100, chain: true, lateJoin: { nodes: 10, atMs: 5000 } },
  partition: { name: 'partition', description: 'a third of the network is cut off for 5 s, then heals; both sides converge (reference chain)', nodes: 100, chain: true, partition: { share: third, atMs: 3000, healMs: 8000 }, livenessMs: 30_000 },
  churn: { name: 'churn', description: 'two nodes leave every second and come back 3 s later (reference chain)', nodes: 100, chain: true, churn: { everyMs: 1000, nodes: 2, downMs: 3000 }, livenessMs: 20_000 },
  faults: { name: 'faults', description: 'lossy, reordering, duplicating and corrupting links', nodes: 100, faults: { loss: 0.01, reorder: 0.01, duplicate: 0.01, corrupt: 0.001 }, config: FULL_BLOCKS },
  'clock-skew': { name: 'clock-skew', description: 'wall clocks off by up to ±4 s (pairs differ by up to 8 s, inside the 10 s Hello allows)', nodes: 60, clockSkewMs: 4000, config: FULL_BLOCKS },
  'invalid-blocks': attack('invalid-blocks'),
  spam: attack('spam'),
  'tx-spam': { ...attack('tx-spam'), description: 'a third of the nodes send valid new transactions past the rate limit; honest nodes relay what they accept' },
  malformed: attack('malformed', { rate: 20 }),
  'duplicate-flood': attack('duplicate-flood', { rate: 50 }),
  withhold: attack('withhold'),
  delay: attack('delay'),
  eclipse: { ...attack('eclipse'), description: 'Sybils (a third) all connect to one victim and answer its peer exchange with Sybil-only lists; every node runs discovery', config: { ...FULL_BLOCKS, pex: true, pexIntervalMs: 3000 } },
  'attack-mix': { ...attack('mix'), name: 'attack-mix', description: 'one third of the nodes attack, split among invalid-blocks, spam, malformed, duplicate-flood, withhold and delay' }
}

/**
 * Named sets of presets that `kuber-p2p sim --scenario NAME` runs one after another, with
 * the same seed and overrides, into one report. `attacks`: every attack the issue names
 * (tx-spam stays out: honest relays of valid transactions trip the per-peer rate limit,
 * a known finding the README describes, which would fail the set every time).
 */
export const SUITES: Record<string, string[]> = {
  attacks: ['invalid-blocks', 'spam', 'malformed', 'duplicate-flood', 'withhold', 'delay', 'eclipse', 'attack-mix']
}

/** The scenario of a preset name or a JSON file, with `overrides` on top. Throws ConfigError. */
export function loadScenario (nameOrFile: string, overrides: Partial<ScenarioInput> = {}): Scenario {
  let input: unknown
  if (PRESETS[nameOrFile] !== undefined) {
    input = PRESETS[nameOrFile]
  } else if (nameOrFile.endsWith('.json')) {
    try {
      input = JSON.parse(readFileSync(nameOrFile, 'utf8'))
    } catch (err) {
      throw new ConfigError(ErrorCodes.INVALID_CONFIG, `scenario file ${nameOrFile}: ${(err as Error).message}`)
    }
  } else {
    throw new ConfigError(ErrorCodes.INVALID_CONFIG, `unknown scenario "${nameOrFile}": one of ${[...Object.keys(PRESETS), ...Object.keys(SUITES)].join(', ')}, or a .json file`)
  }
  return parseScenario({ ...(input as object), ...overrides })
}

export function parseScenario (input: unknown): Scenario {
  const r = ScenarioSchema.safeParse(input)
  if (!r.success) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `scenario: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`)
  const s = r.data
  if (s.attack.kind !== undefined && s.attack.share === 0) throw new ConfigError(ErrorCodes.INVALID_CONFIG, 'scenario: attack.kind needs attack.share > 0')
  if (s.validators > s.nodes) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `scenario: ${s.validators} validators but ${s.nodes} nodes`)
  return s
}
