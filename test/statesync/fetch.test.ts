// State sync in the P2P layer, on the simulator's virtual time, with a small application
// state plugged in through the provider interface (helpers/blob-snapshot.ts): a snapshot
// that enough peers agree on is fetched from all of them at once, each chunk applied once;
// a peer sending bad chunks is penalised and banned while the others complete it; a peer
// that never answers is dropped after its timeouts; chunks done before a restart are never
// asked for; a snapshot nobody can serve in full, or none at all, ends with restored: false
// in bounded time; chunks nobody asked for cost the sender; StateSyncRequests are answered.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SimNetwork } from '../../src/sim/sim-network.js'
import type { KuberNode } from '../../src/node/node.js'
import type { NodeConfigInput } from '../../src/node/config.js'
import { Messages, MessageType, decodePayload, encodePayload } from '../../src/wire/codecs.js'
import { simRawPeer } from '../helpers/raw-peer.js'
import { BlobRestorer, BlobSource, blobSnapshot, type BlobSnapshot, type Misbehaviour } from '../helpers/blob-snapshot.js'

const CHUNK = 4096
const fast: Partial<NodeConfigInput> = { stateSync: { discoveryTimeoutMs: 3000, requestChunks: 8, maxBytesInFlightPerPeer: 64 * 1024, requestTimeoutMs: 1000, stallTimeoutMs: 10_000 } }

interface Net { sim: SimNetwork, client: KuberNode, sources: BlobSource[] }

/** Servers (one per entry: the snapshots it serves and how it misbehaves), then a client that dials them all. */
async function net (seed: number, servers: Array<{ snapshots: BlobSnapshot[], misbehave?: Misbehaviour }>, client: Partial<NodeConfigInput> = {}): Promise<Net> {
  const sim = new SimNetwork({ seed, config: { pex: false } })
  const sources: BlobSource[] = []
  for (const s of servers) {
    const source = new BlobSource(s.snapshots, sim.clock, s.misbehave)
    sources.push(source)
    await sim.addNode(fast, { app: { snapshots: source } })
  }
  await sim.addNode({ ...fast, ...client, stateSync: { ...fast.stateSync, ...client.stateSync } })
  const c = sim.nodes.at(-1)!
  await sim.await(Promise.all(servers.map(async (_, i) => await c.dial(sim.address(i)))))
  await sim.run(100)
  return { sim, client: c, sources }
}

const totalLoads = (s: BlobSource): number => [...s.loads.values()].reduce((a, b) => a + b, 0)

test('a snapshot two peers agree on is fetched from all three at once, every chunk applied once', async () => {
  const snap = blobSnapshot(100, 200, CHUNK)
  const older = blobSnapshot(50, 50, CHUNK, 2)
  const lone = blobSnapshot(120, 10, CHUNK, 3) // newer, but only one peer serves it
  const slow = { delayMs: 20 }
  const { sim, client, sources } = await net(1, [{ snapshots: [lone, snap, older], misbehave: slow }, { snapshots: [snap, older], misbehave: slow }, { snapshots: [snap], misbehave: slow }], { stateSync: { maxBytesInFlightPerPeer: 1 << 20, requestChunks: 4 } })
  const restorer = new BlobRestorer(snap.info.root)
  const result = await sim.await(client.syncState(restorer))
  assert.equal(result.restored, true)
  assert.equal(restorer.offered.length, 1, 'the newest snapshot two peers agree on is the one offered')
  assert.equal(restorer.offered[0]!.height, 100)
  assert.equal(restorer.applied.size, 200)
  assert.ok([...restorer.applied.values()].every((n) => n === 1), 'no chunk applied twice')
  assert.equal(restorer.finished, 1)
  for (const s of sources) assert.ok(totalLoads(s) > 20, `every peer served a share (${sources.map(totalLoads).join(', ')})`)
  const status = client.stateSync.status()
  assert.equal(status.phase, 'done')
  assert.equal(status.chunks_done, 200)
  assert.equal(status.snapshot?.height, 100)
  const totals = client.stateSync.totals()
  assert.equal(totals.fetched, 200)
  assert.equal(totals.bytes, 200 * CHUNK)
  assert.equal(totals.rejected, 0)
  assert.deepEqual(client.stats.penalties.toJSON(), {}, 'no peer was penalised')
  for (const server of sim.nodes.slice(0, 3)) assert.deepEqual(server.stats.penalties.toJSON(), {}, 'the client kept within what servers take')
  await sim.stop()
})

