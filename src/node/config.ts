// Node configuration: one zod schema gives the defaults, validates library options and
// config files alike, and documents every setting. Units go last in names. Errors name
// the key, the value given and what is expected; settings that contradict each other
// (a ping interval longer than the silence that drops a peer) are refused too.
import { z } from 'zod'
import { ConfigError, ErrorCodes } from '../errors.js'
import { parsePeerId, type PeerId } from '../identity/peer-id.js'
import { canonicalAddress, parseHostPort, parseTransportAddress } from '../transport/address.js'
import { MAX_FRAME_BYTES } from '../wire/frame.js'
import { MAX_CHAIN_ID_BYTES } from '../wire/bounds.js'
import { PROTOCOL_VERSION } from '../session/hello.js'
import { FLOW_MAX_WINDOW_BYTES, FLOW_MIN_WINDOW_BYTES } from '../session/flow-window.js'
import { GossipParamsSchema } from '../gossip/params.js'
import { MempoolConfigSchema } from '../protocols/mempool/mempool.js'
import { BlockConfigSchema } from '../protocols/blocks/config.js'
import { StateSyncConfigSchema } from '../protocols/statesync/config.js'
import { BlockSyncConfigSchema } from '../protocols/blocksync/config.js'

/** A string field checked by `parse`, whose error message says what is wrong with the value. */
function parsed (parse: (s: string) => unknown, expected: string): z.ZodString {
  return z.string().superRefine((s, ctx) => {
    try {
      parse(s)
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `expected ${expected} (${(err as Error).message})` })
    }
  })
}

const hostPort = parsed(parseHostPort, 'host:port')
const transportAddress = parsed(parseTransportAddress, 'host:port, tcp://host:port or ws://host:port')
const peerAddress = parsed(parsePeerAddress, 'PEER_ID@host:port or host:port, tcp:// or ws:// allowed before host:port')
const seedAddress = parsed((s) => {
  if (parsePeerAddress(s).peerId === undefined) throw new Error('a seed needs its PEER_ID')
}, 'PEER_ID@host:port, tcp:// or ws:// allowed before host:port')
const ms = z.number().int().positive()

/** Where a node listens unless told otherwise. */
export const DEFAULT_LISTEN: readonly string[] = ['127.0.0.1:26656']

