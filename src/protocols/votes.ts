// Vote propagation (spec §7.4): votes are a gossip topic, checked by the application's
// validateVote before they are delivered or forwarded, and delivered once. A vote must be
// canonically encoded, so one vote cannot travel under two ids and reach the application twice.
import { ErrorCodes, WireError } from '../errors.js'
import type { PeerId } from '../identity/peer-id.js'
import type { Peer } from '../router/types.js'
import { Reward } from '../scoring/penalties.js'
import { Capability } from '../session/hello.js'
import { Messages, MessageType, decodePayload, encodePayload } from '../wire/codecs.js'
import type { VoteMessage } from '../wire/gen/kuber.js'
import type { GossipEngine } from '../gossip/engine.js'
import type { GossipMessage, GossipTopic, VerdictResult } from '../gossip/topic.js'
import type { ChainApp } from './app.js'
import type { Digest } from '../wire/hash.js'

export class VoteRelay implements GossipTopic {
  readonly type = MessageType.VOTE
  readonly name = 'vote'
  readonly rejectCode = ErrorCodes.INVALID_VOTE
  readonly capability = Capability.VOTES
  readonly reward = Reward.VALID_VOTE

  constructor (private readonly gossip: GossipEngine, private readonly app: ChainApp, private readonly onVote: (vote: VoteMessage, from: PeerId) => void) {
    gossip.addTopic(this)
  }

  /** Publish a vote made here. Returns its message id. */
  publish (vote: VoteMessage): Digest {
    return this.gossip.publish(this.type, encodePayload(Messages.vote, vote), vote)
  }

  /** Send a vote made here again, to the peers not known to have it (GossipEngine.republish). */
  republish (vote: VoteMessage): number {
    return this.gossip.republish(this.type, encodePayload(Messages.vote, vote), vote)
  }

  validate (message: GossipMessage, from: Peer): VerdictResult {
    const vote = decodePayload(Messages.vote, message.payload)
    if (!Buffer.from(encodePayload(Messages.vote, vote)).equals(message.payload)) {
      throw new WireError(ErrorCodes.MALFORMED_MESSAGE, 'vote is not canonically encoded')
    }
    message.decoded = vote
    return this.app.validateVote?.(vote, from.peerId) ?? 'accept'
  }

  deliver (message: GossipMessage, from: Peer | undefined): void {
    if (from !== undefined) this.onVote(message.decoded as VoteMessage, from.peerId)
  }
}
