// A Byzantine state sync server for tests: a hand-driven peer that dials a node over TCP
// and Noise, advertises state sync, lists an honest node's snapshots, and answers every
// StateSyncRequest with that node's chunks corrupted one way: a byte of data flipped, a
// byte of the proof flipped, chunk ids the request did not ask for, or another total_chunks.
import { Capability, Messages, MessageType, decodePayload, encodePayload, systemClock, type SnapshotSource } from '../../src/index.js'
import { createTcpTransport } from '../../src/transport/tcp.js'
import { rawPeer, type RawPeer } from './raw-peer.js'

export type Lie = 'bad_data' | 'bad_proof' | 'wrong_id' | 'wrong_total'

export interface LyingServer {
  readonly raw: RawPeer
  /** Chunks sent. */
  sent: number
  stop(): void
}

const bytes = (b: Uint8Array): Uint8Array<ArrayBuffer> => b as Uint8Array<ArrayBuffer>

export async function lyingServer (address: string, chainId: string, height: number, source: SnapshotSource, lie: Lie): Promise<LyingServer> {
  const raw = await rawPeer(createTcpTransport({ clock: systemClock }), address)
  raw.hello({ chainId, capabilities: Capability.STATE_SYNC, latestHeight: height })
  raw.send(MessageType.HELLO_ACK, new Uint8Array(0))
  let read = 0
  let stopped = false
  const server: LyingServer = { raw, sent: 0, stop: () => { stopped = true } }
  const answer = async (payload: Uint8Array): Promise<void> => {
    const req = decodePayload(Messages.stateSyncRequest, payload)
    const count = Math.max(1, req.count)
    const snapshot = source.listSnapshots().find((s) => Buffer.from(s.root).equals(req.stateRoot))
    const chunks = snapshot === undefined ? undefined : await source.loadChunks(req.stateRoot, req.chunkId, count)
    if (snapshot === undefined || chunks === undefined) return
    chunks.forEach((c, i) => {
      const data = Buffer.from(c.data)
      const proof = Buffer.from(c.proof)
      let id = req.chunkId + i
      let total = snapshot.chunks
      if (lie === 'bad_data') data[(i * 977) % data.length] ^= 0x40
      if (lie === 'bad_proof' && proof.length > 0) proof[(i * 31) % proof.length] ^= 0x01
      if (lie === 'wrong_id') id += count
      if (lie === 'wrong_total') total += 1
      raw.send(MessageType.STATE_SYNC_CHUNK, encodePayload(Messages.stateSyncChunk, { chunkId: id, totalChunks: total, data: bytes(data), stateRoot: bytes(snapshot.root), proof: bytes(proof) }))
      server.sent++
    })
  }
  const loop = async (): Promise<void> => {
    while (!stopped && !raw.isClosed()) {
      while (read < raw.received.length) {
        const m = raw.received[read++]!
        if (m.type === MessageType.PING) raw.send(MessageType.PONG, encodePayload(Messages.pong, { nonce: decodePayload(Messages.ping, m.payload).nonce }))
        else if (m.type === MessageType.SNAPSHOT_LIST_REQUEST) {
          const snapshots = source.listSnapshots().map((s) => ({ height: s.height, format: s.format, chunks: s.chunks, chunkSize: s.chunkSize, stateRoot: bytes(s.root), metadata: bytes(s.metadata) }))
          raw.send(MessageType.SNAPSHOT_LIST, encodePayload(Messages.snapshotList, { snapshots }))
        } else if (m.type === MessageType.STATE_SYNC_REQUEST) await answer(m.payload)
      }
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
  loop().catch(() => {})
  return server
}