export const NodeConfigSchema = z.object({
  /** Chain this node belongs to; peers on another chain are refused (required). */
  chainId: z.string().min(1).refine((s) => new TextEncoder().encode(s).length <= MAX_CHAIN_ID_BYTES, `at most ${MAX_CHAIN_ID_BYTES} UTF-8 bytes (Hello.chain_id bound)`),
  /** Directory for node_key.json and the node's stores (default: none: identity and stores in memory). */
  home: z.string().optional(),
  /** Addresses to accept connections on, each "tcp://host:port", "ws://host:port" or a bare "host:port" (TCP); one listener each (default ["127.0.0.1:26656"]). */
  listen: z.array(transportAddress).min(1).default(() => [...DEFAULT_LISTEN]),
  /** Address to advertise to peers (default: the first listen address, unless it is 0.0.0.0 / ::). */
  externalAddress: transportAddress.optional(),
  /** Static peers, "PEER_ID@host:port" (or "host:port"), dialled at start and redialled with backoff. */
  peers: z.array(peerAddress).default([]),
  /** Debug RPC address, or "off" (default: none; the CLI uses 127.0.0.1:26657). */
  rpc: z.union([z.literal('off'), hostPort], { error: 'expected host:port or "off"' }).optional().transform((v) => v === 'off' ? undefined : v),
  /** "noise" (default) or "plaintext" (unauthenticated, for benchmarks only). */
  encryption: z.enum(['noise', 'plaintext']).default('noise'),
  protocolVersion: z.number().int().min(0).max(65535).default(PROTOCOL_VERSION),
  /** Most inbound peers (default 40). */
  maxInbound: z.number().int().min(0).default(40),
  /** Most light clients served at once (WebSocket browsers and wallets), beside maxInbound (default 100). */
  maxLightClients: z.number().int().min(0).default(100),
  /** Most outbound peers, static peers included (default 10). */
  maxOutbound: z.number().int().min(0).default(10),
  /** Most connections in setup at once; when full, a new inbound connection takes the slot of the one that made the least progress (default 64). */
  maxPendingHandshakes: z.number().int().positive().default(64),
  /** Largest frame accepted, at most 2 MiB (default 2 MiB). */
  maxFrameBytes: z.number().int().min(1024).max(MAX_FRAME_BYTES).default(MAX_FRAME_BYTES),
  /** Bytes queued per peer before messages to it are dropped (default 8 MiB). */
  maxSendBufferBytes: z.number().int().min(MAX_FRAME_BYTES).default(8 * 1024 * 1024),
  /** Send queues drain control and consensus first, then blocks, transactions, bulk sync (default true); false: one FIFO per peer. */
  sendPriorities: z.boolean().default(true),
  /**
   * Flow-control window granted to each peer at first and at least (default 256 KiB): a peer
   * keeps at most this much (or the auto-tuned window) of non-consensus traffic in flight to
   * us, so its votes never wait behind more. 0 turns flow control off (not advertised in Hello).
   */
  flowWindowBytes: z.union([z.literal(0), z.number().int().min(FLOW_MIN_WINDOW_BYTES).max(FLOW_MAX_WINDOW_BYTES)]).default(1024 * 1024),
  /** Auto-tuning doubles a peer's window up to this while it is under twice the bandwidth-delay product (default 16 MiB; equal to flowWindowBytes: fixed). */
  flowWindowMaxBytes: z.number().int().min(FLOW_MIN_WINDOW_BYTES).max(FLOW_MAX_WINDOW_BYTES).default(16 * 1024 * 1024),
  /** Secure channel + Hello deadline (default 10 000 ms). */
  handshakeTimeoutMs: ms.default(10_000),
  /** An inbound connection that has not sent its first complete handshake message after this long is dropped (default 3 000 ms). */
  handshakeFirstMessageTimeoutMs: ms.default(3000),
  /** Dial deadline (default 10 000 ms). */
  dialTimeoutMs: ms.default(10_000),
  /** Ping interval (default 10 000 ms). */
  pingIntervalMs: ms.default(10_000),
  /** Drop a peer silent for longer (default 30 000 ms). */
  unresponsiveTimeoutMs: ms.default(30_000),
  /** No application traffic for this long: IDLE (default 15 000 ms). */
  idleAfterMs: ms.default(15_000),
  /** Accepted clock difference in Hello (default 10 000 ms). */
  maxClockSkewMs: ms.default(10_000),
  /** Liveness check period (default 1 000 ms). */
  tickMs: ms.default(1000),
  /** First static-peer redial delay (default 1 000 ms), doubling up to redialMaxMs. */
  redialBaseMs: ms.default(1000),
  /** Longest static-peer redial delay (default 60 000 ms). */
  redialMaxMs: ms.default(60_000),
  /** First ban's length (default 600 000 ms); each repeat offence doubles it. */
  banBaseMs: ms.default(600_000),
  /** Longest ban (default 86 400 000 ms). */
  banMaxMs: ms.default(86_400_000),
  /** Seed nodes, "PEER_ID@host:port": asked for addresses when the address book has too few (default none). */
  seeds: z.array(seedAddress).default([]),
  /** Run as a seed: crawl the network, answer PeerList requests, keep no long connections (default false). */
  seedMode: z.boolean().default(false),
  /** Peer exchange and the discovery dialer; off: only static peers are dialled (default true). */
  pex: z.boolean().default(true),
  /** Outbound peers the dialer keeps, static peers included, at most maxOutbound (default 8). */
  targetOutbound: z.number().int().min(0).default(8),
  /** Most outbound peers in one network group, IPv4 /16 or IPv6 /32 (default 2). */
  maxOutboundPerGroup: z.number().int().positive().default(2),
  /** Most discovery dials at once (default 4). */
  maxConcurrentDials: z.number().int().positive().default(4),
  /** Outbound peers remembered as anchors and dialled first after a restart (default 2). */
  maxAnchors: z.number().int().min(0).max(16).default(2),
  /** Most inbound connections from one IP address; loopback is not limited (default 4). */
  maxInboundPerIp: z.number().int().positive().default(4),
  /**
   * Which peer addresses the address book keeps: true, public IP literals only; false, any
   * address; "auto" (default), public ones plus loopback or private ones when this node's own
   * listen or external address is loopback or private (see discovery/address-policy.ts).
   */
  addrBookStrict: z.union([z.boolean(), z.literal('auto')], { error: 'expected true, false or "auto"' }).default('auto'),
  /** Address book: most "new" (learned, unproven) entries (default 1024). */
  addrBookMaxNew: z.number().int().positive().default(1024),
  /** Address book: most "tried" (reached) entries (default 256). */
  addrBookMaxTried: z.number().int().positive().default(256),
  /** Address book: most "new" entries with addresses in one network group (default 32). */
  addrBookMaxNewPerGroup: z.number().int().positive().default(32),
  /** Address book: most "new" entries learned from peers in one network group (default 64). */
  addrBookMaxNewPerSource: z.number().int().positive().default(64),
  /** Address book: most "tried" entries in one network group (default 8). */
  addrBookMaxTriedPerGroup: z.number().int().positive().default(8),
  /** Ask a peer for addresses this often while the book wants more; answer one peer at most 3 times as often (default 30 000 ms). */
  pexIntervalMs: ms.default(30_000),
  /** How often the dialer fills free outbound slots (default 1 000 ms). */
  dialIntervalMs: ms.default(1000),
  /** First backoff after a failed discovery dial (default 5 000 ms), doubling with jitter up to dialBackoffMaxMs. */
  dialBackoffBaseMs: ms.default(5000),
  /** Longest backoff of a failing address (default 600 000 ms). */
  dialBackoffMaxMs: ms.default(600_000),
  /** Per-peer message limit (spec §13 rule 1): the excess is dropped and penalised as RATE_LIMITED (default 200 messages/s). */
  maxMessagesPerSecond: z.number().positive().default(200),
  /** Messages a peer may send at once above that rate: the token bucket's size (default 200). */
  messageBurst: z.number().int().positive().default(200),
  /**
   * Per-peer byte budget: frame bytes per second read from one peer (default 8 MiB/s). A peer
   * over it is read more slowly (its connection is not read until the debt is repaid, so TCP
   * pushes back). Raise it for bulk links (the channel benchmark's 500 MB/s is below this layer).
   */
  maxBytesPerSecond: z.number().int().positive().default(8 * 1024 * 1024),
  /** Bytes a peer may send at once above that rate (default 16 MiB: eight 2 MiB frames). */
  byteBurst: z.number().int().positive().default(16 * 1024 * 1024),
  /** A peer over its byte budget this long without a break costs a BANDWIDTH_EXCEEDED penalty, once per such period (default 10 000 ms). */
  byteBudgetPenaltyAfterMs: ms.default(10_000),
  /** A frame must arrive whole within this of its first byte, else FRAME_TIMEOUT and disconnect (default 30 000 ms). */
  frameTimeoutMs: ms.default(30_000),
  /** Most requests open to one peer, all protocols together (block requests, pulls, peer lists; default 2 048). */
  maxRequestsPerPeer: z.number().int().positive().default(2048),
  /** Most requests open to all peers (default 8 192). */
  maxRequests: z.number().int().positive().default(8192),
  /** Disconnect a peer whose send buffer has stayed full for this long, a slow reader (default 30 000 ms). */

  slowReaderTimeoutMs: ms.default(30_000),
  /** Messages from greylisted peers waiting to be served last; more are dropped (default 1 000). */
  greylistQueueMax: z.number().int().positive().default(1000),
  /** Payload bytes of those messages waiting; more are dropped (default 8 MiB). */
  greylistQueueMaxBytes: z.number().int().positive().default(8 * 1024 * 1024),
  /** A ping answered within this earns a fast-response reward each minute (default 500 ms). */
  fastResponseMs: ms.default(500),
  /** A ping answered slower than this costs a SLOW_RESPONSE penalty each minute (default 5 000 ms). */
  slowResponseMs: ms.default(5000),
  /** Gossip engine: mesh, announcements, caches and budgets (each default in src/gossip/params.ts). */
  gossip: GossipParamsSchema.prefault({}),
  /** Mempool limits (defaults: 10 000 transactions, 64 MiB, 1 MiB per transaction). */
  mempool: MempoolConfigSchema.prefault({}),
  /** Block relay: compact blocks, request timeouts, invalid-block rule (defaults in src/protocols/blocks/config.ts). */
  blocks: BlockConfigSchema.prefault({}),
  /** State sync: finding and fetching snapshots, and how often the application takes them (defaults in src/protocols/statesync/config.ts). */
  stateSync: StateSyncConfigSchema.prefault({}),
  /** Block sync: window, ranges, buffers, timeouts, rates (defaults in src/protocols/blocksync/config.ts). */
  blockSync: BlockSyncConfigSchema.prefault({}),
  /** pino log level (default "info"). */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')
}).strict()

