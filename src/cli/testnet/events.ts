// What the testnet harness and the processes it runs say to each other: one JSON object
// per line, node and load processes' events on their stdout, the harness's commands on
// their stdin. Times are milliseconds of CLOCK_MONOTONIC (process.hrtime), one clock for
// every process of the machine whatever its network namespace, so the harness compares
// the times at which different hosts saw a block.
import type { Readable } from 'node:stream'
import { createInterface } from 'node:readline'

/** CLOCK_MONOTONIC in ms: comparable across the processes of one machine. */
export function monoMs (): number {
  return Number(process.hrtime.bigint()) / 1e6
}

/** A node's traffic counters (all peers, since the process started). */
export interface Traffic { msgs_in: number, msgs_out: number, bytes_in: number, bytes_out: number }

export type NodeEvent =
  | { e: 'up', t: number, peer_id: string, height: number, listen: string[] }
  /** A valid block for the height being decided; `from` null when we proposed it. */
  | { e: 'candidate', t: number, h: number, hash: string, from: string | null }
  | { e: 'final', t: number, h: number, hash: string, app_hash: string, txs: number }
  /** Every second; loop_p99_ms and loop_max_ms: p99 and max of the event loop's delay over that second, cpu_wait_ms: how long its main thread waited for a CPU in it (how starved the process was); final_by_sync: blocks this process made final by block sync so far. */
  | ({ e: 'stats', t: number, h: number, peers: number, loop_p99_ms: number, loop_max_ms: number, cpu_wait_ms: number, final_by_sync: number } & Traffic)
  /** The node restored a snapshot (state sync) and continues from its height. */
  | { e: 'snapshot', t: number, h: number }

export interface LoadCounts { submitted: number, accepted: number, refused: number, failed: number }
export type LoadEvent = ({ e: 'load', t: number } & LoadCounts)

/** Commands on a node's stdin (the wrapper's settings) and on the load generator's (where to send). */
export type NodeCommand = { fuzz: { delay_ms: number, jitter_ms: number, loss: number } }
export type LoadCommand = { targets: string[] } | { stop: true }

/** Write one event line to stdout. */
export function emit (event: NodeEvent | LoadEvent): void {
  process.stdout.write(JSON.stringify(event) + '\n')
}

/** Call onLine with each JSON object on the stream (other lines are ignored), onEnd when it ends. */
export function readJsonLines (stream: Readable, onLine: (value: Record<string, unknown>) => void, onEnd?: () => void): void {
  const lines = createInterface({ input: stream, crlfDelay: Infinity })
  lines.on('line', (line) => {
    if (!line.startsWith('{')) return
    try {
      onLine(JSON.parse(line) as Record<string, unknown>)
    } catch {
      // a torn line from a process killed mid-write: ignored
    }
  })
  if (onEnd !== undefined) lines.on('close', onEnd)
}
