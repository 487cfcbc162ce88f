// Chains for the block sync and state sync benchmarks, built once offline
// (test/helpers/chain-builder.ts) and kept under bench/.cache/ (git-ignored): a genesis of
// four validators with fixed keys, and a store of final blocks, each with the commit of a
// quorum. Block sync: "large", blocks of `blockKiB` KiB of signed writes (64 KiB
// transactions of incompressible values) to 64 keys; "empty", blocks without transactions.
// State sync: `stateMiB` MiB of state, 8 KiB writes each to its own key, in 1 MiB blocks.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { identityFromSeed, type Identity } from '../../src/index.js'
import { Genesis } from '../../src/chain/genesis.js'
import { ChainStore } from '../../src/chain/store/chain-store.js'
import { signTx } from '../../src/chain/tx.js'
import { SeededRandom } from '../../src/runtime/random.js'
import { buildChain } from '../../test/helpers/chain-builder.js'

const CACHE = fileURLToPath(new URL('../.cache/', import.meta.url))
const TX_BYTES = 64 * 1024
/** State sync's writes: 8 KiB, so that a 16 KiB chunk holds whole entries. */
const STATE_TX_BYTES = 8 * 1024
/** What a ChainTx adds around its value (key, nonce, public key, signature, field tags). */
const TX_OVERHEAD = 160

export const validatorKey = (i: number): Identity => identityFromSeed(new Uint8Array(32).fill(0x40 + i))

function genesisJson (chainId: string, params: Record<string, number>): unknown {
  return {
    chain_id: chainId,
    genesis_time: '2026-01-01T00:00:00.000Z',
    validators: Array.from({ length: 4 }, (_, i) => ({ name: `v${i}`, public_key: Buffer.from(validatorKey(i).publicKey).toString('hex') })),
    params
  }
}

/** The store directory of a chain of `blocks` blocks of about `blockKiB` KiB (0: empty blocks), built if missing. */
export async function ensureChain (blocks: number, blockKiB: number): Promise<string> {
  return await build(join(CACHE, 'blocksync', `${blockKiB === 0 ? 'empty' : `${blockKiB}kib`}-${blocks}`), genesisJson(`bench-sync-${blockKiB}`, { state_buckets: 1024 }), blocks, blockKiB, 64)
}

/** The store directory of a chain holding about `stateMiB` MiB of state (each write its own key) in 1 MiB blocks, built if missing. */
export async function ensureStateChain (stateMiB: number): Promise<string> {
  const blockKiB = 1024
  const perBlock = blockKiB * 1024 / STATE_TX_BYTES * (STATE_TX_BYTES - TX_OVERHEAD)
  // buckets of about 16 KiB, the default chunk size
  const json = genesisJson(`bench-state-${stateMiB}`, { state_buckets: 2 ** Math.ceil(Math.log2(stateMiB * 64)), max_block_bytes: 1536 * 1024 })
  return await build(join(CACHE, 'statesync', `${stateMiB}mib`), json, Math.ceil(stateMiB * 1024 * 1024 / perBlock), blockKiB, Infinity, STATE_TX_BYTES)
}

/** Build `blocks` blocks of about `blockKiB` KiB of writes to `keys` distinct keys (Infinity: each its own) into `dir`, unless done before. */
async function build (dir: string, json: unknown, blocks: number, blockKiB: number, keys: number, txBytes = TX_BYTES): Promise<string> {
  if (existsSync(join(dir, 'done'))) return dir
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'genesis.json'), JSON.stringify(json))
  const genesis = Genesis.parse(json)
  const store = await ChainStore.open(join(dir, 'chain'), genesis)
  const user = identityFromSeed(new Uint8Array(32).fill(0x90))
  const noise = new SeededRandom(11).bytes(txBytes)
  const perBlock = Math.ceil((blockKiB * 1024) / txBytes)
  const valueBytes = Math.floor((blockKiB * 1024) / Math.max(1, perBlock)) - TX_OVERHEAD
  let nonce = 0
  const txs = (): Uint8Array[] => Array.from({ length: blockKiB === 0 ? 0 : perBlock }, () => {
    const n = nonce++
    const value = Buffer.from(noise.subarray(0, valueBytes))
    value.writeUInt32BE(n, 0)
    return signTx(user, genesis.chainId, { nonce: n, key: Buffer.from(`key ${keys === Infinity ? n : n % keys}`), value })
  })
  process.stderr.write(`building ${blocks} blocks of ${blockKiB} KiB in ${dir}...\n`)
  await buildChain(store, { genesis, keys: validatorKey, blocks, txs })
  await store.close()
  writeFileSync(join(dir, 'done'), '')
  return dir
}
