// Block sync progress for `kuber-p2p start --genesis`: while the node is in SYNC, a
// progress bar on a terminal (height/target, blocks/s, MB/s, peers; cli-progress), or a log
// line every few seconds when stderr is not a terminal. Quiet once the node follows gossip.
import { Presets, SingleBar } from 'cli-progress'
import type { Logger } from 'pino'
import type { SyncStatus } from '../index.js'

const BAR_REFRESH_MS = 250
const LOG_EVERY_MS = 5000

export interface SyncProgress {
  stop(): void
}

export interface SyncProgressOptions {
  /** Draw a bar (default: stderr is a terminal); else log lines. */
  tty?: boolean
  /** Log line period when not a terminal (default 5 000 ms). */
  logEveryMs?: number
}

export function showSyncProgress (status: () => SyncStatus, log: Logger, options: SyncProgressOptions = {}): SyncProgress {
  const tty = options.tty ?? process.stderr.isTTY
  let bar: SingleBar | undefined
  let wasSyncing = false
  const payload = (s: SyncStatus): Record<string, string | number> => ({
    bps: s.blocksPerSecond.toFixed(0),
    mbps: (s.bytesPerSecond / 1e6).toFixed(1),
    peers: s.peers
  })
  const tick = (): void => {
    const s = status()
    const syncing = s.phase === 'sync'
    if (tty) {
      if (syncing && bar === undefined) {
        bar = new SingleBar({ format: 'block sync [{bar}] {value}/{total} | {bps} blocks/s | {mbps} MB/s | {peers} peers', stream: process.stderr, hideCursor: true }, Presets.shades_classic)
        bar.start(s.target, s.height, payload(s))
      } else if (bar !== undefined) {
        bar.setTotal(Math.max(s.target, s.height))
        bar.update(s.height, payload(s))
        if (!syncing) {
          bar.stop()
          bar = undefined
        }
      }
    } else if (syncing || wasSyncing) {
      const p = payload(s)
      log.info({ height: s.height, target: s.target, blocks_per_s: Number(p.bps), mb_per_s: Number(p.mbps), peers: s.peers }, syncing ? 'block sync' : 'block sync done: following gossip')
    }
    wasSyncing = syncing
  }
  const timer = setInterval(tick, tty ? BAR_REFRESH_MS : options.logEveryMs ?? LOG_EVERY_MS)
  timer.unref()
  return {
    stop: () => {
      clearInterval(timer)
      bar?.stop()
    }
  }
}
