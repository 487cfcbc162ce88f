// Which (account, nonce) pairs the mempool holds, so that a second transaction for a nonce
// already pending is ignored (no fees: the first one wins) and, once a block moves an
// account's nonce on, the transactions it made stale leave the mempool. Bounded: entries
// whose transaction the mempool evicted are dropped when met, and beyond `max` entries the
// oldest accounts are forgotten.
import type { Mempool } from '../index.js'

export class PendingNonces {
  private readonly byAccount = new Map<string, Map<number, Buffer>>()
  private entries = 0

  constructor (private readonly mempool: Mempool, private readonly max: number) {}

  /** True if another transaction in the mempool holds this account's nonce. */
  taken (account: string, nonce: number, hash: Uint8Array): boolean {
    const held = this.byAccount.get(account)?.get(nonce)
    if (held === undefined || held.equals(hash)) return false
    if (this.mempool.has(held)) return true
    this.drop(account, nonce)
    return false
  }

  add (account: string, nonce: number, hash: Buffer): void {
    let nonces = this.byAccount.get(account)
    if (nonces === undefined) this.byAccount.set(account, nonces = new Map())
    if (!nonces.has(nonce)) this.entries++
    nonces.set(nonce, hash)
    while (this.entries > this.max) {
      const [oldest, held] = this.byAccount.entries().next().value!
      this.entries -= held.size
      this.byAccount.delete(oldest)
    }
  }

  /** The account's next nonce counting pending transactions in an unbroken run from `committed`. */
  next (account: string, committed: number): number {
    const nonces = this.byAccount.get(account)
    let n = committed
    while (nonces?.has(n) === true && this.mempool.has(nonces.get(n)!)) n++
    return n
  }

  /** The account's nonce is now `next`: forget lower ones; returns their transactions (to drop from the mempool). */
  settle (account: string, next: number): Buffer[] {
    const nonces = this.byAccount.get(account)
    if (nonces === undefined) return []
    const out: Buffer[] = []
    for (const [nonce, hash] of nonces) {
      if (nonce < next) { out.push(hash); this.drop(account, nonce) }
    }
    return out
  }

  get size (): number {
    return this.entries
  }

  private drop (account: string, nonce: number): void {
    const nonces = this.byAccount.get(account)
    if (nonces?.delete(nonce) !== true) return
    this.entries--
    if (nonces.size === 0) this.byAccount.delete(account)
  }
}
