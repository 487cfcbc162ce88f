// Reference-chain transactions (docs/PROTOCOL.md §11.3): a ChainTx is one signed write of
// a key (an empty value deletes it) by the account that holds `public_key`, numbered by
// that account's nonce. decodeTx applies every rule that needs no state; the nonce is
// checked against the state when the transaction is executed.
import { pb, verifySignature, type Identity } from '../index.js'
import { ChainError, Reason } from './errors.js'
import type { ChainParams } from './genesis.js'
import { sha256, txSignBytes } from './signing.js'

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
  if (!Buffer.from(pb.ChainTx.encode(tx)).equals(bytes)) throw new ChainError(Reason.TX_NOT_CANONICAL, 'not the canonical encoding')
  if (tx.publicKey.length !== 32) throw new ChainError(Reason.TX_BAD_PUBLIC_KEY, `public key of ${tx.publicKey.length} bytes`)
  if (tx.key.length === 0 || tx.key.length > params.max_key_bytes) throw new ChainError(Reason.TX_BAD_KEY, `key of ${tx.key.length} bytes (1..${params.max_key_bytes})`)
  if (!Number.isSafeInteger(tx.nonce)) throw new ChainError(Reason.TX_BAD_NONCE, 'nonce above 2^53')
  return { bytes, hash, tx, account: Buffer.from(tx.publicKey).toString('hex') }
}

/** Throws ChainError(TX_BAD_SIGNATURE) unless the account signed the transaction. */
export function checkTxSignature (d: DecodedTx, chainId: string): void {
  if (!verifySignature(d.tx.publicKey, txSignBytes(chainId, d.tx), d.tx.signature)) throw new ChainError(Reason.TX_BAD_SIGNATURE, 'signature does not verify')
}

/** A signed, encoded transaction. */
export function signTx (identity: Identity, chainId: string, write: { nonce: number, key: Uint8Array, value: Uint8Array }): Uint8Array {
  const unsigned = { publicKey: identity.publicKey as Uint8Array<ArrayBuffer>, nonce: write.nonce, key: write.key as Uint8Array<ArrayBuffer>, value: write.value as Uint8Array<ArrayBuffer> }
  return pb.ChainTx.encode({ ...unsigned, signature: identity.sign(txSignBytes(chainId, unsigned)) as Uint8Array<ArrayBuffer> })
}
