// Drives one channel handshake over a raw Connection, for both upgraders: the protocol
// (Noise XX, or the plaintext exchange) reacts to each handshake record synchronously;
// this file adds what every handshake needs around it: abort, close and failure
// handling, typed errors, and the hand-over to the transport phase.
import { ErrorCodes, KuberError, SecureChannelError } from '../errors.js'
import type { Connection } from '../transport/types.js'
import { DEFAULT_HIGH_WATER_MARK_BYTES } from './coalescing-writer.js'
import type { RecordCodec } from './record-codec.js'
import { RecordConnection, asSecureChannelError, type RecordConnectionOptions } from './record-connection.js'
import { MAX_RECORD_BYTES } from './record-framing.js'

/** Default cap on one handshake message from a peer (ours are under 250 bytes). */
export const DEFAULT_MAX_HANDSHAKE_MESSAGE_BYTES = 4096

/** Options common to both secure-channel upgraders. */
export interface SecureChannelOptions {
  /** Largest handshake message accepted from a peer (default 4096 bytes, at most 65535). */
  maxHandshakeMessageBytes?: number
  /**
   * SecureConnection.conn.write() returns false at or above this many bytes pending plus
   * buffered in the underlying connection (default 1 MiB). Keep it at or above the
   * underlying connection's own high-water mark.
   */
  highWaterMarkBytes?: number
}

/** Check the options and fill in defaults. */
export function resolveChannelOptions (options: SecureChannelOptions): RecordConnectionOptions {
  const maxHandshakeMessageBytes = options.maxHandshakeMessageBytes ?? DEFAULT_MAX_HANDSHAKE_MESSAGE_BYTES
  if (!Number.isInteger(maxHandshakeMessageBytes) || maxHandshakeMessageBytes < 1 || maxHandshakeMessageBytes > MAX_RECORD_BYTES) {
    throw new RangeError(`maxHandshakeMessageBytes must be an integer in [1, ${MAX_RECORD_BYTES}], got ${maxHandshakeMessageBytes}`)
  }
  const highWaterMarkBytes = options.highWaterMarkBytes ?? DEFAULT_HIGH_WATER_MARK_BYTES
  if (!(highWaterMarkBytes > 0)) throw new RangeError(`highWaterMarkBytes must be positive, got ${highWaterMarkBytes}`)
  return { maxHandshakeMessageBytes, highWaterMarkBytes }
}

export type SendHandshakeMessage = (message: Uint8Array) => void

/** What a finished handshake hands over. */
export interface HandshakeOutcome<R> {
  codec: RecordCodec
  result: R
}

/** One side of a handshake, as a synchronous state machine. */
export interface HandshakeProtocol<R> {
  /** Called first: send the opening message if this side speaks first. */
  start(send: SendHandshakeMessage): void
  /** Handle one received message; return the outcome once the handshake is over. Throws to fail it. */
  receive(message: Uint8Array, send: SendHandshakeMessage): HandshakeOutcome<R> | undefined
}

/**
 * Run `protocol` over `raw`. Resolves with the transport-phase connection; rejects with
 * a KuberError (ABORTED when `signal` fires), and then `raw` has been destroyed.
 */
export function runHandshake<R> (
  raw: Connection,
  protocol: HandshakeProtocol<R>,
  options: RecordConnectionOptions & { signal?: AbortSignal | undefined, onProgress?: (() => void) | undefined }
): Promise<{ conn: RecordConnection, result: R }> {
  return new Promise((resolve, reject) => {
    const conn = new RecordConnection(raw, options)
    const { signal, onProgress } = options
    let settled = false
    const settle = (): boolean => {
      if (settled) return false
      settled = true
      signal?.removeEventListener('abort', onAbort)
      return true
    }
    const fail = (err: unknown): void => {
      if (!settle()) return
      const failure = asSecureChannelError(err, ErrorCodes.NOISE_HANDSHAKE_FAILED)
      conn.destroy(failure)
      reject(failure)
    }
    const onAbort = (): void => fail(new SecureChannelError(ErrorCodes.ABORTED, 'secure handshake aborted', { cause: signal?.reason }))
    const send: SendHandshakeMessage = (message) => conn.sendHandshakeMessage(message)

    if (signal?.aborted === true) { onAbort(); return }
    signal?.addEventListener('abort', onAbort, { once: true })
    try {
      protocol.start(send)
    } catch (err) {
      fail(err)
      return
    }
    conn.beginHandshake({
      onHandshakeMessage (message) {
        if (settled) return
        onProgress?.()
        let outcome: HandshakeOutcome<R> | undefined
        try {
          outcome = protocol.receive(message, send)
        } catch (err) {
          fail(err)
          return
        }
        if (outcome !== undefined && settle()) {
          conn.startTransport(outcome.codec)
          resolve({ conn, result: outcome.result })
        }
      },
      onHandshakeError: (err: KuberError) => fail(err)
    })
  })
}
