// The reference chain is the worked example of embedding kuber-p2p: everything under
// src/chain/ imports only the package's public entry (src/index.ts, or its browser-safe part
// src/core.ts), its own files, Node builtins and the package's dependencies, never a P2P internal.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const chainDir = join(root, 'src/chain')
const entries = [join(root, 'src/index.ts'), join(root, 'src/core.ts')]
const dependencies = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies)

function sources (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [])
}

function specifiers (source: string): string[] {
  const out: string[] = []
  for (const m of source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) out.push(m[1] ?? m[2] ?? m[3]!)
  return out
}

function allowed (file: string, spec: string): boolean {
  if (spec.startsWith('node:')) return true
  if (!spec.startsWith('.')) return dependencies.some((d) => spec === d || spec.startsWith(`${d}/`))
  const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'))
  return entries.includes(target) || !relative(chainDir, target).startsWith('..')
}

test('src/chain imports only the public entry, its own files, Node builtins and dependencies', () => {
  const files = sources(chainDir)
  assert.ok(files.length >= 10)
  const offending = files.flatMap((f) => specifiers(readFileSync(f, 'utf8')).filter((s) => !allowed(f, s)).map((s) => `${relative(root, f)}: ${s}`))
  assert.deepEqual(offending, [])
})

test('the rule catches a reach into an internal', () => {
  assert.equal(allowed(join(chainDir, 'x.ts'), '../gossip/engine.js'), false)
  assert.equal(allowed(join(chainDir, 'state/x.ts'), '../../wire/codecs.js'), false)
  assert.equal(allowed(join(chainDir, 'x.ts'), 'left-pad'), false)
  assert.equal(allowed(join(chainDir, 'state/x.ts'), '../../index.js'), true)
  assert.deepEqual(specifiers("import { a } from '../gossip/engine.js'\nexport { b } from './b.js'\nimport type { C } from 'pino'\nconst m = await import('../node/node.js')"), ['../gossip/engine.js', './b.js', 'pino', '../node/node.js'])
})
