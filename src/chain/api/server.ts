// The application API of a reference-chain node (apart from the read-only debug RPC, spec
// §19): HTTP, on loopback unless told otherwise. Input is validated with zod and bodies are
// bounded; every error is JSON with a stable `error` code.
//   POST /tx                 {"tx": "<hex of a signed ChainTx>"} → 202 accepted, 200 known, 400 rejected (reason)
//   GET  /status             height, hash, app_hash, sync state and peers' best height
//   GET  /blocks/:height     a final block (or "latest") with its commit
//   GET  /accounts/:pubkey   an account's next nonce (committed, and counting pending transactions)
//   GET  /kv/:key            the committed value of a key (key and value as hex)
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { z } from 'zod'
import type { ReferenceChain } from '../reference-chain.js'
import { blockJson, printable } from './json.js'

export interface ApiServer {
  /** Bound "host:port". */
  readonly address: string
  close(): Promise<void>
}

class HttpError extends Error {
  constructor (readonly status: number, readonly code: string, message: string, readonly extra: Record<string, unknown> = {}) {
    super(message)
  }
}

const hexBytes = (max: number): z.ZodString => z.string().max(2 * max).regex(/^(?:[0-9a-fA-F]{2})+$/, 'expected hex bytes')
const Height = z.union([z.literal('latest'), z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER)], { error: 'expected a height (an integer from 1) or "latest"' })
const PublicKey = z.string().regex(/^[0-9a-fA-F]{64}$/, 'expected a 32-byte public key in hex')

type Reply = { status: number, body: unknown }
type Handler = (chain: ReferenceChain, param: string | undefined, req: IncomingMessage) => Promise<Reply>

function parse<T> (schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value)
  if (!r.success) throw new HttpError(400, 'invalid_input', `${what}: ${r.error.issues.map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`).join('; ')}`)
  return r.data
}

const routes: Array<{ method: string, pattern: RegExp, handle: Handler }> = [
  {
    method: 'POST',
    pattern: /^\/tx$/,
    handle: async (chain, _p, req) => {
      const maxTx = chain.genesis.params.max_tx_bytes
      const body = parse(z.object({ tx: hexBytes(maxTx) }).strict(), await readJson(req, 2 * maxTx + 1024), 'body')
      const r = await chain.submitTx(Buffer.from(body.tx, 'hex'))
      if (r.status === 'rejected') throw new HttpError(400, 'tx_rejected', r.message ?? 'rejected', { reason: r.reason, tx_hash: r.txHash })
      return { status: r.status === 'accepted' ? 202 : 200, body: { tx_hash: r.txHash, status: r.status } }
    }
  },
  { method: 'GET', pattern: /^\/status$/, handle: async (chain) => ({ status: 200, body: chain.status() }) },
  {
    method: 'GET',
    pattern: /^\/blocks\/([^/]+)$/,
    handle: async (chain, param) => {
      const h = parse(Height, param, 'height')
      const height = h === 'latest' ? chain.tip.height : h
      const block = height === 0 ? undefined : await chain.store.getBlock(height)
      if (block === undefined) throw new HttpError(404, 'not_found', `no final block at height ${height} (latest is ${chain.tip.height})`)
      return { status: 200, body: blockJson(block, await chain.store.getCommit(height)) }
    }
  },
  {
    method: 'GET',
    pattern: /^\/accounts\/([^/]+)$/,
    handle: async (chain, param) => {
      const key = parse(PublicKey, param, 'public key').toLowerCase()
      const { committed, pending } = await chain.accountNonce(Buffer.from(key, 'hex'))
      return { status: 200, body: { public_key: key, nonce: committed, pending_nonce: pending } }
    }
  },
  {
    method: 'GET',
    pattern: /^\/kv\/([^/]+)$/,
    handle: async (chain, param) => {
      const key = Buffer.from(parse(hexBytes(chain.genesis.params.max_key_bytes), param, 'key'), 'hex')
      const value = await chain.read(key)
      if (value === undefined) throw new HttpError(404, 'not_found', 'no value for this key')
      return { status: 200, body: { key: key.toString('hex'), value: Buffer.from(value).toString('hex'), value_text: printable(value), height: chain.tip.height } }
    }
  }
]

/** Serve the application API of `chain` on "host:port" (port 0 picks one). */
export async function startApiServer (chain: ReferenceChain, host: string, port: number): Promise<ApiServer> {
  const server: Server = createServer((req, res) => { handle(chain, req, res) })
  server.keepAliveTimeout = 5000
  server.requestTimeout = 10_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const bound = server.address()
  const address = typeof bound === 'object' && bound !== null ? (bound.family === 'IPv6' ? `[${bound.address}]:${bound.port}` : `${bound.address}:${bound.port}`) : `${host}:${port}`
  return {
    address,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

function handle (chain: ReferenceChain, req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0]!
  const matching = routes.filter((r) => r.pattern.test(path))
  const route = matching.find((r) => r.method === req.method)
  if (route === undefined) {
    if (matching.length > 0) res.setHeader('Allow', matching.map((r) => r.method).join(', '))
    send(res, matching.length > 0 ? 405 : 404, { error: matching.length > 0 ? 'method_not_allowed' : 'not_found', message: `${req.method ?? ''} ${path}` })
    req.resume()
    return
  }
  let param: string | undefined
  try {
    param = route.pattern.exec(path)?.[1]
    param = param === undefined ? undefined : decodeURIComponent(param)
  } catch {
    send(res, 400, { error: 'invalid_input', message: 'bad URL encoding' })
    return
  }
  route.handle(chain, param, req).then((reply) => send(res, reply.status, reply.body), (err: unknown) => {
    if (err instanceof HttpError) send(res, err.status, { error: err.code, message: err.message, ...err.extra })
    else send(res, 500, { error: 'internal', message: String(err) })
  })
}

/** Read a JSON body of at most maxBytes (413 beyond, without buffering the rest). */
async function readJson (req: IncomingMessage, maxBytes: number): Promise<unknown> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) throw new HttpError(415, 'unsupported_media_type', 'send application/json')
  const tooLarge = (): HttpError => new HttpError(413, 'body_too_large', `body over ${maxBytes} bytes`)
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) { req.resume(); throw tooLarge() }
  const body = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size <= maxBytes) { chunks.push(chunk); return }
      req.off('data', onData)
      req.resume() // discard the rest; the reply closes the connection
      reject(tooLarge())
    }
    req.on('data', onData)
    req.once('end', () => resolve(Buffer.concat(chunks)))
    req.once('error', reject)
  })
  try {
    return JSON.parse(body.toString('utf8'))
  } catch {
    throw new HttpError(400, 'invalid_json', 'the body is not JSON')
  }
}

function send (res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return
  res.statusCode = status
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.setHeader('Cache-Control', 'no-store')
  if (status === 413) res.setHeader('Connection', 'close')
  res.end(JSON.stringify(body, null, 2) + '\n')
}
