// Fixtures for state sync over real TCP: a serving network (one validator making blocks
import { pino } from 'pino'
// fast, full nodes following; all take snapshots), state written through real transactions
// in real blocks, and a fresh node joining it.
import { ReferenceChain } from '../../src/chain/reference-chain.js'
import type { Genesis } from '../../src/chain/genesis.js'
import { signTx } from '../../src/chain/tx.js'
import type { Identity, NodeConfigInput, SyncPhase } from '../../src/index.js'
import { silentLogger, waitUntil } from '../helpers/nodes.js'
import { tempDir, testGenesis, userKey, validatorKey } from './helpers.js'

export type StateSyncInput = NonNullable<NodeConfigInput['stateSync']>

export function syncGenesis (buckets: number, blockIntervalMs = 20): Genesis {
  return testGenesis(1, { block_interval_ms: blockIntervalMs, propose_timeout_ms: 200, state_buckets: buckets, max_block_bytes: 1536 * 1024 })
}

export const addressOf = (c: ReferenceChain): string => `${c.node.peerId}@${c.node.listenAddresses[0]!}`

/** A chain node with its own home, dialling `peers`. */
export async function chainNode (genesis: Genesis, identity: Identity, peers: ReferenceChain[], stateSync: StateSyncInput, extra: Partial<NodeConfigInput> = {}): Promise<ReferenceChain> {
  const chain = await ReferenceChain.create({
    genesis,
    node: { home: await tempDir('kuber-sync-'), listen: ['127.0.0.1:0'], peers: peers.map(addressOf), pex: false, stateSync, ...extra },
    deps: { identity, logger: process.env.SYNC_LOG !== undefined && peers.length > 0 ? pino({ level: process.env.SYNC_LOG }) : silentLogger },
    quietProgress: true
  })
  await chain.start()
  return chain
}

/**
 * The validator (key 0) with about `bytes` of state written through transactions of
 * `valueBytes` values, then `fullNodes` full nodes (user keys 10+) that catch up by blocks
 * (started after the writes: a transaction burst or large blocks pulled by a full node get
 * the busy validator banned for slow answers), all serving snapshots.
 */
export async function servingNetwork (genesis: Genesis, fullNodes: number, stateSync: StateSyncInput, bytes: number, valueBytes: number): Promise<ReferenceChain[]> {
  const chains = [await chainNode(genesis, validatorKey(0), [], stateSync)]
  await writeState(chains[0]!, bytes, valueBytes)
  // a full node connecting while the large blocks are still announced pulls them by IWANT, whose
  // 150 ms timeout a busy validator misses (SLOW_RESPONSE, 41 of them ban it): let the announcements end
  await new Promise((resolve) => setTimeout(resolve, 4000))
  for (let i = 0; i < fullNodes; i++) chains.push(await chainNode(genesis, userKey(10 + i), chains, stateSync))
  return chains
}

/** Write about `bytes` of state through transactions submitted to `validator`; resolves once they are all final. */
export async function writeState (validator: ReferenceChain, bytes: number, valueBytes: number): Promise<number> {
  const users = Array.from({ length: 32 }, (_, i) => userKey(40 + i))
  const nonces = users.map(() => 0)
  const count = Math.ceil(bytes / valueBytes)
  let written = 0
  while (written < count) {
    const batch = Math.min(count - written, users.length * 64)
    const submits: Array<Promise<{ status: string }>> = []
    for (let i = 0; i < batch; i++) {
      const u = (written + i) % users.length
      const value = Buffer.alloc(valueBytes, (written + i) & 0xff)
      value.writeUInt32BE(written + i, 0)
      submits.push(validator.submitTx(signTx(users[u]!, validator.genesis.chainId, { nonce: nonces[u]!++, key: Buffer.from(`key-${written + i}`), value })))
    }
    const refused = (await Promise.all(submits)).find((r) => r.status !== 'accepted')
    if (refused !== undefined) throw new Error(`a write was not accepted: ${JSON.stringify(refused)}`)
    written += batch
    await waitUntil(() => validator.node.mempool.size === 0, 60_000, 'writes in blocks')
  }
  return written
}

export async function untilPhase (chain: ReferenceChain, phase: SyncPhase, timeoutMs = 60_000): Promise<void> {
  await waitUntil(() => chain.node.syncPhase === phase, timeoutMs, `phase ${phase} (at ${chain.node.syncPhase}, height ${chain.tip.height})`)
}
