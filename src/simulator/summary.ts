// The few lines `kuber-p2p sim` prints at the end of a run: what a user looks at first.
import type { SimReport } from './report.js'

export function summaryLines (r: SimReport): string[] {
  const lines = [
    `nodes ${r.nodes.total} (${r.nodes.honest} honest, ${r.nodes.byzantine} Byzantine, ${r.nodes.validators} proposers), ${r.links} links; ${r.blocks.published} blocks`,
    `delivery to honest nodes ${pct(r.delivery.honest_fraction)} (${r.delivery.delivered} of ${r.delivery.expected})`,
    `T_prop p50 ${r.t_prop_ms.p50} ms, p99 ${r.t_prop_ms.p99} ms, max ${r.t_prop_ms.max} ms; shortest-path bound p50 ${r.bound_ms.p50} ms, p99 ${r.bound_ms.p99} ms; T_prop/bound p50 ${r.t_prop_vs_bound.p50}, p99 ${r.t_prop_vs_bound.p99}`,
    `spec §10 (T_prop ≤ ${r.spec_t_prop.target_ms} ms): ${r.spec_t_prop.met ? 'met' : 'NOT met'}: ${r.spec_t_prop.note}`,
    `bytes per node per block ${r.bytes_per_node_per_block}, duplicates per node per message ${r.duplicates_per_node_per_message}`
  ]
  if (r.blocks.final_height !== undefined) lines.push(`chain: final height ${r.blocks.final_height} (every honest node had to reach ${r.blocks.target_height})`)
  const a = r.attack
  if (a !== undefined) {
    const ban = a.time_to_first_ban_ms === undefined ? 'none banned' : `first ban after p50 ${a.time_to_first_ban_ms.p50} ms, max ${a.time_to_first_ban_ms.max} ms`
    lines.push(`attack ${a.kind}: ${a.attackers} attackers, ${a.banned} banned (${pct(a.banned_fraction)}), ${ban}; honest nodes still linked to an attacker: ${a.honest_links_to_attackers_at_end}`)
  }
  const f = r.faults
  if (f.lost + f.reordered + f.duplicated + f.corrupted > 0) lines.push(`link faults: ${f.lost} lost, ${f.reordered} reordered, ${f.duplicated} duplicated, ${f.corrupted} corrupted segments`)
  lines.push(r.passed ? `invariants: all held (${r.invariants.limit_checks} limit checks)` : `invariants: BROKEN (${Object.entries(r.invariants.counts).filter(([, n]) => n > 0).map(([k, n]) => `${k} ×${n}`).join(', ')})`)
  return lines
}

/** One line of a set of runs (`--scenario attacks`): what each attack did to the honest nodes. */
export function setLine (r: SimReport): string {
  const a = r.attack
  const bans = a === undefined ? '' : `, ${a.banned} of ${a.attackers} attackers banned${a.time_to_first_ban_ms === undefined ? '' : ` (first ban p50 ${a.time_to_first_ban_ms.p50} ms, max ${a.time_to_first_ban_ms.max} ms)`}`
  const eclipse = a?.eclipse === undefined ? '' : `, victim's peers ${a.eclipse.peers} of which Sybils ${a.eclipse.sybil_peers}`
  return `${r.scenario.name}: ${r.passed ? 'passed' : 'FAILED'}, delivery to honest nodes ${pct(r.delivery.honest_fraction)}${bans}${eclipse}; T_prop p99 ${r.t_prop_ms.p99} ms; bytes/node/block ${r.bytes_per_node_per_block}, duplicates/node/message ${r.duplicates_per_node_per_message}`
}

function pct (x: number): string {
  return `${Math.round(x * 10000) / 100}%`
}
