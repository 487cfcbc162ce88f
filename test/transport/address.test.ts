// "host:port" parsing and formatting: round trips for every kind of host (fast-check),
// and nothing but TransportError(INVALID_ADDRESS) for arbitrary input.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { ErrorCodes, TransportError } from '../../src/errors.js'
import { formatHostPort, parseHostPort } from '../../src/transport/address.js'

const port = fc.integer({ min: 0, max: 65535 })
const host = fc.oneof(fc.ipV4(), fc.ipV6(), fc.domain())

test('address: formatHostPort then parseHostPort gives back host and port', () => {
  fc.assert(fc.property(host, port, (h, p) => {
    assert.deepEqual(parseHostPort(formatHostPort(h, p)), { host: h, port: p })
  }), { numRuns: 2000 })
})

test('address: arbitrary strings either parse to a valid host:port or throw TransportError(INVALID_ADDRESS)', () => {
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.string({ unit: fc.constantFrom(...'[]:.0123456789abcdefABCDEF- %x'), maxLength: 30 }),
    fc.tuple(host, fc.string({ maxLength: 8 })).map(([h, tail]) => `${h}${tail}`),
    fc.tuple(fc.string({ maxLength: 8 }), port).map(([h, p]) => `${h}:${p}`)
  )
  fc.assert(fc.property(anyText, (text) => {
    let parsed
    try {
      parsed = parseHostPort(text)
    } catch (err) {
      assert.ok(err instanceof TransportError, `threw ${String(err)}`)
      assert.equal(err.code, ErrorCodes.INVALID_ADDRESS)
      assert.ok(err.message.length < 200, 'the message is bounded')
      return
    }
    assert.ok(Number.isInteger(parsed.port) && parsed.port >= 0 && parsed.port <= 65535)
    assert.ok(parsed.host.length > 0 && !/[\s/]/.test(parsed.host))
    assert.deepEqual(parseHostPort(formatHostPort(parsed.host, parsed.port)), parsed)
  }), { numRuns: 5000 })
})

test('address: examples', () => {
  assert.deepEqual(parseHostPort('127.0.0.1:26656'), { host: '127.0.0.1', port: 26656 })
  assert.deepEqual(parseHostPort('[::1]:0'), { host: '::1', port: 0 })
  assert.deepEqual(parseHostPort('seed-1.kuber.example:26656'), { host: 'seed-1.kuber.example', port: 26656 })
  assert.equal(formatHostPort('::ffff:10.0.0.1', 5), '[::ffff:10.0.0.1]:5')
  for (const bad of ['::1:80', '[1.2.3.4]:80', 'a/b:1', 'a%b:1', 'é:1', 'h:65536', `${'a'.repeat(254)}:1`, '[::1]', 'host:80 ']) {
    assert.throws(() => parseHostPort(bad), (err: unknown) => err instanceof TransportError && err.code === ErrorCodes.INVALID_ADDRESS, bad)
  }
})

test('address: isIP without node:net agrees with net.isIP on IP literals and near misses', async () => {
  const net = await import('node:net')
  const { isIP } = await import('../../src/transport/ip.js')
  const near = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.'), maxLength: 46 })
  fc.assert(fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), near), (text) => {
    assert.equal(isIP(text), net.isIP(text), JSON.stringify(text))
  }), { numRuns: 20_000 })
})
