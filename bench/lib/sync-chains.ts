// Chains for the block sync benchmark, built once offline (test/helpers/chain-builder.ts)
// and kept under bench/.cache/blocksync/ (git-ignored): a genesis of four validators with
// fixed keys, and a store of final blocks, each with the commit of a quorum. "large": blocks
// of `blockKiB` KiB of signed writes (64 KiB transactions of incompressible values); "empty":
// blocks without transactions.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { identityFromSeed, type Identity } from '../../src/index.js'
import { Genesis } from '../../src/chain/genesis.js'
import { ChainStore } from '../../src/chain/store/chain-store.js'
import { signTx } from '../../src/chain/tx.js'
import { SeededRandom } from '../../src/runtime/random.js'
import { buildChain } from '../../test/helpers/chain-builder.js'

const CACHE = fileURLToPath(new URL('../.cache/blocksync/', import.meta.url))
const TX_BYTES = 64 * 1024
/** What a ChainTx adds around its value (key, nonce, public key, signature, field tags). */
const TX_OVERHEAD = 160

const validatorKey = (i: number): Identity => identityFromSeed(new Uint8Array(32).fill(0x40 + i))

function genesisJson (chainId: string): unknown {
  return {
    chain_id: chainId,
    genesis_time: '2026-01-01T00:00:00.000Z',
    validators: Array.from({ length: 4 }, (_, i) => ({ name: `v${i}`, public_key: Buffer.from(validatorKey(i).publicKey).toString('hex') })),
    params: { state_buckets: 1024 }
  }
}

/** The store directory of a chain of `blocks` blocks of about `blockKiB` KiB (0: empty blocks), built if missing. */
export async function ensureChain (blocks: number, blockKiB: number): Promise<string> {
  const dir = join(CACHE, `${blockKiB === 0 ? 'empty' : `${blockKiB}kib`}-${blocks}`)
  if (existsSync(join(dir, 'done'))) return dir
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const json = genesisJson(`bench-sync-${blockKiB}`)
  writeFileSync(join(dir, 'genesis.json'), JSON.stringify(json))
  const genesis = Genesis.parse(json)
  const store = await ChainStore.open(join(dir, 'chain'), genesis)
  const user = identityFromSeed(new Uint8Array(32).fill(0x90))
  const noise = new SeededRandom(11).bytes(TX_BYTES)
  const perBlock = Math.ceil((blockKiB * 1024) / TX_BYTES)
  const valueBytes = Math.floor((blockKiB * 1024) / Math.max(1, perBlock)) - TX_OVERHEAD
  let nonce = 0
  const txs = (): Uint8Array[] => Array.from({ length: blockKiB === 0 ? 0 : perBlock }, () => {
    const n = nonce++
    const value = Buffer.from(noise.subarray(0, valueBytes))
    value.writeUInt32BE(n, 0)
    return signTx(user, genesis.chainId, { nonce: n, key: Buffer.from(`key ${n % 64}`), value })
  })
  process.stderr.write(`building ${blocks} blocks of ${blockKiB} KiB in ${dir}...\n`)
  await buildChain(store, { genesis, keys: validatorKey, blocks, txs })
  await store.close()
  writeFileSync(join(dir, 'done'), '')
  return dir
}