/** Options as a user writes them (everything but chainId optional). */
export type NodeConfigInput = z.input<typeof NodeConfigSchema>
/** Options with every default filled in. */
export type NodeConfig = z.output<typeof NodeConfigSchema>

/**
 * Settings that make no sense together: the key to change and why. Two defaults never
 * contradict each other; a default that is documented as capped by another setting
 * (targetOutbound by maxOutbound, mempool.maxTxBytes by mempool.maxBytes) is only
 * reported when it was given.
 */
function contradictions (c: NodeConfig, given: (key: string) => boolean): Array<{ key: string, problem: string }> {
  const out: Array<{ key: string, problem: string }> = []
  const shown = (key: string, value: unknown): string => `${String(value)}${given(key) ? '' : ' (default)'}`
  const atMost = (low: string, lowValue: number, high: string, highValue: number, why: string, onlyIfLowGiven = false): void => {
    if (lowValue <= highValue || (!given(low) && (onlyIfLowGiven || !given(high)))) return
    out.push({ key: low, problem: `${shown(low, lowValue)} is more than ${high} (${shown(high, highValue)}), expected at most that: ${why}` })
  }
  const liveness = ['unresponsiveTimeoutMs', 'pingIntervalMs', 'tickMs']
  if (c.unresponsiveTimeoutMs < c.pingIntervalMs + c.tickMs && liveness.some(given)) {
    out.push({ key: 'unresponsiveTimeoutMs', problem: `${shown('unresponsiveTimeoutMs', c.unresponsiveTimeoutMs)} is less than pingIntervalMs + tickMs (${shown('pingIntervalMs', c.pingIntervalMs)} + ${shown('tickMs', c.tickMs)}), expected at least ${c.pingIntervalMs + c.tickMs}: a healthy idle peer is silent for up to a ping interval and would be dropped` })
  }
  atMost('targetOutbound', c.targetOutbound, 'maxOutbound', c.maxOutbound, 'the dialer cannot keep more outbound peers than the limit allows', true)
  atMost('redialBaseMs', c.redialBaseMs, 'redialMaxMs', c.redialMaxMs, 'the first redial delay cannot exceed the longest')
  atMost('dialBackoffBaseMs', c.dialBackoffBaseMs, 'dialBackoffMaxMs', c.dialBackoffMaxMs, 'the first backoff cannot exceed the longest')
  atMost('banBaseMs', c.banBaseMs, 'banMaxMs', c.banMaxMs, 'the first ban cannot be longer than the longest')
  atMost('fastResponseMs', c.fastResponseMs, 'slowResponseMs', c.slowResponseMs, 'a ping cannot be both fast and slow')
  atMost('gossip.meshDegree', c.gossip.meshDegree, 'gossip.maxEagerPeers', c.gossip.maxEagerPeers, 'the mesh cannot start larger than its limit')
  atMost('mempool.maxTxBytes', c.mempool.maxTxBytes, 'mempool.maxBytes', c.mempool.maxBytes, 'a transaction that size could never enter the mempool', true)
  const announced = c.gossip.ihaveIntervalMs * c.gossip.announceRounds
  if (c.gossip.historyTtlMs < announced && ['gossip.historyTtlMs', 'gossip.ihaveIntervalMs', 'gossip.announceRounds'].some(given)) {
    out.push({ key: 'gossip.historyTtlMs', problem: `${shown('gossip.historyTtlMs', c.gossip.historyTtlMs)} is less than gossip.ihaveIntervalMs × gossip.announceRounds (${announced}), expected at least that: ids still being announced could not be served when asked for` })
  }
  if (c.seedMode && !c.pex) out.push({ key: 'seedMode', problem: 'true while pex is false, expected pex true: a seed works through peer exchange' })
  if (c.rpc !== undefined && parseHostPort(c.rpc).port !== 0 && c.listen.map(canonicalAddress).includes(c.rpc)) {
    out.push({ key: 'rpc', problem: `${JSON.stringify(c.rpc)} is also a P2P listen address, expected another port` })
  }
  return out
}

