// Imports point down only: every folder of src/ has a layer (spec §2, the README's
// architecture table) and may import only from folders of lower layers. A new folder must
// be added here, and a cycle or an upward import fails the suite.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const SRC = fileURLToPath(new URL('../src/', import.meta.url))

/** Bottom (0) to top. Folders of one layer do not import each other. */
const LAYER: Record<string, number> = {
  'errors.ts': 0,
  runtime: 1,
  crypto: 1,
  metrics: 1,
  identity: 2,
  limits: 2,
  wire: 3,
  transport: 3,
  scoring: 4,
  secure: 4,
  session: 5,
  peerstore: 5,
  router: 6,
  gossip: 7,
  protocols: 8,
  discovery: 8,
  rpc: 9,
  node: 10,
  sim: 11,
  // the public entry: core.ts is its part without Node-only code (what the browser light client bundles)
  'core.ts': 12,
  'index.ts': 13,
  // the reference chain is built on the public entry only (test/chain/imports.test.ts), the light client on
  // the chain's verification, the CLI on all
  chain: 14,
  light: 15,
  // scenarios, invariants and reports over SimNetwork, with the reference chain when asked
  simulator: 15,
  cli: 16
}

function sourceFiles (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [])
}

const topOf = (file: string): string => relative(SRC, file).split('/')[0]!.replace(/\.js$/, '.ts')

test('every src/ folder has a layer', () => {
  const tops = new Set(sourceFiles(SRC).map(topOf))
  assert.deepEqual([...tops].filter((t) => LAYER[t] === undefined), [])
})

test('imports point down only', () => {
  const upward: string[] = []
  for (const file of sourceFiles(SRC)) {
    const from = topOf(file)
    for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'/gm)) {
      const to = topOf(normalize(join(dirname(file), m[1]!)))
      if (to !== from && !(LAYER[to]! < LAYER[from]!)) upward.push(`${relative(SRC, file)} → ${to}`)
    }
  }
  assert.deepEqual(upward, [])
})
