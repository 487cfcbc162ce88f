// Byzantine behaviour. An attacker is a real node (the production KuberNode) whose
// application or whose sends misbehave: it publishes invalid blocks, floods its peers past
// the rate limit (control messages, or valid new transactions), sends undecodable frames, repeats messages it has already sent, withholds
// what it receives (relays nothing, announces what it will not serve), or relays late.
// Nothing here reimplements a protocol: attackers speak through the node's own send path,
// and the honest nodes' defences are what the run measures.
import { blockHash, merkleRoot, encodePayload, Messages, MessageType, messageHash, peerIdToBytes, Capability, type Peer, type Protocol, type pb } from '../index.js'
import { generateIdentity } from '../identity/keys.js'
import { sha256 } from '../chain/signing.js'
import type { AttackKind } from './scenario.js'
import { TX_MARK, type SimNode, type World } from './world.js'
import type { Timer } from '../runtime/clock.js'

/** Messages each kind of attacker sent (by what they were). */
export type AttackCounts = Record<string, number>

const STEP_MS = 50

export class Attacks {
  readonly counts: AttackCounts = {}
  readonly kindOf = new Map<number, Exclude<AttackKind, 'mix'>>()
  private timers: Timer[] = []
  private invalidHeight = 1_000_000
  private lastBlock: Uint8Array | undefined
  private readonly seenIds: Array<Uint8Array<ArrayBuffer>> = []
  private active = false

  /** The honest node Sybils aim at in an eclipse. */
  readonly victim: number | undefined

  constructor (private readonly world: World, kind: AttackKind) {
    const mixed: Array<Exclude<AttackKind, 'mix'>> = ['invalid-blocks', 'spam', 'malformed', 'duplicate-flood', 'withhold', 'delay']
    let k = 0
    for (const i of [...world.byzantine].sort((a, b) => a - b)) this.kindOf.set(i, kind === 'mix' ? mixed[k++ % mixed.length]! : kind)
    if (kind === 'eclipse') {
      let victim = world.scenario.nodes - 1
      while (world.byzantine.has(victim) || world.validators.includes(victim)) victim--
      this.victim = victim
      // the victim joins as a new node does, knowing one honest node: the rest of its outbound slots come from peer exchange, which the Sybils answer
      const honest = (j: number): boolean => j !== victim && !world.byzantine.has(j)
      world.staticPeers = (i, drawn) => {
        if (world.byzantine.has(i)) return drawn.includes(victim) ? drawn : [...drawn, victim]
        if (i !== victim) return drawn
        const known = drawn.find(honest) ?? Array.from({ length: world.scenario.nodes }, (_, j) => j).find(honest)!
        return [known]
      }
      world.configOf = (i) => world.byzantine.has(i) ? { pex: false } : {}
      world.beforeStart = (sn) => { if (!sn.honest) sn.node.registerProtocol(new SybilPex(() => this.sybilRecords())) }
    }
  }

  private records: pb.PeerRecord[] | undefined

  /** Every Sybil, then made-up addresses in other groups to fill the victim's book: what Sybils answer peer exchange with. */
  private sybilRecords (): pb.PeerRecord[] {
    if (this.records !== undefined) return this.records
    const w = this.world
    const out: pb.PeerRecord[] = []
    const now = w.sim.clock.wallNow()
    for (const i of w.byzantine) {
      const slot = w.sim.slots[i]!
      out.push({ peerId: peerIdToBytes(slot.deps.identity.peerId) as Uint8Array<ArrayBuffer>, address: slot.listen, publicKey: slot.deps.identity.publicKey as Uint8Array<ArrayBuffer>, latestHeight: 0, score: 0, flags: Capability.PEER_EXCHANGE, lastSeen: now })
    }
    for (let k = 0; out.length < 100; k++) {
      const id = generateIdentity(w.random)
      out.push({ peerId: peerIdToBytes(id.peerId) as Uint8Array<ArrayBuffer>, address: `10.${200 + (k % 50)}.${k >> 4}.7:26656`, publicKey: id.publicKey as Uint8Array<ArrayBuffer>, latestHeight: 0, score: 0, flags: Capability.PEER_EXCHANGE, lastSeen: now })
    }
    this.records = out
    return out
  }

