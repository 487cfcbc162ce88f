// Lazy push: message ids are announced (GOSSIP_IHAVE) in rounds rather than one frame per
// message. Ids collected during a round are announced at its end, and again at the end of
// the next announceRounds − 1 rounds, each time to a fresh random choice of lazy peers, so
// every id reaches about lazyFanout · announceRounds peers in a few frames per round. Ids
// for one given peer (a peer too backed up to be pushed the full message) go in its own frame.
import type { Clock, Timer } from '../runtime/clock.js'
import { encodeFrame } from '../wire/envelope.js'
import { Messages, MAX_GOSSIP_HASHES, encodePayload } from '../wire/codecs.js'
import type { MeshPeer } from './mesh.js'
import { keyId } from './topic.js'

export interface AnnouncerOptions {
  intervalMs: number
  rounds: number
  fanout: number
  /** Up to k lazy peers to announce to this round. */
  pickTargets(k: number): MeshPeer[]
  /** Send an IHAVE frame; false if it was dropped. */
  send(mp: MeshPeer, frame: Uint8Array, ids: number): void
}

export class Announcer {
  /** Batches of the last `rounds` rounds, newest first; batches[0] is being collected. */
  private batches: string[][] = [[]]
  private readonly direct = new Map<MeshPeer, string[]>()
  private timer: Timer | undefined
  /** Ids left out because a round had more than one frame can carry. */
  dropped = 0

  constructor (private readonly clock: Clock, private readonly options: AnnouncerOptions) {}

  /** Announce `key` to random lazy peers over the next rounds. */
  enqueue (key: string): void {
    const current = this.batches[0]!
    if (current.length >= MAX_GOSSIP_HASHES) { this.dropped++; return }
    current.push(key)
    this.arm()
  }

  /** Announce `key` to this one peer at the end of the round. */
  enqueueFor (mp: MeshPeer, key: string): void {
    let ids = this.direct.get(mp)
    if (ids === undefined) this.direct.set(mp, ids = [])
    if (ids.length >= MAX_GOSSIP_HASHES) { this.dropped++; return }
    ids.push(key)
    this.arm()
  }

  /** Forget a peer that left. */
  removePeer (mp: MeshPeer): void {
    this.direct.delete(mp)
  }

  stop (): void {
    this.timer?.cancel()
    this.timer = undefined
    this.batches = [[]]
    this.direct.clear()
  }

  /** The ids still being announced (the last `rounds` rounds), at most one frame's worth. */
  recent (): string[] {
    const due: string[] = []
    for (const batch of this.batches) for (const key of batch) if (due.length < MAX_GOSSIP_HASHES) due.push(key)
    return due
  }

  /** Announce the ids still being announced to one peer now (a peer that just joined our eager set). */
  catchUp (mp: MeshPeer): void {
    const due = this.recent()
    if (due.length > 0) this.options.send(mp, ihaveFrame(due), due.length)
  }

  /** End the round now: send what is due. */
  flush (): void {
    this.timer = undefined
    const due = this.recent()
    if (due.length > 0 && this.options.fanout > 0) {
      const frame = ihaveFrame(due)
      for (const mp of this.options.pickTargets(this.options.fanout)) this.options.send(mp, frame, due.length)
    }
    for (const [mp, ids] of this.direct) this.options.send(mp, ihaveFrame(ids), ids.length)
    this.direct.clear()
    this.batches.unshift([])
    if (this.batches.length > this.options.rounds) this.batches.length = this.options.rounds
    if (this.batches.some((b) => b.length > 0)) this.arm()
  }

  private arm (): void {
    this.timer ??= this.clock.setTimeout(() => this.flush(), this.options.intervalMs)
  }
}

function ihaveFrame (keys: string[]): Uint8Array {
  return encodeFrame(Messages.gossipIHave.type, encodePayload(Messages.gossipIHave, { msgHashes: keys.map(keyId) }))
}
