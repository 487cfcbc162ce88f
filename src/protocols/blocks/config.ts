// Block relay settings (node config `blocks: {...}`), with their defaults.
import { z } from 'zod'
import { MAX_FRAME_BYTES } from '../../wire/frame.js'

export const BlockConfigSchema = z.object({
  /** Send blocks as CompactBlock to peers that relay compact blocks and keep a mempool (default true). */
  compactRelay: z.boolean().default(true),
  /** Give up rebuilding a compact block whose missing transactions have not come after this long (default 2 000 ms). */
  compactTimeoutMs: z.number().int().positive().default(2000),
  /** How long requestBlock waits for a BlockResponse (default 5 000 ms). */
  requestTimeoutMs: z.number().int().positive().default(5000),
  /** Recent blocks kept to answer GetBlockTxs (default 64). */
  recentBlocks: z.number().int().positive().default(64),
  /** Invalid blocks after which a peer gets score 0 and is disconnected (default 2, spec §13 rule 2). */
  maxInvalidBlocks: z.number().int().positive().default(2),
  /** Bytes of BlockResponses served to one peer per second; beyond it (after the burst) requests get an empty answer (default 8 MiB/s). */
  maxServedBytesPerPeerPerSecond: z.number().int().positive().default(8 * 1024 * 1024),
  /** Bytes served to one peer at once above that rate, at least one largest frame (default 16 MiB). */
  servedByteBurstPerPeer: z.number().int().min(MAX_FRAME_BYTES).default(16 * 1024 * 1024)
}).strict()

export type BlockConfig = z.output<typeof BlockConfigSchema>
