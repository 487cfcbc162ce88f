// Entry of the browser bundle (scripts/build-light.mjs, dist/light/kuber-light.js): the
// light client on the browser's WebSocket and the @noble/* crypto provider, and the demo
// page's script (runDemo), which the page a node serves calls.
import { LightClient } from './client.js'
import type { WhatwgWebSocketConstructor } from '../transport/websocket-connection.js'
import type { VerifiedHead } from './verify.js'
import type { GenesisJson } from '../chain/genesis.js'

export { LightClient } from './client.js'
export { Genesis } from '../chain/genesis.js'

/** What runDemo touches of the page (the DOM's, without the DOM library in this Node project's types). */
interface PageElement {
  textContent: string | null
  dataset: Record<string, string | undefined>
  readonly children: { readonly length: number }
  readonly lastElementChild: PageElement | null
  append(...nodes: PageElement[]): void
  prepend(...nodes: PageElement[]): void
  remove(): void
}
interface PageDocument {
  getElementById(id: string): PageElement | null
  createElement(tag: string): PageElement
}

/** Rows kept in the page's table. */
const ROWS = 12

/** Run the demo page: follow the node that served it. Exposes window.kuberLight for tests and benchmarks. */
export async function runDemo (doc: PageDocument, location: { host: string }): Promise<LightClient> {
  const $ = (id: string): PageElement => doc.getElementById(id)!
  const genesis = await (await fetch('/genesis.json')).json() as GenesisJson
  const client = new LightClient({ urls: [`ws://${location.host}/`], genesis, WebSocket: (globalThis as unknown as { WebSocket: WhatwgWebSocketConstructor }).WebSocket })
  const status = $('status')
  const samples: Array<{ height: number, verifiedAtMs: number }> = []
  let last: VerifiedHead | undefined
  let invalid = false
  $('chain').textContent = `${client.genesis.chainId}, ${client.genesis.validators.length} validators, quorum ${client.genesis.quorum}`
  client.on('connected', (c) => {
    $('peer').textContent = c.peerId
    if (!invalid) { status.dataset.state = 'ok'; status.textContent = `connected to ${c.url}, verifying` }
  })
  client.on('head', (h) => {
    const now = Date.now() // allow-nondeterminism: the demo page shows wall-clock block times
    samples.push({ height: h.height, verifiedAtMs: now })
    if (samples.length > 1000) samples.shift()
    $('height').textContent = String(h.height)
    $('hash').textContent = h.hashHex
    $('finality').textContent = `final: ${h.signers} of ${client.genesis.validators.length} validators signed (round ${h.commitRound})`
    if (last !== undefined) $('interval').textContent = `${h.timestamp - last.timestamp} ms after block ${last.height}`
    last = h
    const row = doc.createElement('tr')
    for (const text of [h.height, new Date(h.timestamp).toISOString().slice(11, 23), h.proposer, h.signers, `${now - h.timestamp} ms`]) {
      const td = doc.createElement('td')
      td.textContent = String(text)
      row.append(td)
    }
    $('blocks').prepend(row)
    while ($('blocks').children.length > ROWS) $('blocks').lastElementChild!.remove()
  })
  client.on('invalid', (r) => {
    invalid = true
    status.dataset.state = 'invalid'
    status.textContent = `NOT VERIFIED: node ${r.peerId.slice(0, 12)} sent ${r.height === undefined ? 'data' : `header ${r.height}`} that fails ${r.reason ?? r.code}: ${r.message}`
  })
  client.on('disconnected', (d) => {
    if (!invalid) { status.dataset.state = 'connecting'; status.textContent = `disconnected (${d.reason}), retrying in ${Math.round(d.retryInMs)} ms` }
  })
  ;(globalThis as Record<string, unknown>).kuberLight = { client, samples }
  client.start()
  return client
}
