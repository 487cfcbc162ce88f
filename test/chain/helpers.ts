// Fixtures for reference-chain tests: fixed validator keys, a genesis, stores in temporary
// directories, and networks of chain nodes over real TCP on 127.0.0.1.
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { identityFromSeed, type Identity } from '../../src/index.js'
import { Genesis, type GenesisJson } from '../../src/chain/genesis.js'
import { ChainStore } from '../../src/chain/store/chain-store.js'
import { ReferenceChain } from '../../src/chain/reference-chain.js'
import { silentLogger, waitUntil } from '../helpers/nodes.js'

export const validatorKey = (i: number): Identity => identityFromSeed(new Uint8Array(32).fill(0x40 + i))
export const userKey = (i: number): Identity => identityFromSeed(new Uint8Array(32).fill(0x90 + i))

export function testGenesis (validators: number, params: GenesisJson['params'] = {}, chainId = 'kuber-test'): Genesis {
  return Genesis.parse({
    chain_id: chainId,
    genesis_time: new Date(Date.now() - 1000).toISOString(),
    validators: Array.from({ length: validators }, (_, i) => ({ name: `v${i}`, public_key: Buffer.from(validatorKey(i).publicKey).toString('hex') })),
    params: { state_buckets: 64, ...params }
  })
}

export async function tempDir (prefix = 'kuber-chain-'): Promise<string> {
  return await mkdtemp(join(tmpdir(), prefix))
}

export async function openStore (genesis: Genesis): Promise<ChainStore> {
  return await ChainStore.open(join(await tempDir(), 'chain'), genesis)
}

/** Start `count` chain nodes (node i has validator key i), each dialling the ones before it. */
export async function startChains (genesis: Genesis, count: number, keys: (i: number) => Identity = validatorKey): Promise<ReferenceChain[]> {
  const chains: ReferenceChain[] = []
  try {
    for (let i = 0; i < count; i++) {
      const peers = chains.map((c) => `${c.node.peerId}@${c.node.listenAddresses[0]!}`)
      const chain = await ReferenceChain.create({ genesis, node: { home: await tempDir(), listen: ['127.0.0.1:0'], peers, pex: false }, deps: { identity: keys(i), logger: silentLogger } })
      await chain.start()
      chains.push(chain)
    }
  } catch (err) {
    await stopChains(chains)
    throw err
  }
  return chains
}

export async function stopChains (chains: ReferenceChain[]): Promise<void> {
  await Promise.all(chains.map(async (c) => await c.stop()))
}

/** Wait until every chain has made `height` final. */
export async function untilHeight (chains: ReferenceChain[], height: number, timeoutMs = 30_000): Promise<void> {
  await waitUntil(() => chains.every((c) => c.tip.height >= height), timeoutMs, `height ${height} (at ${chains.map((c) => c.tip.height).join(', ')})`)
}
