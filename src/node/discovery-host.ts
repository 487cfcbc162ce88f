// Discovery's view of a running node (DiscoveryHost): the node's protocol host plus
// dialling, our own addresses and what a connected peer proved, over the session manager.
import type { KuberNode } from './node.js'
import type { SessionManager } from '../session/manager.js'
import { advertisedAddress } from '../session/hello.js'
import type { DiscoveryHost } from '../discovery/types.js'

/** The DiscoveryHost of a node, over its session manager. */
export function nodeDiscoveryHost (node: KuberNode, sessions: SessionManager): DiscoveryHost {
  return {
    ...node.protocolHost,
    ownAddresses: () => new Set([...node.listenAddresses, ...(node.config.externalAddress === undefined ? [] : [node.config.externalAddress])]),
    details: (peer) => {
      const s = sessions.peers.get(peer.peerId)
      if (s?.remoteHello === undefined) return undefined
      return { publicKey: s.secure.remotePublicKey, capabilities: s.remoteHello.capabilities, listenAddress: advertisedAddress(s.remoteHello) }
    },
    canDial: (address) => node.canDial(address),
    outboundCount: () => sessions.outboundCount(),
    dial: async (address, expectedPeerId) => await sessions.dial(address, { expectedPeerId })
  }
}
