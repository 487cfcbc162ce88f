// The WebSocket transport (spec §3, "WebSocket (for light clients)"): listen and dial
// "ws://host:port" (or a bare "host:port") over `ws`, reporting every address, listener
// and connection ends, as "ws://host:port" so that what is learnt from a connection is
// dialled back over WebSocket; binary messages only, no compression, a bounded message size.
// A listener is an HTTP server: upgrade requests (any path) become connections; plain
// HTTP requests go to an optional handler (the node serves its light-client demo page
// there) or get 404. Errors are typed and timeouts run on the injected Clock, as for TCP.
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { WebSocket, WebSocketServer } from 'ws'
import { systemClock, type Clock } from '../runtime/clock.js'
import { ErrorCodes, TransportError } from '../errors.js'
import { formatHostPort, formatTransportAddress, parseHostPort, type HostPort } from './address.js'
import { dialWithDeadline, nonNegative, positiveInteger } from './dial-options.js'
import { socketAddress } from './tcp-connection.js'
import { ServerListener, startListening } from './server-listener.js'
import { DEFAULT_WS_MAX_MESSAGE_BYTES, WsConnection, type WsConnectionSettings } from './ws-connection.js'
import type { Connection, DialOptions, Listener, Transport } from './types.js'

export interface WsTransportOptions {
  /** Clock for dial and close timeouts (default systemClock). */
  clock?: Clock
  /** write() returns false at or above this many buffered bytes per connection (default 1 MiB). */
  highWaterMark?: number
  /** Largest WebSocket message sent or accepted (default 1 MiB); a larger one ends the connection (FRAME_TOO_LARGE). */
  maxMessageBytes?: number
  /** Dial timeout when DialOptions.timeoutMs is not given (default 10 000 ms). */
  dialTimeoutMs?: number
  /** How long close() waits for the peer's close frame (default 10 000 ms). */
  closeTimeoutMs?: number
  /** Connections (upgraded or not) one listener holds at once; more are refused (default 1024). */
  maxConnectionsPerListener?: number
  /** An HTTP request must send its headers within this (default 10 000 ms). */
  headersTimeoutMs?: number
  /** Plain (non-upgrade) HTTP requests to a listener; default: 404. */
  httpHandler?: RequestListener
}

/** Default write high-water mark of a WebSocket connection: 1 MiB. */
export const DEFAULT_WS_HIGH_WATER_MARK = 1024 * 1024

/** The path a dialer asks for (a listener upgrades any path). */
export const WS_PATH = '/'

/** Create the WebSocket transport. Throws ConfigError(INVALID_CONFIG) on a bad option. */
export function createWsTransport (options: WsTransportOptions = {}): Transport {
  const settings: WsConnectionSettings = {
    clock: options.clock ?? systemClock,
    highWaterMark: positiveInteger('highWaterMark', options.highWaterMark ?? DEFAULT_WS_HIGH_WATER_MARK),
    maxMessageBytes: positiveInteger('maxMessageBytes', options.maxMessageBytes ?? DEFAULT_WS_MAX_MESSAGE_BYTES),
    closeTimeoutMs: nonNegative('closeTimeoutMs', options.closeTimeoutMs ?? 10_000)
  }
  const defaultDialTimeoutMs = nonNegative('dialTimeoutMs', options.dialTimeoutMs ?? 10_000)
  const server = {
    maxConnections: positiveInteger('maxConnectionsPerListener', options.maxConnectionsPerListener ?? 1024),
    headersTimeoutMs: positiveInteger('headersTimeoutMs', options.headersTimeoutMs ?? 10_000),
    httpHandler: options.httpHandler ?? notFound
  }
  return {
    name: 'ws',
    listen: async (address, onConnection) => await listenWs(address, onConnection, settings, server),
    dial: async (address, dialOptions) => await dialWs(address, dialOptions ?? {}, settings, defaultDialTimeoutMs)
  }
}

interface ServerSettings {
  maxConnections: number
  headersTimeoutMs: number
  httpHandler: RequestListener
}

/** "ws://host:port" or "host:port". Throws TransportError(INVALID_ADDRESS). */
function parseWsAddress (address: string): HostPort {
  return parseHostPort(address.startsWith('ws://') ? address.slice(5) : address)
}

/** "ws://host:port" of a socket end. */
function wsSocketAddress (host: string | undefined, port: number | undefined): string | undefined {
  const hostPort = socketAddress(host, port)
  return hostPort === undefined ? undefined : formatTransportAddress('ws', hostPort)
}

function notFound (_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: this is a kuber-p2p WebSocket endpoint\n')
}

async function listenWs (address: string, onConnection: (conn: Connection) => void, settings: WsConnectionSettings, options: ServerSettings): Promise<Listener> {
  const { host, port } = parseWsAddress(address)
  const wss = new WebSocketServer({ noServer: true, maxPayload: settings.maxMessageBytes, perMessageDeflate: false, clientTracking: false })
  const server = createServer({ headersTimeout: options.headersTimeoutMs, requestTimeout: options.headersTimeoutMs }, options.httpHandler)
  server.maxConnections = options.maxConnections
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => {}) // a socket that fails before the upgrade completes has nobody to tell
    wss.handleUpgrade(req, socket, head, (ws) => {
      const remote = wsSocketAddress(req.socket.remoteAddress, req.socket.remotePort)
      const local = wsSocketAddress(req.socket.localAddress, req.socket.localPort)
      if (remote === undefined || local === undefined) { ws.terminate(); return }
      onConnection(new WsConnection(ws, remote, local, settings))
    })
  })
  server.on('clientError', (_err, socket: Socket) => socket.destroy())
  await startListening(server, address, host, port)
  return new ServerListener(server, (h, p) => wsSocketAddress(h, p)!)
}

async function dialWs (address: string, options: DialOptions, settings: WsConnectionSettings, defaultTimeoutMs: number): Promise<Connection> {
  const { host, port } = parseWsAddress(address)
  return await dialWithDeadline<Connection>(address, options, settings.clock, defaultTimeoutMs, (done) => {
    const ws = new WebSocket(`ws://${formatHostPort(host, port)}${WS_PATH}`, { maxPayload: settings.maxMessageBytes, perMessageDeflate: false, followRedirects: false })
    let socket: Socket | undefined
    const onUpgrade = (res: IncomingMessage): void => { socket = res.socket as Socket }
    const onOpen = (): void => {
      const remote = wsSocketAddress(socket?.remoteAddress, socket?.remotePort)
      const local = wsSocketAddress(socket?.localAddress, socket?.localPort)
      done(remote === undefined || local === undefined
        ? new TransportError(ErrorCodes.DIAL_FAILED, `dial ${address} failed: socket closed on connect`)
        : new WsConnection(ws, remote, local, settings)) // attaches its own error handler
    }
    const onError = (err: NodeJS.ErrnoException): void => {
      done(new TransportError(ErrorCodes.DIAL_FAILED, `dial ${address} failed: ${err.code ?? err.message}`, { cause: err }))
    }
    ws.once('upgrade', onUpgrade)
    ws.once('open', onOpen)
    ws.on('error', onError)
    return {
      detach: () => { ws.off('open', onOpen); ws.off('error', onError); ws.off('upgrade', onUpgrade) },
      abandon: () => { ws.on('error', () => {}); ws.terminate() }
    }
  })
}
