// Serving light clients (docs/PROTOCOL.md §12): a light client asks for signed headers
// (header, proposer signature, the commit that made it final) from a height on, and with
// `follow` is then sent each new final header, until it asks again; it may ask for a
// block by height. It is sent nothing else: light clients are not gossip peers (the
// session manager keeps them apart, under their own limit). One request at a time per
// client, at most MAX_LIGHT_HEADERS headers and MAX_RESPONSE_BYTES per answer.
import { ErrorCodes, ProtocolError } from '../../errors.js'
import type { PeerId } from '../../identity/peer-id.js'
import type { Peer } from '../../router/types.js'
import { encodeFrame } from '../../wire/envelope.js'
import { MAX_LIGHT_HEADERS, Messages, MessageType, decodePayload, encodePayload } from '../../wire/codecs.js'
import type { Block, SignedHeader } from '../../wire/gen/kuber.js'

/** What the chain gives the light server: final headers with their commits, and blocks. */
export interface SignedHeaderSource {
  /** The latest final height (0 before block 1). */
  latestHeight(): number
  /** Signed headers of final blocks from `from` on, consecutive, at most `max` (fewer at the tip). */
  signedHeaders(from: number, max: number): Promise<SignedHeader[]>
  /** A final block by height, if this node keeps it. */
  block(height: number): Promise<Block | undefined>
}

/** Headers a request gets when it names no number. */
export const DEFAULT_LIGHT_HEADERS = 16
/** An answer stops adding headers once it is this large. */
const MAX_RESPONSE_BYTES = 1024 * 1024

interface Client {
  readonly peer: Peer
  /** Following: the next height to push (undefined: not following). */
  next: number | undefined
  busy: boolean
}

export interface LightServerStats {
  clients: number
  following: number
  requests: number
  headers_sent: number
  blocks_sent: number
}

export class LightServer {
  private source: SignedHeaderSource | undefined
  private readonly clients = new Map<PeerId, Client>()
  private requests = 0
  private headersSent = 0
  private blocksSent = 0
  private pushing: Promise<void> = Promise.resolve() // headerFinal calls, in order

  /** True once a source is set: the node then advertises Capability.LIGHT_SERVER. */
  get serving (): boolean {
    return this.source !== undefined
  }

  setSource (source: SignedHeaderSource): void {
    this.source = source
  }

  clientAdded (peer: Peer): void {
    this.clients.set(peer.peerId, { peer, next: undefined, busy: false })
  }

  clientRemoved (peer: Peer): void {
    this.clients.delete(peer.peerId)
  }

  /** A message from a light client. Throws ProtocolError for what a light client may not send (the node penalises it). */
  async onMessage (peer: Peer, type: number, payload: Uint8Array): Promise<void> {
    const client = this.clients.get(peer.peerId)
    if (client === undefined) return
    if (type !== MessageType.LIGHT_HEADERS_REQUEST && type !== MessageType.BLOCK_REQUEST) {
      throw new ProtocolError(ErrorCodes.UNKNOWN_MESSAGE_TYPE, `type ${type} is not served to light clients`)
    }
    const source = this.source
    if (source === undefined) throw new ProtocolError(ErrorCodes.UNKNOWN_MESSAGE_TYPE, 'this node does not serve light clients')
    if (client.busy) throw new ProtocolError(ErrorCodes.RATE_LIMITED, 'a light client request while the last one is being answered')
    this.requests++
    client.busy = true
    try {
      if (type === MessageType.BLOCK_REQUEST) {
        const { height } = decodePayload(Messages.blockRequest, payload)
        const block = await source.block(height)
        if (peer.sendMessage(Messages.blockResponse, { block, height }) && block !== undefined) this.blocksSent++
        return
      }
      const request = decodePayload(Messages.lightHeadersRequest, payload)
      if (request.fromHeight < 1) throw new ProtocolError(ErrorCodes.INVALID_FIELD, 'from_height must be at least 1')
      const max = Math.min(request.maxHeaders === 0 ? DEFAULT_LIGHT_HEADERS : request.maxHeaders, MAX_LIGHT_HEADERS)
      const sent = await this.sendHeaders(client, source, request.fromHeight, max)
      client.next = request.follow && sent !== undefined ? request.fromHeight + sent : undefined
      // blocks that became final while this was answered were not pushed: send them now
      if (client.next !== undefined && sent === max && client.next <= source.latestHeight()) return
      while (client.next !== undefined && client.next <= source.latestHeight() && this.clients.has(peer.peerId)) {
        const more = await this.sendHeaders(client, source, client.next, MAX_LIGHT_HEADERS)
        if (more === undefined || more === 0) { client.next = more === undefined ? undefined : client.next; break }
        client.next += more
      }
    } finally {
      client.busy = false
    }
  }

  /** One LightHeaders from `from`; the number of headers sent, or undefined when the client's queue was full. */
  private async sendHeaders (client: Client, source: SignedHeaderSource, from: number, max: number): Promise<number | undefined> {
    const headers = this.fit(await source.signedHeaders(from, max))
    if (!client.peer.sendMessage(Messages.lightHeaders, { headers, latestHeight: source.latestHeight() })) return undefined
    this.headersSent += headers.length
    return headers.length
  }

  /**
   * A block became final: push its signed header to each client following from that height
   * (and the headers it misses, to one that fell behind). Pushes run one after another, so
   * two blocks final in quick succession both reach every follower.
   */
  async headerFinal (height: number): Promise<void> {
    const run = this.pushing.then(async () => await this.push(height))
    this.pushing = run.catch(() => {})
    await run
  }

  private async push (height: number): Promise<void> {
    const source = this.source
    const followers = [...this.clients.values()].filter((c) => c.next !== undefined && c.next <= height && !c.busy)
    if (source === undefined || followers.length === 0) return
    const current = followers.filter((c) => c.next === height)
    const headers = current.length === 0 ? [] : await source.signedHeaders(height, 1)
    const frame = headers.length === 0 ? undefined : encodeFrame(MessageType.LIGHT_HEADERS, encodePayload(Messages.lightHeaders, { headers, latestHeight: height }))
    for (const c of followers) {
      if (c.busy || !this.clients.has(c.peer.peerId) || c.next === undefined) continue
      if (c.next === height) {
        if (frame === undefined) continue
        // a client whose queue is full misses it and stops following: it asks again when it sees the gap
        c.next = c.peer.sendFrame(MessageType.LIGHT_HEADERS, frame) ? height + 1 : undefined
        if (c.next !== undefined) this.headersSent++
      } else {
        const sent = await this.sendHeaders(c, source, c.next, MAX_LIGHT_HEADERS)
        c.next = sent === undefined ? undefined : c.next + sent
      }
    }
  }

  stats (): LightServerStats {
    let following = 0
    for (const c of this.clients.values()) if (c.next !== undefined) following++
    return { clients: this.clients.size, following, requests: this.requests, headers_sent: this.headersSent, blocks_sent: this.blocksSent }
  }

  /** The leading headers that fit one answer. */
  private fit (headers: SignedHeader[]): SignedHeader[] {
    let bytes = 0
    let n = 0
    for (const h of headers.slice(0, MAX_LIGHT_HEADERS)) {
      bytes += Messages.lightHeaders.codec.encode({ headers: [h] }).length
      if (n > 0 && bytes > MAX_RESPONSE_BYTES) break
      n++
    }
    return headers.slice(0, n)
  }
}
