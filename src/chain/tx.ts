// Reference-chain transactions (docs/PROTOCOL.md §11.3): a ChainTx is one signed write of
// a key (an empty value deletes it) by the account that holds `public_key`, numbered by
// that account's nonce. decodeTx applies every rule that needs no state; the nonce is
// checked against the state when the transaction is executed.
import { pb, verifySignature, type Identity } from '../index.js'
import { ChainError, Reason } from './errors.js'
import type { ChainParams } from './genesis.js'
import { sha256, txSignBytes, txSignBytesScratch } from './signing.js'

export interface DecodedTx {
  readonly bytes: Uint8Array
  /** SHA-256(bytes): the TxMessage tx_hash. */
  readonly hash: Buffer
  readonly tx: pb.ChainTx
  /** The account: its public key as hex. */
  readonly account: string
}

/** Decode and check a transaction's form: size, canonical encoding, key lengths. Throws ChainError. */
export function decodeTx (bytes: Uint8Array, params: ChainParams, hash: Buffer = sha256(bytes)): DecodedTx {
  if (bytes.length > params.max_tx_bytes) throw new ChainError(Reason.TX_TOO_LARGE, `${bytes.length} bytes, more than max_tx_bytes ${params.max_tx_bytes}`)
  let tx: pb.ChainTx
  try {
    tx = pb.ChainTx.decode(bytes)
  } catch (err) {
    throw new ChainError(Reason.TX_MALFORMED, (err as Error).message)
  }
  if (!isCanonical(bytes, tx)) throw new ChainError(Reason.TX_NOT_CANONICAL, 'not the canonical encoding')
  if (tx.publicKey.length !== 32) throw new ChainError(Reason.TX_BAD_PUBLIC_KEY, `public key of ${tx.publicKey.length} bytes`)
  if (tx.key.length === 0 || tx.key.length > params.max_key_bytes) throw new ChainError(Reason.TX_BAD_KEY, `key of ${tx.key.length} bytes (1..${params.max_key_bytes})`)
  if (!Number.isSafeInteger(tx.nonce)) throw new ChainError(Reason.TX_BAD_NONCE, 'nonce above 2^53')
  return { bytes, hash, tx, account: Buffer.from(tx.publicKey).toString('hex') }
}

/** Throws ChainError(TX_BAD_SIGNATURE) unless the account signed the transaction. */
export function checkTxSignature (d: DecodedTx, chainId: string): void {
  if (!verifySignature(d.tx.publicKey, txSignBytesScratch(chainId, d.tx), d.tx.signature)) throw new ChainError(Reason.TX_BAD_SIGNATURE, 'signature does not verify')
}

/** A signed, encoded transaction. */
export function signTx (identity: Identity, chainId: string, write: { nonce: number, key: Uint8Array, value: Uint8Array }): Uint8Array {
  const unsigned = { publicKey: identity.publicKey as Uint8Array<ArrayBuffer>, nonce: write.nonce, key: write.key as Uint8Array<ArrayBuffer>, value: write.value as Uint8Array<ArrayBuffer> }
  return pb.ChainTx.encode({ ...unsigned, signature: identity.sign(txSignBytes(chainId, unsigned)) as Uint8Array<ArrayBuffer> })
}

const varintBytes = (n: number): number => { let b = 1; while (n >= 128) { n = Math.floor(n / 128); b++ } return b }
const bytesField = (b: Uint8Array): number => b.length === 0 ? 0 : 1 + varintBytes(b.length) + b.length

/**
 * True when `bytes`, which decoded to `tx`, are its canonical encoding (what encoding `tx`
 * gives), without encoding it again: every field at most once and in field order, and the
 * length of the canonical encoding. Each field's encoding is at least its canonical size
 * (minimal varints, default values left out), so equal totals leave no room for anything else.
 */
function isCanonical (bytes: Uint8Array, tx: pb.ChainTx): boolean {
  const length = bytesField(tx.publicKey) + (tx.nonce === 0 ? 0 : 1 + varintBytes(tx.nonce)) + bytesField(tx.key) + bytesField(tx.value) + bytesField(tx.signature)
  if (length !== bytes.length) return false
  let off = 0
  let last = 0
  const varint = (): number => { let n = 0; let scale = 1; let b: number; do { b = bytes[off++]!; n += (b & 0x7f) * scale; scale *= 128 } while (b >= 128); return n }
  while (off < bytes.length) {
    const tag = varint()
    const field = Math.floor(tag / 8)
    if (field <= last) return false
    last = field
    if (tag % 8 === 0) varint()
    else if (tag % 8 === 2) { const n = varint(); off += n }
    else return false
  }
  return true
}
