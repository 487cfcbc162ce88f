// `kuber-p2p init --home DIR --chain-id ID --validators N`: a local reference-chain network.
// Writes DIR/genesis.json (the N validators' keys) and N validator homes DIR/node<i>, each
// with its node key (the validator key) and a config.json: P2P on 127.0.0.1:base+3i, debug
// RPC on base+3i+1, every other validator as a static peer. Prints how to start each one
// (application API on base+3i+2). --base-port 0: random ports and no static peers (one
// validator, tests). Never overwrites an existing genesis or key.
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigError, ErrorCodes, loadOrCreateNodeKey, systemRandom } from '../index.js'
import { Genesis } from '../chain/genesis.js'

export interface InitOptions {
  home: string
  chainId: string
  validators: number
  basePort: number
  /** Block interval in ms (chain parameter). */
  blockIntervalMs?: number
}

export async function initCommand (opts: InitOptions): Promise<void> {
  const genesisPath = join(opts.home, 'genesis.json')
  if (existsSync(genesisPath)) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `${genesisPath} already exists; not overwritten`)
  await mkdir(opts.home, { recursive: true })
  const port = (i: number, k: number): number => opts.basePort === 0 ? 0 : opts.basePort + 3 * i + k
  const homes = Array.from({ length: opts.validators }, (_, i) => join(opts.home, `node${i}`))
  const keys = await Promise.all(homes.map(async (h) => (await loadOrCreateNodeKey(h, systemRandom)).identity))
  const genesis = Genesis.parse({
    chain_id: opts.chainId,
    genesis_time: new Date().toISOString(),
    validators: keys.map((k, i) => ({ name: `node${i}`, public_key: Buffer.from(k.publicKey).toString('hex') })),
    params: opts.blockIntervalMs === undefined ? {} : { block_interval_ms: opts.blockIntervalMs }
  })
  await writeFile(genesisPath, JSON.stringify(genesis.toJSON(), null, 2) + '\n')
  const lines = [`wrote ${genesisPath} (chain ${opts.chainId}, ${opts.validators} validator${opts.validators === 1 ? '' : 's'}) and the validator homes; start them with:`, '']
  for (let i = 0; i < homes.length; i++) {
    const peers = opts.basePort === 0 ? [] : keys.flatMap((k, j) => j === i ? [] : [`${k.peerId}@127.0.0.1:${port(j, 0)}`])
    const config = { chainId: opts.chainId, listen: [`127.0.0.1:${port(i, 0)}`], rpc: `127.0.0.1:${port(i, 1)}`, peers }
    await writeFile(join(homes[i]!, 'config.json'), JSON.stringify(config, null, 2) + '\n')
    lines.push(`  kuber-p2p start --home ${homes[i]} --genesis ${genesisPath} --api 127.0.0.1:${port(i, 2)}`)
  }
  process.stdout.write(lines.join('\n') + '\n')
}
