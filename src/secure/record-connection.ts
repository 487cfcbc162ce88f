// The plaintext view of a secure channel (SecureConnection.conn): a Connection over the
// record stream of an underlying Connection. It owns the underlying handlers from the
// first handshake byte on, so records that arrive in the same chunk as the last
// handshake message are kept, and it holds received data (pausing the underlying
// connection) until the owner sets handlers or resumes.
import { ErrorCodes, KuberError, SecureChannelError } from '../errors.js'
import type { Connection, ConnectionHandlers } from '../transport/types.js'
import { CoalescingRecordWriter } from './coalescing-writer.js'
import type { RecordCodec } from './record-codec.js'
import { MAX_RECORD_BYTES, RecordDecoder, frameRecord } from './record-framing.js'

/** Receives the handshake records; see run-handshake.ts. */
export interface HandshakeSink {
  onHandshakeMessage(message: Uint8Array): void
  /** The channel failed before the handshake finished (oversized record, connection closed). */
  onHandshakeError(err: KuberError): void
}

export interface RecordConnectionOptions {
  /** write() returns false at or above this many bytes pending plus buffered below. */
  highWaterMarkBytes: number
  /** Largest handshake message accepted; a larger declared length fails the channel at once. */
  maxHandshakeMessageBytes: number
}

export class RecordConnection implements Connection {
  private readonly decoder: RecordDecoder
  private handshake: HandshakeSink | undefined
  private codec: RecordCodec | undefined // set when the transport phase starts
  private writer: CoalescingRecordWriter | undefined
  private handlers: ConnectionHandlers | undefined
  private readonly held: Uint8Array[] = [] // received records not yet delivered
  private delivering = false
  private appPaused = false
  private rawPaused = false
  private closing = false
  private remoteEnded = false
  private finished = false
  private finishError: Error | undefined

  constructor (private readonly raw: Connection, private readonly options: RecordConnectionOptions) {
    this.decoder = new RecordDecoder((record) => this.onRecord(record), options.maxHandshakeMessageBytes)
  }

  get remoteAddress (): string {
    return this.raw.remoteAddress
  }

  get localAddress (): string {
    return this.raw.localAddress
  }

  get bufferedAmount (): number {
    return this.writer?.bufferedAmount ?? this.raw.bufferedAmount
  }

  /** Take over the underlying connection's handlers; records go to `sink` until startTransport. */
  beginHandshake (sink: HandshakeSink): void {
    this.handshake = sink
    this.raw.setHandlers({
      onData: (chunk) => this.onRawData(chunk),
      onDrain: () => this.writer?.handleRawDrain(),
      onClose: (err) => this.onRawClose(err)
    })
  }

  /** Send one handshake message as a record. */
  sendHandshakeMessage (message: Uint8Array): void {
    this.raw.write(frameRecord(message))
  }

  /** The handshake is over: later records are opened by `codec` and held for the owner. */
  startTransport (codec: RecordCodec): void {
    this.codec = codec
    this.handshake = undefined
    this.decoder.maxRecordBytes = MAX_RECORD_BYTES
    this.decoder.reuseAssemblyBuffer = codec.openedPlaintextIsCopy
    this.writer = new CoalescingRecordWriter(this.raw, codec, this.options.highWaterMarkBytes, {
      onDrain: () => this.handlers?.onDrain(),
      onError: (err) => this.destroy(asSecureChannelError(err, ErrorCodes.CONNECTION_CLOSED))
    })
    if (!this.canDeliver()) this.pauseRaw()
  }

  setHandlers (handlers: ConnectionHandlers): void {
    this.handlers = handlers
    if (this.finished) {
      handlers.onClose(this.finishError)
      return
    }
    this.deliverHeld()
  }

  write (data: Uint8Array): boolean {
    if (this.closing || this.finished || this.writer === undefined) return false
    return this.writer.write(data)
  }

  pause (): void {
    this.appPaused = true
    if (this.codec !== undefined) this.pauseRaw()
  }

