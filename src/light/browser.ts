// Entry of the browser bundle (scripts/build-light.mjs).
export { Session } from '../session/session.js'
export { createNoiseUpgrader } from '../secure/noise-upgrader.js'
export { openWebSocket } from '../transport/websocket-connection.js'
