// The testnet's transaction load (`kuber-p2p testnet-load`, run by the harness in the
// testnet's client host): the devnet's load generator aimed at nodes' application APIs
// over the testnet's links. The harness names the nodes to use on stdin as they come and
// go (a killed, cut-off or paused node is left out); the counts go to stdout every second.
// Ends when stdin ends.
import { z } from 'zod'
import { apiLoadTarget, startLoad, type LoadTarget } from '../devnet-load.js'
import { emit, monoMs, readJsonLines } from './events.js'

/** A request to a node that does not answer in this long counts as failed. */
const REQUEST_TIMEOUT_MS = 2000

const CommandSchema = z.union([z.object({ targets: z.array(z.string()) }).strict(), z.object({ stop: z.literal(true) }).strict()])

export async function testnetLoadCommand (opts: { chainId: string, rate: number }): Promise<void> {
  let targets: LoadTarget[] = []
  const load = startLoad(() => targets, opts.chainId, opts.rate)
  const report = (): void => { emit({ e: 'load', t: monoMs(), ...load.counts }) }
  const timer = setInterval(report, 1000) // allow-nondeterminism: CLI reporting
  await new Promise<void>((resolve) => {
    readJsonLines(process.stdin, (line) => {
      const command = CommandSchema.safeParse(line)
      if (!command.success) return
      if ('stop' in command.data) { load.stop(); return }
      targets = command.data.targets.map((address) => apiLoadTarget(address, REQUEST_TIMEOUT_MS))
    }, resolve)
  })
  load.stop()
  clearInterval(timer)
  report()
}
