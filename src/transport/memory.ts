// An in-memory network of hosts and its Transport, on an injected Clock and Random: the
// same contract as TCP (test/transport/contract.ts), deterministic for one seed, cheap
// enough for a simulator of thousands of nodes and tens of thousands of connections,
// with the faults that simulator needs (partitions, killed hosts, lossy or corrupting
// links), per-pair latency and per-host upload bandwidth, and traffic counters.
import type { Clock, Timer } from '../runtime/clock.js'
import type { Random } from '../runtime/random.js'
import { ConfigError, ErrorCodes, TransportError } from '../errors.js'
import { formatHostPort, parseHostPort } from './address.js'
import { abortedError, dialTimeoutMs } from './dial-options.js'
import { DEFAULT_MEMORY_HIGH_WATER_MARK, memoryConnectionPair, type LinkObserver, type Uplink } from './memory-connection.js'
import { FaultModel, zeroFaultCounts, type FaultCounts, type LinkFaults } from './memory-faults.js'
import { PartitionTable } from './memory-partitions.js'
import type { Connection, DialOptions, Listener, Transport } from './types.js'

export interface MemoryNetworkOptions {
  /** Drives every delay and timeout of the network. */
  clock: Clock
  /** Draws each link's jitter; a SeededRandom makes runs repeatable. */
  random: Random
  /** One-way latency of every link in ms (default 0: next clock tick). */
  latencyMs?: number
  /**
   * One-way latency between two hosts in ms, asked once per pair when it first connects
   * (instead of latencyMs and jitterMs): a region table, a distribution.
   */
  latency?: (hostA: string, hostB: string) => number
  /**
   * Extra one-way latency per pair of hosts, uniform in [0, jitterMs), drawn once when
   * the pair first connects and kept for the network's life (default 0).
   */
  jitterMs?: number
  /** Bytes per ms each direction of each connection carries (default unlimited). */
  bandwidthBytesPerMs?: number
  /** write() returns false at or above this many unconsumed bytes (default 1 MiB). */
  highWaterMark?: number
  /** Dial timeout when DialOptions.timeoutMs is not given (default 10 000 ms). */
  dialTimeoutMs?: number
}

/** Traffic counters of a network or of one host. */
export interface MemoryTrafficStats {
  /** Connections established (accepted by a listener). */
  connectionsOpened: number
  /** Connections with at least one end not yet closed. */
  connectionsOpen: number
  /** Dials that failed, timed out or were aborted. */
  dialsFailed: number
  /** Bytes accepted by write(). */
  bytesSent: number
  /** Bytes handed to onData. */
  bytesReceived: number
}


/** A split between two sets of hosts; see MemoryNetwork.partition. */
export interface Partition {
  /** Let the two sides reach each other again (idempotent). */
  heal(): void
}

const EPHEMERAL_PORT_FIRST = 49152
const EPHEMERAL_PORT_LAST = 65535

interface ListenerEntry {
  readonly onConnection: (conn: Connection) => void
}

interface HostState {
  readonly name: string
  readonly listeners: Map<number, ListenerEntry>
  readonly usedPorts: Set<number>
  nextPort: number
  readonly connections: Set<ConnectionRecord>
  readonly stats: MemoryTrafficStats
  transport: Transport | undefined
  /** Upload bandwidth shared by all its connections, if limited. */
  uplink: Uplink | undefined
}

/** One connection: its two ends (0 = dialer, 1 = acceptor) and their hosts. */
interface ConnectionRecord {
  readonly hosts: readonly [HostState, HostState]
  readonly dialerPort: number
  ends: [Connection, Connection]
  readonly open: [boolean, boolean]
}

/**
 * Hosts ("10.0.0.1", "node-7", ...) that listen and dial "host:port" addresses among
 * themselves. `network.transport(host)` is one host's Transport.
 *
 * A dial takes one round trip on the clock: refused (DIAL_FAILED) if nobody listens on
 * the port or the host does not exist; lost, so DIAL_TIMEOUT, if a partition separates
 * the hosts; otherwise the listener gets its Connection after one link latency and the
 * dialer after two.
 */
