// Structured logs (pino). One root logger per process; each node logs through a child
// that carries its short PeerID.
import { pino, type Logger } from 'pino'

export type { Logger }

/** A JSON logger to stderr at `level` (pino levels, or "silent"). */
export function createLogger (level: string): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2))
}
