// `kuber-p2p testnet --hosts K --seconds T [--manifest FILE] [flags] --out summary.json`:
// a real multi-host testnet in Linux network namespaces (run.ts), which needs root. The
// manifest (manifest.ts) is read first and flags override it. Prints progress on stderr and
// the summary table on stdout; writes the JSON summary to --out. Exit 0 when every host
// reached the same head and nothing was left behind, 1 otherwise, 130 on Ctrl-C (after
// cleaning up; a second Ctrl-C exits at once and leaves the cleanup to a detached sweeper).
// `--sweep` only removes what earlier runs that died left behind.
import { writeFile } from 'node:fs/promises'
import { ConfigError, ErrorCodes } from '../../index.js'
import { loadManifest, parseManifest, parsePerturbationFlag, type ManifestInput } from './manifest.js'
import { sh, sweepStaleRuns } from './network.js'
import { runTestnet } from './run.js'
import { formatSummary } from './summary.js'

export interface TestnetFlags {
  hosts?: number
  seconds?: number
  manifest?: string
  out?: string
  validators?: number
  blockIntervalMs?: number
  txRate?: number
  bandwidth?: string
  delay?: string
  jitter?: number
  loss?: number
  impairment?: string
  lossBy?: string
  perturb?: string[]
  logs?: string
  sweep?: boolean
  afterPid?: number
}

/** Flags over the manifest file (perturbation flags are added to the manifest's). */
export async function manifestFromFlags (flags: TestnetFlags): Promise<ManifestInput> {
  const m: Record<string, unknown> = flags.manifest === undefined ? {} : { ...(await loadManifest(flags.manifest)) }
  const set = (key: string, value: unknown): void => { if (value !== undefined) m[key] = value }
  set('hosts', flags.hosts)
  set('seconds', flags.seconds)
  set('validators', flags.validators)
  set('block_interval_ms', flags.blockIntervalMs)
  set('tx_rate', flags.txRate)
  set('bandwidth', flags.bandwidth)
  set('jitter_ms', flags.jitter)
  set('loss', flags.loss)
  set('impairment', flags.impairment)
  set('loss_by', flags.lossBy)
  if (flags.delay !== undefined) {
    const d = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/.exec(flags.delay)
    if (d === null) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `--delay: got ${JSON.stringify(flags.delay)}, expected MS or MIN-MAX (e.g. 20-50)`)
    m.delay_ms = d[2] === undefined ? Number(d[1]) : [Number(d[1]), Number(d[2])]
  }
  if (flags.perturb !== undefined) m.perturbations = [...(m.perturbations as unknown[] | undefined ?? []), ...flags.perturb.map(parsePerturbationFlag)]
  return m as ManifestInput
}

async function waitForExit (pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs // allow-nondeterminism: CLI
  for (;;) {
    try {
      process.kill(pid, 0)
    } catch {
      return
    }
    if (Date.now() > deadline) return // allow-nondeterminism
    await new Promise((resolve) => setTimeout(resolve, 50)) // allow-nondeterminism
  }
}

async function requireRoot (): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new ConfigError(ErrorCodes.INVALID_CONFIG, 'testnet needs root: it makes network namespaces, veth pairs, a bridge and tc qdiscs (run it as root, e.g. with sudo)')
  }
  for (const tool of ['ip', 'tc']) {
    await sh(tool, ['-V']).catch(() => { throw new ConfigError(ErrorCodes.INVALID_CONFIG, `testnet needs the ${tool} command (iproute2: apt-get install iproute2)`) })
  }
}

export async function testnetCommand (flags: TestnetFlags): Promise<void> {
  await requireRoot()
  if (flags.sweep === true) {
    if (flags.afterPid !== undefined) await waitForExit(flags.afterPid, 30_000)
    const swept = await sweepStaleRuns()
    process.stdout.write(swept.length === 0 ? 'nothing to sweep\n' : `swept ${swept.join(', ')}\n`)
    return
  }
  const manifest = parseManifest(await manifestFromFlags(flags))
  const controller = new AbortController()
  const onSignal = (signal: string): void => {
    if (controller.signal.aborted) process.exit(130)
    process.stderr.write(`\n${signal}: stopping the testnet and removing its hosts (again to exit at once)\n`)
    controller.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    const started = Date.now() // allow-nondeterminism: CLI progress
    const say = (line: string): void => { process.stderr.write(`testnet ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s: ${line}\n`) } // allow-nondeterminism
    const summary = await runTestnet(manifest, { logsDir: flags.logs, say, signal: controller.signal })
    if (flags.out !== undefined) await writeFile(flags.out, JSON.stringify(summary, null, 2) + '\n')
    process.stdout.write(formatSummary(summary) + '\n')
    const left = summary.left_behind
    if (!summary.converged.all_equal || left.netns.length + left.links.length + left.processes.length > 0) process.exitCode = 1
  } catch (err) {
    if (controller.signal.aborted) {
      process.stderr.write('testnet: stopped; everything it made is removed\n')
      process.exit(130)
    }
    throw err
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
