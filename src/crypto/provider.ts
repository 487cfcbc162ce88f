// The CryptoProvider of this build. In Node: node:crypto. The browser build swaps this
// file for provider.browser.ts (scripts/build-light.ts for our bundle; the package.json
// `browser` field for bundlers of kuber-p2p/light), so no node: import reaches a browser.
export { nodeCrypto as crypto } from './node-crypto.js'
