// Fixtures for light-client tests: a devnet of reference-chain validators listening on
// TCP and WebSocket, and a header source that forges one header (for hostile nodes).
import { blockHash, type pb } from '../../src/index.js'
import { ReferenceChain } from '../../src/chain/reference-chain.js'
import { blockSignBytes } from '../../src/chain/signing.js'
import { signVote } from '../../src/chain/votes.js'
import type { Genesis } from '../../src/chain/genesis.js'
import type { SignedHeaderSource } from '../../src/protocols/light/light-server.js'
import { silentLogger } from '../helpers/nodes.js'
import { tempDir, validatorKey } from '../chain/helpers.js'

export const wsOf = (addresses: string[]): string => addresses.find((a) => a.startsWith('ws://'))!

/** `count` validators (keys 0..count-1), each dialling the ones before it, on TCP and ws://. */
export async function wsDevnet (genesis: Genesis, count: number): Promise<ReferenceChain[]> {
  const chains: ReferenceChain[] = []
  for (let i = 0; i < count; i++) {
    const peers = chains.map((c) => `${c.node.peerId}@${c.node.listenAddresses[0]!}`)
    const chain = await ReferenceChain.create({ genesis, node: { home: await tempDir(), listen: ['127.0.0.1:0', 'ws://127.0.0.1:0'], peers, pex: false }, deps: { identity: validatorKey(i), logger: silentLogger } })
    await chain.start()
    chains.push(chain)
  }
  return chains
}

export type Forgery = 'signature' | 'quorum' | 'parent'

/** Honest headers from `honest`, except the one at `at`, forged the given way. */
export function forging (genesis: Genesis, honest: SignedHeaderSource, at: number, how: Forgery): SignedHeaderSource {
  const forge = (s: pb.SignedHeader): pb.SignedHeader => {
    if (how === 'signature') return { ...s, proposerSignature: Uint8Array.from(s.proposerSignature, (b, i) => i === 0 ? b ^ 1 : b) }
    if (how === 'quorum') return { ...s, commit: { ...s.commit!, signatures: s.commit!.signatures.slice(0, genesis.quorum - 1) } }
    // every validator (the test holds their keys) signs a header on a parent that is not the chain's
    const header = { ...s.header!, parentHash: new Uint8Array(32).fill(7) }
    const hash = blockHash(header)
    const proposer = genesis.proposer(header.height, header.round)
    return {
      header,
      proposerSignature: validatorKey(proposer.index).sign(blockSignBytes(genesis.chainId, hash)) as Uint8Array<ArrayBuffer>,
      commit: { height: header.height, round: 0, blockHash: hash as Uint8Array<ArrayBuffer>, signatures: genesis.validators.map((v) => ({ validatorIndex: v.index, signature: signVote(validatorKey(v.index), genesis.chainId, header.height, 0, hash).signature })) }
    }
  }
  return {
    latestHeight: () => honest.latestHeight(),
    signedHeaders: async (from, max) => (await honest.signedHeaders(from, Math.min(max, at - from + 1))).map((s) => s.header!.height === at ? forge(s) : s),
    block: async (h) => await honest.block(h)
  }
}

