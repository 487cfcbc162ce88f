// The CLI's block sync progress when stderr is not a terminal: a log line every period while
// the node syncs (height, target, blocks/s, MB/s, peers), one more when it is done, then
// nothing while it follows gossip.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { showSyncProgress } from '../../src/cli/sync-progress.js'
import type { SyncStatus } from '../../src/index.js'

test('not on a terminal: a log line per period while syncing, one when done, none after', async () => {
  const lines: Array<Record<string, unknown>> = []
  const log = pino({ level: 'info' }, new Writable({ write (chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done() } }))
  let s: SyncStatus = { phase: 'sync', height: 100, target: 5000, peers: 3, blocksPerSecond: 850, bytesPerSecond: 3_100_000, inFlight: 4, bufferedBlocks: 10, bufferedBytes: 1000 }
  const progress = showSyncProgress(() => s, log, { tty: false, logEveryMs: 20 })
  const until = async (n: number): Promise<void> => { for (let i = 0; i < 500 && lines.length < n; i++) await new Promise((resolve) => setTimeout(resolve, 5)) }
  await until(2)
  assert.deepEqual({ ...lines[0], time: undefined, pid: undefined, hostname: undefined }, { level: 30, msg: 'block sync', height: 100, target: 5000, blocks_per_s: 850, mb_per_s: 3.1, peers: 3, time: undefined, pid: undefined, hostname: undefined })
  s = { ...s, phase: 'gossip', height: 5000 }
  const before = lines.length
  await until(before + 1)
  assert.equal(lines.at(-1)!.msg, 'block sync done: following gossip')
  const after = lines.length
  await new Promise((resolve) => setTimeout(resolve, 100))
  assert.equal(lines.length, after, 'quiet while following gossip')
  progress.stop()
})
