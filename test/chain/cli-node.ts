// Reference-chain nodes as operators run them: `kuber-p2p start --genesis` in a child
// process (through tsx, so the sources are what runs), its API and debug RPC addresses read
// from what it prints, and small HTTP helpers.
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
export const cli = ['--import', 'tsx', join(root, 'src/cli/main.ts')]

export interface CliNode {
  child: ChildProcess
  /** host:port of the application API and of the debug RPC. */
  api: string
  rpc: string
  /** The height it said it starts at. */
  height: number
  exited: Promise<number | null>
  stderr(): string
}

/** Start `kuber-p2p start --home HOME --genesis GENESIS` with extra flags; resolves once its API is up. */
export async function startCliNode (home: string, genesis: string, flags: string[] = []): Promise<CliNode> {
  const child = spawn('node', [...cli, 'start', '--home', home, '--genesis', genesis, '--api', '127.0.0.1:0', '--rpc', '127.0.0.1:0', '--log-level', 'warn', ...flags], { stdio: ['ignore', 'ignore', 'pipe'] })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString() })
  const deadline = Date.now() + 30_000
  while (!/api http:\/\/[\d.:]+\/status/.test(stderr) && Date.now() < deadline && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 50))
  const api = /api http:\/\/([\d.:]+)\/status/.exec(stderr)?.[1]
  const rpc = /rpc http:\/\/([\d.:]+)\/p2p\/info/.exec(stderr)?.[1]
  assert.ok(api !== undefined && rpc !== undefined, stderr)
  return { child, api, rpc, height: Number(/at height (\d+)/.exec(stderr)![1]), exited, stderr: () => stderr }
}

export async function getJson (address: string, path: string): Promise<{ status: number, body: Record<string, any> }> {
  const res = await fetch(`http://${address}${path}`)
  return { status: res.status, body: await res.json() as Record<string, any> }
}

/** Poll `read` until `cond` holds on its value, or fail after timeoutMs. */
export async function pollUntil<T> (read: () => Promise<T>, cond: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (cond(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

export async function stopCliNode (node: CliNode): Promise<void> {
  if (node.child.exitCode !== null) return
  node.child.kill('SIGTERM')
  await node.exited
}
