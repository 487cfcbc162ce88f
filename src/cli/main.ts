#!/usr/bin/env node
// The kuber-p2p command line: keygen, start, devnet, sim, bans, version, and the reference
// chain's init and tx. Built on the library API (src/index.ts). Each command loads its
// modules when it runs, so the short ones (version, bans, keygen) start fast.
import { readFileSync } from 'node:fs'
import { Command, InvalidArgumentError, Option } from 'commander'
import { KuberError } from '../errors.js'
import { DEFAULT_API_ADDRESS } from './defaults.js'

/** The package version (package.json sits two levels above both src/cli and dist/cli). */
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version

const program = new Command()
  .name('kuber-p2p')
  .description('Kuber P2P node: Noise-encrypted TCP, handshake, gossip, scoring, debug RPC; and the reference chain on top')
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
  .option('--ws-listen <host:port>', 'also listen for WebSocket peers and light clients on ws://host:port (added to --listen)')
  .option('--rpc <host:port|off>', 'debug RPC address, or off (default 127.0.0.1:26657)')
  .option('--chain-id <id>', 'chain id (required, here or in the config file)')
  .option('--peers <list>', 'static peers, comma-separated PEER_ID@host:port (or PEER_ID@ws://host:port)', commaList)
  .option('--seeds <list>', 'seed nodes asked for addresses, comma-separated PEER_ID@host:port', commaList)
  .option('--seed-mode', 'run as a seed: crawl the network, answer address requests, keep no long connections')
  .option('--external-address <host:port>', 'address to advertise to peers')
  .option('--addr-book-strict <true|false|auto>', 'which peer addresses to keep: true public only, false any, auto (default) also those of our own scope (loopback, private)')
  .option('--plaintext', 'disable Noise encryption (benchmarks only: peers are not authenticated)')
  .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent')
  .option('--genesis <file>', 'run the reference chain from this genesis file (a validator if the node key is in its set)')
  .option('--api <host:port|off>', `with --genesis: application API address (default ${DEFAULT_API_ADDRESS})`)
  .option('--testnet-agent', 'testnet only: JSON events on stdout, commands on stdin, stop when stdin ends (kuber-p2p testnet runs nodes so)')
  .option('--testnet-fuzz <delay/jitter/loss>', 'testnet only: delay (ms), jitter (ms) and loss (0..0.99) on every TCP connection this node sends on, e.g. 30/5/0.01 (for kernels without tc netem)')
  .action(async (opts) => {
    if (opts.genesis === undefined) await (await import('./start.js')).startCommand(opts)
    else await (await import('./chain-start.js')).chainStartCommand(opts)
  })

program.command('init')
  .description('write a reference-chain genesis and N validator homes (keys, config) for a local network')
  .requiredOption('--home <dir>', 'directory for genesis.json and node0..node<N-1>')
  .requiredOption('--chain-id <id>', 'chain id')
  .option('--validators <n>', 'number of validators', positiveInt, 4)
  .option('--base-port <port>', 'node i: P2P on base+3i, RPC on base+3i+1, API on base+3i+2', nonNegativeInt, 26656)
  .option('--block-interval-ms <ms>', 'block interval (chain parameter)', positiveInt)
  .action(async (opts) => { await (await import('./init.js')).initCommand(opts) })

program.command('tx')
  .description('sign a key-value write with a key file and submit it to a node\'s application API')
  .requiredOption('--key-file <file>', 'ed25519 key file (node_key.json format, e.g. from keygen)')
  .requiredOption('--key <key>', 'key to write (UTF-8)')
  .option('--value <value>', 'value to write (UTF-8; empty deletes the key)', '')
  .option('--api <host:port>', 'application API of a node', DEFAULT_API_ADDRESS)
  .option('--nonce <n>', 'account nonce (default: the next one, from the node)', nonNegativeSafeInt)
  .option('--wait', 'wait until the write is in a final block')
  .action(async (opts) => { await (await import('./tx.js')).txCommand(opts) })

program.command('devnet')
  .description('run the reference chain on N connected nodes on loopback in this process, with a load generator; one status line per block')
  .option('--nodes <n>', 'number of nodes', positiveInt, 5)
  .option('--validators <n>', 'how many of the nodes are validators (default: all)', positiveInt)
  .option('--chain-id <id>', 'chain id', 'kuber-devnet')
  .option('--base-port <port>', 'node i: P2P on base+3i, RPC on base+3i+1, API on base+3i+2 (0: random ports)', nonNegativeInt, 26656)
  .option('--home <dir>', 'keep genesis, keys, blocks and state under <dir> and resume from them (default: a temporary directory, removed at exit)')
  .option('--duration <seconds>', 'stop after this many seconds (default: run until SIGINT)', positiveInt)
  .option('--log-level <level>', 'log level of the nodes', 'warn')
  .option('--tx-rate <n>', 'transactions per second from the load generator (0: none)', nonNegativeInt, 20)
  .option('--block-interval <seconds>', 'block interval in seconds (decimals allowed)', positiveSeconds, 1)
  .option('--ws-port <port>', 'node 0 also listens on ws://127.0.0.1:<port> and serves the light-client demo page there (0: a free port)', nonNegativeInt)
  .action(async (opts) => { await (await import('./devnet.js')).devnetCommand(opts) })

