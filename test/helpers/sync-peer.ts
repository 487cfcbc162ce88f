// A hand-driven block sync server for tests: a raw peer (real Noise over real TCP) that
// dials a node, advertises BLOCK_SYNC, claims blocks 1..height in BlockStatus and answers
// each range request with whatever the test's `answer` returns (crafted, tampered, none).
import { Capability, Messages, MessageType, decodePayload, encodePayload, pb, systemClock } from '../../src/index.js'
import { createTcpTransport } from '../../src/transport/tcp.js'
import { rawPeer, type RawPeer } from './raw-peer.js'

export interface SyncPeer {
  raw: RawPeer
  /** Range requests received, in order. */
  readonly requests: pb.BlockRequest[]
}

export async function syncPeer (address: string, chainId: string, height: number, answer: (request: pb.BlockRequest) => Partial<pb.BlockResponse>): Promise<SyncPeer> {
  const requests: pb.BlockRequest[] = []
  let raw: RawPeer | undefined
  const reply = (type: number, payload: Uint8Array): void => { raw?.send(type, payload) }
  raw = await rawPeer(createTcpTransport({ clock: systemClock }), address, {
    onMessage: (env) => {
      if (env.type === MessageType.BLOCK_STATUS_REQUEST) reply(MessageType.BLOCK_STATUS, encodePayload(Messages.blockStatus, { height, base: 1 }))
      if (env.type !== MessageType.BLOCK_REQUEST) return
      const request = decodePayload(Messages.blockRequest, env.payload)
      requests.push(request)
      reply(MessageType.BLOCK_RESPONSE, encodePayload(Messages.blockResponse, { height: request.height, latestHeight: height, base: 1, ...answer(request) }))
    }
  })
  raw.hello({ chainId, capabilities: Capability.BLOCKS | Capability.BLOCK_SYNC, latestHeight: height })
  raw.send(MessageType.HELLO_ACK, new Uint8Array(0))
  await raw.waitFor(MessageType.HELLO_ACK)
  return { raw, requests }
}
