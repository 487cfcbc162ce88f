// What a testnet run is (in the spirit of CometBFT's e2e manifests): hosts, validators,
// duration, block interval, transaction load, link impairments, and perturbations at
// given seconds into the run. From a JSON manifest file (--manifest), with flags on top;
// validated with zod, every problem named.
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { ConfigError, ErrorCodes } from '../../index.js'

const seconds = z.number().min(0).max(3600)
const positiveSeconds = z.number().positive().max(3600)
const hostIndex = z.number().int().min(0)
const loss = z.number().min(0).max(0.99)

const PerturbationSchema = z.discriminatedUnion('kind', [
  /** kill -9 at `at`, restart `for` seconds later (from its stored chain and peer store). */
  z.object({ kind: z.literal('kill'), host: hostIndex, at: seconds, for: positiveSeconds }).strict(),
  /** Link down at `at`, up `for` seconds later. */
  z.object({ kind: z.literal('disconnect'), host: hostIndex, at: seconds, for: positiveSeconds }).strict(),
  /** SIGSTOP at `at`, SIGCONT `for` seconds later. */
  z.object({ kind: z.literal('pause'), host: hostIndex, at: seconds, for: positiveSeconds }).strict(),
  /** The host is not started with the others but at `at`, with an empty home (it restores a snapshot where the node has state sync, then fetches the blocks since). */
  z.object({ kind: z.literal('join'), host: hostIndex, at: seconds }).strict(),
  /** The host's delay, jitter or loss raised to these values for `for` seconds. */
  z.object({ kind: z.literal('impair'), host: hostIndex, at: seconds, for: positiveSeconds, delay_ms: z.number().min(0).max(60_000).optional(), jitter_ms: z.number().min(0).max(60_000).optional(), loss: loss.optional() }).strict()
])
export type Perturbation = z.infer<typeof PerturbationSchema>
export type PerturbationKind = Perturbation['kind']

export const ManifestSchema = z.object({
  /** Hosts, each a network namespace with one node (at most 250). */
  hosts: z.number().int().min(2).max(250).default(5),
  /** Validators: hosts 0..validators−1 (default: every host that does not join late). */
  validators: z.number().int().min(1).optional(),
  /** Length of the run, from the moment every host started at once makes blocks. */
  seconds: positiveSeconds.default(60),
  block_interval_ms: z.number().int().min(100).max(60_000).default(1000),
  /** Transactions per second (0: none). */
  tx_rate: z.number().int().min(0).max(10_000).default(10),
  /** Per host, both directions (tc rate). */
  bandwidth: z.string().regex(/^\d+(\.\d+)?(bit|kbit|mbit|gbit)$/, 'a tc rate such as 20mbit').default('20mbit'),
  /** One-way delay of each host's link: [min, max] spread evenly over the hosts, or one value for all. */
  delay_ms: z.union([z.number().min(0).max(10_000), z.tuple([z.number().min(0).max(10_000), z.number().min(0).max(10_000)])]).default([20, 50]),
  jitter_ms: z.number().min(0).max(10_000).default(5),
  loss: loss.default(0),
  /** Blocks between the nodes' state snapshots (where the node has state sync), so that a late host finds one. */
  snapshot_interval: z.number().int().min(1).max(100_000).default(10),
  /** Delay and jitter: netem where the kernel has it, else the fuzzed-connection wrapper; or force one. */
  impairment: z.enum(['auto', 'netem', 'wrapper']).default('auto'),
  /** Loss: netem's with netem, else real packet loss by iptables where it works, else the wrapper's model; or force one. */
  loss_by: z.enum(['auto', 'netem', 'iptables', 'wrapper']).default('auto'),
  perturbations: z.array(PerturbationSchema).default([])
}).strict()
export type Manifest = z.output<typeof ManifestSchema>
export type ManifestInput = z.input<typeof ManifestSchema>

/** One host's link settings. */
export interface LinkSettings { delayMs: number, jitterMs: number, loss: number }

