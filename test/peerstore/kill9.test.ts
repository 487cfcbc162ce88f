// Crash safety with a real process: a child writes to a LevelDB peer store and is killed
// with SIGKILL at an arbitrary moment, three times over the same directory. After each
// kill the store must open, and every record the child reported committed must be there,
// intact (spec §4: survives a kill -9 without corruption or loss of what was committed).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PeerStore } from '../../src/peerstore/peer-store.js'
import { LevelBackend } from '../../src/peerstore/backend.js'
import { VirtualClock } from '../../src/runtime/virtual-clock.js'
import { NOW, claim } from '../helpers/peers.js'
import { WRITER_LIMITS, writerAddress } from './fixtures/writer-records.js'

const WRITER = fileURLToPath(new URL('./fixtures/store-writer.ts', import.meta.url))

/** Run the writer from record `start`; SIGKILL it once it has committed `killAfter` more records. Returns the last committed index. */
async function writeThenKill (dir: string, start: number, killAfter: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, String(start)], { stdio: ['ignore', 'pipe', 'pipe'] })
  let committed = start - 1
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
  let buffered = ''
  child.stdout.on('data', (d: Buffer) => {
    buffered += d.toString()
    const lines = buffered.split('\n')
    buffered = lines.pop()!
    for (const line of lines) committed = Number(line.split(' ')[1])
    // kill in the middle of whatever the child is doing now: it never stops writing
    if (committed - start >= killAfter) child.kill('SIGKILL')
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
  const signal = await exited
  clearTimeout(timer)
  assert.equal(signal, 'SIGKILL', `writer should have been killed, stderr: ${stderr}`)
  assert.ok(committed - start >= killAfter, `writer committed only up to ${committed}: ${stderr}`)
  return committed
}

test('a store killed with SIGKILL while writing reopens with everything it had committed', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kuber-kill9-'))
  try {
    let next = 0
    for (const killAfter of [40, 400, 1500]) {
      const committed = await writeThenKill(dir, next, killAfter)
      const store = new PeerStore({ clock: new VirtualClock(NOW), backend: new LevelBackend(dir), limits: WRITER_LIMITS })
      await store.open()
      for (let i = 0; i <= committed; i++) {
        const c = claim(i, writerAddress(i))
        const p = store.book.get(c.peerId)
        assert.ok(p !== undefined, `record ${i} of ${committed} committed is missing`)
        assert.equal(p.address, c.address)
        assert.deepEqual(p.publicKey, c.publicKey)
        assert.equal(p.latestHeight, i)
      }
      const bans = new Set((await store.loadBans()).map((b) => b.peerId))
      for (let i = 0; i <= committed; i += 5) assert.ok(bans.has(claim(i, '').peerId), `ban ${i} missing`)
      // whatever else is there (written after the last report) is whole too: it decoded
      assert.ok(store.book.size >= committed + 1)
      next = store.book.size
      await store.close()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
