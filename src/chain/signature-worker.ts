// Ed25519 checks on a second core: a worker thread (node:worker_threads) that verifies a
// block's transaction signatures while the main thread checks and writes the blocks
// before it (block sync hands each fetched block over as it arrives: prepare()). One
// message per block, its signing bytes packed into one buffer that is transferred, not
// copied. Bounded: past `maxBytes` in the worker, a block is not sent and its signatures
// are checked where they are needed, as without the worker. A job the worker has not
// started yet can be taken back (claim(): a shared flag, compare-and-swap), so when the
// main thread catches up with the worker it checks the job itself instead of waiting, and
// no signature is checked twice. The answer only says whether all verified; a block with
// a bad one is checked again on the main thread, which names it.
import { Worker } from 'node:worker_threads'

/** One signature to check: the key, the signed bytes (or their parts, in order), the signature. */
export interface SignatureCheck {
  readonly publicKey: Uint8Array
  readonly message: Uint8Array | readonly Uint8Array[]
  readonly signature: Uint8Array
}

const partsOf = (m: Uint8Array | readonly Uint8Array[]): readonly Uint8Array[] => m instanceof Uint8Array ? [m] : m

// The worker's code (plain JavaScript, so that it runs the same from src/ under tsx and from dist/).
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createPublicKey, verify } = require('node:crypto')
const PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
const keys = new Map()
parentPort.on('message', ({ id, buffer, spans, flag }) => {
  if (Atomics.compareExchange(new Int32Array(flag), 0, 0, 1) !== 0) return // taken back by the main thread
  const all = Buffer.from(buffer)
  let ok = true
  for (let i = 0; ok && i < spans.length; i += 3) {
    const [k, m, s] = [spans[i], spans[i + 1], spans[i + 2]]
    const pk = all.subarray(k, k + 32)
    const hex = pk.toString('hex')
    let key = keys.get(hex)
    if (key === undefined) {
      if (keys.size >= 4096) keys.clear()
      keys.set(hex, key = createPublicKey({ key: Buffer.concat([PREFIX, pk]), format: 'der', type: 'spki' }))
    }
    ok = verify(null, all.subarray(k + 32, m), key, all.subarray(m, s))
  }
  parentPort.postMessage({ id, ok })
})
`

/** A job sent to the worker. */
export interface SignatureJob {
  /** True when every signature verified; false when one did not, or the job was taken back or lost. */
  readonly answer: Promise<boolean>
  /** Take the job back if the worker has not started it (true: check the signatures yourself). */
  claim(): boolean
}

export class SignatureWorker {
  private worker: Worker | undefined
  private readonly waiting = new Map<number, { resolve: (ok: boolean) => void, bytes: number }>()
  private nextId = 0
  private inWorker = 0
  private failed = false

  constructor (private readonly maxBytes: number) {}

  /** Send the checks to the worker; undefined (not sent) when it is full or unavailable or a key or signature is malformed: check them here. */
  verifyAll (checks: readonly SignatureCheck[]): SignatureJob | undefined {
    let bytes = 0
    for (const c of checks) {
      if (c.publicKey.length !== 32 || c.signature.length !== 64) return undefined
      bytes += 96
      for (const p of partsOf(c.message)) bytes += p.length
    }
    if (this.failed || checks.length === 0 || this.inWorker + bytes > this.maxBytes) return undefined
    const worker = this.start()
    const packed = new Uint8Array(bytes)
    const spans: number[] = []
    let off = 0
    for (const c of checks) {
      spans.push(off)
      packed.set(c.publicKey, off)
      off += 32
      for (const p of partsOf(c.message)) { packed.set(p, off); off += p.length }
      spans.push(off)
      packed.set(c.signature, off)
      off += 64
      spans.push(off)
    }
    const id = this.nextId++
    this.inWorker += bytes
    const answer = new Promise<boolean>((resolve) => { this.waiting.set(id, { resolve, bytes }) })
    const flag = new SharedArrayBuffer(4)
    worker.postMessage({ id, buffer: packed.buffer, spans, flag }, [packed.buffer])
    const claim = (): boolean => {
      if (Atomics.compareExchange(new Int32Array(flag), 0, 0, 2) !== 0) return false
      this.settle(id, false)
      return true
    }
    return { answer, claim }
  }

  /** Stop the worker; checks not answered yet resolve false (checked again by the caller). */
  async close (): Promise<void> {
    const worker = this.worker
    this.worker = undefined
    this.settleAll()
    await worker?.terminate()
  }

  private start (): Worker {
    if (this.worker !== undefined) return this.worker
    const worker = new Worker(WORKER_SOURCE, { eval: true })
    worker.unref()
    worker.on('message', ({ id, ok }: { id: number, ok: boolean }) => { this.settle(id, ok) })
    worker.on('error', () => { this.failed = true; this.worker = undefined; this.settleAll() })
    this.worker = worker
    return worker
  }

  private settle (id: number, ok: boolean): void {
    const w = this.waiting.get(id)
    if (w === undefined) return
    this.waiting.delete(id)
    this.inWorker -= w.bytes
    w.resolve(ok)
  }

  private settleAll (): void {
    for (const w of this.waiting.values()) w.resolve(false)
    this.waiting.clear()
    this.inWorker = 0
  }
}
