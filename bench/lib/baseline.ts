// Runs the js-libp2p baseline (../shared/bench/libp2p-baseline) in the same run as our
// benchmark, so ratios compare figures from one machine at one time. The baseline is
// copied to bench/.baseline/ (git-ignored) and installed there with npm ci on first use.
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
const SOURCE = join(here, '../../../shared/bench/libp2p-baseline')
const COPY = join(here, '../.baseline/libp2p-baseline')

/** Where the baseline is installed, or undefined if it cannot be (no source, npm ci failed). */
export function ensureBaseline (): string | undefined {
  if (!existsSync(join(COPY, 'node_modules'))) {
    if (!existsSync(SOURCE)) return undefined
    rmSync(COPY, { recursive: true, force: true })
    cpSync(SOURCE, COPY, { recursive: true })
    rmSync(join(COPY, 'results'), { recursive: true, force: true })
    process.stderr.write('installing the libp2p baseline (npm ci)...\n')
    try {
      execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: COPY, stdio: ['ignore', 'ignore', 'inherit'] })
    } catch {
      return undefined
    }
  }
  return COPY
}

/** Run one baseline script with flags; returns its JSON output, or undefined on failure. */
export function runBaseline (script: string, flags: string[], timeoutMs: number): any {
  const dir = ensureBaseline()
  if (dir === undefined) return undefined
  const out = join(mkdtempSync(join(tmpdir(), 'kuber-baseline-')), 'out.json')
  process.stderr.write(`baseline: node ${script} ${flags.join(' ')}\n`)
  const r = spawnSync('node', [script, ...flags, '--out', out], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'], timeout: timeoutMs })
  if (!existsSync(out)) {
    process.stderr.write(`baseline ${script} failed (exit ${r.status ?? r.signal})\n`)
    return undefined
  }
  return JSON.parse(readFileSync(out, 'utf8'))
}

/**
 * The raw `tcp-chacha` ceiling for 1 MiB messages (raw.mjs: TCP with ChaCha20-Poly1305 and
 * nothing else, median of 3 runs of 2 s), in MB/s; undefined when the baseline cannot run.
 */
export function rawTcpChachaCeiling (): number | undefined {
  const raw = runBaseline('raw.mjs', ['--sizes', '1048576', '--modes', 'tcp-chacha', '--seconds', '2', '--reps', '3'], 120_000)
  return raw?.throughput?.[0]?.MB_per_s as number | undefined
}
