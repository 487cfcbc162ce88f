// JSON views of chain objects for the application API: hashes and bytes as lowercase hex,
// transactions decoded, times as ISO 8601 beside milliseconds.
import { blockHash, pb } from '../../index.js'
import { sha256 } from '../signing.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

/** The bytes as text if they are printable UTF-8, else undefined. */
export function printable (b: Uint8Array): string | undefined {
  const text = Buffer.from(b).toString('utf8')
  return Buffer.from(text, 'utf8').equals(b) && /^[\P{C}\n\t]*$/u.test(text) ? text : undefined
}

export function commitJson (c: pb.Commit): Record<string, unknown> {
  return { height: c.height, round: c.round, block_hash: hex(c.blockHash), signatures: c.signatures.map((s) => ({ validator_index: s.validatorIndex, signature: hex(s.signature) })) }
}

function txJson (bytes: Uint8Array): Record<string, unknown> {
  const t = pb.ChainTx.decode(bytes)
  return { hash: hex(sha256(bytes)), public_key: hex(t.publicKey), nonce: t.nonce, key: hex(t.key), key_text: printable(t.key), value: hex(t.value), value_text: printable(t.value) }
}

export function blockJson (block: pb.Block, commit: pb.Commit | undefined): Record<string, unknown> {
  const h = block.header!
  return {
    height: h.height,
    hash: hex(blockHash(h)),
    header: {
      height: h.height, round: h.round, time: new Date(h.timestamp).toISOString(), timestamp: h.timestamp,
      parent_hash: hex(h.parentHash), proposer: hex(h.proposer), tx_root: hex(h.txRoot), app_hash: hex(h.appHash), last_commit_hash: hex(h.lastCommitHash)
    },
    proposer_signature: hex(block.proposerSignature),
    txs: block.txs.map(txJson),
    last_commit: block.lastCommit === undefined ? null : commitJson(block.lastCommit),
    commit: commit === undefined ? null : commitJson(commit)
  }
}
