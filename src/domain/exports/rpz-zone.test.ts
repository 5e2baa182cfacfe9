import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  collectRpzNames,
  rpzContentHash,
  rpzNames,
  RpzRecordWriter,
  writeRpzZone,
} from './rpz-zone.ts';

const url = (value: string, host: string) => ({ kind: 'url', value, host });

describe('rpzNames', () => {
  it('wildcards a listed domain', () => {
    assert.deepEqual(rpzNames({ kind: 'domain', value: 'evil.vn', host: 'evil.vn' }), [
      'evil.vn',
      '*.evil.vn',
    ]);
  });

  it('takes the host of a root URL only', () => {
    assert.deepEqual(rpzNames(url('http://a.evil.vn/', 'a.evil.vn')), ['a.evil.vn']);
    assert.deepEqual(rpzNames(url('https://a.evil.vn/', 'a.evil.vn')), ['a.evil.vn']);
    assert.deepEqual(rpzNames(url('http://a.evil.vn/login', 'a.evil.vn')), []);
    assert.deepEqual(rpzNames(url('http://a.evil.vn/?q=1', 'a.evil.vn')), []);
  });

  it('skips IP hosts and other kinds', () => {
    assert.deepEqual(rpzNames(url('http://203.0.113.7/', '203.0.113.7')), []);
    assert.deepEqual(rpzNames(url('http://[2001:db8::1]/', '[2001:db8::1]')), []);
    assert.deepEqual(rpzNames({ kind: 'phone', value: '+84912345678', host: null }), []);
    assert.deepEqual(rpzNames({ kind: 'ip', value: '203.0.113.7', host: null }), []);
  });
});

describe('collectRpzNames', () => {
  it('dedupes and drops invalid names', () => {
    const { names, skipped } = collectRpzNames(
      [
        { kind: 'domain', value: 'b.vn', host: 'b.vn' },
        { kind: 'domain', value: 'b.vn', host: 'b.vn' },
        url('http://a.vn/', 'a.vn'),
        { kind: 'domain', value: `${'x'.repeat(64)}.vn`, host: null },
        { kind: 'domain', value: `${'abcdefghi.'.repeat(24)}vn`, host: null },
        { kind: 'domain', value: 'bad name;rm.vn', host: null },
        { kind: 'domain', value: 'xn--ngn-hng-dwao.vn', host: null },
      ],
      'rpz.vigil.invalid.',
    );
    assert.deepEqual(names, [
      'b.vn',
      '*.b.vn',
      'a.vn',
      'xn--ngn-hng-dwao.vn',
      '*.xn--ngn-hng-dwao.vn',
    ]);
    assert.equal(skipped, 6);
  });
});

describe('writeRpzZone', () => {
  it('adds a wildcard after a root URL host', () => {
    const writer = new RpzRecordWriter('rpz.vigil.invalid', '');
    writer.add(url('http://evil.vn/', 'evil.vn'));
    writer.add({ kind: 'domain', value: 'evil.vn', host: 'evil.vn' });
    writer.add({ kind: 'domain', value: 'evil.vn', host: 'evil.vn' });
    writer.add(url('https://evil.vn/', 'evil.vn'));
    assert.equal(writer.records(), 'evil.vn CNAME .\n*.evil.vn CNAME .\n');
    assert.equal(writer.count, 2);
  });

  it('writes SOA, NS and CNAME records', () => {
    const writer = new RpzRecordWriter('rpz.vigil.invalid', '');
    writer.addName('evil.vn', true);
    const zone = writeRpzZone(writer.records(), writer.count, {
      origin: 'rpz.vigil.invalid',
      serial: 1767225600,
      target: '',
      generatedAt: '2026-01-01T00:00:00.000Z',
    });
    assert.deepEqual(zone.split('\n').slice(2), [
      '$TTL 300',
      '$ORIGIN rpz.vigil.invalid.',
      '@ IN SOA localhost. hostmaster.localhost. 1767225600 3600 600 604800 300',
      '@ IN NS localhost.',
      'evil.vn CNAME .',
      '*.evil.vn CNAME .',
      '',
    ]);
  });

  it('points at a walled garden', () => {
    const writer = new RpzRecordWriter('rpz.vigil.invalid', 'canh-bao.vigil.vn.');
    writer.addName('evil.vn', false);
    writer.addName('203.0.113.7', false);
    const zone = writeRpzZone(writer.records(), writer.count, {
      origin: 'rpz.vigil.invalid',
      serial: 2,
      target: 'canh-bao.vigil.vn.',
      generatedAt: '2026-01-01T00:00:00.000Z',
    });
    assert.match(zone, /^evil\.vn CNAME canh-bao\.vigil\.vn\.\n$/m);
    assert.doesNotMatch(zone, /203\.0\.113\.7/);
  });

  it('writes a wildcard only for a listed domain', () => {
    const writer = new RpzRecordWriter('rpz.vigil.invalid', '');
    writer.add(url('http://*.bank.vn/', '*.bank.vn'));
    writer.addName('*.bank.vn', false);
    writer.addName('*.bank.vn', true);
    writer.addName('a.*.bank.vn', false);
    assert.equal(writer.records(), '');
    assert.equal(writer.skipped, 5);
  });

  it('writes an empty zone', () => {
    const zone = writeRpzZone('', 0, { origin: 'z', serial: 1, target: '', generatedAt: 'now' });
    assert.match(zone, /@ IN NS localhost\.\n$/);
  });
});

describe('rpzContentHash', () => {
  it('changes with the records', () => {
    const base = rpzContentHash('a.vn CNAME .\n');
    assert.equal(rpzContentHash('a.vn CNAME .\n'), base);
    assert.notEqual(rpzContentHash('a.vn CNAME .\nb.vn CNAME .\n'), base);
    assert.notEqual(rpzContentHash('a.vn CNAME walled.vn.\n'), base);
  });
});
