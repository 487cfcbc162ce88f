// Sync progress for `kuber-p2p start --genesis`: while the node restores a snapshot (state
// sync: chunks done/total, MB/s, time left, peers serving) and then while it is in block
// sync (height/target, blocks/s, MB/s, peers), a progress bar on a terminal (cli-progress);
// when stderr is not a terminal, a block sync log line every few seconds (state sync logs
// its own). Quiet once the node follows gossip.
import { Presets, SingleBar } from 'cli-progress'
import type { Logger } from 'pino'
import type { StateSyncStatus, SyncStatus } from '../index.js'

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
  /** State sync's status: a bar of its own while it fetches chunks. */
  stateSync?: () => StateSyncStatus
}

/** One kind of long work the bar shows. */
interface Stage {
  readonly format: string
  /** Undefined when this stage's work is not under way. */
  read(): { value: number, total: number, payload: Record<string, string | number> } | undefined
  /** Off a terminal: the fields of a log line while under way (or once it ended, `done`), if this stage logs. */
  logLine?(done: boolean): void
}

export function showSyncProgress (status: () => SyncStatus, log: Logger, options: SyncProgressOptions = {}): SyncProgress {
  const tty = options.tty ?? process.stderr.isTTY
  const stages: Stage[] = []
  if (options.stateSync !== undefined) stages.push(stateSyncStage(options.stateSync))
  stages.push(blockSyncStage(status, log))
  const bars = new Map<Stage, SingleBar>()
  const was = new Set<Stage>()
  const tick = (): void => {
    for (const stage of stages) {
      const now = stage.read()
      if (!tty) {
        if (now !== undefined || was.has(stage)) stage.logLine?.(now === undefined)
      } else {
        let bar = bars.get(stage)
        if (now !== undefined && bar === undefined) {
          bar = new SingleBar({ format: stage.format, stream: process.stderr, hideCursor: true }, Presets.shades_classic)
          bar.start(now.total, now.value, now.payload)
          bars.set(stage, bar)
        } else if (bar !== undefined && now !== undefined) {
          bar.setTotal(Math.max(now.total, now.value))
          bar.update(now.value, now.payload)
        } else if (bar !== undefined) {
          bar.stop()
          bars.delete(stage)
        }
      }
      if (now !== undefined) was.add(stage)
      else was.delete(stage)
    }
  }
  const timer = setInterval(tick, tty ? BAR_REFRESH_MS : options.logEveryMs ?? LOG_EVERY_MS) // allow-nondeterminism: terminal refresh of the CLI progress, not protocol code
  timer.unref()
  return {
    stop: () => {
      clearInterval(timer)
      for (const bar of bars.values()) bar.stop()
    }
  }
}

function blockSyncStage (status: () => SyncStatus, log: Logger): Stage {
  const payload = (s: SyncStatus): Record<string, string | number> => ({ bps: s.blocksPerSecond.toFixed(0), mbps: (s.bytesPerSecond / 1e6).toFixed(1), peers: s.peers })
  return {
    format: 'block sync [{bar}] {value}/{total} | {bps} blocks/s | {mbps} MB/s | {peers} peers',
    read: () => {
      const s = status()
      return s.phase === 'sync' ? { value: s.height, total: s.target, payload: payload(s) } : undefined
    },
    logLine: (done) => {
      const s = status()
      const p = payload(s)
      log.info({ height: s.height, target: s.target, blocks_per_s: Number(p.bps), mb_per_s: Number(p.mbps), peers: s.peers }, done ? 'block sync done: following gossip' : 'block sync')
    }
  }
}

function stateSyncStage (status: () => StateSyncStatus): Stage {
  return {
    format: 'state sync (snapshot {height}) [{bar}] {value}/{total} chunks | {mbps} MB/s | {left} left | {peers} peers',
    read: () => {
      const s = status()
      if (s.phase !== 'fetching') return undefined
      return { value: s.chunks_done, total: s.chunks_total, payload: { mbps: s.mb_per_s.toFixed(1), left: s.eta_s === null ? '?' : `${s.eta_s} s`, peers: s.peers_serving, height: s.snapshot?.height ?? 0 } }
    }
  }
}
