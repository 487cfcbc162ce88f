// The node side of the testnet, through the CLI on 127.0.0.1 (no root needed): a
// reference-chain node started with --testnet-agent reports up, candidate, final and
// stats events on stdout with times of the machine's monotonic clock, and exits when its
// stdin ends; --testnet-fuzz puts the fuzzed-connection wrapper on its TCP connections
// (a peer measures the delay in its ping RTT), and a command on stdin changes it live.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CliNode, CLI_MAIN, eventually, getJson, runCli } from '../helpers/cli.js'
import { tempDir } from '../chain/helpers.js'
import { monoMs } from '../../src/cli/testnet/events.js'

function events (node: CliNode): Array<Record<string, any>> {
  return node.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, any>)
}

test('a chain node with --testnet-agent reports its blocks on the shared monotonic clock and stops when stdin ends', { timeout: 90_000 }, async () => {
  const home = await tempDir('kuber-agent-')
  assert.equal(spawnSync(process.execPath, ['--import', 'tsx', CLI_MAIN, 'init', '--home', home, '--chain-id', 'agent-net', '--validators', '1', '--base-port', '0', '--block-interval-ms', '100'], { encoding: 'utf8' }).status, 0)
  const node = new CliNode(['start', '--home', join(home, 'node0'), '--genesis', join(home, 'genesis.json'), '--listen', '127.0.0.1:0', '--rpc', 'off', '--api', 'off', '--log-level', 'warn', '--testnet-agent'], { stdio: ['pipe', 'pipe', 'pipe'] })
  try {
    await eventually(() => events(node).filter((e) => e.e === 'final').length >= 3 && events(node).some((e) => e.e === 'stats'), 60_000, 'three final blocks and a stats line')
    const all = events(node)
    const up = all.find((e) => e.e === 'up')!
    assert.match(up.peer_id, /^[0-9a-f]{64}$/)
    assert.equal(up.height, 0)
    const finals = all.filter((e) => e.e === 'final')
    assert.deepEqual(finals.slice(0, 3).map((f) => f.h), [1, 2, 3])
    assert.match(finals[0].app_hash, /^[0-9a-f]{64}$/)
    const proposed = all.filter((e) => e.e === 'candidate' && e.from === null)
    assert.ok(proposed.length >= 3, 'a lone validator proposes every block itself')
    assert.ok(proposed[0].t <= finals[0].t, 'proposed before final')
    assert.ok(Math.abs(finals.at(-1)!.t - monoMs()) < 30_000, 'times are this machine\'s monotonic clock, the same in every process')
    const stats = all.find((e) => e.e === 'stats')!
    assert.ok(typeof stats.loop_p99_ms === 'number' && typeof stats.bytes_out === 'number')
    node.child.stdin!.end()
    assert.equal(await node.stop('SIGCONT'), 0, 'stdin closed: it stops by itself, cleanly')
  } finally {
    await node.stop('SIGKILL')
  }
})

test('--testnet-fuzz delays what the node sends (a peer sees it in its ping RTT), a stdin command changes it, a bad value is refused', { timeout: 90_000 }, async () => {
  const bad = await runCli(['start', '--home', await tempDir('kuber-fuzz-'), '--chain-id', 'fuzz-net', '--testnet-fuzz', '30/5'], { timeoutMs: 30_000 })
  assert.equal(bad.status, 1)
  assert.match(bad.stderr, /--testnet-fuzz: got "30\/5", expected DELAY_MS\/JITTER_MS\/LOSS/)

  const slow = new CliNode(['start', '--home', await tempDir('kuber-fuzz-'), '--chain-id', 'fuzz-net', '--listen', '127.0.0.1:0', '--rpc', 'off', '--log-level', 'info', '--testnet-agent', '--testnet-fuzz', '400/0/0'], { stdio: ['pipe', 'pipe', 'pipe'] })
  const watcherHome = await tempDir('kuber-fuzz-')
  await writeFile(join(watcherHome, 'config.json'), JSON.stringify({ pingIntervalMs: 300, tickMs: 100 }))
  let watcher: CliNode | undefined
  try {
    const a = await slow.started()
    watcher = new CliNode(['start', '--home', watcherHome, '--chain-id', 'fuzz-net', '--listen', '127.0.0.1:0', '--rpc', '127.0.0.1:0', '--peers', `${a.peerId}@${a.p2p}`, '--log-level', 'warn'])
    const b = await watcher.started()
    const rtt = async (): Promise<number | null> => ((await getJson(`${b.rpc!}/p2p/peers`)).peers as Array<{ rtt_ms: number | null }>)[0]?.rtt_ms ?? null
    await eventually(async () => ((await rtt()) ?? 0) >= 400, 30_000, 'an RTT of at least the 400 ms the wrapper adds')
    slow.child.stdin!.write(JSON.stringify({ fuzz: { delay_ms: 0, jitter_ms: 0, loss: 0 } }) + '\n')
    await slow.waitFor(/wrapper settings changed/, 10_000)
    await eventually(async () => ((await rtt()) ?? 1000) < 200, 30_000, 'the RTT back near zero once the delay is lifted')
  } finally {
    await watcher?.stop()
    await slow.stop()
  }
})
