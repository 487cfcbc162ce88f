// What an operator sees from the real binary when something is off: messages that name
// the flag or key, the bad value and what is expected; settings that contradict each
// other refused; the RPC switched off; version; HEAD on the RPC; a static peer that is
// down logged at warn; a corrupt key file's reason; devnet cleaning up its temp home.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CliNode, runCli } from '../helpers/cli.js'

const ID = 'ab'.repeat(32)

async function scratch (): Promise<string> {
  return await mkdtemp(join(tmpdir(), 'kuber-cli-op-'))
}

test('a missing --chain-id and a bad --peers entry are named, with the bad value and what is expected', async () => {
  const home = await scratch()
  try {
    const missing = await runCli(['start', '--home', home, '--listen', '127.0.0.1:0'])
    assert.equal(missing.status, 1)
    assert.match(missing.stderr, /--chain-id is required \(or "chainId" in a config file\): missing, expected string/)
    assert.doesNotMatch(missing.stderr, /received undefined/)

    const bad = await runCli(['start', '--home', home, '--chain-id', 'c', '--peers', `${ID}@127.0.0.1:1,nonsense,zz@127.0.0.1:2`])
    assert.equal(bad.status, 1)
    assert.match(bad.stderr, /--peers entry 2: got "nonsense", expected PEER_ID@host:port or host:port, tcp:\/\/ or ws:\/\/ allowed before host:port \(invalid address "nonsense": expected host:port\)/)
    assert.match(bad.stderr, /--peers entry 3: got "zz@127\.0\.0\.1:2", expected .*malformed PeerID: expected 64 lowercase hex digits, got "zz"/)
    assert.doesNotMatch(bad.stderr, /entry 1/, 'the good entry is not blamed')

    const strict = await runCli(['start', '--home', home, '--chain-id', 'c', '--addr-book-strict', 'yes'])
    assert.match(strict.stderr, /--addr-book-strict: got "yes", expected true, false or "auto"/)
  } finally {
    await rm(home, { recursive: true, force: true })
  }
})

test('settings that contradict each other are refused, naming the key in the config file', async () => {
  const home = await scratch()
  try {
    const file = join(home, 'config.json')
    await writeFile(file, JSON.stringify({
      chainId: 'c', unresponsiveTimeoutMs: 100, pingIntervalMs: 100_000, targetOutbound: 20, maxOutbound: 10,
      redialBaseMs: 90_000, redialMaxMs: 60_000, banBaseMs: 2, banMaxMs: 1, seedMode: true, pex: false
    }))
    const r = await runCli(['start', '--home', home])
    assert.equal(r.status, 1)
    const lines = r.stderr.split('\n')
    const has = (re: RegExp): void => assert.ok(lines.some((l) => re.test(l)), `${String(re)} in:\n${r.stderr}`)
    has(/"unresponsiveTimeoutMs" in .*config\.json: 100 is less than pingIntervalMs \+ tickMs \(100000 \+ 1000 \(default\)\), expected at least 101000/)
    has(/"targetOutbound" in .*: 20 is more than maxOutbound \(10\)/)
    has(/"redialBaseMs" in .*: 90000 is more than redialMaxMs \(60000\)/)
    has(/"banBaseMs" in .*: 2 is more than banMaxMs \(1\)/)
    has(/"seedMode" in .*: true while pex is false/)
  } finally {
    await rm(home, { recursive: true, force: true })
  }
})

test('version and --version print the package version', async () => {
  const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  const flag = await runCli(['--version'])
  assert.equal(flag.stdout.trim(), version)
  const cmd = await runCli(['version'])
  assert.equal(cmd.status, 0)
  assert.match(cmd.stdout, new RegExp(`^kuber-p2p ${version.replace(/\./g, '\\.')} \\(protocol version 1, Node\\.js v\\d+`))
})

