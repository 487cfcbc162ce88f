// Fixtures for state sync over real TCP: a serving network (validators making blocks fast
// and taking snapshots), state written through real transactions in real blocks, and a
// fresh node joining it.
import { pino } from 'pino'
import { ReferenceChain } from '../../src/chain/reference-chain.js'
import type { Genesis } from '../../src/chain/genesis.js'
import { signTx } from '../../src/chain/tx.js'
import type { Identity, NodeConfigInput, NodeSyncPhase } from '../../src/index.js'
import { silentLogger, waitUntil } from '../helpers/nodes.js'
import { tempDir, testGenesis, userKey, validatorKey } from './helpers.js'

export type StateSyncInput = NonNullable<NodeConfigInput['stateSync']>

export function syncGenesis (validators: number, buckets: number, blockIntervalMs = 20): Genesis {
  return testGenesis(validators, { block_interval_ms: blockIntervalMs, propose_timeout_ms: 1000, state_buckets: buckets, max_block_bytes: 1536 * 1024 })
}

export const addressOf = (c: ReferenceChain): string => `${c.node.peerId}@${c.node.listenAddresses[0]!}`

/**
 * A chain node with its own home, dialling `peers`, set for a test network that writes
 * megabytes of state through transactions on a loaded machine (the defaults guard a public
 * network, not this): gossip pulls wait 5 s (a node busy serving snapshots or making blocks
 * answers later than 150 ms, and each late answer costs SLOW_RESPONSE); repeats are not
 * spam (a validator whose round times out re-sends its vote and block, consensus
 * rebroadcastOurs, which the gossip engine counts as repeats); and message and transaction
 * rates are raised (every write is gossiped too, far above 200 messages/s per peer).
 */
export async function chainNode (genesis: Genesis, identity: Identity, peers: ReferenceChain[], stateSync: StateSyncInput, extra: Partial<NodeConfigInput> = {}): Promise<ReferenceChain> {
  const chain = await ReferenceChain.create({
    genesis,
    node: { home: await tempDir('kuber-sync-'), listen: ['127.0.0.1:0'], peers: peers.map(addressOf), pex: false, stateSync, gossip: { iwantTimeoutMs: 5000, maxRepeatsPerPeer: 1_000_000 }, maxMessagesPerSecond: 100_000, messageBurst: 100_000, mempool: { maxTxsPerPeerPerSecond: 100_000, txBurstPerPeer: 100_000 }, ...extra },
    deps: { identity, logger: process.env.SYNC_LOG !== undefined && (peers.length > 0 || process.env.SYNC_LOG_ALL !== undefined) ? pino({ level: process.env.SYNC_LOG }) : silentLogger },
    quietProgress: true
  })
  await chain.start()
  return chain
}

/**
 * The genesis validators, each dialling the ones before, with about `bytes` of state
 * written through transactions of `valueBytes` values. Every transaction is submitted to
 * every validator, so none has to pull one from another (a busy node answers large pulls
 * late, and slow answers get it banned).
 */
export async function servingNetwork (genesis: Genesis, stateSync: StateSyncInput, bytes: number, valueBytes: number): Promise<ReferenceChain[]> {
  const chains: ReferenceChain[] = []
  for (let i = 0; i < genesis.validators.length; i++) chains.push(await chainNode(genesis, validatorKey(i), chains, stateSync))
  await writeState(chains, bytes, valueBytes)
  return chains
}

/** Write about `bytes` of state through transactions submitted to every validator; resolves once they are all final everywhere. */
export async function writeState (validators: ReferenceChain[], bytes: number, valueBytes: number): Promise<number> {
  const users = Array.from({ length: 32 }, (_, i) => userKey(40 + i))
  const nonces = users.map(() => 0)
  const count = Math.ceil(bytes / valueBytes)
  const chainId = validators[0]!.genesis.chainId
  let written = 0
  while (written < count) {
    const batch = Math.min(count - written, users.length * 8)
    const txs: Uint8Array[] = []
    for (let i = 0; i < batch; i++) {
      const u = (written + i) % users.length
      const value = Buffer.alloc(valueBytes, (written + i) & 0xff)
      value.writeUInt32BE(written + i, 0)
      txs.push(signTx(users[u]!, chainId, { nonce: nonces[u]!++, key: Buffer.from(`key-${written + i}`), value }))
    }
    // each transaction to every validator at once, so that none asks another for it
    const results = await Promise.all(txs.flatMap((tx) => validators.map(async (v) => await v.submitTx(tx))))
    const refused = results.find((r) => r.status === 'rejected')
    if (refused !== undefined) throw new Error(`a write was refused: ${JSON.stringify(refused)}`)
    written += batch
    await waitUntil(() => validators.every((v) => v.node.mempool.size === 0), 60_000, 'writes in blocks')
  }
  return written
}

export async function untilPhase (chain: ReferenceChain, phase: NodeSyncPhase, timeoutMs = 60_000): Promise<void> {
  await waitUntil(() => chain.node.syncPhase === phase, timeoutMs, `phase ${phase} (at ${chain.node.syncPhase}, height ${chain.tip.height})`)
}
