// One testnet run: make the hosts (network.ts), a genesis with `kuber-p2p init`, start a
// seed and the transaction load on the client host and one node per host, all found
// through the seed; wait until every host makes blocks, then run for the manifest's
// seconds applying its perturbations at their times; end them, stop the load, wait until
// every host has the same head, stop everything and take it all down, and work out the
// figures. Everything made is removed however the run ends (an error, an abort); what a
// crashed run left is swept by the next one (network.ts).
import { randomBytes } from 'node:crypto'
import { cpus, loadavg, release, tmpdir } from 'node:os'
import { mkdir, mkdtemp, cp } from 'node:fs/promises'
import { join } from 'node:path'
import { execFile, spawn } from 'node:child_process'
import { promisify } from 'node:util'
import { computeFigures, type HostTimeline, type PerturbationRecord, type RunFigures } from './figures.js'
import type { HostSummary, RunSummary } from './summary.js'
import { hostLink, lateHosts, validatorCount, type LinkSettings, type Manifest, type Perturbation } from './manifest.js'
import { CLIENT_HOST, TestnetNetwork, listResources, processesMentioning, removeRun, sweepStaleRuns } from './network.js'
import { HostProcess, cliCommand } from './processes.js'
import { monoMs, type LoadCounts } from './events.js'
import { configureSnapshots, nodeHasStateSync } from './state-sync.js'

const P2P_PORT = 26656
const API_PORT = 26658
/** Startup of every node, the first blocks included, on a loaded machine. */
const READY_TIMEOUT_MS = 120_000
/** After the run: every host at one head. */
const CONVERGE_TIMEOUT_MS = 60_000
const STOP_GRACE_MS = 5000

export interface RunOptions {
  /** Copy the nodes' logs here at the end. */
  logsDir?: string
  /** Progress lines. */
  say: (line: string) => void
  signal: AbortSignal
}

class Aborted extends Error {}

async function sleepUntil (t: number, signal: AbortSignal): Promise<void> {
  while (monoMs() < t) {
    if (signal.aborted) throw new Aborted('aborted')
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, Math.max(1, t - monoMs())))) // allow-nondeterminism: CLI orchestration
  }
  if (signal.aborted) throw new Aborted('aborted')
}

async function waitFor (what: string, cond: () => boolean, timeoutMs: number, signal: AbortSignal, detail: () => string = () => ''): Promise<void> {
  const deadline = monoMs() + timeoutMs
  while (!cond()) {
    if (monoMs() > deadline) throw new Error(`testnet: timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${detail()}`)
    await sleepUntil(monoMs() + 100, signal)
  }
}

export async function runTestnet (m: Manifest, opts: RunOptions): Promise<RunSummary> {
  const swept = await sweepStaleRuns()
  if (swept.length > 0) opts.say(`swept what earlier runs left behind: ${swept.join(', ')}`)
  const prefix = `kt${randomBytes(3).toString('hex')}`
  const dir = await mkdtemp(join(tmpdir(), `kuber-testnet-${prefix}-`))
  await TestnetNetwork.register(prefix, dir)
  const run = new Run(m, prefix, dir, opts)
  const onExit = (): void => run.emergencySweep()
  process.once('exit', onExit)
  try {
    return await run.execute()
  } finally {
    await run.teardown()
    process.off('exit', onExit)
  }
}

class Run {
  private readonly net: TestnetNetwork
  private readonly nodes = new Map<number, HostProcess>()
  private readonly timelines = new Map<number, HostTimeline>()
  private readonly links = new Map<number, LinkSettings>()
  private readonly down = new Set<number>()
  private readonly peerIds = new Map<number, string>()
  private readonly records: PerturbationRecord[] = []
  private seed: HostProcess | undefined
  private load: HostProcess | undefined
  private loadCounts: LoadCounts = { submitted: 0, accepted: 0, refused: 0, failed: 0 }
  private seedId: string | undefined
  private impairment: 'netem' | 'wrapper' = 'wrapper'
  private lossBy: 'netem' | 'iptables' | 'wrapper' = 'wrapper'
  private impairmentNote = ''
  private readonly chainId: string
  private readonly validators: number
  private readonly late: Map<number, number>
  private readonly stateSync = nodeHasStateSync()
  private readonly loadStart = loadavg()[0]!
  private tornDown = false

