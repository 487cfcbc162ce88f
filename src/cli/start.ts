// `kuber-p2p start`: run one node until SIGINT/SIGTERM, then shut down cleanly.
import { createNode, type KuberNode } from '../node/node.js'
import { resolveStartConfig, type StartFlags } from './config-file.js'

export async function startCommand (flags: StartFlags): Promise<void> {
  const config = await resolveStartConfig(flags)
  const node = await createNode(config)
  await node.start()
  process.stderr.write(`kuber-p2p node ${node.peerId}\n  p2p ${node.listenAddresses.join(', ')}\n  rpc http://${node.rpcAddress ?? '(off)'}/p2p/info\n`)
  await untilSignal([node])
}

/** Resolve after SIGINT or SIGTERM has stopped every node. A second signal exits at once. */
export async function untilSignal (nodes: Array<Pick<KuberNode, 'stop'>>, beforeStop?: () => void): Promise<void> {
  await new Promise<void>((resolve) => {
    let stopping = false
    const onSignal = (signal: string): void => {
      if (stopping) process.exit(130)
      stopping = true
      process.stderr.write(`\n${signal}: stopping ${nodes.length} node(s)\n`)
      beforeStop?.()
      Promise.all(nodes.map(async (n) => await n.stop())).finally(() => {
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
        resolve()
      })
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
}
