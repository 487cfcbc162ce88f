// Discovery test helpers: a hand-driven peer in a SimNetwork that speaks PEX, and real
// PeerRecords (keys that are valid ed25519 points and hash to their PeerIDs).
import { SimNetwork, SIM_PORT } from '../../src/sim/sim-network.js'
import { generateIdentity } from '../../src/identity/keys.js'
import { peerIdToBytes } from '../../src/identity/peer-id.js'
import type { Random } from '../../src/runtime/random.js'
import { Capability } from '../../src/session/hello.js'
import { Messages, MessageType, decodePayload, encodePayload } from '../../src/wire/codecs.js'
import type { PeerRecord } from '../../src/wire/gen/kuber.js'
import { rawPeer, type RawPeer } from '../helpers/raw-peer.js'

/** Settings that let discovery work on the simulator's private 10.x addresses. */
export const SIM_DISCOVERY = { addrBookStrict: false } as const

/** A raw peer on `host` connected to node `i` with PEER_EXCHANGE, handshake done. */
export async function pexPeer (sim: SimNetwork, i: number, host: string, listenAddr = ''): Promise<RawPeer> {
  const p = await sim.await(rawPeer(sim.network.transport(host), `${SimNetwork.host(i)}:${SIM_PORT}`, { random: sim.random.fork() }))
  p.hello({ chainId: 'kuber-sim', capabilities: Capability.PEER_EXCHANGE, listenAddr }, sim.clock.now())
  p.send(MessageType.HELLO_ACK, Buffer.alloc(0))
  await sim.run(100)
  return p
}

/** Messages of `type` the raw peer has received so far. */
export function receivedOf (p: RawPeer, type: number): number {
  return p.received.filter((e) => e.type === type).length
}

/** A valid record for a fresh identity at `address`. */
export function validRecord (random: Random, address: string, now: number): PeerRecord {
  const id = generateIdentity(random)
  return {
    peerId: peerIdToBytes(id.peerId) as Uint8Array<ArrayBuffer>,
    address,
    publicKey: id.publicKey as Uint8Array<ArrayBuffer>,
    latestHeight: 7,
    score: 50,
    flags: Capability.PEER_EXCHANGE,
    lastSeen: now
  }
}

export function sendPeerList (p: RawPeer, peers: PeerRecord[]): void {
  p.send(MessageType.PEER_LIST, encodePayload(Messages.peerList, { peers }))
}

/** The PeerList records the raw peer received last. */
export function lastPeerList (p: RawPeer): PeerRecord[] {
  const lists = p.received.filter((e) => e.type === MessageType.PEER_LIST)
  return lists.length === 0 ? [] : decodePayload(Messages.peerList, lists[lists.length - 1]!.payload).peers
}

/** Outbound peers of a node. */
export function outbound (node: { connectedPeers(): Array<{ direction: string }> }): number {
  return node.connectedPeers().filter((p) => p.direction === 'outbound').length
}
