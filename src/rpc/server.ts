// The debug RPC (spec §19): read-only HTTP, on 127.0.0.1 by default.
//   GET /p2p/info   identity, handshake parameters and block sync state
//   GET /p2p/peers  connected peers
//   GET /p2p/stats  scores, message and byte counts, errors by code, drops, bans
//   GET /p2p/addrbook  the peer store: new/tried sizes, by network group and source, bans
//   GET /metrics    Prometheus text format
// GET and HEAD only (any other method is 405), any other path 404; nothing here changes the node.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Registry } from 'prom-client'
import { ErrorCodes, TransportError } from '../errors.js'
import { formatHostPort, parseHostPort } from '../transport/address.js'
import { byTypeName } from '../session/info.js'
import type { NodeView } from './view.js'
import { createMetricsRegistry } from './metrics.js'

export interface RpcServer {
  /** Bound "host:port". */
  readonly address: string
  readonly registry: Registry
  close(): Promise<void>
}

type Route = (node: NodeView, registry: Registry) => Promise<{ type: string, body: string }> | { type: string, body: string }

const json = (value: unknown): { type: string, body: string } => ({ type: 'application/json; charset=utf-8', body: JSON.stringify(value, null, 2) + '\n' })

const routes: Record<string, Route> = {
  '/p2p/info': (node) => json(info(node)),
  '/p2p/peers': (node) => {
    const peers = node.peers()
    return json({ count: peers.length, peers })
  },
  '/p2p/stats': (node) => json(stats(node)),
  '/p2p/addrbook': (node) => json({ ...node.addrBook(), bans: activeBans(node) }),
  '/metrics': async (_node, registry) => ({ type: registry.contentType, body: await registry.metrics() })
}

/** Start the RPC on "host:port" (port 0 picks one). */
export async function startRpcServer (node: NodeView, address: string): Promise<RpcServer> {
  const { host, port } = parseHostPort(address)
  const registry = createMetricsRegistry(node, { processMetrics: true })
  const server: Server = createServer((req, res) => { handle(node, registry, req, res) })
  server.keepAliveTimeout = 5000
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new TransportError(ErrorCodes.LISTEN_FAILED, `RPC cannot listen on ${address}: ${err.message}`, { cause: err })))
    server.listen(port, host, () => resolve())
  })
  const bound = server.address()
  const boundAddress = typeof bound === 'object' && bound !== null ? formatHostPort(bound.address, bound.port) : address
  return {
    address: boundAddress,
    registry,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

function handle (node: NodeView, registry: Registry, req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0]!
  const route = routes[path]
  if (route === undefined) {
    send(res, 404, json({ error: 'not found', paths: Object.keys(routes) }))
    return
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD')
    send(res, 405, json({ error: 'method not allowed: the debug RPC is read-only' }))
    return
  }
  Promise.resolve(route(node, registry)).then((out) => send(res, 200, out, req.method === 'HEAD'), (err) => send(res, 500, json({ error: String(err) })))
}

/** Answer with `out`; a HEAD request gets the same status and headers (Content-Length included), no body. */
function send (res: ServerResponse, status: number, out: { type: string, body: string }, headOnly = false): void {
  res.statusCode = status
  res.setHeader('Content-Type', out.type)
  res.setHeader('Cache-Control', 'no-store')
  res.setHeader('Content-Length', Buffer.byteLength(out.body))
  res.end(headOnly ? undefined : out.body)
}

function info (node: NodeView): Record<string, unknown> {
  const peers = node.peers()
  return {
    peer_id: node.peerId,
    public_key: Buffer.from(node.publicKey).toString('hex'),
    chain_id: node.config.chainId,
    protocol_version: node.config.protocolVersion,
    encryption: node.config.encryption,
    listen_addrs: node.listenAddresses,
    latest_height: node.latestHeight,
    sync: node.syncInfo(),
    uptime_s: Math.round(node.uptimeMs / 1000),
    peers: {
      outbound: peers.filter((p) => p.direction === 'outbound' && p.state !== 'HANDSHAKE').length,
      inbound: peers.filter((p) => p.direction === 'inbound' && p.state !== 'HANDSHAKE').length,
      handshaking: peers.filter((p) => p.state === 'HANDSHAKE').length,
      max_outbound: node.config.maxOutbound,
      max_inbound: node.config.maxInbound
    }
  }
}

function stats (node: NodeView): Record<string, unknown> {
  const s = node.stats
  return {
    messages: {
      received: { total: s.received.messages, bytes: s.received.bytes, by_type: byTypeName(s.received) },
      sent: { total: s.sent.messages, bytes: s.sent.bytes, by_type: byTypeName(s.sent) }
    },
    errors_by_code: s.errors.toJSON(),
    penalties_by_code: s.penalties.toJSON(),
    drops_by_reason: s.drops.toJSON(),
    disconnects_by_reason: s.disconnects.toJSON(),
    handshake_failures_by_code: s.handshakeFailures.toJSON(),
    bans_by_reason: s.bans.toJSON(),
    dials: s.dials.toJSON(),
    inbound_connections: { accepted: s.inboundAccepted, refused: s.inboundRefused },
    read_pauses: { count: s.readPauses, paused_ms: Math.round(s.readPausedMs) },
    scoring: { ...node.scorer.params, tracked_peers: node.scorer.tracked },
    active_bans: activeBans(node),
    peers: node.peers().map((p) => ({
      peer_id: p.peer_id,
      score: p.score,
      state: p.state,
      msgs_in: p.msgs_in,
      msgs_out: p.msgs_out,
      bytes_in: p.bytes_in,
      bytes_out: p.bytes_out,
      errors: p.errors,
      drops: p.drops,
      read_pauses: p.read_pauses
    })),
    ...node.statsSections()
  }
}

function activeBans (node: NodeView): Array<Record<string, unknown>> {
  return node.scorer.activeBans().map((b) => ({ peer_id: b.peerId, until: new Date(b.until).toISOString(), count: b.count, reason: b.reason }))
}