  constructor (private readonly m: Manifest, readonly prefix: string, private readonly dir: string, private readonly opts: RunOptions) {
    this.net = new TestnetNetwork(prefix, m.bandwidth)
    this.chainId = `testnet-${prefix}`
    this.validators = validatorCount(m)
    this.late = lateHosts(m)
    for (let i = 0; i < m.hosts; i++) {
      this.links.set(i, hostLink(m, i))
      this.timelines.set(i, { host: i, ups: [], finals: [], candidates: [], stats: [], snapshots: [] })
    }
  }

  async execute (): Promise<RunSummary> {
    const { m, opts } = this
    const net = join(this.dir, 'net')
    await mkdir(join(this.dir, 'logs'), { recursive: true })
    await promisify(execFile)(cliCommand()[0]!, [...cliCommand().slice(1), 'init', '--home', net, '--chain-id', this.chainId, '--validators', String(this.validators), '--base-port', '0', '--block-interval-ms', String(m.block_interval_ms)])
    if (this.stateSync) for (let i = 0; i < m.hosts; i++) await configureSnapshots(join(net, `node${i}`), m.snapshot_interval)
    await this.net.createBridge()
    await this.net.addHost(CLIENT_HOST)
    for (let i = 0; i < m.hosts; i++) await this.net.addHost(i)
    await this.chooseImpairment()
    opts.say(`${this.prefix}: ${m.hosts} hosts in network namespaces on bridge ${this.net.bridge} (${m.bandwidth} each way per host), ${this.impairmentNote}`)
    if (this.late.size > 0) opts.say(this.stateSyncNote())

    this.seed = new HostProcess('seed', this.net.hosts.get(CLIENT_HOST)!.netns, () => [
      'start', '--home', join(net, 'seed'), '--chain-id', this.chainId, '--seed-mode', '--listen', `${this.net.hosts.get(CLIENT_HOST)!.address}:${P2P_PORT}`, '--rpc', 'off', '--log-level', 'warn', '--testnet-agent'
    ], join(this.dir, 'logs', 'seed.log'), (e) => { if (e.e === 'up') this.seedId = String(e.peer_id) })
    this.seed.start()
    // first, so that the nodes' first dial to it succeeds (a failed one backs off for seconds)
    await waitFor('the seed to start', () => this.seedId !== undefined, READY_TIMEOUT_MS, opts.signal, () => `:\n${this.seed!.stderrTail()}`)

    opts.say(`seed up on ${this.net.hosts.get(CLIENT_HOST)!.address}:${P2P_PORT}; starting ${m.hosts - this.late.size} nodes and the load`)
    for (let i = 0; i < m.hosts; i++) if (!this.late.has(i)) this.startNode(i)
    this.load = new HostProcess('load', this.net.hosts.get(CLIENT_HOST)!.netns, () => ['testnet-load', '--chain-id', this.chainId, '--rate', String(Math.max(1, m.tx_rate))], join(this.dir, 'logs', 'load.log'), (e) => {
      if (e.e === 'load') this.loadCounts = { submitted: Number(e.submitted), accepted: Number(e.accepted), refused: Number(e.refused), failed: Number(e.failed) }
    })
    if (m.tx_rate > 0) this.load.start()
    const initial = [...this.nodes.keys()]
    await waitFor('every host to make blocks (height 2)', () => {
      const dead = initial.find((i) => !this.nodes.get(i)!.running)
      if (dead !== undefined) throw new Error(`testnet: the node of h${dead} exited while starting:\n${this.nodes.get(dead)!.stderrTail().slice(-3000)}`)
      return initial.every((i) => this.height(i) >= 2)
    }, READY_TIMEOUT_MS, opts.signal,
      () => `; heights ${initial.map((i) => `h${i}=${this.height(i)}`).join(' ')}\n${initial.filter((i) => this.height(i) < 2).map((i) => `h${i}: ${this.nodes.get(i)!.stderrTail().slice(-1500)}`).join('\n')}`)
    this.updateLoadTargets()

    const t0 = monoMs()
    opts.say(`every host makes blocks; running ${m.seconds} s with ${m.perturbations.length} perturbation(s)`)
    const ends: Array<() => Promise<void>> = []
    const actions = m.perturbations.flatMap((p) => {
      const record: PerturbationRecord = { kind: p.kind, host: p.host, startedAt: 0, endedAt: undefined }
      this.records.push(record)
      const begin = { t: t0 + p.at * 1000, run: async () => { record.startedAt = monoMs(); await this.begin(p); if (p.kind === 'join') record.endedAt = record.startedAt } }
      if (p.kind === 'join') return [begin]
      const end = async (): Promise<void> => { if (record.startedAt > 0 && record.endedAt === undefined) { await this.end(p); record.endedAt = monoMs() } }
      ends.push(end)
      return [begin, { t: t0 + (p.at + p.for) * 1000, run: end }]
    }).sort((a, b) => a.t - b.t)
    const tEnd = t0 + m.seconds * 1000
    for (const action of actions) {
      if (action.t >= tEnd) break
      await sleepUntil(action.t, opts.signal)
      await action.run()
    }
    await sleepUntil(tEnd, opts.signal)
    for (const end of ends) await end() // what is still in effect
    this.load?.send({ stop: true })
    opts.say(`run over; waiting for every host to reach the same head`)
    const converged = await this.converge()
    const loadEnd = loadavg()[0]!
    const dropped = this.lossBy === 'iptables' ? await this.net.kernelLossCounts(m.hosts) : undefined
    opts.say(`${converged.detail}; stopping and removing everything`)
    const leftBehind = await this.teardown()
    const figures = computeFigures([...this.timelines.values()], this.records, t0, tEnd)
    return this.summary(figures, converged, leftBehind, loadEnd, dropped)
  }

