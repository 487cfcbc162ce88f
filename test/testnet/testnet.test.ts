// The testnet in Linux network namespaces (issue 15), through the CLI as an operator runs
// it, as root: a 5-host testnet with 20–50 ms of delay per link (ci-manifest.json: four
// validators, a node killed with SIGKILL and restarted, a host cut off for 10 s, a host
// that joins late, a pause, a raised latency and loss) runs for 45 s; every host reaches the
// same head and app_hash, blocks propagate within 200 ms (p99, over the blocks whose hosts
// the machine did not starve: each node reports its event-loop delay and CPU wait; where
// the machine is too loaded to tell, the test says by how much the p99 misses and only
// catches what the starvation cannot explain), the perturbed hosts are back at the head (the
// late one by block sync, or by snapshot once the node has state sync), loss is the
// kernel's where iptables works, and nothing is left behind. A run killed with SIGKILL is
// swept by `testnet --sweep`, which leaves a live run alone; Ctrl-C on that one cleans up
// too. Without root, the command says so. Where namespaces cannot be made the tests are
// skipped, saying why. CI runs them in its first suite run only (.ci/run sets
// KUBER_TESTNET=skip for the second, on Node 24: they test Linux networking and processes,
// not the Node version, and take about a minute and a half).
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CliNode, runCli, type CliResult } from '../helpers/cli.js'
import { tempDir } from '../chain/helpers.js'
import type { RunSummary } from '../../src/cli/testnet/summary.js'
import { netemArgs } from '../../src/cli/testnet/network.js'
import { nodeHasStateSync } from '../../src/cli/testnet/state-sync.js'

const MANIFEST = fileURLToPath(new URL('./ci-manifest.json', import.meta.url))
const MANIFEST_SNAPSHOT_INTERVAL = (JSON.parse(readFileSync(MANIFEST, 'utf8')) as { snapshot_interval: number }).snapshot_interval
/** Propagation target (spec §10). */
const TARGET_P99_MS = 200
/** Blocks with no starved host needed to judge propagation on its own. */
const MIN_FAIR_SAMPLES = 10

function unavailable (): string | undefined {
  if (process.env.KUBER_TESTNET === 'skip') return 'KUBER_TESTNET=skip (.ci/run runs the testnet tests in its first suite run only)'
  if (process.platform !== 'linux') return 'network namespaces are Linux only'
  if (process.getuid?.() !== 0) return 'making network namespaces needs root'
  const probe = `ktprobe${process.pid}`
  const add = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' })
  if (add.status !== 0) return `network namespaces cannot be made here: ${(add.stderr ?? add.error?.message ?? '').trim()}`
  spawnSync('ip', ['netns', 'del', probe])
  return undefined
}
const skip = unavailable()
if (skip !== undefined) process.stdout.write(`# testnet tests skipped: ${skip}\n`)

/** What is left of run `prefix`: namespaces, links, processes naming it. */
function leftovers (prefix: string): string[] {
  const netns = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.startsWith(`${prefix}-`))
  const links = spawnSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.includes(` ${prefix}-`))
  const ps = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).flatMap((p) => {
    try {
      const args = readFileSync(`/proc/${p}/cmdline`, 'utf8').replaceAll('\0', ' ')
      return args.includes(`kuber-testnet-${prefix}-`) ? [`process ${p}: ${args}`] : []
    } catch {
      return []
    }
  })
  return [...netns, ...links, ...ps, ...(existsSync(`/run/kuber-testnet/${prefix}.json`) ? ['its registry entry'] : [])]
}

const prefixOf = (stderr: string): string | undefined => /testnet +[\d.]+ s: (kt[0-9a-f]{6}):/.exec(stderr)?.[1]

