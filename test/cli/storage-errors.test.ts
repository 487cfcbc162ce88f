// Peer store failures through the real binary: a second node on the same home, a store the
// node's user cannot write, and a corrupted peerstore/CURRENT. Each message says which
// path, why and what to do; a corrupt store is moved aside and the node starts afresh.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CliNode, runCli } from '../helpers/cli.js'

const START = ['--chain-id', 'c', '--listen', '127.0.0.1:0', '--rpc', 'off', '--log-level', 'info']

test('a second node on the same home is refused: the store is locked by another process', async () => {
  const home = await mkdtemp(join(tmpdir(), 'kuber-store-'))
  const first = new CliNode(['start', '--home', home, ...START])
  try {
    await first.started()
    const second = await runCli(['start', '--home', home, ...START])
    assert.equal(second.status, 1)
    assert.match(second.stderr, new RegExp(`STORE_LOCKED: peer store ${join(home, 'peerstore')} is locked by another process: another kuber-p2p node is probably running with this home; stop it, or give this node its own --home`))
    assert.doesNotMatch(second.stderr, /Database failed to open/)
  } finally {
    assert.equal(await first.stop(), 0, first.stderr)
    await rm(home, { recursive: true, force: true })
  }
})

/** Root writes anywhere: as root the node runs without the capability to ignore file modes. */
const NO_DAC_OVERRIDE = ['setpriv', '--bounding-set', '-dac_override,-dac_read_search', '--inh-caps', '-dac_override,-dac_read_search', '--']

test('a peer store the node cannot write: permission denied, with the path and the fix', async (t) => {
  const asRoot = process.getuid?.() === 0
  if (asRoot && spawnSync(NO_DAC_OVERRIDE[0]!, [...NO_DAC_OVERRIDE.slice(1), 'true']).status !== 0) {
    t.skip('running as root without setpriv: file modes cannot stop root')
    return
  }
  const home = await mkdtemp(join(tmpdir(), 'kuber-store-'))
  try {
    assert.equal((await runCli(['keygen', '--home', home])).status, 0)
    const store = join(home, 'peerstore')
    await mkdir(store, { mode: 0o500 })
    const r = await runCli(['start', '--home', home, ...START], asRoot ? { wrapper: NO_DAC_OVERRIDE } : {})
    assert.equal(r.status, 1, r.stderr)
    assert.match(r.stderr, new RegExp(`STORE_PERMISSION_DENIED: cannot open peer store ${store}: permission denied \\(.*Permission denied\\); make the directory writable by the user running the node`))
    await chmod(store, 0o700)
  } finally {
    await rm(home, { recursive: true, force: true })
  }
})

test('a corrupted peerstore/CURRENT: moved aside with a warning, the node starts with a fresh store', async () => {
  const home = await mkdtemp(join(tmpdir(), 'kuber-store-'))
  try {
    const once = new CliNode(['start', '--home', home, ...START])
    await once.started()
    assert.equal(await once.stop(), 0, once.stderr)
    await writeFile(join(home, 'peerstore', 'CURRENT'), Buffer.from([0xde, 0xad, 0xbe, 0xef]))

    const again = new CliNode(['start', '--home', home, ...START])
    try {
      await again.started()
      const warn = again.logs().find((l) => l.level === 40 && /peer store was corrupt/.test(String(l.msg)))
      assert.ok(warn !== undefined, again.stderr)
      assert.match(String(warn.reason), /corrupt/i)
      const aside = (await readdir(home)).filter((n) => n.startsWith('peerstore.corrupt-'))
      assert.equal(aside.length, 1)
      assert.equal(warn.movedTo, join(home, aside[0]!))
    } finally {
      assert.equal(await again.stop(), 0, again.stderr)
    }
    const third = new CliNode(['start', '--home', home, ...START])
    await third.started()
    assert.equal(await third.stop(), 0, third.stderr)
    assert.doesNotMatch(third.stderr, /corrupt/, 'the fresh store opens cleanly next time')
  } finally {
    await rm(home, { recursive: true, force: true })
  }
})