export class MemoryNetwork {
  private readonly clock: Clock
  private readonly random: Random
  private readonly latencyMs: number
  private readonly jitterMs: number
  private readonly latency: ((hostA: string, hostB: string) => number) | undefined
  private readonly faultBox: { model: FaultModel | undefined } = { model: undefined }
  private readonly bandwidthBytesPerMs: number
  private readonly highWaterMark: number
  private readonly defaultDialTimeoutMs: number
  private readonly hosts = new Map<string, HostState>()
  private readonly pairLatencyMs = new Map<string, number>()
  private readonly partitions = new PartitionTable()
  private readonly totals = zeroStats()
  /** Segments hit by each fault, over every fault model put in force. */
  private readonly faultCounts = zeroFaultCounts()

  /** Throws ConfigError(INVALID_CONFIG) on a bad option. */
  constructor (options: MemoryNetworkOptions) {
    this.clock = options.clock
    this.random = options.random
    this.latencyMs = nonNegative('latencyMs', options.latencyMs ?? 0)
    this.jitterMs = nonNegative('jitterMs', options.jitterMs ?? 0)
    this.latency = options.latency
    this.bandwidthBytesPerMs = options.bandwidthBytesPerMs ?? Infinity
    if (!(this.bandwidthBytesPerMs > 0)) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `bandwidthBytesPerMs must be > 0, got ${this.bandwidthBytesPerMs}`)
    this.highWaterMark = options.highWaterMark ?? DEFAULT_MEMORY_HIGH_WATER_MARK
    if (!Number.isSafeInteger(this.highWaterMark) || this.highWaterMark < 1) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `highWaterMark must be a positive integer, got ${this.highWaterMark}`)
    this.defaultDialTimeoutMs = nonNegative('dialTimeoutMs', options.dialTimeoutMs ?? 10_000)
  }

  /** The Transport of `host` (created on first use; the same object after). Throws TransportError(INVALID_ADDRESS) for a host no address can name. */
  transport (host: string): Transport {
    parseHostPort(formatHostPort(host, 0))
    const state = this.hostState(host)
    state.transport ??= {
      name: 'memory',
      listen: async (address, onConnection) => this.listen(state, address, onConnection),
      dial: async (address, options) => await this.dial(state, address, options ?? {})
    }
    return state.transport
  }

  /**
   * Split `hostsA` from `hostsB` until healed: dials between the sides are lost (they time
   * out) and existing connections between them are destroyed at once, each end getting
   * onClose(TransportError(CONNECTION_CLOSED)). A host on both sides throws ConfigError.
   */
  partition (hostsA: Iterable<string>, hostsB: Iterable<string>): Partition {
    const a = [...hostsA]
    const b = [...hostsB]
    const id = this.partitions.add(a, b)
    const [smaller, otherSide] = a.length <= b.length ? [a, 1] : [b, 0]
    for (const name of smaller) {
      const host = this.hosts.get(name)
      if (host === undefined) continue
      for (const record of [...host.connections]) {
        const other = record.hosts[0] === host ? record.hosts[1] : record.hosts[0]
        if (this.partitions.sideOf(other.name, id) === otherSide) this.kill(record, 'network partition')
      }
    }
    return { heal: () => this.partitions.remove(id) }
  }

  /** Heal every partition. */
  heal (): void {
    this.partitions.clear()
  }

  /** Destroy every connection of `host` (both ends see CONNECTION_CLOSED). Its listeners stay. */
  disconnect (host: string): void {
    const state = this.hosts.get(host)
    if (state === undefined) return
    for (const record of [...state.connections]) this.kill(record, `host ${host} disconnected`)
  }

  /** One-way latency in ms between two hosts (drawing the pair's jitter if not yet drawn). */
  linkLatencyMs (hostA: string, hostB: string): number {
    if (this.jitterMs === 0 && this.latency === undefined) return this.latencyMs
    const key = hostA < hostB ? `${hostA}\n${hostB}` : `${hostB}\n${hostA}`
    let ms = this.pairLatencyMs.get(key)
    if (ms === undefined) {
      ms = this.latency !== undefined
        ? nonNegative('latency', hostA < hostB ? this.latency(hostA, hostB) : this.latency(hostB, hostA))
        : this.latencyMs + this.random.float() * this.jitterMs
      this.pairLatencyMs.set(key, ms)
    }
    return ms
  }

  /**
   * Limit what `host` uploads, over all its connections together, to `bytesPerMs`
   * (undefined: unlimited). Connections opened afterwards share it.
   */
  setUploadBandwidth (host: string, bytesPerMs: number | undefined): void {
    if (bytesPerMs !== undefined && !(bytesPerMs > 0)) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `upload bandwidth must be > 0, got ${bytesPerMs}`)
    this.hostState(host).uplink = bytesPerMs === undefined ? undefined : { bytesPerMs, freeMs: 0 }
  }

  /** Put `faults` on every link from now on (undefined: none), drawn from `random` (default the network's). */
  setFaults (faults: LinkFaults | undefined, random: Random = this.random): void {
    this.faultBox.model = faults === undefined ? undefined : new FaultModel(faults, random, this.faultCounts)
  }

  /** Counters over the whole network (a copy). */
  get stats (): MemoryTrafficStats {
    return { ...this.totals }
  }

  /** Segments hit by each link fault so far (a copy). */
  get faultStats (): FaultCounts {
    return { ...this.faultCounts }
  }

  /** Counters of one host (a copy; zeros for an unknown host). */
  hostStats (host: string): MemoryTrafficStats {
    const state = this.hosts.get(host)
    return state === undefined ? zeroStats() : { ...state.stats }
  }

  private listen (host: HostState, address: string, onConnection: (conn: Connection) => void): Listener {
    const { host: name, port } = parseHostPort(address)
    if (name !== host.name) throw new TransportError(ErrorCodes.LISTEN_FAILED, `cannot listen on ${address}: not an address of host ${host.name}`)
    let bound = port
    if (port === 0) {
      bound = this.allocatePort(host) ?? 0
      if (bound === 0) throw new TransportError(ErrorCodes.LISTEN_FAILED, `cannot listen on ${address}: no free port`)
    } else if (host.usedPorts.has(port)) {
      throw new TransportError(ErrorCodes.LISTEN_FAILED, `cannot listen on ${address}: address in use`)
    } else {
      host.usedPorts.add(port)
    }
    const entry: ListenerEntry = { onConnection }
    host.listeners.set(bound, entry)
    return {
      address: formatHostPort(host.name, bound),
      close: async () => {
        if (host.listeners.get(bound) !== entry) return
        host.listeners.delete(bound)
        host.usedPorts.delete(bound)
      }
    }
  }

  private async dial (from: HostState, address: string, options: DialOptions): Promise<Connection> {
    const { host: name, port } = parseHostPort(address)
    const timeoutMs = dialTimeoutMs(options.timeoutMs, this.defaultDialTimeoutMs)
    const signal = options.signal
    if (signal?.aborted === true) throw this.dialFailed(from, abortedError(address, signal))
    const dialerPort = this.allocatePort(from)
    if (dialerPort === undefined) throw this.dialFailed(from, new TransportError(ErrorCodes.DIAL_FAILED, `dial ${address} failed: no free local port on ${from.name}`))
    const target = this.hosts.get(name)
    const latencyMs = target === undefined ? this.latencyMs : this.linkLatencyMs(from.name, name)
    const clock = this.clock
    return await new Promise<Connection>((resolve, reject) => {
      let record: ConnectionRecord | undefined
      let settled = false
      const timers: Timer[] = []
      const settle = (err: TransportError | undefined): void => {
        if (settled) return
        settled = true
        for (const timer of timers) timer.cancel()
        signal?.removeEventListener('abort', onAbort)
        if (err === undefined) {
          resolve(record!.ends[0])
          return
        }
        if (record !== undefined) record.ends[0].destroy() // the acceptor sees a reset
        else from.usedPorts.delete(dialerPort)
        reject(this.dialFailed(from, err))
      }
      const onAbort = (): void => settle(abortedError(address, signal!))
      const refused = (reason: string): void => {
        timers.push(clock.setTimeout(() => settle(new TransportError(ErrorCodes.DIAL_FAILED, `dial ${address} failed: ${reason}`)), latencyMs))
      }
      const onSynArrived = (): void => {
        if (target === undefined) { refused('host unreachable'); return }
        if (this.partitions.separates(from.name, name)) return // lost: the dial times out
        const listener = target.listeners.get(port)
        if (listener === undefined) { refused('connection refused'); return }
        record = this.connect(from, dialerPort, target, port, latencyMs)
        listener.onConnection(record.ends[1])
        timers.push(clock.setTimeout(() => {
          // a partition or disconnect in the meantime has already destroyed the connection
          settle(record!.open[0] ? undefined : new TransportError(ErrorCodes.DIAL_FAILED, `dial ${address} failed: connection reset`))
        }, latencyMs))
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      timers.push(clock.setTimeout(() => settle(new TransportError(ErrorCodes.DIAL_TIMEOUT, `dial ${address} timed out after ${timeoutMs} ms`)), timeoutMs))
      timers.push(clock.setTimeout(onSynArrived, latencyMs))
    })
  }

  private connect (dialer: HostState, dialerPort: number, acceptor: HostState, port: number, latencyMs: number): ConnectionRecord {
    const record: ConnectionRecord = { hosts: [dialer, acceptor], dialerPort, ends: undefined as unknown as [Connection, Connection], open: [true, true] }
    const totals = this.totals
    const observer: LinkObserver = {
      written: (end, bytes) => { record.hosts[end].stats.bytesSent += bytes; totals.bytesSent += bytes },
      delivered: (end, bytes) => { record.hosts[end].stats.bytesReceived += bytes; totals.bytesReceived += bytes },
      closed: (end) => this.endClosed(record, end)
    }
    record.ends = memoryConnectionPair(this.clock, [formatHostPort(dialer.name, dialerPort), formatHostPort(acceptor.name, port)], {
      latencyMs, bandwidthBytesPerMs: this.bandwidthBytesPerMs, highWaterMark: this.highWaterMark, observer,
      uplinks: [dialer.uplink, acceptor.uplink], faults: this.faultBox
    })
    totals.connectionsOpened++
    totals.connectionsOpen++
    for (const host of new Set(record.hosts)) {
      host.connections.add(record)
      host.stats.connectionsOpened++
      host.stats.connectionsOpen++
    }
    return record
  }

  private endClosed (record: ConnectionRecord, end: 0 | 1): void {
    record.open[end] = false
    if (record.open[0] || record.open[1]) return
    this.totals.connectionsOpen--
    for (const host of new Set(record.hosts)) {
      host.connections.delete(record)
      host.stats.connectionsOpen--
    }
    record.hosts[0].usedPorts.delete(record.dialerPort)
  }

  private kill (record: ConnectionRecord, reason: string): void {
    for (const conn of record.ends) conn.destroy(new TransportError(ErrorCodes.CONNECTION_CLOSED, `connection killed: ${reason}`))
  }

  private dialFailed (from: HostState, err: TransportError): TransportError {
    from.stats.dialsFailed++
    this.totals.dialsFailed++
    return err
  }

  private allocatePort (host: HostState): number | undefined {
    for (let i = EPHEMERAL_PORT_FIRST; i <= EPHEMERAL_PORT_LAST; i++) {
      const port = host.nextPort
      host.nextPort = port === EPHEMERAL_PORT_LAST ? EPHEMERAL_PORT_FIRST : port + 1
      if (!host.usedPorts.has(port)) {
        host.usedPorts.add(port)
        return port
      }
    }
    return undefined
  }

  private hostState (name: string): HostState {
    let state = this.hosts.get(name)
    if (state === undefined) {
      state = { name, listeners: new Map(), usedPorts: new Set(), nextPort: EPHEMERAL_PORT_FIRST, connections: new Set(), stats: zeroStats(), transport: undefined, uplink: undefined }
      this.hosts.set(name, state)
    }
    return state
  }
}

function zeroStats (): MemoryTrafficStats {
  return { connectionsOpened: 0, connectionsOpen: 0, dialsFailed: 0, bytesSent: 0, bytesReceived: 0 }
}

function nonNegative (name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `${name} must be a finite number >= 0, got ${value}`)
  return value
}
