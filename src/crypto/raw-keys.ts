// Raw 32-byte X25519 and Ed25519 keys as node:crypto KeyObjects, imported the fast way (node-crypto.ts).
// OpenSSL 3.0 (Node 20) decodes DER through its generic decoder framework, about 0.5 ms a
// key, which made key import the largest cost of a Noise handshake; a JWK import builds the
// key from its raw bytes directly. Node 20 accepts a private JWK without its public half;
// later versions insist on it (and decode DER quickly), so they keep the DER path.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'

export type OkpCurve = 'X25519' | 'Ed25519'

const PKCS8_PREFIX: Record<OkpCurve, Buffer> = {
  X25519: Buffer.from('302e020100300506032b656e04220420', 'hex'),
  Ed25519: Buffer.from('302e020100300506032b657004220420', 'hex')
}

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url')

function jwkPrivate (crv: OkpCurve, d: Uint8Array): KeyObject {
  return createPrivateKey({ key: { kty: 'OKP', crv, d: b64url(d), x: '' }, format: 'jwk' })
}

/** Whether this Node.js imports a private JWK from `d` alone (and derives the right public key). */
const privateJwkWorks = ((): boolean => {
  try {
    // RFC 7748 §6.1: Alice's private key and public key
    const d = Buffer.from('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a', 'hex')
    return rawPublicKey(jwkPrivate('X25519', d)).toString('hex') === '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a'
  } catch {
    return false
  }
})()

/** The private KeyObject of a raw 32-byte key (an X25519 private key or an Ed25519 seed). */
export function importRawPrivateKey (crv: OkpCurve, d: Uint8Array): KeyObject {
  return privateJwkWorks
    ? jwkPrivate(crv, d)
    : createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX[crv], d]), format: 'der', type: 'pkcs8' })
}

/** The public KeyObject of a raw 32-byte public key (not validated: OpenSSL takes any 32 bytes). */
export function importRawPublicKey (crv: OkpCurve, x: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv, x: b64url(x) }, format: 'jwk' })
}

/** The raw 32-byte public key of a private or public KeyObject. */
export function rawPublicKey (key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key
  return Buffer.from(pub.export({ format: 'jwk' }).x!, 'base64url')
}
