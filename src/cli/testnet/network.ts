// The testnet's hosts as Linux network namespaces (iproute2 `ip` and `tc`): one bridge in
// the root namespace, and per host a namespace joined to it by a veth pair, with its own
// address in 10.0.0.0/8 (host i on 10.<i+1>.0.1, each in its own /16 network group, the
// client host on 10.254.0.1). Nothing gets an address in the root namespace, so the
// addresses exist only inside the namespaces and concurrent runs never collide. Bandwidth
// per host is a tbf qdisc on both ends of its veth (upload and download); delay, jitter and
// loss are a netem qdisc on the host's interface where the kernel has netem (replacing that
// end's tbf by netem's own rate), else the nodes' fuzzed-connection wrapper does delay and
// jitter, and loss is real packet loss in the kernel where iptables' statistic match works
// (host i's loss: every namespace drops that share of what arrives from host i's address,
// in its INPUT chain: lost on the way, as on the wire), else the wrapper models it too. A link goes down by
// taking the bridge's end of the veth down (the cable is pulled; the host's own interface
// stays up, as when a switch port dies).
//
// Every name starts with the run's prefix, "kt" and 6 hex digits, and the run writes
// /run/kuber-testnet/<prefix>.json (its pid and work directory) before it makes anything,
// so a later run can tell a crashed run's leftovers from a live run's and sweep them.
import { execFile } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** Where each run says it is alive. */
export const REGISTRY_DIR = '/run/kuber-testnet'
const PREFIX = /^kt[0-9a-f]{6}$/
const NAME = /^(kt[0-9a-f]{6})-/
export const CLIENT_HOST = 'c'

/** Run a command (with `input` on its stdin), returning stdout; throws an Error with its stderr. */
export async function sh (command: string, args: string[], input?: string): Promise<string> {
  try {
    const child = run(command, args, { encoding: 'utf8', timeout: 15_000 })
    child.child.stdin?.end(input)
    return (await child).stdout
  } catch (err) {
    const e = err as { stderr?: string, message: string }
    throw new Error(`${command} ${args.join(' ')}: ${(e.stderr ?? '').trim() || e.message}`)
  }
}

/** The chain, in every host's namespace, that drops a share of what arrives from each host. */
const LOSS_CHAIN = 'kuber-loss'

/** iptables' rule for host `from`'s loss (rule from+1 of LOSS_CHAIN). */
function lossRule (from: number, loss: number): string[] {
  return ['-s', `${hostAddress(from)}/32`, '-m', 'statistic', '--mode', 'random', '--probability', loss.toFixed(6), '-j', 'DROP']
}

export interface HostNet {
  /** Host index, or CLIENT_HOST. */
  readonly id: number | typeof CLIENT_HOST
  readonly netns: string
  /** The bridge's end of the veth (root namespace). */
  readonly veth: string
  readonly address: string
}

export function hostAddress (id: number | typeof CLIENT_HOST): string {
  return id === CLIENT_HOST ? '10.254.0.1' : `10.${id + 1}.0.1`
}

export interface NetemSettings { delayMs: number, jitterMs: number, loss: number }

export class TestnetNetwork {
  readonly hosts = new Map<number | typeof CLIENT_HOST, HostNet>()
  readonly bridge: string
  /** Drops counted by loss rules since replaced, by source host. */
  private readonly droppedBefore = new Map<number, number>()

  constructor (readonly prefix: string, private readonly bandwidth: string) {
    this.bridge = `${prefix}-br`
  }

  /** Say this run is alive (before anything is made). */
  static async register (prefix: string, dir: string): Promise<void> {
    await mkdir(REGISTRY_DIR, { recursive: true })
    await writeFile(join(REGISTRY_DIR, `${prefix}.json`), JSON.stringify({ pid: process.pid, dir }) + '\n')
  }

  async createBridge (): Promise<void> {
    await sh('ip', ['link', 'add', this.bridge, 'type', 'bridge'])
    await sh('ip', ['link', 'set', this.bridge, 'up'])
  }

