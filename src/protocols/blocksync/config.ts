// Block sync settings (node config `blockSync: {...}`), with their defaults.
import { z } from 'zod'
import { MAX_RANGE_BLOCKS } from '../../wire/codecs.js'
import { MAX_FRAME_BYTES } from '../../wire/frame.js'

/** Room left in a range answer's frame for its commit and other fields. */
export const RANGE_FRAME_SLACK = 64 * 1024
const positive = z.number().int().positive()

export const BlockSyncConfigSchema = z.object({
  /** Heights fetched ahead of the apply point (default 1 024, Bitcoin Core's window). */
  windowBlocks: positive.max(65_536).default(1024),
  /** Most blocks asked for in one range request (default 256). */
  rangeBlocks: positive.max(MAX_RANGE_BLOCKS).default(256),
  /** Bytes of blocks asked for in one range request, BlockRequest.max_bytes (default 1 MiB). */
  rangeBytes: positive.max(MAX_FRAME_BYTES - RANGE_FRAME_SLACK).default(1024 * 1024),
  /** Range requests in flight to one peer (default 4; one after a failure). */
  maxRequestsPerPeer: positive.max(64).default(4),
  /** Bytes of fetched blocks held ahead of the apply point, plus bytes reserved by requests in flight (default 64 MiB). */
  maxBufferedBytes: positive.default(64 * 1024 * 1024),
  /** First wait for a range answer; afterwards each peer's timeout follows its answer times (default 10 000 ms). */
  requestTimeoutMs: positive.default(10_000),
  /** Bounds of the adaptive request timeout and of the stall timeout (defaults 2 000 and 64 000 ms, Bitcoin Core's). */
  minTimeoutMs: positive.default(2000),
  maxTimeoutMs: positive.default(64_000),
  /** A peer that delivers fewer blocks per second than this while asked (measured over rateWindowMs of asking) is dropped (default 1). */
  minBlocksPerSecond: z.number().nonnegative().default(1),
  rateWindowMs: positive.default(10_000),
  /** SYNC while more than this many blocks behind the best peer, GOSSIP within it (default 2). */
  gossipWithinBlocks: z.number().int().nonnegative().default(2),
  /** In GOSSIP, a peer claims more blocks and none came for this long: fetch them (default 3 000 ms). */
  catchUpAfterMs: positive.default(3000),
  /** Ask every peer for its BlockStatus this often (default 5 000 ms). */
  statusIntervalMs: positive.default(5000),
  /** Gossiped blocks kept while the chain is not yet at their height (defaults 128 blocks, 16 MiB). */
  maxStashBlocks: positive.default(128),
  maxStashBytes: positive.default(16 * 1024 * 1024),
  /** A height refused this many times (each time from another peer) stops block sync: our own state is suspect (default 3). */
  maxProcessingFailures: positive.default(3),
  /** Serving: BlockRequests of one peer being answered at once (default 16; more: a busy answer). Bytes per peer: blocks.maxServedBytesPerPeerPerSecond. */
  maxServingPerPeer: positive.default(16)
}).strict().refine((c) => c.minTimeoutMs <= c.maxTimeoutMs, 'minTimeoutMs must not exceed maxTimeoutMs')

export type BlockSyncConfig = z.output<typeof BlockSyncConfigSchema>