  /** Delay and jitter by netem or the wrapper, loss by netem, iptables or the wrapper: what the manifest asks for and the machine has. */
  private async chooseImpairment (): Promise<void> {
    const { impairment, loss_by: lossBy } = this.m
    const netem = await this.net.hasNetem()
    if (impairment === 'netem' && !netem) throw new Error('testnet: --impairment netem, but this kernel has no netem qdisc (tc: "Specified qdisc kind is unknown")')
    this.impairment = impairment === 'wrapper' || !netem ? 'wrapper' : 'netem'
    if (lossBy === 'netem' && this.impairment !== 'netem') throw new Error('testnet: --loss-by netem needs netem for the delay too (--impairment auto or netem, on a kernel with netem)')
    if (lossBy === 'wrapper' && this.impairment !== 'wrapper') throw new Error('testnet: --loss-by wrapper needs the wrapper for the delay too (--impairment wrapper)')
    const iptables = (lossBy === 'iptables' || (lossBy === 'auto' && this.impairment === 'wrapper')) && await this.net.setupKernelLoss(this.m.hosts)
    if (lossBy === 'iptables' && !iptables) throw new Error('testnet: --loss-by iptables, but iptables cannot drop packets here (it needs the iptables command, apt-get install iptables, and the kernel\'s statistic match)')
    this.lossBy = lossBy !== 'auto' ? lossBy : this.impairment === 'netem' ? 'netem' : iptables ? 'iptables' : 'wrapper'
    const delay = this.impairment === 'netem'
      ? 'delay and jitter by tc netem on each host\'s interface (egress, with its rate; tbf on the bridge end for ingress)'
      : `delay and jitter by the nodes' fuzzed-connection wrapper (--testnet-fuzz: on the sending side in the node processes, not in the kernel; ${netem ? 'chosen by --impairment wrapper' : 'this kernel has no tc netem qdisc, "Specified qdisc kind is unknown"'}; bandwidth by tc tbf)`
    const loss = {
      netem: 'loss by netem',
      iptables: 'loss by the kernel: each namespace\'s iptables drops that share of the packets from a host (statistic match), TCP retransmits for real',
      wrapper: `loss modelled by the wrapper (TCP-like retransmission timeouts), ${lossBy === 'wrapper' ? 'chosen by --loss-by wrapper' : 'as iptables cannot drop packets here (no iptables command, or no statistic match in the kernel)'}`
    }[this.lossBy]
    this.impairmentNote = `${delay}; ${loss}`
    for (const [i, link] of this.links) await this.applyLink(i, link)
  }

