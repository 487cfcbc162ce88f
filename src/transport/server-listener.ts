// A Listener over a listening node:net Server (an http.Server is one), shared by the TCP
// and WebSocket transports: starting to listen with typed errors, the bound address, and
// a close() that stops accepting but leaves accepted connections alone.
import type { AddressInfo, Server } from 'node:net'
import { ErrorCodes, TransportError } from '../errors.js'
import type { Listener } from './types.js'

/** Listen on host:port; TransportError(LISTEN_FAILED) when the port is taken or the address not local. */
export async function startListening (server: Server, address: string, host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(new TransportError(ErrorCodes.LISTEN_FAILED, `cannot listen on ${address}: ${err.code ?? err.message}`, { cause: err }))
    }
    server.once('error', onError)
    try {
      server.listen({ host, port }, () => { server.off('error', onError); resolve() })
    } catch (err) {
      onError(err as NodeJS.ErrnoException)
    }
  })
  // After listening, 'error' reports a failed accept (EMFILE and the like): the listener
  // keeps going, and the would-be peer sees its dial fail.
  server.on('error', () => {})
}

export class ServerListener implements Listener {
  readonly address: string
  private closed = false

  /** @param formatAddress the transport's form of the bound host and port */
  constructor (private readonly server: Server & { closeIdleConnections?: () => void }, formatAddress: (host: string, port: number) => string) {
    const bound = server.address() as AddressInfo
    this.address = formatAddress(bound.address, bound.port)
  }

  async close (): Promise<void> {
    if (this.closed) return
    this.closed = true
    // The listening socket closes now; Node's 'close' event would wait for every
    // accepted connection to end, which the contract says close() leaves alone.
    this.server.close()
    this.server.closeIdleConnections?.() // HTTP keep-alive connections that never upgraded
  }
}
