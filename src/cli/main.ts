#!/usr/bin/env node
// The kuber-p2p command line: keygen, start, devnet. Built on the library API (src/index.ts).
import { Command, InvalidArgumentError } from 'commander'
import { KuberError } from '../errors.js'
import { keygenCommand } from './keygen.js'
import { startCommand } from './start.js'
import { devnetCommand } from './devnet.js'

const program = new Command()
  .name('kuber-p2p')
  .description('Kuber P2P node: Noise-encrypted TCP, handshake, gossip, scoring, debug RPC')
  .version('0.1.0')
  .showHelpAfterError()

program.command('keygen')
  .description('create <home>/node_key.json if it does not exist, and print the PeerID')
  .requiredOption('--home <dir>', 'node home directory')
  .action(async (opts: { home: string }) => { await keygenCommand(opts) })

program.command('start')
  .description('run one node until SIGINT/SIGTERM')
  .requiredOption('--home <dir>', 'node home directory (node_key.json; config.json is read from here if present)')
  .option('--config <file>', 'JSON config file (default: <home>/config.json if it exists); flags override it')
  .option('--listen <addresses>', 'P2P listen addresses, comma-separated: host:port or tcp://host:port (TCP), ws://host:port (default 127.0.0.1:26656)')
  .option('--rpc <host:port>', 'debug RPC address (default 127.0.0.1:26657)')
  .option('--chain-id <id>', 'chain id (required, here or in the config file)')
  .option('--peers <list>', 'static peers, comma-separated PEER_ID@host:port', commaList)
  .option('--seeds <list>', 'seed nodes asked for addresses, comma-separated PEER_ID@host:port', commaList)
  .option('--seed-mode', 'run as a seed: crawl the network, answer address requests, keep no long connections')
  .option('--external-address <host:port>', 'address to advertise to peers')
  .option('--plaintext', 'disable Noise encryption (benchmarks only: peers are not authenticated)')
  .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent')
  .action(async (opts) => { await startCommand(opts) })

program.command('devnet')
  .description('start N connected nodes on loopback in this process and print who is connected to whom')
  .option('--nodes <n>', 'number of nodes', positiveInt, 5)
  .option('--chain-id <id>', 'chain id', 'kuber-devnet')
  .option('--base-port <port>', 'node i listens on base+2i and serves RPC on base+2i+1 (0: random ports)', nonNegativeInt, 26656)
  .option('--home <dir>', 'keep node keys under <dir>/node<i> (default: a fresh temporary directory)')
  .option('--duration <seconds>', 'stop after this many seconds (default: run until SIGINT)', positiveInt)
  .option('--log-level <level>', 'log level of the nodes', 'warn')
  .option('--tx-rate <n>', 'demo transactions per second, submitted at random nodes (0: none)', nonNegativeInt, 5)
  .option('--block-interval <seconds>', 'a demo block from the next proposer every this many seconds (0: none)', nonNegativeInt, 3)
  .action(async (opts) => { await devnetCommand(opts) })

function commaList (value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '')
}

function positiveInt (value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer')
  return n
}

function nonNegativeInt (value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected an integer in 0..65535')
  return n
}

program.parseAsync().catch((err: unknown) => {
  const message = err instanceof KuberError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err)
  process.stderr.write(`kuber-p2p: ${message}\n`)
  process.exit(1)
})
