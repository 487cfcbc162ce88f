// Executing transactions on the state (docs/PROTOCOL.md §11.3). The state holds two kinds of
// entries: an account's next nonce under 0x00 || public key (u64be), and the written keys
// under 0x01 || key. A transaction applies only when its nonce is the account's next one; it
// then writes (or, with an empty value, deletes) its key and bumps the nonce.
import type { PendingState } from './state/pending-state.js'
import type { DecodedTx } from './tx.js'

export function nonceKey (publicKey: Uint8Array): Uint8Array {
  return Buffer.concat([Uint8Array.of(0x00), publicKey])
}

export function dataKey (key: Uint8Array): Uint8Array {
  return Buffer.concat([Uint8Array.of(0x01), key])
}

export function decodeNonce (value: Uint8Array | undefined): number {
  return value === undefined ? 0 : Number(Buffer.from(value.buffer, value.byteOffset, value.byteLength).readBigUInt64BE(0))
}

function encodeNonce (n: number): Uint8Array {
  const b = Buffer.allocUnsafe(8)
  b.writeBigUInt64BE(BigInt(n), 0)
  return b
}

/** The account's next nonce in a state (`get` reads a state key). */
export async function nonceOf (get: (key: Uint8Array) => Promise<Uint8Array | undefined>, publicKey: Uint8Array): Promise<number> {
  return decodeNonce(await get(nonceKey(publicKey)))
}

/** The state keys these transactions read or write (to read their buckets at once). */
export function touchedKeys (txs: readonly DecodedTx[]): Uint8Array[] {
  return txs.flatMap((d) => [nonceKey(d.tx.publicKey), dataKey(d.tx.key)])
}

/** What happened to a transaction: applied, or not, because its nonce is used already (stale) or not yet next (future). */
export type TxOutcome = 'applied' | 'stale' | 'future'

/** Apply one transaction whose form and signature were checked (decodeTx, checkTxSignature). */
export async function applyTx (state: PendingState, d: DecodedTx): Promise<TxOutcome> {
  const next = await nonceOf(async (k) => await state.get(k), d.tx.publicKey)
  if (d.tx.nonce < next) return 'stale'
  if (d.tx.nonce > next) return 'future'
  state.set(nonceKey(d.tx.publicKey), encodeNonce(next + 1))
  state.set(dataKey(d.tx.key), d.tx.value)
  return 'applied'
}
