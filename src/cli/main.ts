#!/usr/bin/env node
// The kuber-p2p command line: keygen, start, devnet, bans, version. Built on the library
// API (src/index.ts). Each command loads its modules when it runs, so the short ones
// (version, bans, keygen) start fast.
import { readFileSync } from 'node:fs'
import { Command, InvalidArgumentError } from 'commander'
import { KuberError } from '../errors.js'

/** The package version (package.json sits two levels above both src/cli and dist/cli). */
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version

const program = new Command()
  .name('kuber-p2p')
  .description('Kuber P2P node: Noise-encrypted TCP, handshake, gossip, scoring, debug RPC')
  .version(VERSION)
  .showHelpAfterError()

program.command('version')
  .description('print the package version, the wire protocol version and the Node.js version')
  .action(async () => {
    const { PROTOCOL_VERSION } = await import('../session/hello.js')
    process.stdout.write(`kuber-p2p ${VERSION} (protocol version ${PROTOCOL_VERSION}, Node.js ${process.version})\n`)
  })

program.command('keygen')
  .description('create <home>/node_key.json if it does not exist, and print the PeerID')
  .requiredOption('--home <dir>', 'node home directory')
  .action(async (opts: { home: string }) => { await (await import('./keygen.js')).keygenCommand(opts) })

program.command('start')
  .description('run one node until SIGINT/SIGTERM')
  .requiredOption('--home <dir>', 'node home directory (node_key.json; config.json is read from here if present)')
  .option('--config <file>', 'JSON config file (default: <home>/config.json if it exists); flags override it')
  .option('--listen <addresses>', 'P2P listen addresses, comma-separated: host:port or tcp://host:port (TCP), ws://host:port (default 127.0.0.1:26656)')
  .option('--rpc <host:port|off>', 'debug RPC address, or off (default 127.0.0.1:26657)')
  .option('--chain-id <id>', 'chain id (required, here or in the config file)')
  .option('--peers <list>', 'static peers, comma-separated PEER_ID@host:port', commaList)
  .option('--seeds <list>', 'seed nodes asked for addresses, comma-separated PEER_ID@host:port', commaList)
  .option('--seed-mode', 'run as a seed: crawl the network, answer address requests, keep no long connections')
  .option('--external-address <host:port>', 'address to advertise to peers')
  .option('--addr-book-strict <true|false|auto>', 'which peer addresses to keep: true public only, false any, auto (default) also those of our own scope (loopback, private)')
  .option('--plaintext', 'disable Noise encryption (benchmarks only: peers are not authenticated)')
  .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent')
  .action(async (opts) => { await (await import('./start.js')).startCommand(opts) })

program.command('devnet')
  .description('start N connected nodes on loopback in this process and print who is connected to whom')
  .option('--nodes <n>', 'number of nodes', positiveInt, 5)
  .option('--chain-id <id>', 'chain id', 'kuber-devnet')
  .option('--base-port <port>', 'node i listens on base+2i and serves RPC on base+2i+1 (0: random ports)', nonNegativeInt, 26656)
  .option('--home <dir>', 'keep node keys under <dir>/node<i> (default: a temporary directory, removed at exit)')
  .option('--duration <seconds>', 'stop after this many seconds (default: run until SIGINT)', positiveInt)
  .option('--log-level <level>', 'log level of the nodes', 'warn')
  .option('--tx-rate <n>', 'demo transactions per second, submitted at random nodes (0: none)', nonNegativeInt, 5)
  .option('--block-interval <seconds>', 'a demo block from the next proposer every this many seconds (0: none)', nonNegativeInt, 3)
  .action(async (opts) => { await (await import('./devnet.js')).devnetCommand(opts) })

const bans = program.command('bans')
  .description("see and lift the bans in a stopped node's peer store")
bans.command('list')
  .description('list the bans in force (--all: also expired ones still remembered for escalation)')
  .requiredOption('--home <dir>', 'node home directory')
  .option('--all', 'include expired bans')
  .option('--json', 'print JSON')
  .action(async (opts) => { await (await import('./bans.js')).bansCommand('list', undefined, opts) })
bans.command('clear')
  .argument('[peer-id]', 'the peer whose ban to lift (default: every ban)')
  .description('lift one ban, or all of them (the node must be stopped)')
  .requiredOption('--home <dir>', 'node home directory')
  .action(async (peerId: string | undefined, opts) => { await (await import('./bans.js')).bansCommand('clear', peerId, opts) })

function commaList (value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '')
}

function positiveInt (value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`got ${JSON.stringify(value)}, expected a positive integer`)
  return n
}

function nonNegativeInt (value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`got ${JSON.stringify(value)}, expected an integer in 0..65535`)
  return n
}

program.parseAsync().catch((err: unknown) => {
  const lines = err instanceof KuberError ? (err as KuberError & { lines?: string[] }).lines : undefined
  if (lines !== undefined) { // an InvalidConfigError: one line per problem
    process.stderr.write(`kuber-p2p: ${(err as KuberError).code}: invalid configuration:\n${lines.map((l) => `  ${l}\n`).join('')}`)
  } else {
    const message = err instanceof KuberError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err)
    process.stderr.write(`kuber-p2p: ${message}\n`)
  }
  process.exit(1)
})
