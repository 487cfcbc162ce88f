// Reading a genesis file from disk (Node only; genesis.ts itself also runs in the browser
// light client, which is handed the document).
import { readFile } from 'node:fs/promises'
import { ConfigError, ErrorCodes } from '../core.js'
import { Genesis } from './genesis.js'

export async function loadGenesis (path: string): Promise<Genesis> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(path, 'utf8'))
  } catch (err) {
    throw new ConfigError(ErrorCodes.INVALID_CONFIG, `cannot read genesis file ${path}: ${(err as Error).message}`, { cause: err })
  }
  return Genesis.parse(json)
}
