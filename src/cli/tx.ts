// `kuber-p2p tx --key-file FILE --key K --value V [--api HOST:PORT] [--nonce N] [--wait]`:
// sign a key-value write with an ed25519 key file (the node_key.json format, e.g. from
// `kuber-p2p keygen`) and submit it to a node's application API. The nonce comes from the
// node unless given; --wait returns once the write is in a final block.
import { loadNodeKey } from '../index.js'
import { ChainClient } from '../chain/api/client.js'

export interface TxOptions {
  keyFile: string
  api: string
  key: string
  value: string
  nonce?: number
  wait?: boolean
  /** Give up waiting after this many seconds (default 30). */
  timeout?: number
}

export async function txCommand (opts: TxOptions): Promise<void> {
  const identity = await loadNodeKey(opts.keyFile)
  const client = new ChainClient(opts.api)
  const r = await client.write(identity, Buffer.from(opts.key), Buffer.from(opts.value), opts.nonce)
  process.stdout.write(`${JSON.stringify({ tx_hash: r.tx_hash, status: r.status, account: Buffer.from(identity.publicKey).toString('hex'), nonce: r.nonce })}\n`)
  if (opts.wait !== true) return
  const deadline = Date.now() + (opts.timeout ?? 30) * 1000 // allow-nondeterminism: CLI wall time
  while ((await client.nonce(identity.publicKey)).nonce <= r.nonce) {
    if (Date.now() > deadline) throw new Error(`transaction ${r.tx_hash} not final after ${opts.timeout ?? 30} s`) // allow-nondeterminism
    await new Promise((resolve) => setTimeout(resolve, 100)) // allow-nondeterminism
  }
  const status = await client.status()
  process.stdout.write(`${JSON.stringify({ tx_hash: r.tx_hash, final: true, height: status.height })}\n`)
}
