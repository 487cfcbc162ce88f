// The TCP transport (spec §3, the default): listen and dial over node:net, IPv4 and
// IPv6, with typed errors only (no raw Node error escapes) and timeouts on the injected
// Clock, so the same code runs with the system clock or a test's clock.
import net, { type Socket } from 'node:net'
import { systemClock, type Clock } from '../runtime/clock.js'
import { ErrorCodes, TransportError } from '../errors.js'
import { parseHostPort } from './address.js'
import { socketAddress, TcpConnection, type TcpConnectionSettings } from './tcp-connection.js'
import { ServerListener, startListening } from './server-listener.js'
import { dialWithDeadline, nonNegative, positiveInteger } from './dial-options.js'
import type { Connection, DialOptions, Listener, Transport } from './types.js'

export interface TcpTransportOptions {
  /** Clock for dial and close timeouts (default systemClock). */
  clock?: Clock
  /** write() returns false at or above this many buffered bytes per connection (default 1 MiB). */
  highWaterMark?: number
  /** Initial delay of TCP keep-alive probes in ms; 0 disables them (default 10 000). */
  keepAliveMs?: number
  /** Dial timeout when DialOptions.timeoutMs is not given (default 10 000 ms). */
  dialTimeoutMs?: number
  /** How long close() waits for the peer to finish before destroying the socket (default 10 000 ms). */
  closeTimeoutMs?: number
  /**
   * Inbound connections one listener holds at once; further ones are closed on accept
   * (default 1024). It protects file descriptors; per-peer limits belong to a later layer.
   */
  maxConnectionsPerListener?: number
}

/** Default write high-water mark of a TCP connection: 1 MiB. */
export const DEFAULT_TCP_HIGH_WATER_MARK = 1024 * 1024

/** Create the TCP transport. Throws ConfigError(INVALID_CONFIG) on a bad option. */
export function createTcpTransport (options: TcpTransportOptions = {}): Transport {
  const settings: TcpConnectionSettings = {
    clock: options.clock ?? systemClock,
    highWaterMark: positiveInteger('highWaterMark', options.highWaterMark ?? DEFAULT_TCP_HIGH_WATER_MARK),
    keepAliveMs: nonNegative('keepAliveMs', options.keepAliveMs ?? 10_000),
    closeTimeoutMs: nonNegative('closeTimeoutMs', options.closeTimeoutMs ?? 10_000)
  }
  const defaultDialTimeoutMs = nonNegative('dialTimeoutMs', options.dialTimeoutMs ?? 10_000)
  const maxConnections = positiveInteger('maxConnectionsPerListener', options.maxConnectionsPerListener ?? 1024)
  return {
    name: 'tcp',
    listen: async (address, onConnection) => await listenTcp(address, onConnection, settings, maxConnections),
    dial: async (address, dialOptions) => await dialTcp(address, dialOptions ?? {}, settings, defaultDialTimeoutMs)
  }
}

async function listenTcp (address: string, onConnection: (conn: Connection) => void, settings: TcpConnectionSettings, maxConnections: number): Promise<Listener> {
  const { host, port } = parseHostPort(address)
  const server = net.createServer({ pauseOnConnect: true, noDelay: true, highWaterMark: settings.highWaterMark })
  server.maxConnections = maxConnections
  server.on('connection', (socket: Socket) => {
    const conn = TcpConnection.wrap(socket, settings)
    if (conn !== undefined) onConnection(conn)
  })
  await startListening(server, address, host, port)
  return new ServerListener(server, (h, p) => socketAddress(h, p)!)
}

interface StreamHighWaterMarks {
  readableHighWaterMark: number
  writableHighWaterMark: number
}

async function dialTcp (address: string, options: DialOptions, settings: TcpConnectionSettings, defaultTimeoutMs: number): Promise<Connection> {
  const { host, port } = parseHostPort(address)
  return await dialWithDeadline<Connection>(address, options, settings.clock, defaultTimeoutMs, (done) => {
    // net.Socket passes the stream high-water marks on (like the server's
    // highWaterMark); @types/node 20 does not list them for connect().
    const connectOptions: net.TcpNetConnectOpts & StreamHighWaterMarks = {
      host, port, noDelay: true, readableHighWaterMark: settings.highWaterMark, writableHighWaterMark: settings.highWaterMark
    }
    const socket = net.connect(connectOptions)
    const onConnect = (): void => {
      const conn = TcpConnection.wrap(socket, settings) // attaches its own error handler first
      done(conn ?? new TransportError(ErrorCodes.DIAL_FAILED, `dial ${address} failed: socket closed on connect`))
    }
    const onError = (err: NodeJS.ErrnoException): void => {
      done(new TransportError(ErrorCodes.DIAL_FAILED, `dial ${address} failed: ${err.code ?? err.message}`, { cause: err }))
    }
    socket.once('connect', onConnect)
    socket.on('error', onError)
    return {
      detach: () => { socket.off('connect', onConnect); socket.off('error', onError) },
      abandon: () => { socket.on('error', () => {}); socket.destroy() }
    }
  })
}
