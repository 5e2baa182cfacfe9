import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { canonicalizeHost, registrableDomain, toDisplayHost } from './host.ts';
import { IndicatorError } from './indicator.ts';

function host(raw: string): string {
  const result = canonicalizeHost(raw);
  if (result instanceof IndicatorError) {
    assert.fail(`${JSON.stringify(raw)} was rejected: ${result.reason}`);
  }
  return result;
}

function rejection(raw: string): string {
  const result = canonicalizeHost(raw);
  assert.ok(result instanceof IndicatorError, `${JSON.stringify(raw)} gave ${String(result)}`);
  assert.equal(result.kind, 'domain');
  return result.reason;
}

describe('canonicalizeHost', () => {
  it('lowercases and trims dots', () => {
    assert.equal(host(' WWW.Example.COM. '), 'www.example.com');
    assert.equal(host('..a...b.com'), 'a.b.com');
  });

  it('converts Unicode to punycode', () => {
    assert.equal(host('vietcombánk.vn'), 'xn--vietcombnk-z4a.vn');
    assert.equal(host('VIETCOMBÁNK.VN'), 'xn--vietcombnk-z4a.vn');
    assert.equal(host('momovíđiệntửsố1.weebly.com'), 'xn--momovints1-o8a64b3904adea8q.weebly.com');
    assert.equal(host('ab\u3002cd\uff0ecom'), 'ab.cd.com');
    assert.equal(host('ｅｘａｍｐｌｅ.com'), 'example.com');
  });

  it('normalizes decomposed diacritics', () => {
    assert.equal(host('vietcomba\u0301nk.vn'), 'xn--vietcombnk-z4a.vn');
  });

  it('keeps valid punycode', () => {
    assert.equal(host('XN--MLAT-ZRA.com'), 'xn--mlat-zra.com');
  });

  it('keeps homograph punycode labels', () => {
    // Decodes to "bankofаmerꭵca" with a Cyrillic and a Cherokee letter, which
    // IDNA rejects but DNS serves; a PhishTank entry used this host.
    assert.equal(canonicalizeHost('xn--bankofmerca-3ij68171c.vg'), 'xn--bankofmerca-3ij68171c.vg');
  });

  it('rejects invalid punycode', () => {
    assert.equal(rejection('xn--zz.com'), 'invalid punycode label');
    assert.equal(rejection('xn--invalid-.com'), 'invalid punycode label');
  });

  it('rejects invisible and bidi characters', () => {
    assert.equal(rejection('vietcom\u200dbank.vn'), 'invalid internationalized domain name');
    assert.equal(rejection('\u202egoogle.com'), 'invalid internationalized domain name');
    assert.equal(rejection('example.com\u200f'), 'invalid internationalized domain name');
  });

  it('allows underscores below the top level', () => {
    assert.equal(host('lacie_killin.gitlab.io'), 'lacie_killin.gitlab.io');
    assert.equal(host('www.51_24_51.nagoriktv.com'), 'www.51_24_51.nagoriktv.com');
  });

  it('rejects invalid top-level labels', () => {
    const reason = 'top-level label must be letters, digits and inner "-", not all digits';
    assert.equal(rejection('example.c_m'), reason);
    assert.equal(rejection('example.-com'), reason);
    assert.equal(rejection('1.2.3.4.5'), reason);
  });

  it('rejects characters outside labels', () => {
    const reason = 'host may contain only letters, digits, "-", "_" and "."';
    assert.equal(rejection('<script>.com'), reason);
    assert.equal(rejection('exa mple.com'), reason);
    assert.equal(rejection('*.example.com'), reason);
    assert.equal(rejection('example.com/path'), reason);
  });

  it('rejects empty and long hosts', () => {
    assert.equal(rejection(''), 'missing host');
    assert.equal(rejection(' . '), 'missing host');
    assert.equal(rejection(`${'a'.repeat(64)}.com`), 'host label is longer than 63 characters');
    assert.equal(rejection(`${'a.'.repeat(127)}com`), 'host is longer than 253 characters');
    assert.equal(rejection('a'.repeat(1024 * 1024)), 'host is longer than 253 characters');
  });

  it('reads IP hosts', () => {
    assert.equal(host('0x7f.1'), '127.0.0.1');
    assert.equal(host('3279880203'), '195.127.0.11');
    assert.equal(host('[2001:DB8:0:0::1]'), '[2001:db8::1]');
    assert.equal(host('[::ffff:1.2.3.4]'), '1.2.3.4');
  });
});

describe('toDisplayHost', () => {
  it('decodes punycode labels', () => {
    assert.equal(toDisplayHost('xn--vietcombnk-z4a.vn'), 'vietcombánk.vn');
    assert.equal(toDisplayHost('www.xn--cccc-0x5ac.vn'), 'www.cốccốc.vn');
  });

  it('keeps other hosts', () => {
    assert.equal(toDisplayHost('example.com'), 'example.com');
    assert.equal(toDisplayHost('[::1]'), '[::1]');
    assert.equal(toDisplayHost('xn--zz.com'), 'xn--zz.com');
  });
});

describe('registrableDomain', () => {
  it('includes private suffixes', () => {
    assert.equal(registrableDomain('x.github.io'), 'x.github.io');
    assert.equal(registrableDomain('a.b.x.github.io'), 'x.github.io');
    assert.equal(registrableDomain('a.blogspot.com'), 'a.blogspot.com');
  });

  it('reads Vietnamese suffixes', () => {
    assert.equal(registrableDomain('a.b.com.vn'), 'b.com.vn');
    assert.equal(registrableDomain('chinhphu.gov.vn'), 'chinhphu.gov.vn');
    assert.equal(registrableDomain('www.xn--vietcombnk-z4a.vn'), 'xn--vietcombnk-z4a.vn');
  });

  it('returns undefined without one', () => {
    assert.equal(registrableDomain('1.2.3.4'), undefined);
    assert.equal(registrableDomain('[::1]'), undefined);
    assert.equal(registrableDomain('com.vn'), undefined);
    assert.equal(registrableDomain('github.io'), undefined);
    assert.equal(registrableDomain('w!eird.com'), undefined);
  });
});