  /** The victim's peers: how many are Sybils. */
  eclipseState (): { victim: number, peers: number, sybil_peers: number, outbound: number, sybil_outbound: number } | undefined {
    if (this.victim === undefined) return undefined
    const peers = this.world.nodes[this.victim]!.node.connectedPeers()
    const isSybil = (p: Peer): boolean => this.world.byzantine.has(this.world.indexOf(p.peerId) ?? -1)
    const out = peers.filter((p) => p.direction === 'outbound')
    return { victim: this.victim, peers: peers.length, sybil_peers: peers.filter(isSybil).length, outbound: out.length, sybil_outbound: out.filter(isSybil).length }
  }

  /** The attack begins: hooks on, floods and invalid blocks on their timers. */
  start (): void {
    this.active = true
    const { world } = this
    const s = world.scenario.attack
    for (const [i, kind] of this.kindOf) {
      const sn = world.nodes[i]!
      const app = world.byzantineApps.get(i)!
      if (kind === 'withhold') app.verdict = () => 'ignore'
      if (kind === 'delay') app.verdict = async () => await new Promise((resolve) => { world.sim.clock.setTimeout(() => resolve('accept'), s.delayMs) })
      if (kind === 'invalid-blocks') this.every(world.scenario.blocks.intervalMs, () => this.invalidBlock(sn))
      if (kind === 'spam') this.every(STEP_MS, () => this.flood(sn, s.rate, (seq) => controlFrame(i, seq)))
      if (kind === 'tx-spam') this.every(STEP_MS, () => this.flood(sn, s.rate, (seq) => txFrame(i, seq)))
      if (kind === 'malformed') this.every(STEP_MS, () => this.flood(sn, s.rate, (seq) => ({ type: MessageType.BLOCK, payload: garbage(seq) })))
      if (kind === 'duplicate-flood') this.every(STEP_MS, () => this.repeatBlock(sn, s.rate))
    }
    if ([...this.kindOf.values()].includes('withhold')) this.every(STEP_MS, () => this.announceUnserved())
  }

  /** The attack stops (the liveness phase): timers off, hooks back to honest answers. */
  stop (): void {
    this.active = false
    for (const t of this.timers) t.cancel()
    this.timers = []
    for (const i of this.kindOf.keys()) delete this.world.byzantineApps.get(i)!.verdict
  }

  /** Attackers see honest blocks (the duplicate flood repeats the latest; withholders announce it). */
  observe (block: pb.Block): void {
    this.lastBlock = encodePayload(Messages.block, { block })
    this.seenIds.push(messageHash(MessageType.BLOCK, this.lastBlock))
  }

  private every (ms: number, fn: () => void): void {
    this.timers.push(this.world.sim.clock.setInterval(fn, ms))
  }

  private count (what: string, n = 1): void {
    this.counts[what] = (this.counts[what] ?? 0) + n
  }

  private honestPeers (sn: SimNode): string[] {
    const out: string[] = []
    for (const p of sn.node.connectedPeers()) {
      const j = this.world.indexOf(p.peerId)
      if (j !== undefined && this.world.nodes[j]?.honest === true) out.push(p.peerId)
    }
    return out
  }

  /** A block no honest proposer made (the oracle, or the chain's rules, reject it). */
  private invalidBlock (sn: SimNode): void {
    if (!this.active || !sn.up) return
    const height = this.world.genesis === undefined ? ++this.invalidHeight : this.chainHeight() + 1
    const txs = [Buffer.from([TX_MARK, ...Buffer.from(`invalid ${sn.index} ${height}`)])]
    const block: pb.Block = {
      header: { height, parentHash: Buffer.alloc(32, 0xee), proposer: Buffer.alloc(32, 0xee), timestamp: sn.node.clock.wallNow(), txRoot: merkleRoot(txs.map((t) => sha256(t))), appHash: Buffer.alloc(32), round: 0, lastCommitHash: new Uint8Array(0) },
      txs,
      proposerSignature: Buffer.alloc(64, 0xee)
    } as pb.Block
    this.world.oracle.invalid.add(blockHash(block.header!).toString('hex'))
    sn.node.publishBlock(block)
    this.count('invalid_blocks')
  }

