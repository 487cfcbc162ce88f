// The devnet's load generator: a few accounts submit signed key-value writes at the nodes
// in turn, at a steady rate. Each account's nonce is tracked here; when the node refuses
// one (a transaction lost on the way left a gap) or an account stops moving, its nonce is
// read back from the chain. CLI code: it runs on the wall clock.
import { generateIdentity, systemRandom, type Identity } from '../index.js'
import type { ReferenceChain } from '../chain/reference-chain.js'
import { signTx } from '../chain/tx.js'

const ACCOUNTS = 8
const STALL_MS = 5000

export interface Load {
  readonly counts: { submitted: number, accepted: number, refused: number }
  stop(): void
}

export function startLoad (chains: ReferenceChain[], txPerSecond: number): Load {
  const accounts = Array.from({ length: ACCOUNTS }, () => ({ key: generateIdentity(systemRandom) as Identity, next: 0, committed: 0, movedAt: Date.now() })) // allow-nondeterminism
  const counts = { submitted: 0, accepted: 0, refused: 0 }
  const chainId = chains[0]!.genesis.chainId
  const resync = async (a: typeof accounts[number]): Promise<void> => { a.next = (await chains[0]!.accountNonce(a.key.publicKey)).pending }
  const perTick = Math.max(1, Math.round(txPerSecond / 50))
  const submit = (): void => {
    const seq = counts.submitted++
    const a = accounts[seq % ACCOUNTS]!
    const tx = signTx(a.key, chainId, { nonce: a.next++, key: Buffer.from(`devnet/${seq % ACCOUNTS}/${seq % 100}`), value: Buffer.from(`tx ${seq} at ${new Date().toISOString()}`) })
    chains[seq % chains.length]!.submitTx(tx).then(async (r) => {
      if (r.status === 'accepted') counts.accepted++
      if (r.status === 'rejected') { counts.refused++; await resync(a) }
    }).catch(() => {})
  }
  const tick = setInterval(() => { for (let k = 0; k < perTick; k++) submit() }, (1000 * perTick) / txPerSecond) // allow-nondeterminism: CLI load on the wall clock
  const watch = setInterval(() => { // allow-nondeterminism
    for (const a of accounts) {
      chains[0]!.accountNonce(a.key.publicKey).then(async ({ committed }) => {
        if (committed !== a.committed) { a.committed = committed; a.movedAt = Date.now(); return } // allow-nondeterminism
        if (a.next > committed && Date.now() - a.movedAt > STALL_MS) { a.movedAt = Date.now(); await resync(a) } // allow-nondeterminism
      }).catch(() => {})
    }
  }, 1000)
  return { counts, stop: () => { clearInterval(tick); clearInterval(watch) } }
}
