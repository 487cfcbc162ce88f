// Randomness as protocol code sees it. Production uses the OS CSPRNG (WebCrypto's
// getRandomValues, the same in Node and in a browser); tests and the simulator use
// SeededRandom so that one seed replays a whole run exactly.

export interface Random {
  /** Uniform float in [0, 1). */
  float(): number
  /** Uniform integer in [0, maxExclusive). maxExclusive must be in [1, 2^48). */
  int(maxExclusive: number): number
  /** n uniformly random bytes (key material in production, so this must be a CSPRNG there). */
  bytes(n: number): Uint8Array
}

/** getRandomValues fills at most 65 536 bytes per call. */
const MAX_RANDOM_VALUES_BYTES = 65_536
const words = new Uint32Array(2)

function osRandomBytes (n: number): Uint8Array {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i += MAX_RANDOM_VALUES_BYTES) globalThis.crypto.getRandomValues(out.subarray(i, Math.min(n, i + MAX_RANDOM_VALUES_BYTES)))
  return out
}

/** Uniform in [0, 1) with 53 random bits. */
function osRandomFloat (): number {
  globalThis.crypto.getRandomValues(words)
  return (words[0]! * 2 ** 21 + (words[1]! >>> 11)) / 2 ** 53
}

export const systemRandom: Random = {
  float: osRandomFloat,
  // 53 random bits scaled: each value's chance off by a relative maxExclusive / 2^53 at most (keys use bytes())
  int: (maxExclusive) => Math.floor(osRandomFloat() * maxExclusive),
  bytes: osRandomBytes
}

/**
 * Deterministic PRNG (sfc32, 128-bit state) seeded from one integer. Not for keys in
 * production: only for tests and the simulator, where replaying a seed matters.
 */
export class SeededRandom implements Random {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor (readonly seed: number) {
    this.a = 0x9e3779b9
    this.b = 0x243f6a88
    this.c = 0xb7e15162
    this.d = seed >>> 0
    for (let i = 0; i < 15; i++) this.next()
  }

  /** Uniform uint32. */
  next (): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0
    this.d = (this.d + 1) >>> 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) >>> 0
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0
    this.c = (this.c + t) >>> 0
    return t
  }

  float (): number {
    return (this.next() * 2 ** 21 + (this.next() >>> 11)) / 2 ** 53
  }

  int (maxExclusive: number): number {
    return Math.floor(this.float() * maxExclusive)
  }

  bytes (n: number): Uint8Array {
    const out = new Uint8Array(n)
    for (let i = 0; i < n; i += 4) {
      const v = this.next()
      out[i] = v
      if (i + 1 < n) out[i + 1] = v >>> 8
      if (i + 2 < n) out[i + 2] = v >>> 16
      if (i + 3 < n) out[i + 3] = v >>> 24
    }
    return out
  }

  /** An independent stream derived from this one (for one node, one link, one fault). */
  fork (): SeededRandom {
    return new SeededRandom(this.next())
  }
}
