// Block relay settings (node config `blocks: {...}`), with their defaults.
import { z } from 'zod'

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
  maxInvalidBlocks: z.number().int().positive().default(2)
}).strict()

export type BlockConfig = z.output<typeof BlockConfigSchema>
