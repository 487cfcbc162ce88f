// docs/PROTOCOL.md §8.1 lists every error code with its penalty and how many in a row ban a
// fresh peer; this keeps the table true to src/scoring/penalties.ts and src/errors.ts.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { ErrorCodes, type ErrorCode } from '../../src/errors.js'
import { BAN_AT_ONCE, Penalty, SLOWNESS } from '../../src/scoring/penalties.js'
import { DEFAULT_SCORE_PARAMS } from '../../src/scoring/score.js'

const ordinal = (n: number): string => `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`

/** How many errors of this code in a row take a fresh peer (score = base) below the ban threshold. */
function bansAt (code: ErrorCode): string {
  if (BAN_AT_ONCE.has(code)) return ordinal(1)
  const penalty = Penalty[code] ?? 0
  if (penalty === 0 || SLOWNESS.has(code)) return 'never'
  const { base, banThreshold } = DEFAULT_SCORE_PARAMS
  return ordinal(Math.floor((base - banThreshold) / penalty) + 1)
}

test('the error table of docs/PROTOCOL.md has every code, with its penalty and when it bans', () => {
  const doc = readFileSync(new URL('../../docs/PROTOCOL.md', import.meta.url), 'utf8')
  const start = doc.indexOf('### 8.1 Errors, penalties and bans')
  const section = doc.slice(start, doc.indexOf('\n## ', start))
  const rows = new Map<string, { penalty: string, bans: string }>()
  for (const m of section.matchAll(/^\| `([A-Z_]+)` \| [^|]+ \| ([\d.]+) \| ([^|]+) \|$/gm)) {
    rows.set(m[1]!, { penalty: m[2]!, bans: m[3]!.trim() })
  }
  assert.deepEqual([...rows.keys()].sort(), Object.values(ErrorCodes).sort(), 'one row per error code')
  for (const code of Object.values(ErrorCodes)) {
    const row = rows.get(code)!
    assert.equal(Number(row.penalty), Penalty[code] ?? 0, `${code}: penalty`)
    assert.ok(row.bans.startsWith(bansAt(code)), `${code}: bans at the ${bansAt(code)}, the table says "${row.bans}"`)
  }
})
