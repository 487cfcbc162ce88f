// The traffic of a run without the reference chain: blocks from rotating proposers (the
// validators in turn, one block per interval, each extending the last) and transactions
// submitted at random honest nodes. A block carries the proposer's mempool when there is a
// transaction load (so it travels as a compact block), else synthetic transactions. Each
// node's "application" drops a block's transactions from its mempool when it delivers it.
// With the reference chain, its consensus makes the blocks and none of this runs.
import { merkleRoot, peerIdToBytes, type PeerId, type pb } from '../index.js'
import { sha256 } from '../chain/signing.js'
import type { Timer } from '../runtime/clock.js'
import type { Recorder } from './recorder.js'
import { TX_MARK, type SimNode, type World } from './world.js'

/** Most transactions a proposer packs into one block. */
const MAX_BLOCK_TXS = 2000

export class Workload {
  private height = 0
  private parent: Uint8Array = Buffer.alloc(32)
  private txSeq = 0
  private readonly timers: Timer[] = []
  /** Heights whose proposer was down: skipped. */
  skipped = 0

  constructor (private readonly world: World, private readonly recorder: Recorder) {}

  /** A delivered block's transactions leave the node's mempool (what an application does). */
  attach (sn: SimNode): void {
    sn.node.on('block', (block) => { sn.node.mempool.remove(block.txs.map((t) => sha256(t))) })
  }

  start (): void {
    const s = this.world.scenario
    if (!s.chain) this.timers.push(this.world.sim.clock.setInterval(() => this.propose(), s.blocks.intervalMs))
    if (s.txLoad.perSecond > 0) {
      const stepMs = 100
      let owed = 0
      this.timers.push(this.world.sim.clock.setInterval(() => {
        owed += s.txLoad.perSecond * stepMs / 1000
        for (; owed >= 1; owed--) this.submitTx()
      }, stepMs))
    }
  }

  stop (): void {
    for (const t of this.timers) t.cancel()
    this.timers.length = 0
  }

  /** Blocks proposed so far (valid, by honest proposers). */
  get proposed (): number {
    return this.height
  }

  private propose (): void {
    const w = this.world
    const h = this.height + 1
    const sn = w.nodes[w.validators[(h - 1) % w.validators.length]!]!
    if (!sn.up) { this.skipped++; return }
    this.height = h
    const s = w.scenario
    const txs = s.txLoad.perSecond > 0
      ? sn.node.mempool.reap(MAX_BLOCK_TXS).map((t) => t.bytes)
      : Array.from({ length: s.blocks.txs }, (_, k) => syntheticTx(h, k, s.blocks.txBytes))
    const block: pb.Block = {
      header: {
        height: h, parentHash: this.parent as Uint8Array<ArrayBuffer>, proposer: peerIdToBytes(sn.node.peerId as PeerId) as Uint8Array<ArrayBuffer>,
        timestamp: sn.node.clock.wallNow(), txRoot: merkleRoot(txs.map((t) => sha256(t))), appHash: Buffer.alloc(32), round: 0, lastCommitHash: new Uint8Array(0)
      },
      txs: txs as Array<Uint8Array<ArrayBuffer>>,
      proposerSignature: new Uint8Array(0)
    }
    const record = this.recorder.published(sn.index, block, true, s.txLoad.perSecond > 0)
    w.oracle.valid.add(record.hash)
    this.parent = Buffer.from(record.hash, 'hex')
    sn.node.publishBlock(block)
    sn.node.mempool.remove(txs.map((t) => sha256(t)))
  }

  private submitTx (): void {
    const w = this.world
    const up = w.nodes.filter((x) => x.honest && x.up)
    if (up.length === 0) return
    const sn = up[w.random.int(up.length)]!
    const tx = Buffer.alloc(w.scenario.txLoad.bytes)
    tx[0] = TX_MARK
    tx.writeUInt32BE(this.txSeq++, 1)
    sn.node.submitTx(tx).catch(() => {})
  }
}

function syntheticTx (height: number, k: number, bytes: number): Uint8Array {
  const tx = Buffer.alloc(Math.max(bytes, 9))
  tx[0] = TX_MARK
  tx.writeUInt32BE(height, 1)
  tx.writeUInt32BE(k, 5)
  return tx
}
