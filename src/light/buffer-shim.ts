// The browser bundle's Buffer: esbuild injects this module wherever shared code names the
// global `Buffer` (scripts/build-light.mjs), so the node's own modules run unchanged on
// the `buffer` polyfill instead of a second copy of them.
export { Buffer } from 'buffer'
