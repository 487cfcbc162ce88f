// The reference chain's public entry, `kuber-p2p/chain`: run a node of the chain, build and
// sign its transactions, talk to its application API, and the state-commitment and
// chunk-proof functions state sync builds on.
export { ReferenceChain, MAX_NONCE_AHEAD, type ReferenceChainOptions, type ChainEvents, type CandidateEvent, type FinalEvent, type SubmitResult } from './reference-chain.js'
export { loadGenesis } from './genesis-file.js'
export { Genesis, GenesisSchema, ChainParamsSchema, type GenesisJson, type ChainParams, type Validator } from './genesis.js'
export { ChainError, Reason, reasonOf } from './errors.js'
export { signTx, decodeTx, checkTxSignature, type DecodedTx } from './tx.js'
export { txSignBytes, blockSignBytes, voteSignBytes } from './signing.js'
export { signVote, VOTE_TYPE_COMMIT } from './votes.js'
export { checkCommit, commitHash } from './commit.js'
export { ChainStore, type Tip, type FinalBlock } from './store/chain-store.js'
export { storeSyncSource } from './store/sync-source.js'
export { startApiServer, type ApiServer } from './api/server.js'
export { ChainClient, ApiError } from './api/client.js'
export { BucketTree } from './state/bucket-tree.js'
export { bucketOf, bucketRoot, entryHash, EMPTY_BUCKET_ROOT, type StateEntry, type BucketRoot } from './state/buckets.js'
export { planChunks, buildChunk, chunkError, entryBytes, type ChunkRange, type StateChunk, type BucketSizes } from './state/chunks.js'
export { merkleRootOf, rangeProof, rootFromRange } from './state/merkle.js'
