// Validation of a 32-byte ed25519 public key (spec §17: refuse invalid public keys).
// OpenSSL imports any 32 bytes as a key; here we check that the encoding is canonical,
// decodes to a point on the curve (RFC 8032 §5.1.3) and is not of small order.
import { ErrorCodes, IdentityError } from '../errors.js'

const P = 2n ** 255n - 19n
const D = (-121665n * modInverse(121666n)) % P + P

// The canonical encodings of the eight points of small order (torsion subgroup).
const SMALL_ORDER = new Set([
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0000000000000000000000000000000000000000000000000000000000000080',
  '0000000000000000000000000000000000000000000000000000000000000000',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85'
])

/** Throws IdentityError(INVALID_PUBLIC_KEY) unless publicKey is a usable ed25519 key. */
export function assertValidPublicKey (publicKey: Uint8Array): void {
  if (!isValidPublicKey(publicKey)) {
    throw new IdentityError(ErrorCodes.INVALID_PUBLIC_KEY, `invalid ed25519 public key (${publicKey.length} bytes)`)
  }
}

// Keys already found valid: the check costs ~250 bigint squarings (~0.2 ms), and a node
// meets the same keys again (reconnects; a PeerID and a signature check of one handshake).
const validKeys = new Set<string>()
const VALID_KEYS_MAX = 16_384

export function isValidPublicKey (publicKey: Uint8Array): boolean {
  if (publicKey.length !== 32) return false
  const hex = Buffer.from(publicKey.buffer, publicKey.byteOffset, 32).toString('hex')
  if (validKeys.has(hex)) return true
  if (!isValidPoint(publicKey, hex)) return false
  if (validKeys.size >= VALID_KEYS_MAX) validKeys.delete(validKeys.values().next().value!)
  validKeys.add(hex)
  return true
}

function isValidPoint (publicKey: Uint8Array, hex: string): boolean {
  if (SMALL_ORDER.has(hex)) return false
  let y = 0n
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(publicKey[i]! & (i === 31 ? 0x7f : 0xff))
  if (y >= P) return false
  const signBit = publicKey[31]! >> 7
  // x^2 = u / v with u = y^2 - 1, v = d y^2 + 1; RFC 8032 §5.1.3 finds the root with one
  // exponentiation: x = u v^3 (u v^7)^((p-5)/8), then checks v x^2 = ±u.
  const y2 = (y * y) % P
  const u = (y2 - 1n + P) % P
  const v = (D * y2 + 1n) % P
  const v3 = (v * v % P) * v % P
  const v7 = (v3 * v3 % P) * v % P
  const x = (u * v3 % P) * modPow(u * v7 % P, (P - 5n) / 8n) % P
  const vx2 = (v * x % P) * x % P
  if (vx2 !== u && vx2 !== (P - u) % P) return false
  return !(x === 0n && signBit === 1)
}

function modPow (base: bigint, exp: bigint): bigint {
  let result = 1n
  let b = base % P
  let e = exp
  while (e > 0n) {
    if ((e & 1n) === 1n) result = (result * b) % P
    b = (b * b) % P
    e >>= 1n
  }
  return result
}

function modInverse (a: bigint): bigint {
  return modPow(((a % P) + P) % P, P - 2n)
}
