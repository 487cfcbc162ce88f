// kuber-p2p/light in Node: the light client (the browser gets dist/light/kuber-light.js,
// the same code on the browser's WebSocket and the @noble/* crypto provider). In Node,
// pass the `ws` package's WebSocket class.
export { LightClient, type LightClientOptions, type LightClientEvents, type InvalidReport } from './client.js'
export { HeaderVerifier, type VerifiedHead } from './verify.js'
export { Genesis, type GenesisJson } from '../chain/genesis.js'
export type { WhatwgWebSocket, WhatwgWebSocketConstructor } from '../transport/websocket-connection.js'