  /** A namespace with lo and eth0 (veth to the bridge) up, its address, and the bandwidth limit. */
  async addHost (id: number | typeof CLIENT_HOST): Promise<HostNet> {
    const tag = id === CLIENT_HOST ? CLIENT_HOST : String(id)
    const host: HostNet = { id, netns: `${this.prefix}-h${tag}`, veth: `${this.prefix}-v${tag}`, address: hostAddress(id) }
    this.hosts.set(id, host)
    await sh('ip', ['netns', 'add', host.netns])
    await sh('ip', ['link', 'add', host.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host.netns])
    await sh('ip', ['link', 'set', host.veth, 'master', this.bridge, 'up'])
    await sh('ip', ['-n', host.netns, 'addr', 'add', `${host.address}/8`, 'dev', 'eth0'])
    await sh('ip', ['-n', host.netns, 'link', 'set', 'eth0', 'up'])
    await sh('ip', ['-n', host.netns, 'link', 'set', 'lo', 'up'])
    if (id !== CLIENT_HOST) {
      await sh('tc', ['-n', host.netns, 'qdisc', 'add', 'dev', 'eth0', 'root', 'handle', '1:', ...this.tbf()])
      await sh('tc', ['qdisc', 'add', 'dev', host.veth, 'root', ...this.tbf()])
    }
    return host
  }

  /** Does this kernel have netem? (tried on a host's loopback, then removed) */
  async hasNetem (): Promise<boolean> {
    const host = this.hosts.values().next().value
    if (host === undefined) return false
    try {
      await sh('tc', ['-n', host.netns, 'qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '1ms'])
    } catch {
      return false
    }
    await sh('tc', ['-n', host.netns, 'qdisc', 'del', 'dev', 'lo', 'root'])
    return true
  }

  /**
   * Real packet loss without netem: in every namespace, LOSS_CHAIN from INPUT on eth0 with
   * one rule per host (loss 0 to start), made with one iptables-restore each. False where
   * iptables or its statistic match is missing (rules already made drop nothing).
   */
  async setupKernelLoss (hostCount: number): Promise<boolean> {
    const rules = Array.from({ length: hostCount }, (_, i) => `-A ${LOSS_CHAIN} ${lossRule(i, 0).join(' ')}`)
    const table = ['*filter', `:${LOSS_CHAIN} - [0:0]`, `-A INPUT -i eth0 -j ${LOSS_CHAIN}`, ...rules, 'COMMIT', ''].join('\n')
    try {
      for (const host of this.hosts.values()) await sh('ip', ['netns', 'exec', host.netns, 'iptables-restore'], table)
      return true
    } catch {
      return false
    }
  }

  /** Host `id`'s loss (after setupKernelLoss): what every other host receives from it is dropped with this probability. */
  async setKernelLoss (id: number, loss: number): Promise<void> {
    for (const host of this.hosts.values()) {
      if (host.id === id) continue
      // replacing a rule zeroes its counter: keep what it counted
      this.droppedBefore.set(id, (this.droppedBefore.get(id) ?? 0) + ((await this.lossCounters(host.netns))[id] ?? 0))
      await sh('ip', ['netns', 'exec', host.netns, 'iptables', '-R', LOSS_CHAIN, String(id + 1), ...lossRule(id, loss)])
    }
  }

  /** Packets of each host that the other namespaces dropped (after setupKernelLoss), from iptables' counters. */
  async kernelLossCounts (hostCount: number): Promise<number[]> {
    const dropped = Array.from({ length: hostCount }, (_, i) => this.droppedBefore.get(i) ?? 0)
    for (const host of this.hosts.values()) (await this.lossCounters(host.netns)).forEach((n, i) => { if (i < hostCount) dropped[i]! += n })
    return dropped
  }

  /** One namespace's drop counters, by source host. */
  private async lossCounters (netns: string): Promise<number[]> {
    const out = await sh('ip', ['netns', 'exec', netns, 'iptables', '-L', LOSS_CHAIN, '-v', '-x', '-n'])
    // two header lines, then one line per rule in host order: "pkts bytes target ..."
    return out.split('\n').slice(2).filter((l) => l.trim() !== '').map((line) => Number(line.trim().split(/\s+/)[0]))
  }

  /** Delay, jitter and loss on a host's egress with netem, which also takes over its rate limit (netem's own rate). */
  async setNetem (id: number, s: NetemSettings): Promise<void> {
    await sh('tc', ['-n', this.host(id).netns, 'qdisc', 'replace', 'dev', 'eth0', 'root', 'handle', '1:', ...netemArgs(s, this.bandwidth)])
  }

  /** Cut a host off (the bridge's end of its veth down) or bring it back. */
  async setLink (id: number, up: boolean): Promise<void> {
    await sh('ip', ['link', 'set', this.host(id).veth, up ? 'up' : 'down'])
  }

  private host (id: number): HostNet {
    const host = this.hosts.get(id)
    if (host === undefined) throw new Error(`no host ${id}`)
    return host
  }

  /** tbf at the run's rate: a burst of at least 10 ms of traffic, a queue of 100 ms. */
  private tbf (): string[] {
    const bits = parseRate(this.bandwidth)
    const burstBytes = Math.max(32 * 1024, Math.ceil(bits / 8 / 100))
    return ['tbf', 'rate', this.bandwidth, 'burst', String(burstBytes), 'latency', '100ms']
  }
}

/** tc's netem qdisc for these settings, with its own rate. */
export function netemArgs (s: NetemSettings, bandwidth: string): string[] {
  return ['netem', 'delay', `${s.delayMs}ms`, `${s.jitterMs}ms`, 'loss', `${(s.loss * 100).toFixed(3)}%`, 'rate', bandwidth]
}

/** "20mbit" → bits per second. */
export function parseRate (rate: string): number {
  const m = /^(\d+(?:\.\d+)?)(bit|kbit|mbit|gbit)$/.exec(rate)
  if (m === null) throw new Error(`bad rate ${rate}`)
  return Number(m[1]) * { bit: 1, kbit: 1e3, mbit: 1e6, gbit: 1e9 }[m[2] as 'bit']
}

/** The network namespaces and links of one run prefix (or of every testnet prefix). */
export async function listResources (prefix?: string): Promise<{ netns: string[], links: string[] }> {
  const mine = (name: string): boolean => prefix === undefined ? NAME.test(name) : name.startsWith(`${prefix}-`)
  const netns = (await sh('ip', ['netns', 'list'])).split('\n').map((l) => l.split(' ')[0]!).filter((n) => n !== '' && mine(n))
  const links = (await sh('ip', ['-o', 'link', 'show'])).split('\n').map((l) => /^\d+: ([^:@\s]+)/.exec(l)?.[1]).filter((n): n is string => n !== undefined && mine(n))
  return { netns, links }
}

/** Processes whose command line mentions `needle` (the run's work directory), other than us. */
export function processesMentioning (needle: string): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) pids.push(Number(entry))
    } catch {
      // gone meanwhile
    }
  }
  return pids
}

