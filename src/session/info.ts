// JSON views of peers for the debug RPC and the library API (snake_case, as operators
// of CometBFT-style nodes expect).
import type { Session } from './session.js'
import { advertisedAddress } from './hello.js'
import { messageName } from '../wire/codecs.js'
import type { TrafficCounters } from './stats.js'
import type { PeerId } from '../identity/peer-id.js'
import type { Clock } from '../runtime/clock.js'

export interface PeerInfo {
  /** The peer's PeerID (a string of 64 hex digits; pass it to send, disconnect, getPeer). */
  peer_id: PeerId
  address: string
  listen_addr: string | null
  direction: 'inbound' | 'outbound'
  state: string
  score: number
  latest_height: number
  rtt_ms: number | null
  connected_at: string
  msgs_in: number
  msgs_out: number
  bytes_in: number
  bytes_out: number
  send_buffered_bytes: number
  /** With flow control: the window we grant the peer, and how much more it lets us send now. */
  flow_window: { granted_bytes: number, send_credit_bytes: number } | null
  errors: Record<string, number>
  drops: Record<string, number>
  /** Times reading from this peer was paused for its byte budget. */
  read_pauses: number
}

/** A session as PeerInfo; `clock` turns its monotonic connect time into wall time. */
export function peerInfo (s: Session, score: number, clock: Pick<Clock, 'now' | 'wallNow'>): PeerInfo {
  return {
    peer_id: s.peerId,
    address: s.remoteAddress,
    listen_addr: s.remoteHello === undefined ? null : advertisedAddress(s.remoteHello) ?? null,
    direction: s.direction,
    state: s.state,
    score: Math.round(score * 100) / 100,
    latest_height: s.latestHeight,
    rtt_ms: s.rttMs === undefined ? null : Math.round(s.rttMs * 1000) / 1000,
    connected_at: new Date(clock.wallNow() - (clock.now() - s.connectedAt)).toISOString(),
    msgs_in: s.stats.received.messages,
    msgs_out: s.stats.sent.messages,
    bytes_in: s.stats.received.bytes,
    bytes_out: s.stats.sent.bytes,
    send_buffered_bytes: s.sendBufferedBytes,
    flow_window: s.flowControl ? { granted_bytes: s.receiveWindowBytes, send_credit_bytes: Math.max(0, s.sendWindow.limit - s.sendWindow.sent) } : null,
    errors: s.stats.errors.toJSON(),
    drops: s.stats.drops.toJSON(),
    read_pauses: s.stats.readPauses
  }
}

/** Non-zero per-type counts, by message name. */
export function byTypeName (t: TrafficCounters): Record<string, number> {
  const out: Record<string, number> = {}
  t.messagesByType.forEach((n, type) => { if (n > 0) out[messageName(type)] = n })
  return out
}
