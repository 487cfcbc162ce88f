// `kuber-p2p keygen --home DIR`: create the node key once (never overwritten), print the PeerID.
import { loadOrCreateNodeKey } from '../identity/key-file.js'
import { systemRandom } from '../runtime/random.js'

export async function keygenCommand (opts: { home: string }): Promise<void> {
  const { identity, created } = await loadOrCreateNodeKey(opts.home, systemRandom)
  process.stderr.write(created ? `created ${opts.home}/node_key.json\n` : `${opts.home}/node_key.json already exists; not overwritten\n`)
  process.stdout.write(`${identity.peerId}\n`)
}
