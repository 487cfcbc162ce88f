// The library as a chain developer installs it: `npm pack`, the tarball installed into a
// fresh TypeScript project (strict, declaration files checked), the README's library
// snippet type-checked and run exactly as printed, and the package's own types fitting
// together (a Merkle root into a header, a block hash into a vote, a PeerInfo's id into
// disconnect). Dependencies come from the npm cache (`npm ci` filled it) or the registry.
// Packing and installing happen once for the file.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../..', import.meta.url))
const TSC = join(root, 'node_modules/typescript/bin/tsc')

/** The first ```ts block of the README's "## Library" section. */
async function readmeSnippet (): Promise<string> {
  const readme = await readFile(join(root, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('\n## Library\n'))
  const m = /```ts\n([\s\S]*?)```/.exec(section)
  assert.ok(m !== null, 'the README has a library snippet')
  return m[1]!
}

const TYPES_FIT = `import { createNode, merkleRoot, type pb, type PeerInfo } from 'kuber-p2p'

const node = await createNode({ chainId: 'types', listen: ['127.0.0.1:0'], logLevel: 'silent' })
const txs = [new Uint8Array([1, 2, 3])]
const header: pb.BlockHeader = { height: 1, round: 0, parentHash: new Uint8Array(32), proposer: new Uint8Array(32), timestamp: 0, txRoot: merkleRoot(txs), appHash: new Uint8Array(0), lastCommitHash: new Uint8Array(0) }
const hash = node.publishBlock({ header, txs, proposerSignature: new Uint8Array(64) })
const vote: pb.VoteMessage = { height: 1, round: 0, voteType: 1, voter: new Uint8Array(32), signature: new Uint8Array(64), blockHash: hash }
node.publishVote(vote)
const dropAll = (infos: PeerInfo[]): boolean[] => infos.map((p) => node.disconnect(p.peer_id))
node.on('peer:disconnected', (info) => { node.getPeer(info.peer_id) })
console.log(dropAll(node.peers()).length, hash.length, vote.blockHash.length)
`

let app = ''

after(async () => { if (app !== '') await rm(join(app, '..'), { recursive: true, force: true }) })

before(async () => {
  const scratch = await mkdtemp(join(tmpdir(), 'kuber-pack-'))
  const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', scratch], { cwd: root, maxBuffer: 16 * 1024 * 1024 })
  const tarball = join(scratch, stdout.trim().split('\n').pop()!)
  app = join(scratch, 'app')
  await run('mkdir', [app])
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'chain-app', private: true, type: 'module', dependencies: { 'kuber-p2p': `file:${tarball}` } }))
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'error'], { cwd: app, maxBuffer: 16 * 1024 * 1024 })
  await writeFile(join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false, outDir: 'out',
      types: ['node'], typeRoots: [join(root, 'node_modules/@types')]
    },
    include: ['*.ts']
  }))
  await writeFile(join(app, 'snippet.ts'), await readmeSnippet())
  await writeFile(join(app, 'types.ts'), TYPES_FIT)
})

test('the packed package type-checks in a strict project: the README snippet and the types that must fit', async () => {
  const tsc = await run(process.execPath, [TSC, '-p', app]).catch((err: { stdout?: string }) => assert.fail(`tsc failed:\n${err.stdout ?? String(err)}`))
  assert.equal(tsc.stdout, '')
})

test('the README snippet, run as printed from the installed package, delivers its message and exits', async () => {
  const { stdout } = await run(process.execPath, [join(app, 'out/snippet.js')], { cwd: app, timeout: 60_000 })
  assert.match(stdout, /^[0-9a-f]{64} says hello\n$/)
})

test('the installed binary runs', async () => {
  const { stdout } = await run(process.execPath, [join(app, 'node_modules/kuber-p2p/dist/cli/main.js'), 'version'], { cwd: app })
  assert.match(stdout, /^kuber-p2p \d+\.\d+\.\d+ /)
})
