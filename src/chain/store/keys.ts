// The chain store's LevelDB key layout (one prefix byte per record kind). The state is
// stored one record per bucket, so a chunk's run of buckets is one contiguous range.
//   M                               meta: the tip (JSON)
//   B || u64be(height)              block (protobuf Block)
//   C || u64be(height)              the commit that made it final (protobuf Commit)
//   S || u32be(bucket)              the bucket's entries (bucket-codec.ts), non-empty buckets only
//   R || u32be(bucket)              bucket root (32 bytes) || u32be(entry count) || u32be(S record bytes), non-empty buckets only
//                                   (36-byte records, without the byte count, are read too)
//   V                               this validator's votes at the height being decided (JSON)
// While a snapshot is being restored (state sync; S and R then hold the buckets restored so far):
//   X                               the snapshot being restored (JSON)
//   D || u32be(chunk)               a chunk restored (empty value)
//   P || u32be(bucket) || u32be(i)  a slice of a bucket from entry i: bucket root (32) || u32be(entry count) || entries
export const META_KEY = Uint8Array.of(0x4d)
export const VOTES_KEY = Uint8Array.of(0x56)
export const RESTORE_KEY = Uint8Array.of(0x58)
const BLOCK = 0x42
const COMMIT = 0x43
const STATE = 0x53
const ROOT = 0x52
const DONE = 0x44
const SLICE = 0x50

function heightKey (prefix: number, height: number): Uint8Array {
  const k = Buffer.allocUnsafe(9)
  k[0] = prefix
  k.writeBigUInt64BE(BigInt(height), 1)
  return k
}

function bucketKey (prefix: number, bucket: number): Uint8Array {
  const k = Buffer.allocUnsafe(5)
  k[0] = prefix
  k.writeUInt32BE(bucket, 1)
  return k
}

export const blockKey = (height: number): Uint8Array => heightKey(BLOCK, height)
export const commitKey = (height: number): Uint8Array => heightKey(COMMIT, height)
export const bucketKeyOf = (bucket: number): Uint8Array => bucketKey(STATE, bucket)
export const rootKey = (bucket: number): Uint8Array => bucketKey(ROOT, bucket)
export const doneKey = (chunk: number): Uint8Array => bucketKey(DONE, chunk)
export function sliceKey (bucket: number, start: number): Uint8Array {
  const k = Buffer.allocUnsafe(9)
  k[0] = SLICE
  k.writeUInt32BE(bucket, 1)
  k.writeUInt32BE(start, 5)
  return k
}
export const BLOCKS_END = Uint8Array.of(BLOCK + 1)
export const heightOfBlockKey = (stored: Uint8Array): number => Number(Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).readBigUInt64BE(1))
export const ROOTS_START = bucketKey(ROOT, 0)
export const ROOTS_END = Uint8Array.of(ROOT + 1)
/** Every key of one kind: [gte, lt). */
export const STATE_RANGE = { gte: Uint8Array.of(STATE), lt: Uint8Array.of(STATE + 1) }
export const ROOTS_RANGE = { gte: Uint8Array.of(ROOT), lt: Uint8Array.of(ROOT + 1) }
export const DONE_RANGE = { gte: Uint8Array.of(DONE), lt: Uint8Array.of(DONE + 1) }
export const SLICES_RANGE = { gte: Uint8Array.of(SLICE), lt: Uint8Array.of(SLICE + 1) }
/** The bucket (or chunk) a key of S, R, D or P names. */
export const bucketOfRootKey = (stored: Uint8Array): number => Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).readUInt32BE(1)
