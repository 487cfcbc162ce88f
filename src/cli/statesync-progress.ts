// State sync progress for `kuber-p2p start --genesis` on a terminal: while a snapshot is
// fetched, a progress bar (chunks done/total, MB/s, time left, peers serving; cli-progress).
// Off a terminal the node logs a progress line every few seconds itself.
import { Presets, SingleBar } from 'cli-progress'
import type { StateSyncStatus } from '../index.js'

const BAR_REFRESH_MS = 250

export interface StateSyncBar {
  stop(): void
}

export function showStateSyncBar (status: () => StateSyncStatus, stream: NodeJS.WriteStream = process.stderr): StateSyncBar {
  let bar: SingleBar | undefined
  const payload = (s: StateSyncStatus): Record<string, string | number> => ({
    mbps: s.mb_per_s.toFixed(1),
    left: s.eta_s === null ? '?' : `${s.eta_s} s`,
    peers: s.peers_serving,
    height: s.snapshot?.height ?? 0
  })
  const tick = (): void => {
    const s = status()
    if (s.phase === 'fetching' && bar === undefined) {
      bar = new SingleBar({ format: 'state sync (snapshot {height}) [{bar}] {value}/{total} chunks | {mbps} MB/s | {left} left | {peers} peers', stream, hideCursor: true }, Presets.shades_classic)
      bar.start(s.chunks_total, s.chunks_done, payload(s))
    } else if (bar !== undefined) {
      bar.setTotal(s.chunks_total)
      bar.update(s.chunks_done, payload(s))
      if (s.phase !== 'fetching') {
        bar.stop()
        bar = undefined
      }
    }
    if (s.phase === 'done' || s.phase === 'failed') stop()
  }
  const timer = setInterval(tick, BAR_REFRESH_MS)
  timer.unref()
  const stop = (): void => {
    clearInterval(timer)
    bar?.stop()
    bar = undefined
  }
  return { stop }
}
