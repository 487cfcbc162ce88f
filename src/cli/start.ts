// `kuber-p2p start`: run one node until SIGINT/SIGTERM, then shut down cleanly.
import { createNode, type KuberNode } from '../node/node.js'
import { resolveStartConfig, type StartFlags } from './config-file.js'
import { maybeStartAgent, testnetTransport, type TestnetNodeFlags } from './testnet/agent.js'

export async function startCommand (flags: StartFlags & TestnetNodeFlags): Promise<void> {
  const config = await resolveStartConfig(flags)
  const testnet = testnetTransport(flags)
  const node = await createNode(config, testnet === undefined ? {} : { transport: testnet.transport })
  await node.start()
  const stop = stopOnSignal([node]) // before the banner: whoever reads it may signal at once
  maybeStartAgent(flags, { node, fuzz: testnet?.fuzz })
  const rpc = node.rpcAddress === undefined ? 'off' : `http://${node.rpcAddress}/p2p/info`
  process.stderr.write(`kuber-p2p node ${node.peerId}\n  p2p ${node.listenAddresses.join(', ')}\n  rpc ${rpc}\n`)
  await stop.stopped
}

export interface SignalStop {
  /** Resolves once a signal has stopped every node. */
  readonly stopped: Promise<void>
  /** A signal has come (the nodes are stopping or stopped). */
  readonly signalled: boolean
}

/** From now on SIGINT or SIGTERM stops the nodes (after beforeStop); a second signal exits at once. */
export function stopOnSignal (nodes: Array<Pick<KuberNode, 'stop'>>, beforeStop?: () => void): SignalStop {
  let signalled = false
  const stopped = new Promise<void>((resolve) => {
    const onSignal = (signal: string): void => {
      if (signalled) process.exit(130)
      signalled = true
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
  return { stopped, get signalled () { return signalled } }
}