  private chainHeight (): number {
    let h = 0
    for (const n of this.world.nodes) if (n.chain !== undefined) h = Math.max(h, n.chain.tip.height)
    return h
  }

  private readonly seq = new Map<number, number>()

  /** `rate` messages per second to every honest peer, each made by `make`. */
  private flood (sn: SimNode, rate: number, make: (seq: number) => { type: number, payload: Uint8Array }): void {
    if (!this.active || !sn.up) return
    const n = Math.max(1, Math.round(rate * STEP_MS / 1000))
    const peers = this.honestPeers(sn)
    let seq = this.seq.get(sn.index) ?? 0
    for (const id of peers) {
      for (let k = 0; k < n; k++) {
        const m = make(seq++)
        if (sn.node.send(id as never, m.type, m.payload)) this.count(m.type === MessageType.TX ? 'spam_txs' : m.type === MessageType.GOSSIP_IDONTWANT ? 'spam_control' : 'malformed_frames')
      }
    }
    this.seq.set(sn.index, seq)
  }

  /** The latest honest block sent again and again to every honest peer. */
  private repeatBlock (sn: SimNode, rate: number): void {
    if (!this.active || !sn.up || this.lastBlock === undefined) return
    const n = Math.max(1, Math.round(rate * STEP_MS / 1000))
    for (const id of this.honestPeers(sn)) {
      for (let k = 0; k < n; k++) if (sn.node.send(id as never, MessageType.BLOCK, this.lastBlock)) this.count('duplicate_blocks')
    }
  }

  /** Withholders announce the ids of recent honest blocks (IHAVE) and never serve them. */
  private announceUnserved (): void {
    if (this.seenIds.length === 0) return
    const payload = encodePayload(Messages.gossipIHave, { msgHashes: this.seenIds.splice(0) })
    for (const [i, kind] of this.kindOf) {
      const sn = this.world.nodes[i]!
      if (kind !== 'withhold' || !sn.up) continue
      for (const id of this.honestPeers(sn)) if (sn.node.send(id as never, MessageType.GOSSIP_IHAVE, payload)) this.count('unserved_ihaves')
    }
  }
}

/** What an eclipsing Sybil runs instead of discovery: it answers every PeerListRequest with Sybils and made-up addresses. */
class SybilPex implements Protocol {
  readonly name = 'sybil_pex'
  readonly messageTypes = [MessageType.PEER_LIST_REQUEST, MessageType.PEER_LIST]
  readonly capabilities = Capability.PEER_EXCHANGE

  constructor (private readonly records: () => pb.PeerRecord[]) {}

  onMessage (peer: Peer, type: number): void {
    if (type === MessageType.PEER_LIST_REQUEST) peer.sendMessage(Messages.peerList, { peers: this.records() })
  }
}

/** A valid IDONTWANT of a made-up id: nothing answers it and nothing relays it; only the rate limit catches it. */
function controlFrame (attacker: number, seq: number): { type: number, payload: Uint8Array } {
  const id = Buffer.alloc(32)
  id.writeUInt32BE(attacker, 0)
  id.writeUInt32BE(seq, 4)
  return { type: MessageType.GOSSIP_IDONTWANT, payload: encodePayload(Messages.gossipIDontWant, { msgHashes: [id] }) }
}

/** A valid, new transaction: accepted up to the rate limit, then relayed by honest nodes. */
function txFrame (attacker: number, seq: number): { type: number, payload: Uint8Array } {
  const tx = Buffer.alloc(120)
  tx[0] = TX_MARK
  tx.writeUInt32BE(attacker, 1)
  tx.writeUInt32BE(seq, 5)
  tx.write('spam', 9)
  return { type: MessageType.TX, payload: encodePayload(Messages.tx, { txHash: sha256(tx), txBytes: tx }) }
}

/** Bytes that do not decode as a BlockMessage (a field 1 of length past the end). */
function garbage (seq: number): Uint8Array {
  const b = Buffer.alloc(16, 0xff)
  b[0] = 0x0a
  b[1] = 0x7f
  b.writeUInt32BE(seq, 8)
  return b
}
