// The rules a block header meets on its own and against its parent (docs/PROTOCOL.md
// §11.5), apart from the block's body: form, the proposer schedule and the proposer's
// signature (needs only the genesis), then the parent link (height, parent_hash,
// timestamps). BlockRules applies them to every block; the light client to every header
// it is sent (with checkCommit for finality), in the browser too, so this file imports
// only the browser-safe core.
import { blockHash, peerIdToBytes, verifySignature, type pb } from '../core.js'
import { ChainError, Reason } from './errors.js'
import type { Genesis, Validator } from './genesis.js'
import { blockSignBytes } from './signing.js'

/** What a header is checked against: its parent, already final. */
export interface ParentHeader {
  readonly height: number
  readonly hash: Uint8Array
  readonly timestamp: number
}

const fail = (reason: Reason, why: string): never => { throw new ChainError(reason, why) }

/** Form, proposer and proposer signature of a header; its hash and proposer. Throws ChainError. */
export function checkSignedHeader (genesis: Genesis, header: pb.BlockHeader | undefined, proposerSignature: Uint8Array): { header: pb.BlockHeader, hash: Buffer, proposer: Validator } {
  if (header === undefined) return fail(Reason.BLOCK_MALFORMED, 'no header')
  if (header.height < 1 || !Number.isSafeInteger(header.height) || !Number.isSafeInteger(header.round) || !Number.isSafeInteger(header.timestamp)) fail(Reason.BLOCK_MALFORMED, 'height, round or timestamp out of range')
  if (header.parentHash.length !== 32 || header.proposer.length !== 32 || header.txRoot.length !== 32 || header.appHash.length !== 32) fail(Reason.BLOCK_MALFORMED, 'a header hash is not 32 bytes')
  const proposer = genesis.proposer(header.height, header.round)
  if (!Buffer.from(header.proposer).equals(peerIdToBytes(proposer.peerId))) fail(Reason.BLOCK_WRONG_PROPOSER, `height ${header.height} round ${header.round} is ${proposer.name}'s to propose`)
  const hash = blockHash(header)
  if (!verifySignature(proposer.publicKey, blockSignBytes(genesis.chainId, hash), proposerSignature)) fail(Reason.BLOCK_BAD_SIGNATURE, 'proposer signature does not verify')
  return { header, hash, proposer }
}

/** Height, parent_hash and timestamp of a header against its parent (a later round starts later). Throws ChainError. */
export function checkHeaderLink (genesis: Genesis, header: pb.BlockHeader, parent: ParentHeader): void {
  if (header.height !== parent.height + 1) fail(Reason.BLOCK_BAD_HEIGHT, `height ${header.height} does not follow ${parent.height}`)
  if (!Buffer.from(header.parentHash).equals(parent.hash)) fail(Reason.BLOCK_BAD_PARENT, 'parent_hash is not the hash of the last final block')
  const earliest = Math.max(parent.timestamp + 1, parent.timestamp + header.round * genesis.params.propose_timeout_ms)
  if (header.timestamp < earliest) fail(Reason.BLOCK_BAD_TIMESTAMP, `timestamp ${header.timestamp} before ${earliest} (parent ${parent.timestamp}, round ${header.round})`)
}
