// docs/PROTOCOL.md publishes test vectors; they must match what the code produces.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { protocolVectors } from './protocol-vectors.js'

test('every test vector in docs/PROTOCOL.md matches the implementation', () => {
  const doc = readFileSync(new URL('../../docs/PROTOCOL.md', import.meta.url), 'utf8')
  const block = /```vectors\n([\s\S]*?)```/.exec(doc)?.[1]
  assert.ok(block !== undefined, 'the document has a ```vectors block')
  const published = new Map(block.trim().split('\n').map((line) => line.split(': ') as [string, string]))
  const computed = protocolVectors()
  assert.equal(published.size, computed.length)
  for (const [name, value] of computed) assert.equal(published.get(name), value, name)
})
