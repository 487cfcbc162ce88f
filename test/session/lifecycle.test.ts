// The §15 lifecycle as a state machine: random event sequences never leave the graph,
// DISCONNECT is final, and every established state can only be reached through HANDSHAKE.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { PeerState, canTransition, isEstablished, steadyState } from '../../src/session/lifecycle.js'

const states = Object.values(PeerState)

test('random transition attempts keep the machine on the §15 graph', () => {
  fc.assert(fc.property(fc.array(fc.constantFrom(...states), { maxLength: 50 }), (attempts) => {
    let state: PeerState = PeerState.CONNECT
    const path: PeerState[] = [state]
    for (const next of attempts) {
      if (canTransition(state, next)) { state = next; path.push(state) }
    }
    const established = path.findIndex(isEstablished)
    if (established >= 0) assert.equal(path[established - 1], PeerState.HANDSHAKE, 'established only after HANDSHAKE')
    const d = path.indexOf(PeerState.DISCONNECT)
    if (d >= 0) assert.equal(d, path.length - 1, 'DISCONNECT is final')
  }))
})

test('every state can reach DISCONNECT, and nothing leaves it', () => {
  for (const s of states) if (s !== PeerState.DISCONNECT) assert.ok(canTransition(s, PeerState.DISCONNECT), s)
  for (const s of states) assert.ok(!canTransition(PeerState.DISCONNECT, s))
})

test('steady state: SYNC while the peer is ahead, IDLE after a quiet spell, else GOSSIP', () => {
  assert.equal(steadyState(10, 5, 0, 1000), PeerState.SYNC)
  assert.equal(steadyState(5, 5, 999, 1000), PeerState.GOSSIP)
  assert.equal(steadyState(5, 5, 1000, 1000), PeerState.IDLE)
  assert.equal(steadyState(3, 5, 0, 1000), PeerState.GOSSIP)
})
