// The genesis file: chain id, genesis time, the validator set (ed25519 keys; a node whose
// key is in the set is a validator) and the chain parameters. Validated with zod; every
// node of a chain must hold the same file. The proposer of height h in proposal round r is
// validators[(h − 1 + r) mod n]; a block is final with votes from a quorum of
// floor(2n/3) + 1 validators (more than two thirds).
import { z } from 'zod'
import { ConfigError, ErrorCodes, MAX_BLOCK_TXS, MAX_COMMIT_SIGNATURES, peerIdFromPublicKey, type PeerId } from '../core.js'

const hex32 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits')
const positive = z.number().int().positive()

export const ChainParamsSchema = z.object({
  /** Time from a block's timestamp to the next proposal (default 1 000 ms). */
  block_interval_ms: positive.default(1000),
  /** A proposer silent this long past its turn is replaced by the next one (default 3 000 ms). */
  propose_timeout_ms: positive.default(3000),
  /** Most transactions in a block (default 5 000). */
  max_block_txs: positive.max(MAX_BLOCK_TXS).default(5000),
  /** Most transaction bytes in a block (default 1 MiB; a block must fit a 2 MiB frame). */
  max_block_bytes: positive.max(1536 * 1024).default(1024 * 1024),
  /** Largest transaction (default 64 KiB). */
  max_tx_bytes: positive.default(64 * 1024),
  /** Longest key a transaction may write (default 256 bytes). */
  max_key_bytes: positive.max(4096).default(256),
  /** How far a block's timestamp may be ahead of the receiver's clock (default 10 000 ms, spec §14). */
  max_future_ms: positive.default(10_000),
  /** Buckets of the state commitment, a power of two (default 65 536). */
  state_buckets: positive.refine((n) => Number.isInteger(Math.log2(n)) && n >= 2 && n <= 2 ** 24, 'a power of two in [2, 2^24]').default(65_536)
}).strict().refine((p) => p.max_tx_bytes <= p.max_block_bytes, 'max_tx_bytes must not exceed max_block_bytes')

export const GenesisSchema = z.object({
  chain_id: z.string().min(1).max(64),
  /** ISO 8601; block 1's timestamp must be later. */
  genesis_time: z.iso.datetime({ offset: true }),
  validators: z.array(z.object({ name: z.string().max(64).optional(), public_key: hex32 }).strict()).min(1).max(MAX_COMMIT_SIGNATURES),
  params: ChainParamsSchema.prefault({})
}).strict()

export type GenesisJson = z.input<typeof GenesisSchema>
export type ChainParams = z.output<typeof ChainParamsSchema>

export interface Validator {
  readonly index: number
  readonly name: string
  readonly publicKey: Uint8Array
  readonly peerId: PeerId
}

export class Genesis {
  readonly validators: readonly Validator[]
  /** Votes needed for finality: floor(2n/3) + 1. */
  readonly quorum: number
  private readonly byPeerId: Map<string, Validator>

  private constructor (readonly chainId: string, readonly genesisTimeMs: number, readonly params: ChainParams, validators: Validator[], private readonly json: z.output<typeof GenesisSchema>) {
    this.validators = validators
    this.quorum = Math.floor((2 * validators.length) / 3) + 1
    this.byPeerId = new Map(validators.map((v) => [v.peerId, v]))
  }

  /** Validate a genesis document; throws ConfigError naming every problem. */
  static parse (input: unknown): Genesis {
    const result = GenesisSchema.safeParse(input)
    if (!result.success) {
      const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
      throw new ConfigError(ErrorCodes.INVALID_CONFIG, `invalid genesis: ${problems}`)
    }
    const g = result.data
    const validators = g.validators.map((v, index): Validator => {
      const publicKey = Buffer.from(v.public_key, 'hex')
      let peerId: PeerId
      try {
        peerId = peerIdFromPublicKey(publicKey)
      } catch {
        throw new ConfigError(ErrorCodes.INVALID_CONFIG, `invalid genesis: validators.${index}.public_key is not a valid ed25519 key`)
      }
      return { index, name: v.name ?? `validator${index}`, publicKey, peerId }
    })
    if (new Set(validators.map((v) => v.peerId)).size !== validators.length) throw new ConfigError(ErrorCodes.INVALID_CONFIG, 'invalid genesis: a validator key is listed twice')
    return new Genesis(g.chain_id, Date.parse(g.genesis_time), g.params, validators, g)
  }

  /** The validator with this PeerID, if any. */
  validator (peerId: string): Validator | undefined {
    return this.byPeerId.get(peerId)
  }

  /** The proposer of `height` in proposal round `round`. */
  proposer (height: number, round: number): Validator {
    return this.validators[(height - 1 + round) % this.validators.length]!
  }

  /** The document, with every default filled in. */
  toJSON (): z.output<typeof GenesisSchema> {
    return this.json
  }
}
