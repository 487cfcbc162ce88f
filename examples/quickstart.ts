// Two nodes on loopback: b dials a, a handles a custom message type, b broadcasts to it.
// Run: npx tsx examples/quickstart.ts
import { createNode } from '../src/index.js'

const APP_MESSAGE = 200 // a type byte of your own (types 1-19 are Kuber's)

export async function main (): Promise<string> {
  const a = await createNode({ chainId: 'my-chain', listen: ['127.0.0.1:0'], logLevel: 'warn' })
  await a.start()
  const b = await createNode({ chainId: 'my-chain', listen: ['127.0.0.1:0'], logLevel: 'warn', peers: [`${a.peerId}@${a.listenAddresses[0]!}`] })

  const received = new Promise<string>((resolve) => {
    a.handle(APP_MESSAGE, (peer, _type, payload) => resolve(`${peer.peerId.slice(0, 12)} says ${Buffer.from(payload).toString()}`))
  })
  b.on('peer:connected', () => { b.broadcast(APP_MESSAGE, Buffer.from('hello')) })
  await b.start()

  const text = await received
  console.log(text, '| a sees', a.peers().map((p) => `${p.peer_id.slice(0, 12)} ${p.direction} ${p.state}`))
  await Promise.all([a.stop(), b.stop()])
  return text
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
