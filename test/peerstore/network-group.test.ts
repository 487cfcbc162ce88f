// Network groups (/16, /32) and routability, as the address book and the dialer use them.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { isLoopbackHost, isRoutableHost, networkGroup } from '../../src/transport/network-group.js'

test('IPv4 groups by /16, IPv6 by /32, mapped IPv4 as IPv4, loopback per address, names by name', () => {
  assert.equal(networkGroup('8.8.4.4:53'), 'v4:8.8')
  assert.equal(networkGroup('8.8.200.1:1'), 'v4:8.8')
  assert.notEqual(networkGroup('8.9.4.4:53'), networkGroup('8.8.4.4:53'))
  assert.equal(networkGroup('[2001:4860:4860::8888]:1'), 'v6:2001:4860')
  assert.equal(networkGroup('[2001:4860:ffff::1]:1'), 'v6:2001:4860')
  assert.equal(networkGroup('[::ffff:8.8.4.4]:1'), 'v4:8.8')
  assert.equal(networkGroup('127.0.0.1:26656'), 'local:127.0.0.1:26656')
  assert.notEqual(networkGroup('127.0.0.1:1'), networkGroup('127.0.0.1:2'))
  assert.equal(networkGroup('[::1]:5'), 'local:[::1]:5')
  assert.equal(networkGroup('Node-7.example:5'), 'name:node-7.example')
  assert.throws(() => networkGroup('nonsense'), { code: 'INVALID_ADDRESS' })
})

test('routable: public IP literals only', () => {
  for (const h of ['8.8.8.8', '1.1.1.1', '2001:4860:4860::8888', '::ffff:8.8.8.8']) assert.equal(isRoutableHost(h), true, h)
  for (const h of ['10.1.2.3', '172.16.0.1', '172.31.255.1', '192.168.1.1', '127.0.0.1', '0.1.2.3', '169.254.1.1', '100.64.0.1',
    '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fd00::1', 'ff02::1', '2001:db8::1', '::ffff:10.0.0.1', 'example.com']) {
    assert.equal(isRoutableHost(h), false, h)
  }
  assert.equal(isLoopbackHost('127.9.9.9'), true)
  assert.equal(isLoopbackHost('::1'), true)
  assert.equal(isLoopbackHost('::ffff:127.0.0.1'), true)
  assert.equal(isLoopbackHost('10.0.0.1'), false)
})

test('property: every IPv4 address in one /16 shares its group, and no two /16s do', () => {
  fc.assert(fc.property(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 65535 }), (a, b, c, d, e, port) => {
    fc.pre(a !== 127)
    assert.equal(networkGroup(`${a}.${b}.${c}.${d}:${port}`), networkGroup(`${a}.${b}.${d}.${c}:1`))
    if (e !== b) assert.notEqual(networkGroup(`${a}.${b}.${c}.${d}:${port}`), networkGroup(`${a}.${e}.${c}.${d}:${port}`))
  }))
})

test('property: IPv6 groups ignore all but the first 32 bits, whatever the spelling', () => {
  const group16 = fc.integer({ min: 0x2000, max: 0x3fff })
  fc.assert(fc.property(group16, fc.nat(0xffff), fc.array(fc.nat(0xffff), { minLength: 6, maxLength: 6 }), (g0, g1, rest) => {
    const full = [g0, g1, ...rest].map((g) => g.toString(16)).join(':')
    const short = `${g0.toString(16)}:${g1.toString(16)}::1`
    assert.equal(networkGroup(`[${full}]:1`), networkGroup(`[${short.toUpperCase()}]:2`))
  }))
})
