// Gossip counters: plain numbers bumped on the message path, read by /p2p/stats and
// /metrics when asked.

export class GossipStats {
  /** Messages published here. */
  published = 0
  /** Copies sent by re-publishing (to peers not known to have the message). */
  republished = 0
  /** Full messages received from peers (first copies and duplicates). */
  received = 0
  /** Copies of messages we already had. */
  duplicates = 0
  /** Repeats: a message re-sent by a peer that had sent it already, or an id asked for again. */
  repeats = 0
  /** Peers disconnected for duplicate spam (more repeats than maxRepeatsPerPeer per window). */
  spamDisconnects = 0
  /** Messages a topic refused before looking at them (over its per-peer rate). */
  refused = 0
  accepted = 0
  ignored = 0
  rejected = 0
  /** Full messages pushed to eager peers. */
  pushed = 0
  /** Eager pushes replaced by an IHAVE because the peer's send buffer was backed up. */
  backpressured = 0
  /** Frames (of any gossip kind) the session refused to queue (send buffer full). */
  sendDrops = 0
  readonly ihave = { sent: 0, idsSent: 0, received: 0, idsReceived: 0, idsOverBudget: 0 }
  readonly iwant = { sent: 0, received: 0, served: 0, overBudget: 0, unknown: 0, repeats: 0 }
  readonly idontwant = { sent: 0, received: 0 }
  readonly graft = { sent: 0, received: 0, refused: 0, catchUpSkipped: 0 }
  readonly prune = { sent: 0, received: 0 }

  toJSON (): Record<string, unknown> {
    return {
      published: this.published,
      republished: this.republished,
      received: this.received,
      duplicates: this.duplicates,
      repeats: this.repeats,
      spam_disconnects: this.spamDisconnects,
      refused: this.refused,
      accepted: this.accepted,
      ignored: this.ignored,
      rejected: this.rejected,
      pushed: this.pushed,
      backpressured: this.backpressured,
      send_drops: this.sendDrops,
      ihave: { ...this.ihave },
      iwant: { ...this.iwant },
      idontwant: { ...this.idontwant },
      graft: { ...this.graft },
      prune: { ...this.prune }
    }
  }
}
