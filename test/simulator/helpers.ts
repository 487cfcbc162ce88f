// Small scenarios for the simulator's tests: few nodes, few blocks, a short liveness phase,
// so each run takes a second or two of wall time on a loaded machine.
import { loadScenario, type Scenario, type ScenarioInput } from '../../src/simulator/scenario.js'
import { runScenario, type RunResult } from '../../src/simulator/run.js'

export function small (preset: string, over: Partial<ScenarioInput> = {}): Scenario {
  const base = loadScenario(preset)
  return loadScenario(preset, { nodes: 21, livenessMs: 4000, ...over, blocks: { ...base.blocks, count: 4, ...over.blocks } })
}

export async function run (scenario: Scenario, seed = 1): Promise<RunResult> {
  return await runScenario(scenario, seed)
}

/** The first broken invariant, for assertion messages. */
export function why (r: RunResult): string {
  return JSON.stringify(r.report.invariants.first)
}
