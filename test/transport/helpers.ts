// Test helpers for transports: a recorder of what a Connection delivers, a writer that
// honours backpressure, deterministic payloads, and waits that run on either real or
// virtual time (the contract suite uses them for TCP and the memory transport alike).
import assert from 'node:assert/strict'
import { errorCode, TransportError, type ErrorCode } from '../../src/errors.js'
import type { Connection, ConnectionHandlers } from '../../src/transport/types.js'

/** How a test lets time pass: real sleeps on TCP, VirtualClock.advance in memory. */
export interface TimeControl {
  /** Let ms of time pass. */
  advance(ms: number): Promise<void>
  /** Step between checks of a condition, in ms. */
  stepMs: number
  /** Longest a wait may take before the test fails, in ms (of the same time). */
  maxWaitMs: number
}

/** Advance time until `condition` holds; fails the test after maxWaitMs. */
export async function waitFor (time: TimeControl, condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += time.stepMs) {
    if (waited >= time.maxWaitMs) assert.fail(`timed out after ${time.maxWaitMs} ms waiting for ${what}`)
    await time.advance(time.stepMs)
  }
}

/** Advance time until the promise settles; return its outcome. */
export async function settle<T> (time: TimeControl, promise: Promise<T>, what: string): Promise<PromiseSettledResult<T>> {
  let result: PromiseSettledResult<T> | undefined
  promise.then((value) => { result = { status: 'fulfilled', value } }, (reason: unknown) => { result = { status: 'rejected', reason } })
  await waitFor(time, () => result !== undefined, what)
  return result!
}

/** Advance time until the promise settles; it must reject with TransportError(code). */
export async function expectTransportError (time: TimeControl, promise: Promise<unknown>, code: ErrorCode, what: string): Promise<TransportError> {
  const result = await settle(time, promise, what)
  assert.equal(result.status, 'rejected', `${what}: expected ${code}, but it succeeded`)
  const reason = (result as PromiseRejectedResult).reason as unknown
  assert.ok(reason instanceof TransportError, `${what}: expected TransportError, got ${String(reason)}`)
  assert.equal(errorCode(reason), code, `${what}: ${reason.message}`)
  return reason
}

/** Records everything a connection reports. `onDrain` adds a hook (for writers). */
export class Recorder {
  readonly chunks: Uint8Array[] = []
  bytes = 0
  drains = 0
  closes = 0
  closeError: Error | undefined
  onDrain: (() => void) | undefined

  constructor (readonly conn: Connection, attach = true) {
    if (attach) this.attach()
  }

  attach (): void {
    this.conn.setHandlers(this.handlers())
  }

  handlers (): ConnectionHandlers {
    return {
      onData: (chunk) => { this.chunks.push(chunk); this.bytes += chunk.length },
      onDrain: () => { this.drains++; this.onDrain?.() },
      onClose: (err) => { this.closes++; this.closeError = err }
    }
  }

  get closed (): boolean {
    return this.closes > 0
  }

  received (): Buffer {
    return Buffer.concat(this.chunks)
  }
}

/**
 * Writes `data` in chunks of the given sizes (cycled), stopping when write() returns
 * false and going on at onDrain, as a well-behaved owner does.
 */
export class BackpressuredWriter {
  private offset = 0
  private next = 0
  writes = 0
  stalls = 0

  constructor (private readonly recorder: Recorder, private readonly data: Uint8Array, private readonly chunkSizes: number[]) {
    recorder.onDrain = () => this.pump()
  }

  get done (): boolean {
    return this.offset >= this.data.length
  }

  get written (): number {
    return this.offset
  }

  pump (): void {
    while (this.offset < this.data.length) {
      const size = this.chunkSizes[this.next++ % this.chunkSizes.length]!
      const chunk = this.data.subarray(this.offset, this.offset + size)
      this.offset += chunk.length
      this.writes++
      if (!this.recorder.conn.write(chunk)) {
        this.stalls++
        return
      }
    }
  }
}

/** Deterministic pseudo-random bytes (xorshift32), different for each seed. */
export function patternBytes (length: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(length)
  let x = (Math.imul(seed + 1, 2654435761) >>> 0) || 1
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x >>>= 0
    x ^= x >>> 17
    x ^= x << 5; x >>>= 0
    out[i] = x & 0xff
  }
  return out
}

/** Chunk sizes from 1 byte to 64 KiB, varied, so many writes cross chunk boundaries. */
export const MIXED_CHUNK_SIZES = [1, 7, 1500, 65536, 300, 16384, 4096, 2, 40000, 999, 8192, 31]
