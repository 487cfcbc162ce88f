// State sync settings (node config `stateSync: {...}`), with their defaults: how a fresh
// node finds and fetches a snapshot, and how often a serving application takes one.
import { z } from 'zod'
import { MAX_CHUNKS_PER_REQUEST } from '../../wire/bounds.js'

export { MAX_CHUNKS_PER_REQUEST }

/** Most chunk bytes (count × chunk_size) one StateSyncRequest may ask for. */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024

const ms = z.number().int().positive()

export const StateSyncConfigSchema = z.object({
  /** A fresh node whose application can restore a snapshot syncs by snapshot before blocks (default true). */
  enabled: z.boolean().default(true),
  /** Look for a snapshot this long before falling back to block sync from genesis (default 15 000 ms). */
  discoveryTimeoutMs: ms.default(15_000),
  /** Peers that must serve the same snapshot for it to be chosen (default 2). */
  minPeers: z.number().int().positive().default(2),
  /** Chunks asked for in one StateSyncRequest (default 16, at most 64). */
  requestChunks: z.number().int().positive().max(MAX_CHUNKS_PER_REQUEST).default(16),
  /** Chunk bytes (chunks × chunk size) requested from one peer and not yet applied (default 2 MiB). */
  maxBytesInFlightPerPeer: z.number().int().min(1024).default(2 * 1024 * 1024),
  /** First timeout of a request; later ones follow the peer's answer times, between a tenth and three times this (default 10 000 ms). */
  requestTimeoutMs: ms.default(10_000),
  /** Timed-out requests in a row after which a peer is not asked again in this sync (default 3). */
  maxPeerTimeouts: z.number().int().positive().default(3),
  /** Give a snapshot up when no chunk was applied for this long (default 30 000 ms). */
  stallTimeoutMs: ms.default(30_000),
  /** A progress log line this often while fetching (default 5 000 ms). */
  progressLogMs: ms.default(5000),
  /** Serving: the application takes a snapshot every this many blocks (0: none; default 100). */
  snapshotInterval: z.number().int().min(0).default(100),
  /** Serving: snapshots kept (default 2). */
  snapshotKeep: z.number().int().positive().max(16).default(2),
  /** Serving: target bytes of chunk data (default 16 KiB, spec §11; at most 512 KiB, so a chunk stays within the wire's 1 MiB). */
  chunkBytes: z.number().int().min(1024).max(512 * 1024).default(16 * 1024)
}).strict()

export type StateSyncConfig = z.output<typeof StateSyncConfigSchema>
