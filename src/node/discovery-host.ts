// Discovery's view of a running node (DiscoveryHost) over the node and its session
// manager, so the node itself only creates and registers discovery.
import type { KuberNode } from './node.js'
import type { SessionManager } from '../session/manager.js'
import { advertisedAddress } from '../session/hello.js'
import type { DiscoveryHost } from '../discovery/types.js'

/** The DiscoveryHost of a node, over its session manager. */
export function nodeDiscoveryHost (node: KuberNode, sessions: SessionManager): DiscoveryHost {
  return {
    localPeerId: node.peerId,
    clock: node.clock,
    random: node.random,
    log: node.log,
    ownAddresses: () => new Set([...node.listenAddresses, ...(node.config.externalAddress === undefined ? [] : [node.config.externalAddress])]),
    connectedPeers: () => node.connectedPeers(),
    details: (peer) => {
      const s = sessions.peers.get(peer.peerId)
      if (s?.remoteHello === undefined) return undefined
      return { publicKey: s.secure.remotePublicKey, capabilities: s.remoteHello.capabilities, listenAddress: advertisedAddress(s.remoteHello) }
    },
    outboundCount: () => sessions.outboundCount(),
    dial: async (address, expectedPeerId) => await sessions.dial(address, { expectedPeerId }),
    disconnect: (id, reason) => sessions.peers.get(id)?.disconnect(reason),
    isBanned: (id) => node.scorer.isBanned(id),
    score: (id) => node.scorer.score(id),
    // a source that is no longer connected is still scored (and may be banned)
    penalize: (id, err) => { if (sessions.peers.has(id)) node.penalize(id, err); else node.scorer.penalize(id, err.code) }
  }
}