  private stateSyncNote (): string {
    return this.stateSync
      ? `state sync: every node takes a snapshot every ${this.m.snapshot_interval} blocks; a late host restores one, then fetches the blocks since`
      : 'state sync: this build\'s node has none (no stateSync config): a late host catches up by block sync from the genesis'
  }

  private height (i: number): number {
    return this.timelines.get(i)!.finals.at(-1)?.h ?? 0
  }

  private startNode (i: number): void {
    let node = this.nodes.get(i)
    if (node === undefined) {
      const host = this.net.hosts.get(i)!
      const home = join(this.dir, 'net', `node${i}`)
      node = new HostProcess(`h${i}`, host.netns, () => {
        const link = this.links.get(i)!
        return [
          'start', '--home', home, '--genesis', join(this.dir, 'net', 'genesis.json'), '--listen', `${host.address}:${P2P_PORT}`, '--rpc', '127.0.0.1:26657', '--api', `${host.address}:${API_PORT}`,
          '--seeds', `${this.seedId!}@${this.net.hosts.get(CLIENT_HOST)!.address}:${P2P_PORT}`, '--log-level', 'info', '--testnet-agent',
          ...(this.impairment === 'wrapper' ? ['--testnet-fuzz', `${link.delayMs}/${link.jitterMs}/${this.lossBy === 'wrapper' ? link.loss : 0}`] : [])
        ]
      }, join(this.dir, 'logs', `h${i}.log`), (e, incarnation) => this.onNodeEvent(i, e, incarnation))
      this.nodes.set(i, node)
    }
    node.start()
  }

  private onNodeEvent (i: number, e: Record<string, unknown>, incarnation: number): void {
    const tl = this.timelines.get(i)!
    const t = Number(e.t)
    switch (e.e) {
      case 'up':
        tl.ups.push({ t, incarnation, height: Number(e.height) })
        this.peerIds.set(i, String(e.peer_id))
        if (!this.down.has(i)) this.updateLoadTargets()
        break
      case 'final': tl.finals.push({ t, h: Number(e.h), hash: String(e.hash), app_hash: String(e.app_hash), txs: Number(e.txs) }); break
      case 'candidate': tl.candidates.push({ t, h: Number(e.h), hash: String(e.hash), from: e.from === null ? null : String(e.from) }); break
      case 'stats': tl.stats.push({ t, incarnation, msgs_in: Number(e.msgs_in), msgs_out: Number(e.msgs_out), bytes_in: Number(e.bytes_in), bytes_out: Number(e.bytes_out), loop_p99_ms: Number(e.loop_p99_ms), loop_max_ms: Number(e.loop_max_ms), cpu_wait_ms: Number(e.cpu_wait_ms), final_by_sync: Number(e.final_by_sync ?? 0) }); break
      case 'snapshot': tl.snapshots.push({ t, h: Number(e.h) }); break
    }
  }

  /** The load goes to the nodes that are up and reachable. */
  private updateLoadTargets (): void {
    const targets = [...this.nodes].filter(([i, n]) => n.running && !this.down.has(i) && this.timelines.get(i)!.ups.length > 0).map(([i]) => `${this.net.hosts.get(i)!.address}:${API_PORT}`)
    this.load?.send({ targets })
  }

