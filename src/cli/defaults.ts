// Default addresses of the CLI's listeners (kept apart so `main.ts` can name them in its
// help text without loading the commands).

/** The debug RPC of `start` when neither a flag nor the config file names one. */
export const DEFAULT_CLI_RPC = '127.0.0.1:26657'

/** The reference chain's application API (`start --genesis`, `tx`) when --api is not given. */
export const DEFAULT_API_ADDRESS = '127.0.0.1:26658'
