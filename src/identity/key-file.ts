// The node key file `<home>/node_key.json` (mode 0600): created on first start, never
// overwritten, checked for consistency on every load.
import { mkdir, open, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { Random } from '../runtime/random.js'
import { ErrorCodes, IdentityError } from '../errors.js'
import { generateIdentity, identityFromSeed, type Identity } from './keys.js'

export const NODE_KEY_FILE = 'node_key.json'

const FIX = 'restore it from a backup, or move it away and a new key (a new PeerID) is made at the next start'

const KeyFileSchema = z.object({
  type: z.literal('ed25519'),
  private_key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'base64 of 32 bytes'),
  public_key: z.string(),
  peer_id: z.string()
})

/** Load `<home>/node_key.json`, or create it (exclusively, mode 0600) if it does not exist. */
export async function loadOrCreateNodeKey (home: string, random: Random): Promise<{ identity: Identity, created: boolean }> {
  const path = join(home, NODE_KEY_FILE)
  try {
    return { identity: await loadNodeKey(path), created: false }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  await mkdir(home, { recursive: true, mode: 0o700 })
  const identity = generateIdentity(random)
  let handle
  try {
    handle = await open(path, 'wx', 0o600) // 'x': fails if the file appeared meanwhile: never overwrite a key
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { identity: await loadNodeKey(path), created: false }
    throw err
  }
  try {
    await handle.writeFile(JSON.stringify(keyFileJson(identity), null, 2) + '\n')
    await handle.sync()
  } finally {
    await handle.close()
  }
  return { identity, created: true }
}

/** Load and check a key file. */
export async function loadNodeKey (path: string): Promise<Identity> {
  const text = await readFile(path, 'utf8')
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new IdentityError(ErrorCodes.INVALID_KEY_FILE, `${path} is not a valid node key file: not JSON (${(err as Error).message}); ${FIX}`, { cause: err })
  }
  const result = KeyFileSchema.safeParse(json)
  if (!result.success) {
    const reasons = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
    throw new IdentityError(ErrorCodes.INVALID_KEY_FILE, `${path} is not a valid node key file: ${reasons}; ${FIX}`, { cause: result.error })
  }
  const parsed = result.data
  const identity = identityFromSeed(Buffer.from(parsed.private_key, 'base64'))
  if (parsed.public_key !== Buffer.from(identity.publicKey).toString('base64') || parsed.peer_id !== identity.peerId) {
    throw new IdentityError(ErrorCodes.INVALID_KEY_FILE, `${path}: public_key or peer_id does not match private_key; ${FIX}`)
  }
  return identity
}

function keyFileJson (identity: Identity): z.infer<typeof KeyFileSchema> {
  return {
    type: 'ed25519',
    private_key: Buffer.from(identity.privateSeed).toString('base64'),
    public_key: Buffer.from(identity.publicKey).toString('base64'),
    peer_id: identity.peerId
  }
}