function kill (pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal)
  } catch {
    // already gone
  }
}

/**
 * Remove everything of run `prefix`: kill its processes (those in its namespaces and those
 * naming its work directory), delete its veths, namespaces and bridge, its work directory
 * and its registry entry. Robust to half-made and half-removed runs.
 */
export async function removeRun (prefix: string, dir: string | undefined): Promise<void> {
  const { netns, links } = await listResources(prefix)
  const pids = new Set<number>(dir === undefined ? [] : processesMentioning(dir))
  for (const ns of netns) {
    for (const pid of (await sh('ip', ['netns', 'pids', ns]).catch(() => '')).split('\n').filter((p) => p !== '')) pids.add(Number(pid))
  }
  for (const pid of pids) kill(pid, 'SIGKILL')
  // the veth pairs first (deleting one end deletes both at once; a namespace's are freed lazily)
  for (const link of links.filter((l) => l !== `${prefix}-br`)) await sh('ip', ['link', 'del', link]).catch(() => {})
  for (const ns of netns) await sh('ip', ['netns', 'del', ns]).catch(() => {})
  if (links.includes(`${prefix}-br`)) await sh('ip', ['link', 'del', `${prefix}-br`]).catch(() => {})
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  await rm(join(REGISTRY_DIR, `${prefix}.json`), { force: true })
}

/** Is the run that registered `prefix` still running? */
function registeredRun (prefix: string): { alive: boolean, dir: string | undefined } {
  const file = join(REGISTRY_DIR, `${prefix}.json`)
  if (!existsSync(file)) return { alive: false, dir: undefined }
  try {
    const { pid, dir } = JSON.parse(readFileSync(file, 'utf8')) as { pid: number, dir: string }
    let alive = false
    try {
      alive = readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('testnet')
    } catch {
      alive = false
    }
    return { alive, dir }
  } catch {
    return { alive: false, dir: undefined }
  }
}

/** Remove what runs that are no longer alive left behind (crashed, or killed with SIGKILL). Returns their prefixes. */
export async function sweepStaleRuns (): Promise<string[]> {
  const { netns, links } = await listResources()
  const prefixes = new Set<string>([...netns, ...links].map((n) => NAME.exec(n)![1]!))
  if (existsSync(REGISTRY_DIR)) for (const f of readdirSync(REGISTRY_DIR)) if (PREFIX.test(f.replace(/\.json$/, ''))) prefixes.add(f.replace(/\.json$/, ''))
  const swept: string[] = []
  for (const prefix of prefixes) {
    const { alive, dir } = registeredRun(prefix)
    if (alive) continue
    await removeRun(prefix, dir)
    swept.push(prefix)
  }
  return swept
}
