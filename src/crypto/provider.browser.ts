// The CryptoProvider of the browser build: @noble/* (see provider.ts).
export { nobleCrypto as crypto } from './noble-crypto.js'
