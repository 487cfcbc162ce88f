// A test-only connection wrapper (the testnet's `kuber-p2p start --testnet-fuzz`): it
// impairs what this node sends the way a slow, jittery, lossy link would, for machines
// whose kernel has no `tc netem`. In the spirit of CometBFT's FuzzedConnection
// (p2p/fuzz.go), but over a reliable byte stream: dropping bytes from a TCP stream is not
// what a lossy link does (TCP would resend them), so loss is modelled as TCP lives it.
//
// The model, on the sending side only (each host impairs its own egress, as netem on its
// interface would):
// - delay and jitter: each write reaches the socket delayMs ± jitterMs (uniform) after it
//   was made, but never before an earlier write: a TCP stream delivers in order, so
//   jitter delays the bytes behind a late segment and never reorders them.
// - loss: no byte is lost. A write of n bytes spans ceil(n / 1448) segments (the MSS of a
//   1500-byte Ethernet link); each is lost with probability `loss`, and so is each of its
//   retransmissions. Every loss costs one retransmission timeout, and everything written
//   after it waits (head-of-line blocking). The timeout is Linux's: the RTT (2·delay +
//   4·jitter, the smoothed RTT plus four deviations) but at least 200 ms (TCP_RTO_MIN),
//   doubled for each further loss of the same segment, at most 120 s (TCP_RTO_MAX).
//   Not modelled: fast retransmit (a loss repaired after about one RTT while later
//   segments keep flowing, so this is pessimistic for bulk transfers and right for the
//   sparse messages of gossip, whose tail losses wait for the timer) and the congestion
//   window's drop in throughput (bandwidth is tc's job).
// Settings are read at each write, so changing them (a testnet perturbation) applies to
// every open connection at once. Time and randomness come from the injected Clock and
// Random, so the model runs the same on virtual time.
import type { Clock, Timer } from '../runtime/clock.js'
import type { Random } from '../runtime/random.js'
import type { Connection, ConnectionHandlers, DialOptions, Listener, Transport } from './types.js'

export interface FuzzSettings {
  /** One-way delay added to every write, in ms. */
  delayMs: number
  /** Uniform jitter around the delay, ± this many ms. */
  jitterMs: number
  /** Probability in [0, 1) that a segment (or a retransmission of it) is lost. */
  loss: number
}

export const NO_FUZZ: Readonly<FuzzSettings> = { delayMs: 0, jitterMs: 0, loss: 0 }

/** Segment payload of a 1500-byte Ethernet link (IPv4, TCP timestamps). */
export const SEGMENT_BYTES = 1448
/** Linux's TCP_RTO_MIN and TCP_RTO_MAX. */
export const MIN_RTO_MS = 200
export const MAX_RTO_MS = 120_000
/** write() asks the writer to wait at this many bytes held and buffered (as TCP's default). */
const HIGH_WATER_MARK = 1024 * 1024
/** Retransmissions of one segment looked at: beyond, the backoff is at its cap anyway. */
const MAX_LOSSES_PER_SEGMENT = 16

export interface FuzzDeps {
  clock: Clock
  random: Random
}

/** Extra delay (ms) the losses of one write cost: a retransmission timeout per loss, doubled per repeat. */
export function lossDelayMs (bytes: number, settings: FuzzSettings, random: Random): number {
  if (settings.loss <= 0) return 0
  const rto = Math.max(MIN_RTO_MS, 2 * settings.delayMs + 4 * settings.jitterMs)
  const segments = Math.max(1, Math.ceil(bytes / SEGMENT_BYTES))
  let worst = 0
  for (let s = 0; s < segments; s++) {
    let wait = 0
    for (let k = 0; k < MAX_LOSSES_PER_SEGMENT && random.float() < settings.loss; k++) wait += Math.min(MAX_RTO_MS, rto * 2 ** k)
    // segments of one write travel together: the write is complete when its slowest one is
    worst = Math.max(worst, wait)
  }
  return worst
}