test('--rpc off runs without an RPC; the RPC answers HEAD; a static peer that is down is logged at warn with its backoff', async () => {
  const [homeA, homeB] = [await scratch(), await scratch()]
  const off = new CliNode(['start', '--home', homeA, '--chain-id', 'c', '--listen', '127.0.0.1:0', '--rpc', 'off', '--log-level', 'info'])
  const on = new CliNode(['start', '--home', homeB, '--chain-id', 'c', '--listen', '127.0.0.1:0', '--rpc', '127.0.0.1:0', '--log-level', 'info',
    '--peers', `${ID}@127.0.0.1:9`]) // discard port: nobody answers
  try {
    const a = await off.started()
    assert.equal(a.rpc, undefined)
    await off.waitFor(/"msg":"node started"/) // pino may write it after the banner
    const started = off.logs().find((l) => l.msg === 'node started')
    assert.ok(started !== undefined && started.rpc === undefined, 'no RPC listener')

    const b = await on.started()
    const head = await fetch(`${b.rpc!}/p2p/peers`, { method: 'HEAD' })
    assert.equal(head.status, 200)
    assert.match(head.headers.get('content-type') ?? '', /application\/json/)
    assert.equal((await head.arrayBuffer()).byteLength, 0)
    assert.equal((await fetch(`${b.rpc!}/p2p/peers`, { method: 'POST' })).headers.get('allow'), 'GET, HEAD')

    await on.waitFor(/static peer unreachable/)
    const warn = on.logs().find((l) => l.msg === 'static peer unreachable; redialling with backoff')!
    assert.equal(warn.level, 40)
    assert.equal(warn.address, '127.0.0.1:9')
    assert.equal(warn.peer, ID)
    assert.equal(typeof warn.retryInMs, 'number')
    assert.equal(typeof warn.code, 'string')
  } finally {
    assert.equal(await off.stop(), 0, off.stderr)
    assert.equal(await on.stop(), 0, on.stderr)
    await Promise.all([homeA, homeB].map(async (h) => await rm(h, { recursive: true, force: true })))
  }
})

test('a corrupt node key file: the message keeps the reason and says what to do', async () => {
  const home = await scratch()
  try {
    await writeFile(join(home, 'node_key.json'), '{"type":"ed25519","private_key":"short","public_key":"x","peer_id":"y"}')
    const r = await runCli(['start', '--home', home, '--chain-id', 'c'])
    assert.equal(r.status, 1)
    assert.match(r.stderr, /INVALID_KEY_FILE: .*node_key\.json is not a valid node key file: private_key: base64 of 32 bytes; restore it from a backup/)
    await writeFile(join(home, 'node_key.json'), '{not json')
    const j = await runCli(['keygen', '--home', home])
    assert.match(j.stderr, /is not a valid node key file: not JSON \(.+\)/)
  } finally {
    await rm(home, { recursive: true, force: true })
  }
})

test('devnet leaves no kuber-devnet-* home in the temp folder, after --duration and after SIGINT', async () => {
  const tmp = await scratch()
  const env = { ...process.env, TMPDIR: tmp }
  try {
    const timed = await runCli(['devnet', '--nodes', '2', '--base-port', '0', '--duration', '1', '--tx-rate', '0'], { env })
    assert.equal(timed.status, 0, timed.stderr)
    assert.deepEqual((await readdir(tmp)).filter((n) => n.startsWith('kuber-devnet-')), [])

    const interrupted = new CliNode(['devnet', '--nodes', '2', '--base-port', '0', '--tx-rate', '0'], { env })
    for (;;) { // the banner is on stdout
      if (/kuber devnet: chain kuber-devnet, 2 nodes/.test(interrupted.stdout)) break
      if (interrupted.child.exitCode !== null) assert.fail(interrupted.stderr)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    assert.equal((await readdir(tmp)).filter((n) => n.startsWith('kuber-devnet-')).length, 1, 'the home exists while it runs')
    assert.equal(await interrupted.stop('SIGINT'), 0)
    assert.deepEqual((await readdir(tmp)).filter((n) => n.startsWith('kuber-devnet-')), [])
  } finally {
    await rm(tmp, { recursive: true, force: true })
  }
})

test('devnet --home keeps the given directory', async () => {
  const home = join(await scratch(), 'net')
  await mkdir(home)
  try {
    const r = await runCli(['devnet', '--nodes', '2', '--base-port', '0', '--duration', '1', '--tx-rate', '0', '--home', home])
    assert.equal(r.status, 0, r.stderr)
    assert.deepEqual((await readdir(home)).filter((n) => n.startsWith('node')).sort(), ['node0', 'node1'])
  } finally {
    await rm(join(home, '..'), { recursive: true, force: true })
  }
})