describe('a 5-host testnet in network namespaces, 20–50 ms per link, with perturbations', { skip }, () => {
  let result: CliResult
  let summary: RunSummary
  let logs: string
  let dir: string
  before(async () => {
    dir = await tempDir('kuber-testnet-test-')
    logs = join(dir, 'logs')
    result = await runCli(['testnet', '--manifest', MANIFEST, '--out', join(dir, 'summary.json'), '--logs', logs], { timeoutMs: 300_000 })
    process.stdout.write(result.stdout.split('\n').map((l) => `# ${l}\n`).join(''))
    if (existsSync(join(dir, 'summary.json'))) summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as RunSummary
  }, { timeout: 320_000 })
  after(async () => {
    const prefix = prefixOf(result?.stderr ?? '')
    if (prefix !== undefined && leftovers(prefix).length > 0) await runCli(['testnet', '--sweep'], { timeoutMs: 60_000 }) // after a failure: do not leave it to the next run
    // the summary and the nodes' logs are kept for a run that failed (the failure names the folder)
    if (result?.status === 0 && summary?.converged.all_equal) await rm(dir, { recursive: true, force: true })
  })

  test('the run completes and every host reaches the same head and app_hash', () => {
    assert.equal(result.status, 0, `exit ${result.status}\n${result.stderr.slice(-4000)}\n${result.stdout}\nlogs: ${logs}`)
    assert.ok(summary.converged.all_equal, summary.converged.detail)
    assert.equal(summary.hosts.length, 5)
    assert.ok(summary.converged.height! >= 20, `a chain of ${summary.converged.height} blocks`)
    for (const h of summary.hosts) assert.ok(h.height >= summary.converged.height!, `h${h.host} at ${h.height}`)
    assert.ok(summary.blocks.txs > 0 && summary.load.accepted > 0, 'transactions were carried')
    assert.equal(summary.run.impairment === 'wrapper' || summary.run.impairment === 'netem', true)
  })

  test('blocks reach every host within 200 ms (p99), measured where the machine did not starve the nodes', (t) => {
    const all = summary.blocks.propagation_ms
    const fair = summary.blocks.propagation_unstarved_ms
    const loop = summary.event_loop_delay_ms.p99
    const cpuWait = summary.cpu_wait_ms.p99
    assert.ok(all.samples >= 15, `${all.samples} blocks measured with every steady host`)
    assert.equal(summary.blocks.missing_copies, 0, 'every steady host had every block')
    const minDelay = Math.min(...summary.hosts.map((h) => h.link.delayMs))
    assert.ok(all.p50 >= minDelay, `propagation p50 ${all.p50} ms: below the ${minDelay} ms every link delays, so the delay (${summary.run.impairment}) was not in effect`)
    t.diagnostic(`propagation p50 ${all.p50} ms, p99 ${all.p99} ms, max ${all.max} ms over ${all.samples} blocks; over the ${fair.samples} with no host starved: p99 ${fair.p99} ms; nodes' event-loop delay p99 ${loop} ms, CPU wait p99 ${cpuWait} ms a second; load average ${summary.run.load_average.start} → ${summary.run.load_average.end} on ${summary.run.cores} cores`)
    if (all.p99 <= TARGET_P99_MS) return
    const miss = (p99: number): string => `p99 ${p99} ms misses the ${TARGET_P99_MS} ms target by ${Math.round(p99 - TARGET_P99_MS)} ms`
    t.diagnostic(`over all blocks, ${miss(all.p99)} (the nodes' event loops ran up to ${loop} ms late at p99, and they waited up to ${cpuWait} ms a second for a CPU)`)
    if (fair.samples >= MIN_FAIR_SAMPLES) {
      assert.ok(fair.p99 <= TARGET_P99_MS, `over the ${fair.samples} blocks whose hosts were not starved, ${miss(fair.p99)}: the network is slow, not the machine`)
      return
    }
    // too few blocks where the machine let the nodes run: say so, and only catch a protocol that is broken outright
    t.diagnostic(`only ${fair.samples} blocks had no starved host: the machine was too loaded to measure propagation`)
    const starvation = Math.max(loop, cpuWait)
    assert.ok(all.p99 <= TARGET_P99_MS + 5 * starvation, `${miss(all.p99)}, more than the nodes' starvation (event-loop delay p99 ${loop} ms, CPU wait p99 ${cpuWait} ms a second) can explain`)
  })

  test('a node killed with SIGKILL restarts from its stored chain and catches up', () => {
    const kill = summary.perturbations.find((p) => p.kind === 'kill')!
    assert.equal(summary.hosts[kill.host]!.restarts, 1)
    assert.ok((kill.resumed_height ?? 0) > 0, `resumed from stored height ${kill.resumed_height}`)
    assert.notEqual(kill.back_at_head_ms, null, 'back at the head')
  })

  test('a host cut off for 10 s rejoins and catches up', () => {
    const cut = summary.perturbations.find((p) => p.kind === 'disconnect')!
    assert.equal(cut.for, 10)
    assert.notEqual(cut.back_at_head_ms, null, 'back at the head')
  })

  test('a paused host and a host with raised latency and loss are back at the head', () => {
    for (const kind of ['pause', 'impair'] as const) assert.notEqual(summary.perturbations.find((p) => p.kind === kind)!.back_at_head_ms, null, kind)
  })

  test('loss is real packet loss in the kernel (iptables), only of the host whose loss was raised', (t) => {
    if (summary.run.loss_by !== 'iptables') {
      t.skip(`loss by ${summary.run.loss_by}: ${summary.run.impairment_note}`)
      return
    }
    const impaired = summary.perturbations.find((p) => p.kind === 'impair')!.host
    for (const h of summary.hosts) {
      if (h.host === impaired) assert.ok(h.packets_dropped! > 0, `h${h.host}'s packets at 10 % loss for 4 s: ${h.packets_dropped} dropped`)
      else assert.equal(h.packets_dropped, 0, `h${h.host} has no loss`)
    }
  })

  test('a host added late catches up (by block sync where the node has no state sync)', () => {
    const join = summary.perturbations.find((p) => p.kind === 'join')!
    assert.notEqual(join.back_at_head_ms, null, 'back at the head')
    assert.ok(summary.hosts[join.host]!.height >= summary.converged.height!)
    assert.equal(summary.run.state_sync, nodeHasStateSync())
    if (summary.run.state_sync) return
    assert.equal(join.synced_by, 'blocks')
    assert.ok(join.blocks_by_sync >= 10, `the late host made ${join.blocks_by_sync} blocks final by block sync`)
  })

  test('a host added late syncs by snapshot', { skip: nodeHasStateSync() ? undefined : 'this build\'s node has no state sync (no stateSync config, issue 12): the late host catches up by block sync, checked above' }, () => {
    const join = summary.perturbations.find((p) => p.kind === 'join')!
    assert.equal(summary.run.state_sync, true)
    assert.equal(join.synced_by, 'snapshot', summary.run.state_sync_note)
    assert.ok((join.snapshot_height ?? 0) >= MANIFEST_SNAPSHOT_INTERVAL, `restored the snapshot of height ${join.snapshot_height}`)
  })

  test('nothing is left behind: no namespace, link, process or file of the run', () => {
    assert.deepEqual(summary.left_behind, { netns: [], links: [], processes: [] })
    const prefix = summary.run.prefix
    assert.equal(prefixOf(result.stderr), prefix)
    assert.deepEqual(leftovers(prefix), [])
  })
})