  resume (): void {
    this.appPaused = false
    this.deliverHeld()
  }

  close (): void {
    if (this.closing || this.finished) return
    this.closing = true
    this.writer?.flush()
    this.writer?.stop()
    this.raw.close()
  }

  destroy (err?: Error): void {
    if (this.finished) return
    this.finish(err)
    this.raw.destroy(err)
  }

  private onRawData (chunk: Uint8Array): void {
    if (this.finished) return
    try {
      this.decoder.push(chunk)
    } catch (err) {
      const failure = asSecureChannelError(err, ErrorCodes.NOISE_RECORD_TOO_LARGE)
      if (this.handshake !== undefined) this.handshake.onHandshakeError(failure)
      else this.destroy(failure)
    }
  }

  private onRecord (record: Uint8Array): void {
    if (this.finished) return
    if (this.handshake !== undefined) {
      this.handshake.onHandshakeMessage(record)
    } else if (this.held.length === 0 && !this.delivering && this.canDeliver()) {
      this.deliver(record)
    } else {
      // An assembled record lives in the decoder's reused buffer: keep a copy (rare path: the owner is not reading).
      this.held.push(this.decoder.reuseAssemblyBuffer ? Buffer.from(record) : record)
      this.pauseRaw()
    }
  }

  private onRawClose (err: Error | undefined): void {
    if (this.finished) return
    if (this.handshake !== undefined) {
      // a transport that ends the connection for what the peer sent (a WebSocket text or oversized message) says so with a typed error
      this.handshake.onHandshakeError(err instanceof KuberError && err.code !== ErrorCodes.CONNECTION_CLOSED
        ? err
        : new SecureChannelError(ErrorCodes.CONNECTION_CLOSED, 'connection closed during the secure handshake', { cause: err }))
    } else if (err !== undefined || this.closing) {
      this.finish(err)
    } else {
      this.remoteEnded = true
      if (this.held.length === 0 && !this.delivering) this.finishRemoteEnd()
    }
  }

  private canDeliver (): boolean {
    return this.handlers !== undefined && !this.appPaused && !this.finished
  }

  private deliver (record: Uint8Array): void {
    let plaintext: Uint8Array
    try {
      plaintext = this.codec!.openRecord(record)
    } catch (err) {
      this.destroy(asSecureChannelError(err, ErrorCodes.NOISE_DECRYPT_FAILED))
      return
    }
    if (plaintext.length > 0) this.handlers!.onData(plaintext)
  }

  private deliverHeld (): void {
    if (this.delivering || this.codec === undefined) return
    this.delivering = true
    try {
      while (this.held.length > 0 && this.canDeliver()) this.deliver(this.held.shift()!)
    } finally {
      this.delivering = false
    }
    if (this.held.length > 0 || this.finished) return
    if (this.remoteEnded) this.finishRemoteEnd()
    else if (this.canDeliver()) this.resumeRaw()
  }

  private finishRemoteEnd (): void {
    this.finish(this.decoder.hasPartialRecord
      ? new SecureChannelError(ErrorCodes.CONNECTION_CLOSED, 'connection closed in the middle of a record')
      : undefined)
  }

  private finish (err: Error | undefined): void {
    if (this.finished) return
    this.finished = true
    this.finishError = err
    this.held.length = 0
    this.decoder.stop()
    this.writer?.stop()
    this.handlers?.onClose(err)
  }

  private pauseRaw (): void {
    if (this.rawPaused) return
    this.rawPaused = true
    this.raw.pause()
  }

  private resumeRaw (): void {
    if (!this.rawPaused) return
    this.rawPaused = false
    this.raw.resume()
  }
}

/** err itself when it is already a typed Kuber error, otherwise a SecureChannelError(code) wrapping it. */
export function asSecureChannelError (err: unknown, code: SecureChannelError['code']): KuberError {
  if (err instanceof KuberError) return err
  return new SecureChannelError(code, err instanceof Error ? err.message : String(err), { cause: err })
}
