// The HTTP side of a node's WebSocket listeners: with a genesis to hand out, GET / is the
// light-client demo page (light-demo-page.ts), /kuber-light.js the browser bundle
// (npm run build makes it: scripts/build-light.mjs) and /genesis.json the chain's genesis;
// anything else is 404. Read-only and bounded: three fixed documents.
import { readFile } from 'node:fs/promises'
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { DEMO_PAGE } from './light-demo-page.js'

/** Where the bundle is, from dist/node/ (built package) or src/node/ (run through tsx). */
const BUNDLE_PATHS = [new URL('../light/kuber-light.js', import.meta.url), new URL('../../dist/light/kuber-light.js', import.meta.url)]

async function readBundle (): Promise<Buffer | undefined> {
  for (const path of BUNDLE_PATHS) {
    try {
      return await readFile(path)
    } catch {}
  }
  return undefined
}

export function lightDemoHandler (genesis: unknown): RequestListener {
  const genesisJson = JSON.stringify(genesis)
  let bundle: Promise<Buffer | undefined> | undefined
  return (req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, type: string, body: string | Buffer): void => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache' }).end(req.method === 'HEAD' ? undefined : body)
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') { send(405, 'text/plain', 'method not allowed\n'); return }
    const path = (req.url ?? '/').split('?')[0]
    if (path === '/' || path === '/index.html') send(200, 'text/html; charset=utf-8', DEMO_PAGE)
    else if (path === '/genesis.json') send(200, 'application/json', genesisJson)
    else if (path === '/kuber-light.js') {
      bundle ??= readBundle()
      void bundle.then((b) => b === undefined ? send(503, 'text/plain', 'the light-client bundle is not built: npm run build\n') : send(200, 'text/javascript', b))
    } else send(404, 'text/plain', 'not found\n')
  }
}
