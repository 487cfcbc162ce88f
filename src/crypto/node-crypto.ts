// The CryptoProvider on node:crypto (OpenSSL): the one a node uses. X25519 and Ed25519
// keys are imported as KeyObjects once, from their raw bytes the fast way (raw-keys.ts),
// and the AEAD seals straight into the caller's buffer.
import { createCipheriv, createDecipheriv, createHash, createHmac, diffieHellman, sign, verify, type KeyObject } from 'node:crypto'
import type { CryptoProvider, X25519KeyPair } from './types.js'
import { importRawPrivateKey, importRawPublicKey, rawPublicKey } from './raw-keys.js'
const CIPHER = 'chacha20-poly1305'
const TAG_BYTES = 16
const TAG_OPTIONS = { authTagLength: TAG_BYTES } as const
const EMPTY = Buffer.alloc(0)

const ed25519Keys = new Map<string, KeyObject>()
const ED25519_KEY_CACHE_MAX = 4096

function ed25519PublicKeyObject (publicKey: Uint8Array): KeyObject {
  const hex = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString('hex')
  let key = ed25519Keys.get(hex)
  if (key === undefined) {
    key = importRawPublicKey('Ed25519', publicKey)
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
    const privateKey = importRawPrivateKey('X25519', privateKeyBytes)
    return { privateKey, publicKey: new Uint8Array(rawPublicKey(privateKey)) }
  },
  x25519 (keyPair, remotePublicKey) {
    if (remotePublicKey.length !== 32) throw new RangeError(`X25519 public key of ${remotePublicKey.length} bytes`)
    return diffieHellman({ privateKey: keyPair.privateKey as KeyObject, publicKey: importRawPublicKey('X25519', remotePublicKey) }) // OpenSSL refuses an all-zero secret
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
    return new Uint8Array(rawPublicKey(importRawPrivateKey('Ed25519', seed)))
  },
  ed25519Signer (seed) {
    const privateKey = importRawPrivateKey('Ed25519', seed)
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
