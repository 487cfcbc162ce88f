// `kuber-p2p bans list|clear [PEER_ID] --home DIR`: see and lift the bans stored in a
// stopped node's peer store. A running node holds the store's LevelDB lock; then the
// command refuses and points at the node's debug RPC, which lists bans but (spec §19)
// changes nothing.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ErrorCodes, StorageError, errorCode } from '../errors.js'
import { parsePeerId, type PeerId } from '../identity/peer-id.js'
import { systemClock } from '../runtime/clock.js'
import { PeerStore } from '../peerstore/peer-store.js'
import { LevelBackend } from '../peerstore/backend.js'
import type { BanEntry } from '../scoring/scorer.js'

export interface BansOptions {
  home: string
  /** Also list bans that have expired but are remembered (they make a repeat offence's ban longer). */
  all?: boolean
  json?: boolean
}

export async function bansCommand (action: 'list' | 'clear', peer: string | undefined, opts: BansOptions): Promise<void> {
  const id = peer === undefined ? undefined : parsePeerId(peer)
  const store = await openStore(opts.home)
  try {
    if (action === 'list') printBans(await store.loadBans(), opts)
    else await clear(store, id)
  } finally {
    await store.close()
  }
}

async function clear (store: PeerStore, id: PeerId | undefined): Promise<void> {
  const removed = await store.removeBans(id === undefined ? undefined : [id])
  if (id !== undefined && removed.length === 0) {
    process.stderr.write(`no ban stored for ${id}\n`)
    return
  }
  for (const b of removed) process.stdout.write(`cleared ${b.peerId} (${b.reason}, banned ${b.count} time${b.count === 1 ? '' : 's'})\n`)
  process.stderr.write(`${removed.length} ban${removed.length === 1 ? '' : 's'} cleared\n`)
}

function printBans (bans: BanEntry[], opts: BansOptions): void {
  const now = systemClock.wallNow()
  const shown = bans.filter((b) => opts.all === true || b.until > now).sort((a, b) => a.until - b.until)
  if (opts.json === true) {
    process.stdout.write(JSON.stringify(shown.map((b) => ({ peer_id: b.peerId, reason: b.reason, until: new Date(b.until).toISOString(), count: b.count, active: b.until > now })), null, 2) + '\n')
    return
  }
  if (shown.length === 0) {
    process.stderr.write(`no ${opts.all === true ? '' : 'active '}bans in ${join(opts.home, 'peerstore')}\n`)
    return
  }
  const lines = ['PEER_ID'.padEnd(66) + 'REASON'.padEnd(24) + 'UNTIL'.padEnd(26) + 'COUNT']
  for (const b of shown) {
    const until = b.until > now ? new Date(b.until).toISOString() : `expired ${new Date(b.until).toISOString()}`
    lines.push(b.peerId.padEnd(66) + b.reason.padEnd(24) + until.padEnd(26) + String(b.count))
  }
  process.stdout.write(lines.join('\n') + '\n')
}

/** The home's peer store, opened; refuses a missing store and a store a running node holds. */
async function openStore (home: string): Promise<PeerStore> {
  const location = join(home, 'peerstore')
  if (!existsSync(location)) {
    throw new StorageError(ErrorCodes.STORE_FAILED, `no peer store at ${location}: has a node run with --home ${home}?`)
  }
  const store = new PeerStore({ clock: systemClock, backend: new LevelBackend(location) })
  try {
    await store.open()
  } catch (err) {
    if (errorCode(err) !== ErrorCodes.STORE_LOCKED) throw err
    throw new StorageError(ErrorCodes.STORE_LOCKED, `a node is running with --home ${home} (it holds ${location}): stop it first to change its bans. ` +
      'While it runs, its debug RPC lists them (GET /p2p/addrbook, "bans"); the RPC is read-only, so bans are lifted on a stopped node or when they expire', { cause: err })
  }
  return store
}
