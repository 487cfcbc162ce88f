// addrBookStrict: which addresses the book keeps, by the scope of the node's own address,
// and the one info line when addresses are dropped.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { pino } from 'pino'
import { AddressPolicy, type AddrBookStrict } from '../../src/discovery/address-policy.js'
import { addressScope } from '../../src/transport/network-group.js'

function policy (mode: AddrBookStrict, own: string[], lines: string[] = []): AddressPolicy {
  const log = pino({ level: 'info' }, { write: (line: string) => { lines.push(line) } })
  const p = new AddressPolicy(mode, log)
  p.configure(own)
  return p
}

test('scopes: loopback, private, public, unspecified, other', () => {
  for (const h of ['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1', 'localhost']) assert.equal(addressScope(h), 'loopback', h)
  for (const h of ['10.1.2.3', '172.16.0.1', '172.31.255.1', '192.168.1.1', '100.64.0.1', '169.254.1.1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1']) assert.equal(addressScope(h), 'private', h)
  for (const h of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '192.0.1.1', '2001:4860:4860::8888', '::ffff:8.8.8.8']) assert.equal(addressScope(h), 'public', h)
  for (const h of ['0.0.0.0', '::']) assert.equal(addressScope(h), 'unspecified', h)
  for (const h of ['0.1.2.3', '224.0.0.1', '255.255.255.255', '192.0.2.1', '198.51.100.7', '203.0.113.9', '198.18.0.1', 'ff02::1', '2001:db8::1', 'seed.example.com']) assert.equal(addressScope(h), 'other', h)
})

test('auto keeps addresses of the scope the node itself listens on, and public ones', () => {
  const onLoopback = policy('auto', ['127.0.0.1:26656'])
  assert.deepEqual([onLoopback.accepts('127.0.0.1'), onLoopback.accepts('10.0.0.1'), onLoopback.accepts('8.8.8.8')], [true, false, true])
  const onLan = policy('auto', ['192.168.1.20:26656'])
  assert.deepEqual([onLan.accepts('127.0.0.1'), onLan.accepts('10.0.0.1'), onLan.accepts('8.8.8.8')], [false, true, true])
  const lanAdvertised = policy('auto', ['0.0.0.0:26656', '10.0.0.5:26656'])
  assert.equal(lanAdvertised.accepts('10.9.9.9'), true, 'an external address on a private network counts too')
  for (const own of [['0.0.0.0:26656'], ['8.8.8.8:26656'], ['[::]:26656']]) {
    const p = policy('auto', own)
    assert.deepEqual([p.accepts('127.0.0.1'), p.accepts('10.0.0.1'), p.accepts('8.8.8.8'), p.accepts('seed.example.com')], [false, false, true, false], own[0])
  }
})

test('true keeps public IP literals only, false keeps everything', () => {
  const strict = policy(true, ['127.0.0.1:26656'])
  assert.deepEqual([strict.accepts('127.0.0.1'), strict.accepts('10.0.0.1'), strict.accepts('8.8.8.8')], [false, false, true])
  const open = policy(false, ['8.8.8.8:26656'])
  assert.deepEqual([open.accepts('127.0.0.1'), open.accepts('10.0.0.1'), open.accepts('seed.example.com')], [true, true, true])
})

test('drops are logged once, at info, with the setting that explains them', () => {
  const lines: string[] = []
  const p = policy(true, ['127.0.0.1:26656'], lines)
  p.dropped(0, '')
  assert.equal(lines.length, 0)
  p.dropped(3, '127.0.0.1:4000')
  p.dropped(5, '127.0.0.1:5000')
  assert.equal(lines.length, 1)
  const entry = JSON.parse(lines[0]!) as Record<string, unknown>
  assert.equal(entry.level, 30)
  assert.equal(entry.example, '127.0.0.1:4000')
  assert.equal(entry.addrBookStrict, true)
  assert.match(String(entry.msg), /--addr-book-strict false/)
})