test('the netem settings the harness uses are valid tc syntax, and a kernel without netem is told apart', { skip }, () => {
  const ns = `ktnetem${process.pid}`
  assert.equal(spawnSync('ip', ['netns', 'add', ns]).status, 0)
  try {
    for (const s of [{ delayMs: 20, jitterMs: 5, loss: 0 }, { delayMs: 150, jitterMs: 0, loss: 0.02 }]) {
      const r = spawnSync('tc', ['-n', ns, 'qdisc', 'replace', 'dev', 'lo', 'root', 'handle', '1:', ...netemArgs(s, '20mbit')], { encoding: 'utf8' })
      // tc parses netem's options itself before asking the kernel: a kernel without netem refuses only the kind
      if (r.status !== 0) assert.match(r.stderr, /Specified qdisc kind is unknown/, `tc refused ${JSON.stringify(s)}: ${r.stderr}`)
    }
    const bad = spawnSync('tc', ['-n', ns, 'qdisc', 'replace', 'dev', 'lo', 'root', 'handle', '1:', ...netemArgs({ delayMs: 20, jitterMs: 5, loss: 0 }, '20mbitx')], { encoding: 'utf8' })
    assert.notEqual(bad.status, 0)
    assert.doesNotMatch(bad.stderr, /Specified qdisc kind is unknown/, 'a syntax error is not taken for a missing netem')
  } finally {
    spawnSync('ip', ['netns', 'del', ns])
  }
})

test('a run killed with SIGKILL leaves its hosts; testnet --sweep removes them and leaves live runs alone; Ctrl-C while the nodes start removes everything and exits 130', { skip, timeout: 120_000 }, async () => {
  const crashed = new CliNode(['testnet', '--hosts', '2', '--seconds', '60', '--tx-rate', '0'])
  const live = new CliNode(['testnet', '--hosts', '2', '--seconds', '60', '--tx-rate', '0'])
  try {
    const dead = (await crashed.waitFor(/: (kt[0-9a-f]{6}): .*\n.*seed up/, 60_000))[1]!
    const alive = (await live.waitFor(/: (kt[0-9a-f]{6}): .*\n.*seed up/, 60_000))[1]!
    crashed.child.kill('SIGKILL')
    await crashed.stop('SIGKILL')
    assert.ok(leftovers(dead).length > 0, 'a crashed run leaves its hosts behind')
    const sweep = await runCli(['testnet', '--sweep'], { timeoutMs: 60_000 })
    assert.equal(sweep.status, 0, sweep.stderr)
    assert.match(sweep.stdout, new RegExp(`swept .*${dead}`))
    assert.deepEqual(leftovers(dead), [])
    assert.ok(leftovers(alive).length > 0, 'a live run is not swept')
    live.child.kill('SIGINT')
    assert.equal(await live.stop('SIGCONT'), 130, live.stderr)
    assert.match(live.stderr, /SIGINT: stopping the testnet/)
    assert.deepEqual(leftovers(alive), [], 'Ctrl-C leaves nothing')
  } finally {
    await crashed.stop('SIGKILL')
    await live.stop('SIGKILL')
  }
})

test('without root the testnet says it needs root and exits 1', { skip: process.platform !== 'linux' ? 'Linux only' : undefined, timeout: 60_000 }, async () => {
  const asRoot = process.getuid?.() === 0
  const wrapper = asRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'] : []
  if (asRoot && spawnSync('setpriv', ['--version']).status !== 0) return
  const r = await runCli(['testnet', '--hosts', '2', '--seconds', '5'], { wrapper, timeoutMs: 60_000, env: { ...process.env, HOME: '/tmp' } })
  assert.equal(r.status, 1, r.stderr)
  assert.match(r.stderr, /testnet needs root: it makes network namespaces/)
})
