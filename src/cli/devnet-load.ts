// The load generator of the devnet and the testnet: a few accounts submit signed key-value
// writes at the nodes in turn, at a steady rate. Each account's nonce is tracked here; when
// a node refuses one (a transaction lost on the way left a gap), a submission fails (the
// node is down) or an account stops moving, its nonce is read back from a node. The nodes
// are the devnet's chains in this process or, for the testnet, nodes' application APIs
// over the network (apiLoadTarget), and may change while it runs. CLI code: it runs on
// the wall clock.
import { generateIdentity, systemRandom, type Identity } from '../index.js'
import { ApiError, ChainClient } from '../chain/api/client.js'
import type { SubmitResult } from '../chain/reference-chain.js'
import { signTx } from '../chain/tx.js'

const ACCOUNTS = 8
const STALL_MS = 5000

/** Where transactions go: a ReferenceChain is one. */
export interface LoadTarget {
  submitTx(bytes: Uint8Array): Promise<Pick<SubmitResult, 'status'>>
  accountNonce(publicKey: Uint8Array): Promise<{ committed: number, pending: number }>
}

export interface Load {
  readonly counts: { submitted: number, accepted: number, refused: number, failed: number }
  stop(): void
}

/** Submit txPerSecond transactions a second to the targets in turn (`targets` is read at each one). */
export function startLoad (targets: () => readonly LoadTarget[], chainId: string, txPerSecond: number): Load {
  const accounts = Array.from({ length: ACCOUNTS }, () => ({ key: generateIdentity(systemRandom) as Identity, next: 0, committed: 0, movedAt: Date.now() })) // allow-nondeterminism
  const counts = { submitted: 0, accepted: 0, refused: 0, failed: 0 }
  let turn = 0
  const pick = (): LoadTarget | undefined => {
    const all = targets()
    return all.length === 0 ? undefined : all[turn++ % all.length]
  }
  const resync = async (a: typeof accounts[number], target: LoadTarget): Promise<void> => { a.next = (await target.accountNonce(a.key.publicKey)).pending }
  const perTick = Math.max(1, Math.round(txPerSecond / 50))
  const submit = (): void => {
    const target = pick()
    if (target === undefined) return
    const seq = counts.submitted++
    const a = accounts[seq % ACCOUNTS]!
    const tx = signTx(a.key, chainId, { nonce: a.next++, key: Buffer.from(`load/${seq % ACCOUNTS}/${seq % 100}`), value: Buffer.from(`tx ${seq} at ${new Date().toISOString()}`) })
    target.submitTx(tx).then(async (r) => {
      if (r.status === 'accepted') counts.accepted++
      if (r.status === 'rejected') { counts.refused++; await resync(a, target) }
    }, async () => {
      counts.failed++ // the node is unreachable: the nonce was not used, ask another node for it
      const other = pick()
      if (other !== undefined) await resync(a, other)
    }).catch(() => {})
  }
  const tick = setInterval(() => { for (let k = 0; k < perTick; k++) submit() }, (1000 * perTick) / txPerSecond) // allow-nondeterminism: CLI load on the wall clock
  const watch = setInterval(() => { // allow-nondeterminism
    for (const a of accounts) {
      const target = pick()
      target?.accountNonce(a.key.publicKey).then(async ({ committed }) => {
        if (committed !== a.committed) { a.committed = committed; a.movedAt = Date.now(); return } // allow-nondeterminism
        if (a.next > committed && Date.now() - a.movedAt > STALL_MS) { a.movedAt = Date.now(); await resync(a, target) } // allow-nondeterminism
      }).catch(() => {})
    }
  }, 1000)
  return { counts, stop: () => { clearInterval(tick); clearInterval(watch) } }
}

/** A node's application API as a load target (requests give up after timeoutMs). */
export function apiLoadTarget (address: string, timeoutMs: number): LoadTarget {
  const client = new ChainClient(address, { timeoutMs })
  return {
    submitTx: async (bytes) => {
      try {
        return await client.submit(bytes)
      } catch (err) {
        if (err instanceof ApiError && err.code === 'tx_rejected') return { status: 'rejected' }
        throw err
      }
    },
    accountNonce: async (publicKey) => {
      const n = await client.nonce(publicKey)
      return { committed: n.nonce, pending: n.pending_nonce }
    }
  }
}