/** Whether `input` sets the dot-separated key. */
function hasKey (input: unknown, key: string): boolean {
  let v: unknown = input
  for (const part of key.split('.')) {
    if (typeof v !== 'object' || v === null) return false
    v = (v as Record<string, unknown>)[part]
  }
  return v !== undefined
}

/** One problem in a configuration: where (a key path such as "gossip.meshDegree" or "peers.1"), what was given, what is wrong. */
export interface ConfigIssue {
  /** Path of the setting, dot-separated ("" for the whole object). */
  key: string
  /** The value given (undefined when missing). */
  value: unknown
  /** What is wrong and what is expected. */
  problem: string
}

/** Invalid options: every problem found, each naming its key, the value and what is expected. */
export class InvalidConfigError extends ConfigError {
  /** One line per issue. */
  readonly lines: string[]

  /** @param describe how an issue is named (the CLI names its flags) */
  constructor (readonly issues: ConfigIssue[], describe: (issue: ConfigIssue) => string = describeIssue) {
    const lines = issues.map(describe)
    super(ErrorCodes.INVALID_CONFIG, `invalid configuration: ${lines.join('; ')}`)
    this.lines = lines
  }
}

/** "key: problem", the way InvalidConfigError lists an issue. */
export function describeIssue (issue: ConfigIssue): string {
  return `${issue.key === '' ? '(root)' : issue.key}: ${issue.problem}`
}

