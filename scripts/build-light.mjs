#!/usr/bin/env node
// Builds the browser light client (kuber-p2p/light) with esbuild: src/light/browser.ts
// bundled, minified, for browsers, with the @noble/* crypto provider in place of
// node:crypto (src/crypto/provider.ts is swapped for provider.browser.ts) and the small
// `buffer` polyfill for the shared code's Buffer. Writes dist/light/kuber-light.js and
// prints its size, minified and gzipped. Any node: import that would reach the bundle
// fails the build (test/light/bundle.test.ts checks the output too).
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
export const outfile = `${root}dist/light/kuber-light.js`

/** Swap the crypto provider for the browser one and zod for its English-only build; refuse Node built-ins. */
const browserOnly = {
  name: 'kuber-browser',
  setup (b) {
    b.onResolve({ filter: /^zod$/ }, () => ({ path: `${root}scripts/zod-browser.mjs` }))
    b.onResolve({ filter: /crypto\/provider\.js$/ }, () => ({ path: `${root}src/crypto/provider.browser.ts` }))
    b.onResolve({ filter: /^node:|^(fs|net|http|crypto|events|path|os|zlib|stream)$/ }, (args) => ({ errors: [{ text: `${args.path} imported by ${args.importer}: the browser bundle must not use Node built-ins` }] }))
  }
}

export async function buildLight ({ write = true } = {}) {
  const result = await build({
    entryPoints: [`${root}src/light/browser.ts`],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    outfile,
    write,
    metafile: true,
    legalComments: 'none',
    inject: [`${root}src/light/buffer-shim.ts`],
    plugins: [browserOnly],
    logLevel: 'silent'
  })
  const code = write ? undefined : result.outputFiles[0].contents
  return { result, code }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { result } = await buildLight()
  const { readFileSync } = await import('node:fs')
  const bytes = readFileSync(outfile)
  process.stdout.write(`${outfile}: ${bytes.length} bytes minified, ${gzipSync(bytes).length} bytes gzipped, ${Object.keys(result.metafile.inputs).length} modules\n`)
}
