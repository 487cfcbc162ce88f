// `npm run fuzz -- [--runs N] [--seed S] [--decoders A,B]`: the differential codec cases of
// test/wire/codec-conformance.test.ts at any scale, against every decoder a peer's bytes
// reach; prints crashes and mismatches per decoder and exits 1 if there are any.
import { parseArgs } from 'node:util'
import { decoders, runDecoder, type RunReport } from '../test/helpers/codec-differential.js'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '100000' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    decoders: { type: 'string' }
  }
})
const runs = Number(values.runs)
const seed = Number(values.seed)
const wanted = values.decoders?.split(',')
const chosen = wanted === undefined ? decoders : decoders.filter((d) => wanted.includes(d.name))
if (!(runs > 0) || chosen.length === 0) {
  process.stderr.write(`usage: npm run fuzz -- --runs N [--seed S] [--decoders ${decoders.map((d) => d.name).join(',')}]\n`)
  process.exit(2)
}

process.stdout.write(`${runs} cases per decoder, seed ${seed}\n`)
process.stdout.write(`${'decoder'.padEnd(22)} ${'cases'.padStart(9)} ${'crashes'.padStart(8)} ${'mismatches'.padStart(10)} ${'seconds'.padStart(8)}\n`)
const reports: RunReport[] = []
for (const d of chosen) {
  const r = runDecoder(d, runs, seed)
  reports.push(r)
  process.stdout.write(`${r.decoder.padEnd(22)} ${String(r.cases).padStart(9)} ${String(r.crashes).padStart(8)} ${String(r.mismatches).padStart(10)} ${(r.ms / 1000).toFixed(1).padStart(8)}\n`)
  for (const f of r.examples) process.stdout.write(`  ${f.kind}: ${f.what}\n    input ${f.input}\n`)
}
const total = (k: 'cases' | 'crashes' | 'mismatches'): number => reports.reduce((n, r) => n + r[k], 0)
const seconds = reports.reduce((n, r) => n + r.ms, 0) / 1000
process.stdout.write(`total: ${total('cases')} cases, ${total('crashes')} crashes, ${total('mismatches')} mismatches in ${seconds.toFixed(0)} s\n`)
process.exit(total('crashes') + total('mismatches') === 0 ? 0 : 1)
