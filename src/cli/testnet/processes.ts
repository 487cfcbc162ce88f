// The processes of a testnet run: each a kuber-p2p command (the same binary and Node.js
// flags as the harness) inside a host's network namespace (`ip netns exec`, which execs
// it, so the child's pid is the node's), JSON events read from its stdout, commands
// written to its stdin, stderr kept in a log file and its last lines in memory.
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream, type WriteStream } from 'node:fs'
import { readJsonLines } from './events.js'

/** The kuber-p2p command line as this process was started: node, its flags (e.g. --import tsx), the CLI script. */
export function cliCommand (): string[] {
  return [process.execPath, ...process.execArgv.filter((a) => !a.startsWith('--inspect')), process.argv[1]!]
}

const TAIL_BYTES = 8192

export class HostProcess {
  private child: ChildProcess | undefined
  private tail = ''
  private log: WriteStream | undefined
  /** Incarnation: 0 for the first start, +1 per restart. */
  incarnation = -1
  exited: Promise<void> = Promise.resolve()

  constructor (
    readonly name: string,
    private readonly netns: string,
    private readonly args: () => string[],
    private readonly logPath: string,
    private readonly onEvent: (event: Record<string, unknown>, incarnation: number) => void
  ) {}

  get pid (): number | undefined {
    return this.running ? this.child?.pid : undefined
  }

  get running (): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
  }

  /** Start (or restart) it. */
  start (): void {
    if (this.running) throw new Error(`${this.name} is running`)
    const incarnation = ++this.incarnation
    const [node, ...rest] = cliCommand()
    this.log ??= createWriteStream(this.logPath, { flags: 'a' })
    this.log.write(`--- start ${incarnation}\n`)
    const child = this.child = spawn('ip', ['netns', 'exec', this.netns, node!, ...rest, ...this.args()], { stdio: ['pipe', 'pipe', 'pipe'] })
    child.stdin!.on('error', () => {}) // a killed node's stdin: writes are simply lost
    readJsonLines(child.stdout!, (event) => this.onEvent(event, incarnation))
    child.stderr!.on('data', (d: Buffer) => {
      this.log?.write(d)
      this.tail = (this.tail + d.toString()).slice(-TAIL_BYTES)
    })
    this.exited = new Promise((resolve) => child.once('close', () => resolve()))
  }

  /** A command on its stdin (ignored if it is not running). */
  send (command: unknown): void {
    if (this.running) this.child!.stdin!.write(JSON.stringify(command) + '\n')
  }

  signal (signal: NodeJS.Signals): void {
    if (this.running) this.child!.kill(signal)
  }

  /** SIGTERM (and SIGCONT, in case it is paused), SIGKILL after graceMs. */
  async stop (graceMs: number): Promise<void> {
    if (!this.running) return
    this.child!.stdin!.end()
    this.signal('SIGTERM')
    this.signal('SIGCONT')
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs) // allow-nondeterminism: CLI process control
    await this.exited
    clearTimeout(timer)
  }

  /** The last lines it wrote on stderr. */
  stderrTail (): string {
    return this.tail
  }

  async closeLog (): Promise<void> {
    await new Promise<void>((resolve) => { if (this.log === undefined) resolve(); else this.log.end(() => resolve()) })
    this.log = undefined
  }
}
