// Every reason a node counts in drops_by_reason is explained in the README's table, and
// the table lists nothing else.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { DropReason } from '../../src/session/stats.js'

test('the README explains every drop reason', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const table = readme.slice(readme.indexOf('| reason | what was discarded |'))
  const listed = [...table.matchAll(/^\| `([a-z_]+)` \| [^|]+ \|$/gm)].map((m) => m[1]!)
  assert.deepEqual(listed.sort(), Object.values(DropReason).sort())
})