/** Validate options and fill in defaults. Throws InvalidConfigError listing every problem. */
export function parseNodeConfig (input: unknown): NodeConfig {
  const result = NodeConfigSchema.safeParse(input, { reportInput: true })
  if (!result.success) throw new InvalidConfigError(result.error.issues.map(toIssue))
  const problems = contradictions(result.data, (key) => hasKey(input, key))
  if (problems.length > 0) throw new InvalidConfigError(problems.map(({ key, problem }) => ({ key, value: undefined, problem })))
  return result.data
}

function toIssue (issue: z.core.$ZodIssue): ConfigIssue {
  const key = issue.path.join('.')
  if (issue.code === 'unrecognized_keys') {
    return { key, value: undefined, problem: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` }
  }
  const value = issue.input
  const expected = issue.message.replace(/^(Invalid input|Invalid option|Too small|Too big): /, '').replace(/, received \w+$/, '')
  if (value === undefined && issue.code === 'invalid_type') return { key, value, problem: `missing, ${expected}` }
  return { key, value, problem: `got ${showValue(value)}, ${expected}` }
}

/** A value for an error message, cut short. */
export function showValue (value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 80 ? `${text.slice(0, 80)}...` : text
}

export interface PeerAddress {
  peerId?: PeerId
  address: string
}

/** Parse "PEER_ID@ADDRESS" or "ADDRESS", ADDRESS being "host:port" (TCP), "tcp://host:port" or "ws://host:port"; the address comes back canonical (bare for TCP). */
export function parsePeerAddress (text: string): PeerAddress {
  const at = text.indexOf('@')
  if (at < 0) return { address: canonicalAddress(text) }
  return { peerId: parsePeerId(text.slice(0, at)), address: canonicalAddress(text.slice(at + 1)) }
}
