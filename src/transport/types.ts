// The transport contract (spec §3): listen, dial, and a bidirectional, ordered byte
// stream with backpressure. TCP (tcp.ts) and the in-memory transport (memory.ts) both
// implement it and both pass test/transport/contract.ts.

/**
 * What a connection tells its owner. Set once with Connection.setHandlers. Callbacks may
 * run synchronously inside setHandlers, resume, write or destroy (the memory transport
 * and the secure channel do) or later from the event loop (TCP): owners handle both.
 */
export interface ConnectionHandlers {
  /** Bytes in order. The chunk may be reused by nobody else: the receiver may keep it. */
  onData(chunk: Uint8Array): void
  /** The write buffer fell below the high-water mark after write() returned false. */
  onDrain(): void
  /** The connection is closed (err set when it failed). Called exactly once. */
  onClose(err?: Error): void
}

/** A bidirectional, ordered, reliable byte stream. */
export interface Connection {
  /** "host:port" of the remote end. */
  readonly remoteAddress: string
  /** "host:port" of the local end. */
  readonly localAddress: string
  /** Bytes accepted by write() but not yet handed to the network. */
  readonly bufferedAmount: number
  /**
   * Attach handlers. Until this is called no data is delivered (it is held, paused), so
   * nothing is lost between accept/dial and the owner being ready.
   */
  setHandlers(handlers: ConnectionHandlers): void
  /**
   * Queue bytes for sending, in order. Returns false once bufferedAmount is at or above
   * the high-water mark: the caller should wait for onDrain before writing more.
   * The caller must not modify `data` after the call.
   */
  write(data: Uint8Array): boolean
  /** Stop delivering onData (receiver-side backpressure); the sender's window then fills. */
  pause(): void
  resume(): void
  /** Send what is queued, then close. onClose follows. */
  close(): void
  /** Close at once, dropping queued bytes. onClose(err) follows. */
  destroy(err?: Error): void
}

export interface Listener {
  /** The bound "host:port" (with the real port when 0 was asked for). */
  readonly address: string
  /** Stop accepting. Existing connections are not touched. */
  close(): Promise<void>
}

export interface DialOptions {
  signal?: AbortSignal
  /** Give up after this long (default 10 000 ms). */
  timeoutMs?: number
}

export interface Transport {
  readonly name: string
  /** Listen on "host:port" (port 0 picks a free one); onConnection gets every inbound connection. */
  listen(address: string, onConnection: (conn: Connection) => void): Promise<Listener>
  /** Connect to "host:port". Fails with TransportError (DIAL_FAILED, DIAL_TIMEOUT, ABORTED, INVALID_ADDRESS). */
  dial(address: string, options?: DialOptions): Promise<Connection>
}
