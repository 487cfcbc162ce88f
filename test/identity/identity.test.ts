// Identity: PeerID = SHA-256(pk), the key file (0600, never overwritten), and refusal of malformed IDs and invalid keys.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { generateIdentity, identityFromSeed, verifySignature } from '../../src/identity/keys.js'
import { loadOrCreateNodeKey } from '../../src/identity/key-file.js'
import { parsePeerId, peerIdFromBytes, peerIdFromPublicKey } from '../../src/identity/peer-id.js'
import { isValidPublicKey } from '../../src/identity/ed25519-point.js'
import { SeededRandom, systemRandom } from '../../src/runtime/random.js'
import { IdentityError } from '../../src/errors.js'

test('PeerID is the lowercase hex SHA-256 of the ed25519 public key', () => {
  const id = generateIdentity(new SeededRandom(1))
  assert.equal(id.peerId, createHash('sha256').update(id.publicKey).digest('hex'))
  assert.match(id.peerId, /^[0-9a-f]{64}$/)
})

test('RFC 8032 test 1: the seed gives the published public key and signature', () => {
  const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex')
  const id = identityFromSeed(seed)
  assert.equal(Buffer.from(id.publicKey).toString('hex'), 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')
  const sig = id.sign(new Uint8Array(0))
  assert.equal(Buffer.from(sig).toString('hex'), 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b')
  assert.ok(verifySignature(id.publicKey, new Uint8Array(0), sig))
  assert.ok(!verifySignature(id.publicKey, Uint8Array.of(1), sig))
})

test('the key file is created with mode 0600 and never overwritten', async () => {
  const home = await mkdtemp(join(tmpdir(), 'kuber-key-'))
  const first = await loadOrCreateNodeKey(home, systemRandom)
  assert.equal(first.created, true)
  const path = join(home, 'node_key.json')
  assert.equal((await stat(path)).mode & 0o777, 0o600)
  const before = await readFile(path, 'utf8')
  const second = await loadOrCreateNodeKey(home, systemRandom)
  assert.equal(second.created, false)
  assert.equal(second.identity.peerId, first.identity.peerId)
  assert.equal(await readFile(path, 'utf8'), before)
})

test('a tampered key file is refused with INVALID_KEY_FILE, not replaced', async () => {
  const home = await mkdtemp(join(tmpdir(), 'kuber-key-'))
  const { identity } = await loadOrCreateNodeKey(home, systemRandom)
  const path = join(home, 'node_key.json')
  const json = JSON.parse(await readFile(path, 'utf8'))
  json.peer_id = 'ab'.repeat(32)
  await writeFile(path, JSON.stringify(json))
  await assert.rejects(loadOrCreateNodeKey(home, systemRandom), (e: unknown) => e instanceof IdentityError && e.code === 'INVALID_KEY_FILE')
  await writeFile(path, '{not json')
  await assert.rejects(loadOrCreateNodeKey(home, systemRandom), (e: unknown) => e instanceof IdentityError && e.code === 'INVALID_KEY_FILE')
  assert.notEqual(identity.peerId, undefined)
})

test('malformed PeerIDs are refused with INVALID_PEER_ID', () => {
  for (const bad of ['', 'xyz', 'AB'.repeat(32), 'ab'.repeat(31), 'ab'.repeat(33), ' ' + 'ab'.repeat(32)]) {
    assert.throws(() => parsePeerId(bad), (e: unknown) => e instanceof IdentityError && e.code === 'INVALID_PEER_ID')
  }
  assert.throws(() => peerIdFromBytes(new Uint8Array(31)), (e: unknown) => e instanceof IdentityError && e.code === 'INVALID_PEER_ID')
  fc.assert(fc.property(fc.string(), (s) => {
    try { assert.equal(parsePeerId(s), s) } catch (e) { assert.ok(e instanceof IdentityError) }
  }))
})

test('invalid public keys are refused: wrong length, small order, not on the curve', () => {
  assert.throws(() => peerIdFromPublicKey(new Uint8Array(31)), (e: unknown) => e instanceof IdentityError && e.code === 'INVALID_PUBLIC_KEY')
  assert.ok(!isValidPublicKey(new Uint8Array(32))) // small order (y = 0)
  const identityPoint = new Uint8Array(32); identityPoint[0] = 1
  assert.ok(!isValidPublicKey(identityPoint))
  const notOnCurve = Buffer.from('0200000000000000000000000000000000000000000000000000000000000000', 'hex') // y = 2 has no x
  assert.ok(!isValidPublicKey(notOnCurve))
  const nonCanonical = Buffer.alloc(32, 0xff); nonCanonical[31] = 0x7f // y >= p
  assert.ok(!isValidPublicKey(nonCanonical))
  const random = new SeededRandom(9)
  for (let i = 0; i < 20; i++) assert.ok(isValidPublicKey(generateIdentity(random).publicKey))
})

test('point validation agrees with a straightforward decompression on random encodings', () => {
  const P = 2n ** 255n - 19n
  const pow = (b: bigint, e: bigint): bigint => { let r = 1n; b %= P; while (e > 0n) { if (e & 1n) r = r * b % P; b = b * b % P; e >>= 1n } return r }
  const D = (-121665n * pow(121666n, P - 2n) % P + P) % P
  const reference = (k: Uint8Array): boolean => {
    let y = 0n
    for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(k[i]! & (i === 31 ? 0x7f : 0xff))
    if (y >= P) return false
    const x2 = ((y * y - 1n + P) % P) * pow((D * y * y + 1n) % P, P - 2n) % P
    if (x2 === 0n) return (k[31]! >> 7) === 0
    return pow(x2, (P - 1n) / 2n) === 1n // a square
  }
  fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (k) => {
    assert.equal(isValidPublicKey(k), reference(k)) // random encodings are never of small order in practice
  }), { numRuns: 300 })
})
