// The primitives kuber-p2p is built on, behind one small interface, so the same Noise
// handshake, record layer, identity and hashing code runs in Node (node:crypto, fast)
// and in a browser (@noble/*, pure JS): X25519, ChaCha20-Poly1305, SHA-256 and
// HMAC-SHA256 (for HKDF), Ed25519. provider.ts names the one a build uses.

/** An X25519 key pair; the private half is whatever the provider keeps (a KeyObject, raw bytes). */
export interface X25519KeyPair {
  readonly privateKey: unknown
  /** Raw 32-byte public key. */
  readonly publicKey: Uint8Array
}

export interface CryptoProvider {
  readonly name: 'node' | 'noble'
  /** SHA-256 of the concatenated parts (hashed in place, not concatenated). */
  sha256(...parts: Uint8Array[]): Buffer<ArrayBuffer>
  /** HMAC-SHA256(key, concatenated parts). */
  hmacSha256(key: Uint8Array, ...parts: Uint8Array[]): Buffer
  /** The key pair of a 32-byte X25519 private key (clamped as RFC 7748 says). */
  x25519KeyPair(privateKey: Uint8Array): X25519KeyPair
  /** DH(keyPair, remotePublicKey); throws for a key that is not 32 bytes or of small order (all-zero secret). */
  x25519(keyPair: X25519KeyPair, remotePublicKey: Uint8Array): Buffer
  /** ChaCha20-Poly1305 (IETF): ciphertext || 16-byte tag written to out[offset, offset + plaintext.length + 16). */
  chachaSeal(key: Uint8Array, nonce: Uint8Array, ad: Uint8Array, plaintext: Uint8Array, out: Uint8Array, offset: number): void
  /** The plaintext of ciphertext || tag; throws when the tag does not verify. Never shares memory with the input. */
  chachaOpen(key: Uint8Array, nonce: Uint8Array, ad: Uint8Array, sealed: Uint8Array): Buffer
  /** The raw 32-byte Ed25519 public key of a 32-byte seed. */
  ed25519PublicKey(seed: Uint8Array): Uint8Array
  /** A signing function for a 32-byte seed (keeps whatever it needs prepared). */
  ed25519Signer(seed: Uint8Array): (data: Uint8Array) => Buffer
  /** Verify an RFC 8032 Ed25519 signature; false (never a throw) for anything invalid. */
  ed25519Verify(publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean
}