/** Host i's delay: min + (max − min)·i/(hosts − 1). */
export function hostLink (m: Manifest, i: number): LinkSettings {
  const [lo, hi] = typeof m.delay_ms === 'number' ? [m.delay_ms, m.delay_ms] : m.delay_ms
  const delayMs = m.hosts === 1 ? lo : Math.round(lo + ((hi - lo) * i) / (m.hosts - 1))
  return { delayMs, jitterMs: m.jitter_ms, loss: m.loss }
}

/** Hosts that join late, by index, with their start second. */
export function lateHosts (m: Manifest): Map<number, number> {
  return new Map(m.perturbations.flatMap((p) => p.kind === 'join' ? [[p.host, p.at] as const] : []))
}

export function validatorCount (m: Manifest): number {
  return m.validators ?? m.hosts - lateHosts(m).size
}

function fail (problems: string[]): never {
  throw new ConfigError(ErrorCodes.INVALID_CONFIG, `invalid testnet manifest: ${problems.join('; ')}`)
}

/** Validate and check the parts against each other. */
export function parseManifest (input: unknown): Manifest {
  const r = ManifestSchema.safeParse(input)
  if (!r.success) fail(r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`))
  const m = r.data
  const problems: string[] = []
  const late = lateHosts(m)
  m.perturbations.forEach((p, i) => {
    if (p.at >= m.seconds) problems.push(`perturbations.${i}: at ${p.at} s is not within the run (${m.seconds} s)`)
    if (p.host >= m.hosts) problems.push(`perturbations.${i}: host ${p.host} does not exist (hosts 0..${m.hosts - 1})`)
    const joins = late.get(p.host)
    if (p.kind !== 'join' && joins !== undefined && p.at < joins) problems.push(`perturbations.${i}: host ${p.host} joins at ${joins} s, after this ${p.kind} at ${p.at} s`)
  })
  if (m.perturbations.filter((p) => p.kind === 'join').length !== late.size) problems.push('perturbations: a host joins twice')
  if (late.size >= m.hosts) problems.push('perturbations: at least one host must start at once')
  if (validatorCount(m) < 1 || validatorCount(m) > m.hosts) problems.push(`validators: ${validatorCount(m)} is not in 1..${m.hosts}`)
  if (m.validators === undefined && [...late.keys()].some((h) => h < validatorCount(m))) problems.push('validators: hosts that join late are not validators unless "validators" says so; put them last or set it')
  if (problems.length > 0) fail(problems)
  return m
}

export async function loadManifest (path: string): Promise<ManifestInput> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as ManifestInput
  } catch (err) {
    throw new ConfigError(ErrorCodes.INVALID_CONFIG, `cannot read manifest ${path}: ${(err as Error).message}`, { cause: err })
  }
}

/**
 * A perturbation flag: KIND:HOST@AT[+FOR][:key=value,...], e.g. kill:1@5+3,
 * disconnect:2@15+10, pause:3@20+2, join:4@30, impair:0@25+5:delay_ms=200,loss=0.05.
 */
export function parsePerturbationFlag (value: string): unknown {
  const m = /^(\w+):(\d+)@(\d+(?:\.\d+)?)(?:\+(\d+(?:\.\d+)?))?(?::(.*))?$/.exec(value)
  if (m === null) throw new ConfigError(ErrorCodes.INVALID_CONFIG, `--perturb: got ${JSON.stringify(value)}, expected KIND:HOST@AT[+FOR][:key=value,...] such as kill:1@5+3 or impair:0@25+5:delay_ms=200`)
  const p: Record<string, unknown> = { kind: m[1], host: Number(m[2]), at: Number(m[3]) }
  if (m[4] !== undefined) p.for = Number(m[4])
  for (const kv of (m[5] ?? '').split(',').filter((s) => s !== '')) {
    const [k, v] = kv.split('=')
    p[k!] = Number(v)
  }
  return p
}