  private async begin (p: Perturbation): Promise<void> {
    this.opts.say(`${(p.at).toFixed(0).padStart(4)} s  ${p.kind} h${p.host}${'for' in p ? ` for ${p.for} s` : ''}`)
    const node = this.nodes.get(p.host)
    switch (p.kind) {
      case 'kill': this.down.add(p.host); this.updateLoadTargets(); node?.signal('SIGKILL'); await node?.exited; break
      case 'disconnect': this.down.add(p.host); this.updateLoadTargets(); await this.net.setLink(p.host, false); break
      case 'pause': this.down.add(p.host); this.updateLoadTargets(); node?.signal('SIGSTOP'); break
      case 'join': this.startNode(p.host); break
      case 'impair': {
        const base = hostLink(this.m, p.host)
        await this.setLink(p.host, { delayMs: p.delay_ms ?? base.delayMs, jitterMs: p.jitter_ms ?? base.jitterMs, loss: p.loss ?? base.loss })
        break
      }
    }
  }

  private async end (p: Exclude<Perturbation, { kind: 'join' }>): Promise<void> {
    const node = this.nodes.get(p.host)
    switch (p.kind) {
      case 'kill': this.startNode(p.host); break
      case 'disconnect': await this.net.setLink(p.host, true); break
      case 'pause': node?.signal('SIGCONT'); break
      case 'impair': await this.setLink(p.host, hostLink(this.m, p.host)); break
    }
    this.down.delete(p.host)
    this.updateLoadTargets()
  }

  private async setLink (i: number, link: LinkSettings): Promise<void> {
    this.links.set(i, link)
    await this.applyLink(i, link)
    if (this.impairment === 'wrapper') this.nodes.get(i)?.send({ fuzz: { delay_ms: link.delayMs, jitter_ms: link.jitterMs, loss: this.lossBy === 'wrapper' ? link.loss : 0 } })
  }

  /** The kernel's part of a host's link settings (the wrapper's goes with the node's flags and commands). */
  private async applyLink (i: number, link: LinkSettings): Promise<void> {
    if (this.impairment === 'netem') await this.net.setNetem(i, { ...link, loss: this.lossBy === 'netem' ? link.loss : 0 })
    if (this.lossBy === 'iptables') await this.net.setKernelLoss(i, link.loss)
  }

  /** Wait until every running host has made final one height at least as high as the highest when we started waiting. */
  private async converge (): Promise<RunSummary['converged']> {
    const running = [...this.nodes].filter(([, n]) => n.running).map(([i]) => i)
    const target = Math.max(...running.map((i) => this.height(i)))
    const common = (): number | undefined => {
      const heights = running.map((i) => new Set(this.timelines.get(i)!.finals.map((f) => f.h)))
      for (let h = target; h <= target + 1000; h++) if (heights.every((s) => s.has(h))) return h
      return undefined
    }
    try {
      await waitFor('every host at one head', () => common() !== undefined, CONVERGE_TIMEOUT_MS, this.opts.signal)
    } catch (err) {
      if (err instanceof Aborted) throw err
      return { all_equal: false, height: null, hash: null, app_hash: null, detail: `no common head within ${CONVERGE_TIMEOUT_MS / 1000} s: heights ${running.map((i) => `h${i}=${this.height(i)}`).join(' ')}` }
    }
    const h = common()!
    const at = running.map((i) => this.timelines.get(i)!.finals.find((f) => f.h === h)!)
    const allEqual = at.every((f) => f.hash === at[0]!.hash && f.app_hash === at[0]!.app_hash)
    const detail = allEqual ? `every host made height ${h} final with the same hash and app_hash` : `hosts disagree at height ${h}: ${at.map((f, k) => `h${running[k]} ${f.hash.slice(0, 12)}/${f.app_hash.slice(0, 12)}`).join(', ')}`
    return { all_equal: allEqual, height: h, hash: at[0]!.hash, app_hash: at[0]!.app_hash, detail }
  }

