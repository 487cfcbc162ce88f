// The kuber-p2p binary in child processes, as an operator runs it: one-shot commands
// (exit code, stdout, stderr) and long-running nodes whose stderr (banner and JSON log
// lines) a test waits on, with real-time bounds generous enough for a loaded machine.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const CLI_MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))
const CLI = ['--import', 'tsx', CLI_MAIN]

export interface CliResult {
  status: number | null
  stdout: string
  stderr: string
}

/** Run one command to completion (killed after timeoutMs; `wrapper` runs it, e.g. setpriv). */
export async function runCli (args: string[], options: SpawnOptions & { timeoutMs?: number, wrapper?: string[] } = {}): Promise<CliResult> {
  const command = [...(options.wrapper ?? []), process.execPath, ...CLI, ...args]
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], ...options })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString() })
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  clearTimeout(timer)
  return { status, stdout, stderr }
}

/** A `kuber-p2p start` (or any long-running command) in a child process. */
export class CliNode {
  readonly child: ChildProcess
  stderr = ''
  stdout = ''
  private readonly exited: Promise<number | null>

  constructor (args: string[], options: SpawnOptions = {}) {
    this.child = spawn(process.execPath, [...CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...options })
    this.child.stdout!.on('data', (d: Buffer) => { this.stdout += d.toString() })
    this.child.stderr!.on('data', (d: Buffer) => { this.stderr += d.toString() })
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)))
  }

  /** Wait until stderr matches `pattern` (fails after timeoutMs or if the process exits). */
  async waitFor (pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs
    let exited = false
    void this.exited.then(() => { exited = true })
    for (;;) {
      const m = pattern.exec(this.stderr)
      if (m !== null) return m
      if (exited || Date.now() > deadline) throw new Error(`no ${String(pattern)} on stderr${exited ? ' (process exited)' : ''}:\n${this.stderr}`)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }

  /** The banner's PeerID, P2P address and RPC base URL, once it has started. */
  async started (timeoutMs = 30_000): Promise<{ peerId: string, p2p: string, rpc: string | undefined }> {
    const m = await this.waitFor(/kuber-p2p node ([0-9a-f]{64})\n {2}p2p (\S+)\n {2}rpc (?:(http:\/\/[\d.:]+)\/p2p\/info|off)\n/, timeoutMs)
    return { peerId: m[1]!, p2p: m[2]!, rpc: m[3] }
  }

  /** Parsed JSON log lines (pino) so far. */
  logs (): Array<Record<string, unknown>> {
    return this.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>)
  }

  /** SIGTERM (or `signal`) and wait for the exit code. */
  async stop (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal)
    return await this.exited
  }
}

/** GET a JSON document from a node's RPC. */
export async function getJson (url: string): Promise<Record<string, any>> {
  return await (await fetch(url)).json() as Record<string, any>
}

/** Poll `probe` (real time) until it returns true; fails with `what` after timeoutMs. */
export async function eventually (probe: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
