// Config for `kuber-p2p start`: a JSON file (validated by the node's zod schema), with
// command-line flags layered on top.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigError, ErrorCodes } from '../errors.js'
import { parseNodeConfig, type NodeConfig } from '../node/config.js'

export interface StartFlags {
  home: string
  config?: string
  listen?: string
  rpc?: string
  chainId?: string
  peers?: string[]
  seeds?: string[]
  seedMode?: boolean
  externalAddress?: string
  plaintext?: boolean
  logLevel?: string
}

/** Read the config file (explicit, or <home>/config.json if present), apply flags, validate. */
export async function resolveStartConfig (flags: StartFlags): Promise<NodeConfig> {
  const path = flags.config ?? join(flags.home, 'config.json')
  let file: Record<string, unknown> = {}
  if (flags.config !== undefined || existsSync(path)) {
    try {
      file = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>
    } catch (err) {
      throw new ConfigError(ErrorCodes.INVALID_CONFIG, `cannot read config file ${path}: ${(err as Error).message}`, { cause: err })
    }
  }
  const overrides: Record<string, unknown> = { home: flags.home }
  if (flags.listen !== undefined) overrides.listen = flags.listen.split(',')
  if (flags.rpc !== undefined) overrides.rpc = flags.rpc
  if (flags.chainId !== undefined) overrides.chainId = flags.chainId
  if (flags.peers !== undefined) overrides.peers = flags.peers
  if (flags.seeds !== undefined) overrides.seeds = flags.seeds
  if (flags.seedMode === true) overrides.seedMode = true
  if (flags.externalAddress !== undefined) overrides.externalAddress = flags.externalAddress
  if (flags.plaintext === true) overrides.encryption = 'plaintext'
  if (flags.logLevel !== undefined) overrides.logLevel = flags.logLevel
  const merged = { rpc: '127.0.0.1:26657', ...file, ...overrides }
  return parseNodeConfig(merged)
}