test('a peer sending bad chunks is penalised and banned; the chunks come from the others', async () => {
  const snap = blobSnapshot(100, 120, CHUNK)
  const { sim, client, sources } = await net(2, [{ snapshots: [snap], misbehave: { corrupt: () => true } }, { snapshots: [snap] }, { snapshots: [snap] }])
  const liar = sim.nodes[0]!.peerId
  const restorer = new BlobRestorer(snap.info.root)
  const result = await sim.await(client.syncState(restorer))
  assert.equal(result.restored, true)
  assert.equal(restorer.applied.size, 120)
  assert.ok([...restorer.applied.values()].every((n) => n === 1))
  assert.ok(restorer.rejected >= 2, `${restorer.rejected} rejected`)
  assert.ok(client.scorer.isBanned(liar), 'the liar is banned')
  assert.equal(client.getPeer(liar), undefined, 'and disconnected')
  assert.ok((client.stats.penalties.get('INVALID_CHUNK') ?? 0) >= 2)
  const totals = client.stateSync.totals()
  assert.equal(totals.rejected, restorer.rejected)
  assert.ok(totals.refetched >= totals.rejected, 'every rejected chunk was asked for again')
  assert.ok(totalLoads(sources[1]!) + totalLoads(sources[2]!) >= 120)
  await sim.stop()
})

test('a peer that never answers is dropped after its timeouts and the others complete the snapshot', async () => {
  const snap = blobSnapshot(100, 400, CHUNK)
  const { sim, client } = await net(3, [{ snapshots: [snap], misbehave: { hang: true } }, { snapshots: [snap], misbehave: { delayMs: 100 } }])
  const silent = sim.nodes[0]!.peerId
  const restorer = new BlobRestorer(snap.info.root)
  const result = await sim.await(client.syncState(restorer))
  assert.equal(result.restored, true)
  assert.equal(restorer.applied.size, 400)
  const totals = client.stateSync.totals()
  assert.ok(totals.timeouts >= 3, `${totals.timeouts} timeouts`)
  assert.equal(client.stats.penalties.get('SLOW_RESPONSE'), 1, 'its timeouts are one slow episode: one SLOW_RESPONSE')
  const asked = client.requests.stats() as { open_by_kind: Record<string, number> }
  assert.equal(asked.open_by_kind.state_chunks, 0, 'nothing left open')
  assert.ok(client.getPeer(silent) !== undefined, 'slow is not Byzantine: still connected, just not asked')
  await sim.stop()
})

test('a restore left by a restart is resumed (before newer snapshots), and its chunks applied before are never asked for again', async () => {
  const snap = blobSnapshot(100, 64, CHUNK)
  const newer = blobSnapshot(200, 64, CHUNK, 5)
  const { sim, client, sources } = await net(4, [{ snapshots: [newer, snap] }, { snapshots: [newer, snap] }])
  const done = Array.from({ length: 40 }, (_, i) => i * 1.5 | 0).filter((v, i, a) => a.indexOf(v) === i)
  const restorer = new BlobRestorer(snap.info.root, done, snap.info.root)
  const result = await sim.await(client.syncState(restorer))
  assert.equal(result.restored, true)
  assert.deepEqual(restorer.offered.map((o) => o.height), [100], 'the snapshot being restored comes before a newer one')
  for (const i of done) assert.equal(sources.reduce((n, s) => n + (s.loads.get(i) ?? 0), 0), 0, `chunk ${i} was done before: never loaded`)
  for (let i = 0; i < 64; i++) if (!done.includes(i)) assert.equal(restorer.applied.get(i), 1, `chunk ${i} applied once`)
  assert.equal(client.stateSync.status().chunks_done, 64)
  await sim.stop()
})

test('a snapshot nobody can serve in full is given up in bounded time; then no snapshot is restored', async () => {
  const snap = blobSnapshot(100, 80, CHUNK)
  const { sim, client } = await net(5, [{ snapshots: [snap], misbehave: { missing: new Set([33]) } }, { snapshots: [snap], misbehave: { missing: new Set([33]) } }])
  const restorer = new BlobRestorer(snap.info.root)
  const started = sim.clock.now()
  const result = await sim.await(client.syncState(restorer))
  assert.equal(result.restored, false)
  assert.match(result.restored ? '' : result.reason, /could be restored \(last: chunk 3\d is served by none of the 2 peers left\)/)
  assert.equal(restorer.abandoned, 1)
  assert.equal(restorer.finished, 0)
  assert.ok(sim.clock.now() - started < 15_000, `gave up after ${sim.clock.now() - started} ms`)
  assert.deepEqual(client.stats.penalties.toJSON(), {}, 'a peer that says it cannot serve a chunk is not penalised')
  await sim.stop()
})

