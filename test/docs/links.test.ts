// Every link in the repository's Markdown points inside the repository, at a file that
// exists (and, for "#anchor" links, at a heading that exists): the docs work on any clone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const SKIP = new Set(['node_modules', '.git', 'dist', '.baseline'])

function markdownFiles (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name)) return []
    const path = join(dir, e.name)
    return e.isDirectory() ? markdownFiles(path) : e.name.endsWith('.md') ? [path] : []
  })
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors (markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) => m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N} -]/gu, '').replace(/ /g, '-')))
}

test('Markdown links stay inside the repository and resolve', () => {
  const files = markdownFiles(root)
  assert.ok(files.some((f) => f.endsWith('README.md')) && files.some((f) => f.endsWith('P2P.md')))
  const broken: string[] = []
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue // https:, mailto:
      const [path, anchor] = target!.split('#') as [string, string | undefined]
      const resolved = path === '' ? file : resolve(dirname(file), path)
      const where = `${relative(root, file)}: ${target!}`
      if (relative(root, resolved).startsWith('..')) broken.push(`${where} points outside the repository`)
      else if (!existsSync(resolved)) broken.push(`${where} does not exist`)
      else if (anchor !== undefined && resolved.endsWith('.md') && !anchors(readFileSync(resolved, 'utf8')).has(anchor)) broken.push(`${where}: no such heading`)
    }
  }
  assert.deepEqual(broken, [])
})

test('paths the README and PROTOCOL.md name in backticks (src/…, test/…, proto/…) exist', () => {
  const missing: string[] = []
  for (const doc of ['README.md', 'docs/PROTOCOL.md']) {
    const text = readFileSync(join(root, doc), 'utf8')
    for (const [, path] of text.matchAll(/`((?:src|test|proto|docs|examples|scripts)\/[^`\s]+)`/g)) {
      if (!existsSync(join(root, path!))) missing.push(`${doc}: ${path!}`)
    }
  }
  assert.deepEqual(missing, [])
})
