// Node configuration: one zod schema gives the defaults, validates library options and
// config files alike, and documents every setting. Units go last in names.
import { z } from 'zod'
import { ConfigError, ErrorCodes } from '../errors.js'
import { parsePeerId, type PeerId } from '../identity/peer-id.js'
import { canonicalAddress, parseHostPort, parseTransportAddress } from '../transport/address.js'
import { MAX_FRAME_BYTES } from '../wire/frame.js'
import { PROTOCOL_VERSION } from '../session/hello.js'
import { GossipParamsSchema } from '../gossip/params.js'
import { MempoolConfigSchema } from '../protocols/mempool/mempool.js'
import { BlockConfigSchema } from '../protocols/blocks/config.js'
import { BlockSyncConfigSchema } from '../protocols/blocksync/config.js'

const hostPort = z.string().refine((s) => { try { parseHostPort(s); return true } catch { return false } }, 'expected host:port')
const transportAddress = z.string().refine((s) => { try { parseTransportAddress(s); return true } catch { return false } }, 'expected host:port, tcp://host:port or ws://host:port')
const peerAddress = z.string().refine((s) => { try { parsePeerAddress(s); return true } catch { return false } }, 'expected PEER_ID@host:port or host:port (an address may also be tcp://host:port or ws://host:port)')
const seedAddress = z.string().refine((s) => { try { return parsePeerAddress(s).peerId !== undefined } catch { return false } }, 'expected PEER_ID@host:port (or PEER_ID@ws://host:port)')
const ms = z.number().int().positive()

export const NodeConfigSchema = z.object({
  /** Chain this node belongs to; peers on another chain are refused (required). */
  chainId: z.string().min(1).max(64),
  /** Directory for node_key.json and the node's stores (default: none: identity and stores in memory). */
  home: z.string().optional(),
  /** Addresses to accept connections on, each "tcp://host:port", "ws://host:port" or a bare "host:port" (TCP); one listener each (default ["127.0.0.1:26656"]). */
  listen: z.array(transportAddress).min(1).default(['127.0.0.1:26656']),
  /** Address to advertise to peers (default: the first listen address, unless it is 0.0.0.0 / ::). */
  externalAddress: transportAddress.optional(),
  /** Static peers, "PEER_ID@host:port" (or "host:port"), dialled at start and redialled with backoff. */
  peers: z.array(peerAddress).default([]),
  /** Debug RPC address (default: none; the CLI uses 127.0.0.1:26657). */
  rpc: hostPort.optional(),
  /** "noise" (default) or "plaintext" (unauthenticated, for benchmarks only). */
  encryption: z.enum(['noise', 'plaintext']).default('noise'),
  protocolVersion: z.number().int().min(0).max(65535).default(PROTOCOL_VERSION),
  /** Most inbound peers (default 40). */
  maxInbound: z.number().int().min(0).default(40),
  /** Most outbound peers, static peers included (default 10). */
  maxOutbound: z.number().int().min(0).default(10),
  /** Most connections in setup at once (default 64). */
  maxPendingHandshakes: z.number().int().positive().default(64),
  /** Largest frame accepted, at most 2 MiB (default 2 MiB). */
  maxFrameBytes: z.number().int().min(1024).max(MAX_FRAME_BYTES).default(MAX_FRAME_BYTES),
  /** Bytes queued per peer before messages to it are dropped (default 8 MiB). */
  maxSendBufferBytes: z.number().int().min(MAX_FRAME_BYTES).default(8 * 1024 * 1024),
  /** Send queues drain control and consensus first, then blocks, transactions, bulk sync (default true); false: one FIFO per peer. */
  sendPriorities: z.boolean().default(true),
  /** Secure channel + Hello deadline (default 10 000 ms). */
  handshakeTimeoutMs: ms.default(10_000),
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
  /** Store and dial only routable IP addresses: no private, loopback or DNS names (default true; turn off for local networks). */
  addrBookStrict: z.boolean().default(true),
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
  /** Most requests open to one peer, all protocols together (block requests, pulls, peer lists; default 2 048). */
  maxRequestsPerPeer: z.number().int().positive().default(2048),
  /** Most requests open to all peers (default 8 192). */
  maxRequests: z.number().int().positive().default(8192),
  /** Disconnect a peer whose send buffer has stayed full for this long, a slow reader (default 30 000 ms). */

  slowReaderTimeoutMs: ms.default(30_000),
  /** Messages from greylisted peers waiting to be served last; more are dropped (default 1 000). */
  greylistQueueMax: z.number().int().positive().default(1000),
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
  /** Block sync: window, ranges, buffers, timeouts, rates (defaults in src/protocols/blocksync/config.ts). */
  blockSync: BlockSyncConfigSchema.prefault({}),
  /** pino log level (default "info"). */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')
}).strict()

/** Options as a user writes them (everything but chainId optional). */
export type NodeConfigInput = z.input<typeof NodeConfigSchema>
/** Options with every default filled in. */
export type NodeConfig = z.output<typeof NodeConfigSchema>

/** Validate options and fill in defaults. Throws ConfigError listing every problem. */
export function parseNodeConfig (input: unknown): NodeConfig {
  const result = NodeConfigSchema.safeParse(input)
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
    throw new ConfigError(ErrorCodes.INVALID_CONFIG, `invalid configuration: ${problems}`)
  }
  return result.data
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
