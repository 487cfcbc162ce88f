// The README's library example runs and delivers its message.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { main } from '../examples/quickstart.js'

test('examples/quickstart.ts: b connects to a and its message arrives', async () => {
  assert.match(await main(), /^[0-9a-f]{12} says hello$/)
})