program.command('sim')
  .description('simulate N real nodes on an in-memory network in virtual time: a scenario (propagation, attacks, faults, churn...), invariants, a JSON and an HTML report')
  .option('--scenario <name|file>', 'a named scenario, "attacks" (every attack in turn, one report), or a JSON scenario file (see README "Simulator")', 'propagation')
  .option('--nodes <n>', 'number of nodes (default: the scenario\'s)', positiveInt)
  .option('--seed <n>', 'the seed: the same seed and code give the same report (default 1)', nonNegativeSafeInt)
  .option('--seeds <A..B>', 'run every seed from A to B and report which failed')
  .option('--blocks <n>', 'blocks in the safety phase (default: the scenario\'s)', positiveInt)
  .option('--attack <kind>', 'invalid-blocks, spam, malformed, duplicate-flood, withhold, delay, eclipse or mix')
  .option('--byzantine <share>', 'share of Byzantine nodes, at most 1/3', share)
  .option('--out <file>', 'write the JSON report here')
  .option('--html <file>', 'write the HTML report here (self-contained)')
  .option('--quiet', 'no progress lines')
  .action(async (opts) => { await (await import('./sim.js')).simCommand(opts) })

program.command('testnet')
  .description('a real multi-host testnet in Linux network namespaces (needs root): K hosts on a bridge with bandwidth, delay, jitter and loss, one node each, a transaction load, perturbations; prints figures and writes a JSON summary')
  .option('--hosts <k>', 'hosts (default 5, or the manifest\'s)', positiveInt)
  .option('--seconds <t>', 'length of the run once every host makes blocks (default 60)', positiveInt)
  .option('--manifest <file>', 'JSON manifest (hosts, validators, links, perturbations; README "Testnet"); flags override it')
  .option('--out <file>', 'write the JSON summary here')
  .option('--validators <n>', 'hosts 0..n-1 are validators (default: every host that does not join late)', positiveInt)
  .option('--block-interval-ms <ms>', 'block interval (default 1000)', positiveInt)
  .option('--tx-rate <n>', 'transactions per second (default 10; 0: none)', nonNegativeSafeInt)
  .option('--bandwidth <rate>', 'per host, each way, a tc rate (default 20mbit)')
  .option('--delay <ms|min-max>', 'one-way delay of each host\'s link, spread over the hosts (default 20-50)')
  .option('--jitter <ms>', 'jitter (default 5)', nonNegativeSafeInt)
  .option('--loss <p>', 'loss probability per packet, 0..0.99 (default 0)', Number)
  .option('--impairment <auto|netem|wrapper>', 'how delay and jitter are made: tc netem if the kernel has it, else the nodes\' fuzzed-connection wrapper (default auto)')
  .option('--loss-by <auto|netem|iptables|wrapper>', 'how loss is made: netem\'s with netem, else packets dropped in the kernel by iptables\' statistic match where it works, else the wrapper\'s model (default auto)')
  .option('--perturb <spec>', 'a perturbation KIND:HOST@AT[+FOR][:key=value,...] (kill, disconnect, pause, join, impair), repeatable: kill:1@5+3 disconnect:2@15+10 join:4@30 impair:0@25+5:delay_ms=200,loss=0.05', (v: string, all: string[] = []) => [...all, v])
  .option('--logs <dir>', 'copy every process\'s log here at the end')
  .option('--sweep', 'only remove what earlier runs that died left behind (namespaces, links, processes, files)')
  .addOption(new Option('--after-pid <pid>', 'with --sweep: first wait for this process to exit').argParser(Number).hideHelp())
  .action(async (opts) => { await (await import('./testnet/command.js')).testnetCommand(opts) })

program.command('testnet-load', { hidden: true })
  .description('testnet only: the transaction load, aimed at the application APIs named on stdin; counts on stdout')
  .requiredOption('--chain-id <id>', 'chain id')
  .option('--rate <n>', 'transactions per second', positiveInt, 10)
  .action(async (opts) => { await (await import('./testnet/load-process.js')).testnetLoadCommand(opts) })

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

function nonNegativeSafeInt (value: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer')
  return n
}

function positiveSeconds (value: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0.01 || n > 3600) throw new InvalidArgumentError('expected seconds in [0.01, 3600]')
  return n
}

function share (value: string): number {
  const n = Number(value)
  if (!(n >= 0 && n <= 1 / 3 + 1e-9)) throw new InvalidArgumentError(`got ${JSON.stringify(value)}, expected a share in [0, 1/3] (e.g. 0.33)`)
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
