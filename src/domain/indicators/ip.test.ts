import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { IndicatorError } from './indicator.ts';
import { canonicalizeIp, canonicalizeIpv6, formatIpv6Parts, parseIpv4Host } from './ip.ts';
import { Rejection } from './rejection.ts';

function ip(raw: string): string {
  const result = canonicalizeIp(raw);
  if (result instanceof IndicatorError) {
    assert.fail(`${JSON.stringify(raw)} was rejected: ${result.reason}`);
  }
  return result;
}

function rejection(raw: string): string {
  const result = canonicalizeIp(raw);
  assert.ok(result instanceof IndicatorError, `${JSON.stringify(raw)} gave ${String(result)}`);
  assert.equal(result.kind, 'ip');
  return result.reason;
}

describe('canonicalizeIp', () => {
  it('keeps dotted quads', () => {
    assert.equal(ip(' 192.168.0.1 '), '192.168.0.1');
    assert.equal(ip('0.0.0.0'), '0.0.0.0');
  });

  it('rejects ambiguous IPv4 parts', () => {
    assert.equal(
      rejection('010.1.1.1'),
      'IPv4 part with a leading zero is ambiguous (octal or decimal)',
    );
    assert.equal(rejection('1.2.3.256'), 'IPv4 part above 255');
    assert.equal(rejection('0x7f.0.0.1'), 'not an IP address');
    assert.equal(rejection('2130706433'), 'not an IP address');
  });

  it('writes IPv6 as RFC 5952', () => {
    assert.equal(ip('2001:0DB8:0000:0000:0000:0000:0000:0001'), '2001:db8::1');
    assert.equal(ip('[2001:db8::1]'), '2001:db8::1');
    assert.equal(ip('2001:db8:0:1:0:0:0:1'), '2001:db8:0:1::1');
    assert.equal(ip('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
    assert.equal(ip('::'), '::');
    assert.equal(ip('0:0:0:0:0:0:0:1'), '::1');
  });

  it('unwraps IPv4 in IPv6', () => {
    assert.equal(ip('::ffff:1.2.3.4'), '1.2.3.4');
    assert.equal(ip('::FFFF:0102:0304'), '1.2.3.4');
    assert.equal(ip('64:ff9b::1.2.3.4'), '1.2.3.4');
  });

  it('keeps compatible addresses dotted', () => {
    assert.equal(ip('::192.9.5.5'), '::192.9.5.5');
    assert.equal(ip('::c009:505'), '::192.9.5.5');
    assert.equal(ip('::ffff:0:1.2.3.4'), '::ffff:0:1.2.3.4');
  });

  it('rejects invalid addresses', () => {
    assert.equal(rejection(''), 'empty value');
    assert.equal(rejection('1:2:3:4:5:6:7:8:9'), 'invalid IPv6 address');
    assert.equal(rejection('fe80::1%eth0'), 'IPv6 zone identifiers are not allowed');
    assert.equal(rejection('1.2.3.4:80'), 'invalid IPv6 address');
    assert.equal(rejection('example.com'), 'not an IP address');
    assert.equal(rejection('1'.repeat(1024 * 1024)), 'longer than 64 characters');
  });
});

describe('canonicalizeIpv6', () => {
  it('rejects non-address characters', () => {
    assert.ok(canonicalizeIpv6('::g') instanceof Rejection);
    assert.ok(canonicalizeIpv6('::ffff:0x7f.0.0.1') instanceof Rejection);
  });
});

describe('formatIpv6Parts', () => {
  it('compresses the leftmost longest run', () => {
    assert.equal(formatIpv6Parts([1, 0, 0, 2, 0, 0, 3, 0]), '1::2:0:0:3:0');
    assert.equal(formatIpv6Parts([1, 0, 0, 2, 0, 0, 0, 3]), '1:0:0:2::3');
  });
});

describe('parseIpv4Host', () => {
  it('reads legacy forms', () => {
    assert.equal(parseIpv4Host('0x7f.1'), '127.0.0.1');
    assert.equal(parseIpv4Host('017700000001'), '127.0.0.1');
    assert.equal(parseIpv4Host('0XC0.0xA8.0.1'), '192.168.0.1');
    assert.equal(parseIpv4Host('4294967295'), '255.255.255.255');
    assert.equal(parseIpv4Host('1.2.3.256'), '1.2.3.0');
  });

  it('reads the Windows resolver form', () => {
    assert.equal(parseIpv4Host('10.192.95.89 xy'), '10.192.95.89');
    assert.equal(parseIpv4Host('1.2.3.4 '), '1.2.3.4');
  });

  it('rejects non-numbers', () => {
    assert.equal(parseIpv4Host('1.2.3.4.5'), undefined);
    assert.equal(parseIpv4Host('1..2'), undefined);
    assert.equal(parseIpv4Host('0x'), undefined);
    assert.equal(parseIpv4Host('08.1.1.1'), undefined);
    assert.equal(parseIpv4Host('1.2.3 4'), undefined);
    assert.equal(parseIpv4Host('1.2.3.4 0123456789'), undefined);
    assert.equal(parseIpv4Host('4294967296'), undefined);
    assert.equal(parseIpv4Host('9'.repeat(20)), undefined);
    assert.equal(parseIpv4Host('example.com'), undefined);
  });
});
