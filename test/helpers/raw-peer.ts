// A hand-driven peer for tests: it dials a node over a real transport, runs the real
// secure channel, then lets a test send arbitrary frames (valid, crafted or garbage)
// and read what the node answers.
import type { Transport, Connection } from '../../src/transport/types.js'
import { createNoiseUpgrader } from '../../src/secure/noise-upgrader.js'
import { generateIdentity, type Identity } from '../../src/identity/keys.js'
import type { Random } from '../../src/runtime/random.js'
import { SeededRandom } from '../../src/runtime/random.js'
import { FrameDecoder } from '../../src/wire/frame.js'
import { decodeEnvelope, encodeFrame, type Envelope } from '../../src/wire/envelope.js'
import { Messages, encodePayload, decodePayload } from '../../src/wire/codecs.js'
import { buildHello, PROTOCOL_VERSION } from '../../src/session/hello.js'
import type { Hello } from '../../src/wire/gen/kuber.js'
import type { KuberNode } from '../../src/node/node.js'
import { createTcpTransport } from '../../src/transport/tcp.js'
import { HAND_HELLO_ACK_OK, handFrame, handHello } from './hand-proto.js'
import { waitUntil } from './nodes.js'
import { MessageType } from '../../src/wire/gen/message-type.js'
import { SimNetwork, SIM_PORT } from '../../src/sim/sim-network.js'

export interface RawPeer {
  identity: Identity
  conn: Connection
  received: Envelope[]
  /** Plaintext bytes received from the node, from its Hello on (what flow control counts). */
  receivedBytes(): number
  closed: Promise<Error | undefined>
  isClosed(): boolean
  sendRaw(bytes: Uint8Array): void
  send(type: number, payload: Uint8Array): void
  hello(over?: Partial<Hello>, now?: number): void
  /** Wait until a message of `type` arrives (polls the event loop). */
  waitFor(type: number, timeoutMs?: number): Promise<Envelope>
}

export async function rawPeer (transport: Transport, address: string, options: { identity?: Identity, random?: Random, onMessage?: (env: Envelope) => void } = {}): Promise<RawPeer> {
  const random = options.random ?? new SeededRandom(Math.floor(Math.random() * 1e9))
  const identity = options.identity ?? generateIdentity(random)
  const upgrader = createNoiseUpgrader({ identity, random })
  const secure = await upgrader.secureOutbound(await transport.dial(address))
  const received: Envelope[] = []
  let receivedBytes = 0
  let closedFlag = false
  let resolveClosed!: (e: Error | undefined) => void
  const closed = new Promise<Error | undefined>((resolve) => { resolveClosed = resolve })
  const decoder = new FrameDecoder((f) => {
    const env = decodeEnvelope(f)
    const copy = { type: env.type, payload: Uint8Array.from(env.payload) }
    received.push(copy)
    options.onMessage?.(copy)
  })
  secure.conn.setHandlers({
    onData: (c) => { receivedBytes += c.length; decoder.push(c) },
    onDrain: () => {},
    onClose: (err) => { closedFlag = true; resolveClosed(err) }
  })
  const peer: RawPeer = {
    identity,
    conn: secure.conn,
    received,
    receivedBytes: () => receivedBytes,
    closed,
    isClosed: () => closedFlag,
    sendRaw: (bytes) => { secure.conn.write(bytes) },
    send: (type, payload) => { secure.conn.write(encodeFrame(type, payload)) },
    hello: (over = {}, now = Date.now()) => {
      const hello = { ...buildHello({ peerId: identity.peerId, chainId: 'kuber-test', protocolVersion: PROTOCOL_VERSION, latestHeight: 0, capabilities: 0, listenAddr: '' }, now), ...over }
      peer.send(Messages.hello.type, encodePayload(Messages.hello, hello))
    },
    waitFor: async (type, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const hit = received.find((e) => e.type === type)
        if (hit !== undefined) return hit
        if (Date.now() > deadline || closedFlag) throw new Error(`no message of type ${type} (closed=${String(closedFlag)})`)
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    }
  }
  return peer
}

/** Decode a HelloAck's status. */
export function ackStatus (env: Envelope): string {
  return decodePayload(Messages.helloAck, env.payload).status
}

/** A raw peer over TCP that has completed the Hello exchange with `node` (ACTIVE on the node's side). */
export async function activeRawPeer (node: KuberNode, identity?: Identity): Promise<RawPeer> {
  const p = await rawPeer(createTcpTransport(), node.listenAddresses[0]!, { identity })
  p.hello()
  p.send(MessageType.HELLO_ACK, Buffer.alloc(0))
  await waitUntil(() => node.connectedPeers().some((x) => x.peerId === p.identity.peerId), 10_000, 'raw peer connected')
  return p
}

/** A raw peer over TCP past the handshake with `node`, its Hello and HelloAck written by hand (not by the node's encoder). */
export async function handshakenRawPeer (node: KuberNode, capabilities = 7): Promise<RawPeer> {
  const p = await rawPeer(createTcpTransport(), node.listenAddresses[0]!)
  p.sendRaw(handFrame(Messages.hello.type, handHello({ nodeId: Buffer.from(p.identity.peerId, 'hex'), protocolVersion: PROTOCOL_VERSION, chainId: node.config.chainId, timestamp: Date.now(), capabilities })))
  p.sendRaw(HAND_HELLO_ACK_OK)
  await waitUntil(() => node.getPeer(p.identity.peerId) !== undefined, 5000, 'raw peer connected')
  return p
}

/** A raw peer connected to node 0 of a simulation from `host`, past Hello and HelloAck (capabilities 0 unless given). */
export async function simRawPeer (sim: SimNetwork, host: string, capabilities = 0): Promise<RawPeer> {
  const p = await sim.await(rawPeer(sim.network.transport(host), `${SimNetwork.host(0)}:${SIM_PORT}`, { random: sim.random.fork() }))
  p.hello({ chainId: 'kuber-sim', capabilities }, sim.clock.now())
  p.send(MessageType.HELLO_ACK, new Uint8Array(0))
  await sim.run(100)
  return p
}

/** A one-node simulation (no PEX) with a raw peer connected to it from `host`. */
export async function simNodeWithRawPeer (seed: number, host: string, capabilities = 0): Promise<{ sim: SimNetwork, node: SimNetwork['nodes'][number], raw: RawPeer }> {
  const sim = new SimNetwork({ seed, config: { pex: false } })
  await sim.addNode()
  return { sim, node: sim.nodes[0]!, raw: await simRawPeer(sim, host, capabilities) }
}
