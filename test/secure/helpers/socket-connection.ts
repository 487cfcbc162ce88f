// Test helper: a node:net Socket as a transport Connection (for the secure-channel
// tests and the benchmark on real TCP; the node's own TCP transport lives in src/transport).
import net from 'node:net'
import { once } from 'node:events'
import type { Connection, ConnectionHandlers } from '../../../src/transport/types.js'

export function socketConnection (socket: net.Socket, highWaterMarkBytes = 1024 * 1024): Connection {
  let handlers: ConnectionHandlers | undefined
  let closed = false
  let closeError: Error | undefined
  let pendingClose = false
  socket.pause()
  const finish = (): void => {
    if (closed) return
    closed = true
    if (handlers !== undefined) handlers.onClose(closeError)
    else pendingClose = true
  }
  socket.on('data', (chunk: Buffer) => handlers?.onData(chunk))
  socket.on('drain', () => handlers?.onDrain())
  socket.on('error', (err) => { closeError ??= err })
  socket.on('close', finish)
  return {
    remoteAddress: `${socket.remoteAddress}:${socket.remotePort}`,
    localAddress: `${socket.localAddress}:${socket.localPort}`,
    get bufferedAmount () { return socket.writableLength },
    setHandlers (h) {
      handlers = h
      if (pendingClose) { h.onClose(closeError); return }
      socket.resume()
    },
    write (data) {
      if (closed || socket.writableEnded) return false
      socket.write(data)
      return socket.writableLength < highWaterMarkBytes
    },
    pause: () => { socket.pause() },
    resume: () => { if (handlers !== undefined) socket.resume() },
    close: () => { socket.end() },
    destroy (err) {
      if (closed) return
      closeError = err
      socket.destroy()
      finish()
    }
  }
}

/** Two connected sockets on 127.0.0.1 (Nagle off), and a function that closes everything. */
export async function tcpSocketPair (): Promise<{ client: net.Socket, server: net.Socket, close: () => Promise<void> }> {
  const listener = net.createServer()
  const accepted = once(listener, 'connection')
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve))
  const { port } = listener.address() as net.AddressInfo
  const client = net.connect(port, '127.0.0.1')
  await once(client, 'connect')
  const [server] = (await accepted) as [net.Socket]
  client.setNoDelay(true)
  server.setNoDelay(true)
  return {
    client,
    server,
    close: async () => {
      client.destroy()
      server.destroy()
      await new Promise<void>((resolve) => listener.close(() => resolve()))
    }
  }
}