test('no snapshot anywhere: restored false after the discovery timeout', async () => {
  const { sim, client } = await net(6, [{ snapshots: [] }])
  const started = sim.clock.now()
  const result = await sim.await(client.syncState(new BlobRestorer(new Uint8Array(32))))
  assert.equal(result.restored, false)
  assert.match(result.restored ? '' : result.reason, /no snapshot served by 2 peer/)
  const waited = sim.clock.now() - started
  assert.ok(waited >= 3000 && waited < 4500, `waited ${waited} ms`)
  assert.equal(client.stateSync.status().phase, 'failed')
  await sim.stop()
})

test('a snapshot whose metadata does not check is refused and its advertisers penalised', async () => {
  const snap = blobSnapshot(100, 20, CHUNK)
  const { sim, client } = await net(7, [{ snapshots: [snap] }, { snapshots: [snap] }], { stateSync: { discoveryTimeoutMs: 2000 } })
  const result = await sim.await(client.syncState(new BlobRestorer(Buffer.alloc(32, 1))))
  assert.equal(result.restored, false)
  assert.equal(client.stats.penalties.get('INVALID_SNAPSHOT'), 2)
  await sim.stop()
})

test('StateSyncRequests are answered (missing for an unknown snapshot) and never penalised; chunks nobody asked for are', async () => {
  const snap = blobSnapshot(100, 20, CHUNK)
  const sim = new SimNetwork({ seed: 8, config: { pex: false } })
  await sim.addNode({}, { app: { snapshots: new BlobSource([snap], sim.clock) } })
  const node = sim.nodes[0]!
  const raw = await simRawPeer(sim, '10.99.0.1')
  for (let i = 0; i < 9; i++) raw.send(MessageType.STATE_SYNC_REQUEST, encodePayload(Messages.stateSyncRequest, { stateRoot: Buffer.alloc(32, 7) as Uint8Array<ArrayBuffer>, chunkId: i }))
  raw.send(MessageType.STATE_SYNC_REQUEST, encodePayload(Messages.stateSyncRequest, { stateRoot: snap.info.root as Uint8Array<ArrayBuffer>, chunkId: 4, count: 3 }))
  raw.send(MessageType.SNAPSHOT_LIST_REQUEST, new Uint8Array(0))
  await sim.run(200)
  const answers = raw.received.filter((e) => e.type === MessageType.STATE_SYNC_CHUNK).map((e) => decodePayload(Messages.stateSyncChunk, e.payload))
  assert.equal(answers.filter((a) => a.missing).length, 9, 'an unknown snapshot: missing, once per request')
  const served = answers.filter((a) => !a.missing)
  assert.deepEqual(served.map((a) => a.chunkId), [4, 5, 6])
  assert.ok(served.every((a) => a.totalChunks === 20 && Buffer.from(a.data).equals(snap.chunks[a.chunkId]!)))
  const list = decodePayload(Messages.snapshotList, raw.received.find((e) => e.type === MessageType.SNAPSHOT_LIST)!.payload)
  assert.deepEqual(list.snapshots.map((s) => s.height), [100])
  assert.deepEqual(node.stats.penalties.toJSON(), {}, 'state sync requests are this node\'s protocol, not unknown types')

  raw.send(MessageType.STATE_SYNC_CHUNK, encodePayload(Messages.stateSyncChunk, { chunkId: 1, totalChunks: 20, stateRoot: snap.info.root as Uint8Array<ArrayBuffer>, data: snap.chunks[1]! as Uint8Array<ArrayBuffer> }))
  raw.send(MessageType.SNAPSHOT_LIST, encodePayload(Messages.snapshotList, { snapshots: [] }))
  raw.send(MessageType.STATE_SYNC_REQUEST, encodePayload(Messages.stateSyncRequest, { stateRoot: snap.info.root as Uint8Array<ArrayBuffer>, chunkId: 18, count: 5 }))
  await sim.run(200)
  assert.equal(node.stats.penalties.get('UNSOLICITED_MESSAGE'), 2, 'a chunk and a list nobody asked for')
  assert.equal(node.stats.penalties.get('INVALID_FIELD'), 1, 'chunks past the snapshot\'s end')
  await sim.stop()
})