/** The transport `inner` with every connection (dialled or accepted) impaired by `settings`. */
export function createFuzzedTransport (inner: Transport, settings: FuzzSettings, deps: FuzzDeps): Transport {
  return {
    name: `fuzzed-${inner.name}`,
    listen: async (address: string, onConnection: (conn: Connection) => void): Promise<Listener> =>
      await inner.listen(address, (conn) => onConnection(new FuzzedConnection(conn, settings, deps))),
    dial: async (address: string, options?: DialOptions): Promise<Connection> =>
      new FuzzedConnection(await inner.dial(address, options), settings, deps)
  }
}

interface Held { data: Uint8Array, at: number }

export class FuzzedConnection implements Connection {
  private readonly queue: Held[] = []
  private head = 0
  private heldBytes = 0
  private lastAt = 0
  private timer: Timer | undefined
  private timerAt = Infinity
  private handlers: ConnectionHandlers | undefined
  private wantDrain = false
  private closeRequested = false
  private closed = false

  constructor (private readonly inner: Connection, private readonly settings: FuzzSettings, private readonly deps: FuzzDeps) {}

  get remoteAddress (): string { return this.inner.remoteAddress }
  get localAddress (): string { return this.inner.localAddress }
  get bufferedAmount (): number { return this.heldBytes + this.inner.bufferedAmount }

  setHandlers (handlers: ConnectionHandlers): void {
    const first = this.handlers === undefined
    this.handlers = handlers
    if (!first) return
    this.inner.setHandlers({
      onData: (chunk) => this.handlers!.onData(chunk),
      onDrain: () => this.maybeDrain(),
      onClose: (err) => {
        this.closed = true
        this.dropHeld()
        this.handlers!.onClose(err)
      }
    })
  }

  write (data: Uint8Array): boolean {
    if (this.closeRequested || this.closed) return false
    const { delayMs, jitterMs } = this.settings
    if (this.held === 0 && delayMs <= 0 && jitterMs <= 0 && this.settings.loss <= 0) return this.inner.write(data)
    const { clock, random } = this.deps
    const jitter = jitterMs > 0 ? (2 * random.float() - 1) * jitterMs : 0
    const at = Math.max(this.lastAt, clock.now() + Math.max(0, delayMs + jitter) + lossDelayMs(data.length, this.settings, random))
    this.lastAt = at
    this.queue.push({ data, at })
    this.heldBytes += data.length
    this.arm()
    if (this.bufferedAmount < HIGH_WATER_MARK) return true
    this.wantDrain = true
    return false
  }

  pause (): void { this.inner.pause() }
  resume (): void { this.inner.resume() }

  /** What is held is still sent, then the connection closes. */
  close (): void {
    if (this.closeRequested || this.closed) return
    this.closeRequested = true
    if (this.held === 0) this.inner.close()
  }

  destroy (err?: Error): void {
    this.closeRequested = true
    this.dropHeld()
    this.inner.destroy(err)
  }

  private get held (): number {
    return this.queue.length - this.head
  }

  private arm (): void {
    const next = this.queue[this.head]
    if (next === undefined || next.at >= this.timerAt) return
    this.timer?.cancel()
    this.timerAt = next.at
    this.timer = this.deps.clock.setTimeout(() => this.flush(), Math.max(0, next.at - this.deps.clock.now()))
  }

  private flush (): void {
    this.timer = undefined
    this.timerAt = Infinity
    const now = this.deps.clock.now()
    while (this.held > 0 && this.queue[this.head]!.at <= now) {
      const { data } = this.queue[this.head]!
      this.queue[this.head++] = undefined as unknown as Held
      this.heldBytes -= data.length
      this.inner.write(data) // the socket buffers it; its own drain is reported through onDrain
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) { this.queue.splice(0, this.head); this.head = 0 }
    if (this.held > 0) this.arm()
    else if (this.closeRequested) this.inner.close()
    this.maybeDrain()
  }

  private maybeDrain (): void {
    if (!this.wantDrain || this.closed || this.bufferedAmount >= HIGH_WATER_MARK) return
    this.wantDrain = false
    this.handlers?.onDrain()
  }

  private dropHeld (): void {
    this.timer?.cancel()
    this.timer = undefined
    this.timerAt = Infinity
    this.queue.length = 0
    this.head = 0
    this.heldBytes = 0
  }
}
