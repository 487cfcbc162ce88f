// The browser bundle (kuber-p2p/light, scripts/build-light.mjs): it builds, carries the
// @noble/* provider and not node:crypto, imports no Node built-in, and stays small.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { gzipSync } from 'node:zlib'
// @ts-expect-error: a plain .mjs build script, without types
import { buildLight } from '../../scripts/build-light.mjs'

test('the browser bundle has no node: import, uses the noble provider and the buffer polyfill, and stays small', { timeout: 60_000 }, async () => {
  const { result, code } = await buildLight({ write: false }) as { result: { metafile: { inputs: Record<string, unknown> } }, code: Uint8Array }
  const text = Buffer.from(code).toString('utf8')
  const inputs = Object.keys(result.metafile.inputs)
  assert.doesNotMatch(text, /["'`]node:[a-z_/]+["'`]/, 'a node: specifier in the bundle')
  assert.doesNotMatch(text, /\brequire\(["'`]/, 'a require() in the bundle')
  assert.ok(inputs.includes('src/crypto/noble-crypto.ts'))
  assert.ok(!inputs.includes('src/crypto/node-crypto.ts'), 'node:crypto provider bundled')
  assert.ok(inputs.some((f) => f.startsWith('node_modules/buffer/')), 'the Buffer polyfill is in')
  for (const shared of ['src/secure/xx-handshake.ts', 'src/session/session.ts', 'src/wire/envelope.ts', 'src/chain/commit.ts', 'src/chain/header-rules.ts']) assert.ok(inputs.includes(shared), `${shared}: the node's own module`)
  const gzipped = gzipSync(code).length
  process.stdout.write(`# bundle: ${code.length} bytes minified, ${gzipped} bytes gzipped\n`)
  assert.ok(code.length < 500_000 && gzipped < 150_000, `${code.length} / ${gzipped} bytes`)
})
