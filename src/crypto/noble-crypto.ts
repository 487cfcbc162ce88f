// The CryptoProvider on @noble/* (audited, pure JS): the one the browser bundle uses.
// Outputs are Buffers (views, no copy) so that shared code may use Buffer methods; the
// bundle carries the `buffer` polyfill for that. Ed25519 verification is RFC 8032's
// (zip215 off: non-canonical encodings refused), as OpenSSL's is.
import { chacha20poly1305 } from '@noble/ciphers/chacha.js'
import { ed25519, x25519 } from '@noble/curves/ed25519.js'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import type { CryptoProvider, X25519KeyPair } from './types.js'

function buffer (bytes: Uint8Array): Buffer<ArrayBuffer> {
  return Buffer.from(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength) // noble's outputs are over their own ArrayBuffer
}

export const nobleCrypto: CryptoProvider = {
  name: 'noble',
  sha256 (...parts) {
    if (parts.length === 1) return buffer(sha256(parts[0]!))
    const h = sha256.create()
    for (const p of parts) h.update(p)
    return buffer(h.digest())
  },
  hmacSha256 (key, ...parts) {
    const h = hmac.create(sha256, key)
    for (const p of parts) h.update(p)
    return buffer(h.digest())
  },
  x25519KeyPair (privateKey): X25519KeyPair {
    const secret = Uint8Array.from(privateKey)
    return { privateKey: secret, publicKey: x25519.getPublicKey(secret) }
  },
  x25519 (keyPair, remotePublicKey) {
    if (remotePublicKey.length !== 32) throw new RangeError(`X25519 public key of ${remotePublicKey.length} bytes`)
    return buffer(x25519.getSharedSecret(keyPair.privateKey as Uint8Array, remotePublicKey)) // throws for small-order keys
  },
  chachaSeal (key, nonce, ad, plaintext, out, offset) {
    out.set(chacha20poly1305(key, nonce, ad.length > 0 ? ad : undefined).encrypt(plaintext), offset)
  },
  chachaOpen (key, nonce, ad, sealed) {
    return buffer(chacha20poly1305(key, nonce, ad.length > 0 ? ad : undefined).decrypt(sealed)) // throws on a bad tag
  },
  ed25519PublicKey (seed) {
    return ed25519.getPublicKey(seed)
  },
  ed25519Signer (seed) {
    const secret = Uint8Array.from(seed)
    return (data) => buffer(ed25519.sign(data, secret))
  },
  ed25519Verify (publicKey, data, signature) {
    if (publicKey.length !== 32 || signature.length !== 64) return false
    try {
      return ed25519.verify(signature, data, publicKey, { zip215: false })
    } catch {
      return false
    }
  }
}
