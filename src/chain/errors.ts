// Why the reference chain refused a transaction, vote or block. A ChainError is a
// ProtocolError: its `code` is the P2P layer's (INVALID_TX, INVALID_VOTE, INVALID_BLOCK),
// which decides how the sending peer is scored (a second invalid block: score 0 and
// disconnect, spec §13 rule 2); its `reason` names the chain rule that failed.
import { ErrorCodes, ProtocolError } from '../core.js'

export const Reason = {
  TX_MALFORMED: 'TX_MALFORMED',
  TX_NOT_CANONICAL: 'TX_NOT_CANONICAL',
  TX_TOO_LARGE: 'TX_TOO_LARGE',
  TX_BAD_PUBLIC_KEY: 'TX_BAD_PUBLIC_KEY',
  TX_BAD_KEY: 'TX_BAD_KEY',
  TX_BAD_SIGNATURE: 'TX_BAD_SIGNATURE',
  TX_BAD_NONCE: 'TX_BAD_NONCE',
  VOTE_MALFORMED: 'VOTE_MALFORMED',
  VOTE_BAD_TYPE: 'VOTE_BAD_TYPE',
  VOTE_UNKNOWN_VALIDATOR: 'VOTE_UNKNOWN_VALIDATOR',
  VOTE_BAD_SIGNATURE: 'VOTE_BAD_SIGNATURE',
  BLOCK_MALFORMED: 'BLOCK_MALFORMED',
  BLOCK_BAD_HEIGHT: 'BLOCK_BAD_HEIGHT',
  BLOCK_WRONG_PROPOSER: 'BLOCK_WRONG_PROPOSER',
  BLOCK_BAD_SIGNATURE: 'BLOCK_BAD_SIGNATURE',
  BLOCK_BAD_PARENT: 'BLOCK_BAD_PARENT',
  BLOCK_BAD_TIMESTAMP: 'BLOCK_BAD_TIMESTAMP',
  BLOCK_BAD_TX_ROOT: 'BLOCK_BAD_TX_ROOT',
  BLOCK_TOO_LARGE: 'BLOCK_TOO_LARGE',
  BLOCK_BAD_TX: 'BLOCK_BAD_TX',
  BLOCK_BAD_APP_HASH: 'BLOCK_BAD_APP_HASH',
  BLOCK_BAD_COMMIT: 'BLOCK_BAD_COMMIT'
} as const

export type Reason = (typeof Reason)[keyof typeof Reason]

const codeOf = (reason: Reason): typeof ErrorCodes.INVALID_TX | typeof ErrorCodes.INVALID_VOTE | typeof ErrorCodes.INVALID_BLOCK =>
  reason.startsWith('TX_') ? ErrorCodes.INVALID_TX : reason.startsWith('VOTE_') ? ErrorCodes.INVALID_VOTE : ErrorCodes.INVALID_BLOCK

export class ChainError extends ProtocolError {
  constructor (readonly reason: Reason, message: string) {
    super(codeOf(reason), `${reason}: ${message}`)
  }
}

/** The reason of a ChainError, else undefined. */
export function reasonOf (err: unknown): Reason | undefined {
  return err instanceof ChainError ? err.reason : undefined
}
