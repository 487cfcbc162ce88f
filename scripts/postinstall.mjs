#!/usr/bin/env node
// Applies patches/ (fixes to protons and protons-runtime, see patches/README.md) after
// `npm install` / `npm ci` in this repository. A package that depends on kuber-p2p has no
// patches/ folder (it is not published): it gets the patched protons-runtime bundled.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
if (existsSync(`${root}patches`)) {
  execFileSync(process.execPath, [`${root}node_modules/patch-package/index.js`, '--error-on-fail'], { cwd: root, stdio: 'inherit' })
}
