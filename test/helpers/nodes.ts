// Helpers to start and wire test nodes: silent logs, loopback ports, bounded waits.
import { pino } from 'pino'
import { createNode, type KuberNode, type NodeDeps } from '../../src/node/node.js'
import type { NodeConfigInput } from '../../src/node/config.js'

export const silentLogger = pino({ level: 'silent' })

export async function startNode (config: Partial<NodeConfigInput> = {}, deps: NodeDeps = {}): Promise<KuberNode> {
  const node = await createNode({ chainId: 'kuber-test', listen: ['127.0.0.1:0'], ...config }, { logger: silentLogger, ...deps })
  await node.start()
  return node
}

export function addressOf (node: KuberNode): string {
  return `${node.peerId}@${node.listenAddresses[0]!}`
}

/** Poll `cond` every few ms of real time until it holds, or fail after timeoutMs. */
export async function waitUntil (cond: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export async function stopAll (nodes: KuberNode[]): Promise<void> {
  await Promise.all(nodes.map(async (n) => await n.stop()))
}
