// Small numeric helpers shared by the benchmarks (same definitions as the libp2p baseline,
// so figures compare: nearest-rank percentiles, CPU from process.cpuUsage).

export interface Summary {
  count: number
  min: number | null
  p50: number | null
  p90: number | null
  p99: number | null
  max: number | null
  mean: number | null
}

export function percentile (sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!
}

export function summarize (values: ArrayLike<number>, digits = 3): Summary {
  const s = Float64Array.from(values).sort()
  const r = (x: number | null): number | null => (x === null ? null : Number(x.toFixed(digits)))
  let sum = 0
  for (const v of s) sum += v
  return {
    count: s.length,
    min: r(s.length > 0 ? s[0]! : null),
    p50: r(percentile(s, 50)),
    p90: r(percentile(s, 90)),
    p99: r(percentile(s, 99)),
    max: r(s.length > 0 ? s[s.length - 1]! : null),
    mean: r(s.length > 0 ? sum / s.length : null)
  }
}

export function cpuMs (u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000
}

/** The median run by a key (runs sorted by it). */
export function medianBy<T> (runs: T[], key: (r: T) => number): T {
  return [...runs].sort((a, b) => key(a) - key(b))[Math.floor((runs.length - 1) / 2)]!
}

export function round (x: number, digits = 1): number {
  return Number(x.toFixed(digits))
}

/** Simple fixed-width text table. */
export function table (header: string[], rows: Array<Array<string | number | null | undefined>>): string {
  const cells = [header, ...rows.map((r) => r.map((c) => c === null || c === undefined ? '–' : typeof c === 'number' ? c.toLocaleString('en-US', { maximumFractionDigits: 2 }) : c))]
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)))
  return cells.map((r, k) => {
    const line = r.map((c, i) => String(c).padStart(i === 0 ? 0 : widths[i]!).padEnd(i === 0 ? widths[i]! : 0)).join('  ')
    return k === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line
  }).join('\n')
}

export function parseFlags (args: string[], defaults: Record<string, string>): Record<string, string> {
  const out = { ...defaults }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`)
    const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined]
    if (!(k in defaults)) throw new Error(`unknown flag --${k} (known: ${Object.keys(defaults).map((d) => `--${d}`).join(' ')})`)
    if (v !== undefined) out[k] = v
    else if (args[i + 1] !== undefined && !args[i + 1]!.startsWith('--')) out[k] = args[++i]!
    else out[k] = 'true'
  }
  return out
}
