// A client of the application API (what `kuber-p2p tx` uses): status, an account's nonce,
// submitting a signed transaction, reading a key, a block. Errors carry the API's code.
import type { Identity } from '../../index.js'
import { signTx } from '../tx.js'

export class ApiError extends Error {
  constructor (readonly status: number, readonly code: string, message: string, readonly body: Record<string, unknown>) {
    super(message)
  }
}

export interface ChainClientOptions {
  /** Give up on a request after this long (default: never). */
  timeoutMs?: number
}

export class ChainClient {
  private readonly base: string

  /** `address` is "host:port" or a URL. */
  constructor (address: string, private readonly options: ChainClientOptions = {}) {
    this.base = (/^https?:\/\//.test(address) ? address : `http://${address}`).replace(/\/$/, '')
  }

  async status (): Promise<Record<string, any>> {
    return await this.call('GET', '/status')
  }

  async nonce (publicKey: Uint8Array): Promise<{ nonce: number, pending_nonce: number }> {
    return await this.call('GET', `/accounts/${Buffer.from(publicKey).toString('hex')}`)
  }

  async submit (tx: Uint8Array): Promise<{ tx_hash: string, status: 'accepted' | 'known' }> {
    return await this.call('POST', '/tx', { tx: Buffer.from(tx).toString('hex') })
  }

  /** Sign a write with `identity` (next nonce from the node unless given) and submit it. */
  async write (identity: Identity, key: Uint8Array, value: Uint8Array, nonce?: number): Promise<{ tx_hash: string, status: string, nonce: number, chain_id: string }> {
    const status = await this.status()
    const n = nonce ?? (await this.nonce(identity.publicKey)).pending_nonce
    const r = await this.submit(signTx(identity, status.chain_id as string, { nonce: n, key, value }))
    return { ...r, nonce: n, chain_id: status.chain_id as string }
  }

  async read (key: Uint8Array): Promise<Uint8Array | undefined> {
    try {
      return Buffer.from((await this.call('GET', `/kv/${Buffer.from(key).toString('hex')}`)).value as string, 'hex')
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return undefined
      throw err
    }
  }

  async block (height: number | 'latest'): Promise<Record<string, any>> {
    return await this.call('GET', `/blocks/${height}`)
  }

  private async call<T = Record<string, any>> (method: string, path: string, body?: unknown): Promise<T> {
    const signal = this.options.timeoutMs === undefined ? undefined : AbortSignal.timeout(this.options.timeoutMs)
    const res = await fetch(`${this.base}${path}`, body === undefined ? { method, signal } : { method, signal, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const json = await res.json() as Record<string, any>
    if (!res.ok) throw new ApiError(res.status, String(json.error), `${String(json.error)}: ${String(json.message)}`, json)
    return json as T
  }
}
