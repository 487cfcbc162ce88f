// Config for `kuber-p2p start`: a JSON file (validated by the node's zod schema), with
// command-line flags layered on top. Errors name the flag when a flag set the value, the
// key and the file otherwise.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ConfigError, ErrorCodes } from '../errors.js'
import { DEFAULT_LISTEN, InvalidConfigError, parseNodeConfig, type ConfigIssue, type NodeConfig } from '../node/config.js'
import { DEFAULT_CLI_RPC } from './defaults.js'

export interface StartFlags {
  home: string
  config?: string
  listen?: string
  wsListen?: string
  rpc?: string
  chainId?: string
  peers?: string[]
  seeds?: string[]
  seedMode?: boolean
  externalAddress?: string
  plaintext?: boolean
  logLevel?: string
  addrBookStrict?: string
}


/** The flag that sets each config key. */
const FLAGS: Record<string, string> = {
  home: '--home',
  listen: '--listen',
  rpc: '--rpc',
  chainId: '--chain-id',
  peers: '--peers',
  seeds: '--seeds',
  seedMode: '--seed-mode',
  externalAddress: '--external-address',
  encryption: '--plaintext',
  logLevel: '--log-level',
  addrBookStrict: '--addr-book-strict'
}

/** Read the config file (explicit, or <home>/config.json if present), apply flags, validate. */
export async function resolveStartConfig (flags: StartFlags): Promise<NodeConfig> {
  const path = flags.config ?? join(flags.home, 'config.json')
  const hasFile = flags.config !== undefined || existsSync(path)
  let file: Record<string, unknown> = {}
  if (hasFile) {
    try {
      file = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>
    } catch (err) {
      throw new ConfigError(ErrorCodes.INVALID_CONFIG, `cannot read config file ${path}: ${(err as Error).message}`, { cause: err })
    }
  }
  const overrides = flagOverrides(flags)
  const merged: Record<string, unknown> = { rpc: DEFAULT_CLI_RPC, ...file, ...overrides }
  if (flags.wsListen !== undefined) merged.listen = [...(merged.listen as string[] | undefined ?? DEFAULT_LISTEN), `ws://${flags.wsListen}`]
  try {
    return parseNodeConfig(merged)
  } catch (err) {
    if (!(err instanceof InvalidConfigError)) throw err
    throw new InvalidConfigError(err.issues, (issue) => describe(issue, overrides, hasFile ? path : undefined))
  }
}

function flagOverrides (flags: StartFlags): Record<string, unknown> {
  const o: Record<string, unknown> = { home: flags.home }
  if (flags.listen !== undefined) o.listen = flags.listen.split(',')
  if (flags.rpc !== undefined) o.rpc = flags.rpc
  if (flags.chainId !== undefined) o.chainId = flags.chainId
  if (flags.peers !== undefined) o.peers = flags.peers
  if (flags.seeds !== undefined) o.seeds = flags.seeds
  if (flags.seedMode === true) o.seedMode = true
  if (flags.externalAddress !== undefined) o.externalAddress = flags.externalAddress
  if (flags.plaintext === true) o.encryption = 'plaintext'
  if (flags.logLevel !== undefined) o.logLevel = flags.logLevel
  if (flags.addrBookStrict !== undefined) o.addrBookStrict = ({ true: true, false: false } as Record<string, boolean>)[flags.addrBookStrict] ?? flags.addrBookStrict
  return o
}

/** "--peers: got ..." for a flag's value, `"maxInbound" in FILE: got ...` for the file's. */
function describe (issue: ConfigIssue, overrides: Record<string, unknown>, file: string | undefined): string {
  const [top, ...rest] = issue.key.split('.')
  const flag = FLAGS[top!]
  const inFile = file === undefined ? '' : ` in ${file}`
  if (flag !== undefined && top! in overrides) {
    const entry = rest.length === 1 && /^\d+$/.test(rest[0]!) ? ` entry ${Number(rest[0]) + 1}` : ''
    return `${flag}${entry}: ${issue.problem}`
  }
  if (flag !== undefined && issue.value === undefined && /^missing/.test(issue.problem)) {
    return `${flag} is required (or "${issue.key}"${file === undefined ? ' in a config file' : inFile}): ${issue.problem}`
  }
  return issue.key === '' ? `config${inFile}: ${issue.problem}` : `"${issue.key}"${inFile}: ${issue.problem}`
}
