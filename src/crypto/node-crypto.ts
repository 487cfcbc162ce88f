// The CryptoProvider on node:crypto (OpenSSL): the one a node uses. X25519 and Ed25519
// keys are imported as KeyObjects once (raw bytes behind a fixed DER prefix), and the
// AEAD seals straight into the caller's buffer.
import { createCipheriv, createDecipheriv, createHash, createHmac, createPrivateKey, createPublicKey, diffieHellman, sign, verify, type KeyObject } from 'node:crypto'
import type { CryptoProvider, X25519KeyPair } from './types.js'

const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex')
const SPKI_X25519_PREFIX = Buffer.from('302a300506032b656e032100', 'hex')
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
const CIPHER = 'chacha20-poly1305'
const TAG_BYTES = 16
const TAG_OPTIONS = { authTagLength: TAG_BYTES } as const
const EMPTY = Buffer.alloc(0)

function rawPublicKey (privateKey: KeyObject, spkiPrefix: Buffer): Uint8Array {
  return new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(spkiPrefix.length))
}

const ed25519Keys = new Map<string, KeyObject>()
const ED25519_KEY_CACHE_MAX = 4096

function ed25519PublicKeyObject (publicKey: Uint8Array): KeyObject {
  const hex = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString('hex')
  let key = ed25519Keys.get(hex)
  if (key === undefined) {
    key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' })
    if (ed25519Keys.size >= ED25519_KEY_CACHE_MAX) ed25519Keys.delete(ed25519Keys.keys().next().value!)
    ed25519Keys.set(hex, key)
  }
  return key
}

export const nodeCrypto: CryptoProvider = {
  name: 'node',
  sha256 (...parts) {
    const h = createHash('sha256')
    for (const p of parts) h.update(p)
    return h.digest()
  },
  hmacSha256 (key, ...parts) {
    const h = createHmac('sha256', key)
    for (const p of parts) h.update(p)
    return h.digest()
  },
  x25519KeyPair (privateKeyBytes): X25519KeyPair {
    const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_X25519_PREFIX, privateKeyBytes]), format: 'der', type: 'pkcs8' })
    return { privateKey, publicKey: rawPublicKey(privateKey, SPKI_X25519_PREFIX) }
  },
  x25519 (keyPair, remotePublicKey) {
    if (remotePublicKey.length !== 32) throw new RangeError(`X25519 public key of ${remotePublicKey.length} bytes`)
    const publicKey = createPublicKey({ key: Buffer.concat([SPKI_X25519_PREFIX, remotePublicKey]), format: 'der', type: 'spki' })
    return diffieHellman({ privateKey: keyPair.privateKey as KeyObject, publicKey }) // OpenSSL refuses an all-zero secret
  },
  chachaSeal (key, nonce, ad, plaintext, out, offset) {
    const cipher = createCipheriv(CIPHER, key, nonce, TAG_OPTIONS)
    if (ad.length > 0) cipher.setAAD(ad, { plaintextLength: plaintext.length })
    out.set(cipher.update(plaintext), offset)
    cipher.final()
    out.set(cipher.getAuthTag(), offset + plaintext.length)
  },
  chachaOpen (key, nonce, ad, sealed) {
    const bodyLength = sealed.length - TAG_BYTES
    if (bodyLength < 0) throw new RangeError(`sealed message of ${sealed.length} bytes is shorter than its tag`)
    const decipher = createDecipheriv(CIPHER, key, nonce, TAG_OPTIONS)
    if (ad.length > 0) decipher.setAAD(ad, { plaintextLength: bodyLength })
    decipher.setAuthTag(sealed.subarray(bodyLength))
    const plaintext = bodyLength === 0 ? EMPTY : decipher.update(sealed.subarray(0, bodyLength))
    decipher.final() // throws when the tag does not verify
    return plaintext
  },
  ed25519PublicKey (seed) {
    return rawPublicKey(createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' }), SPKI_ED25519_PREFIX)
  },
  ed25519Signer (seed) {
    const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' })
    return (data) => sign(null, data, privateKey)
  },
  ed25519Verify (publicKey, data, signature) {
    if (publicKey.length !== 32 || signature.length !== 64) return false
    try {
      return verify(null, data, ed25519PublicKeyObject(publicKey), signature)
    } catch {
      return false
    }
  }
}
