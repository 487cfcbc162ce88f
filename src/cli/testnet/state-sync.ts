// State sync in the testnet (issue 12): where this build's node has it (its config has a
// `stateSync` section), every node of the run takes a snapshot every few blocks, so a host
// that joins late finds one on its peers and restores it before fetching the blocks since;
// where it has not, a late host catches up by block sync from the genesis and the summary
// says so. The node reports the height of the snapshot it restored (agent.ts).
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { NodeConfigSchema } from '../../index.js'
import type { ReferenceChain } from '../../chain/reference-chain.js'

/** Does this build's node sync state by snapshot? */
export function nodeHasStateSync (): boolean {
  return 'stateSync' in NodeConfigSchema.shape
}

/** Have the node of `home` take a snapshot every `interval` blocks (its config.json, made or added to). */
export async function configureSnapshots (home: string, interval: number): Promise<void> {
  const path = join(home, 'config.json')
  const config = existsSync(path) ? JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown> : {}
  config.stateSync = { ...(config.stateSync as Record<string, unknown> | undefined), snapshotInterval: interval }
  await mkdir(home, { recursive: true })
  await writeFile(path, JSON.stringify(config, null, 2) + '\n')
}

/** The height of the snapshot the chain restored, if it did (its status' `sync.snapshot_height`). */
export function restoredSnapshotHeight (chain: ReferenceChain): number | undefined {
  const sync = chain.status().sync as { snapshot_height?: unknown } | undefined
  return typeof sync?.snapshot_height === 'number' ? sync.snapshot_height : undefined
}