  private async stopAll (): Promise<void> {
    const all = [...this.nodes.values(), ...(this.load === undefined ? [] : [this.load]), ...(this.seed === undefined ? [] : [this.seed])]
    await Promise.all(all.map(async (p) => await p.stop(STOP_GRACE_MS)))
    await Promise.all(all.map(async (p) => await p.closeLog()))
  }

  /** Stop every process and remove every namespace, link and file of the run; report what is still there. Runs once. */
  async teardown (): Promise<RunSummary['left_behind']> {
    if (!this.tornDown) {
      this.tornDown = true
      await this.stopAll()
      if (this.opts.logsDir !== undefined) await cp(join(this.dir, 'logs'), this.opts.logsDir, { recursive: true }).catch(() => {})
      await removeRun(this.prefix, this.dir)
    }
    const left = await listResources(this.prefix)
    return { ...left, processes: processesMentioning(this.dir) }
  }

  /** The process is exiting without a teardown (a second Ctrl-C, a crash): kill the nodes, and leave a detached `testnet --sweep` to remove the rest once we are gone. */
  emergencySweep (): void {
    if (this.tornDown) return
    for (const p of [...this.nodes.values(), this.seed, this.load]) { const pid = p?.pid; if (pid !== undefined) try { process.kill(pid, 'SIGKILL') } catch {} }
    const [node, ...cli] = cliCommand()
    spawn(node!, [...cli, 'testnet', '--sweep', '--after-pid', String(process.pid)], { detached: true, stdio: 'ignore' }).unref()
  }

  private summary (f: RunFigures, converged: RunSummary['converged'], leftBehind: RunSummary['left_behind'], loadEnd: number, dropped: number[] | undefined): RunSummary {
    const hosts = [...this.timelines.values()].map((tl, k): HostSummary => {
      const last = tl.finals.at(-1)
      return {
        host: tl.host,
        address: this.net.hosts.get(tl.host)?.address ?? '',
        validator: tl.host < this.validators,
        peer_id: this.peerIds.get(tl.host),
        link: hostLink(this.m, tl.host),
        joined_at_s: this.late.get(tl.host) ?? 0,
        restarts: Math.max(0, (this.nodes.get(tl.host)?.incarnation ?? 0)),
        height: last?.h ?? 0,
        hash: last?.hash,
        app_hash: last?.app_hash,
        ...(dropped === undefined ? {} : { packets_dropped: dropped[tl.host]! }),
        per_block: { msgs_in: f.per_block[k]!.msgs_in, msgs_out: f.per_block[k]!.msgs_out, bytes_in: f.per_block[k]!.bytes_in, bytes_out: f.per_block[k]!.bytes_out }
      }
    })
    return {
      run: {
        prefix: this.prefix,
        hosts: this.m.hosts,
        validators: this.validators,
        seconds: this.m.seconds,
        block_interval_ms: this.m.block_interval_ms,
        tx_rate: this.m.tx_rate,
        bandwidth: this.m.bandwidth,
        impairment: this.impairment,
        loss_by: this.lossBy,
        impairment_note: this.impairmentNote,
        state_sync: this.stateSync,
        state_sync_note: this.stateSyncNote(),
        kernel: release(),
        cores: cpus().length,
        load_average: { start: Math.round(this.loadStart * 10) / 10, end: Math.round(loadEnd * 10) / 10 }
      },
      hosts,
      blocks: f.blocks,
      event_loop_delay_ms: f.event_loop_delay_ms,
      cpu_wait_ms: f.cpu_wait_ms,
      perturbations: this.m.perturbations.map((p, i) => ({ ...p, ...f.perturbations[i]! })),
      converged,
      load: this.loadCounts,
      left_behind: leftBehind
    }
  }
}
