import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { samplePath, SKIP_WITHOUT_SAMPLES } from '../../../test/support/sample-data.ts';
import { type Indicator, IndicatorError, type IndicatorKind } from './indicator.ts';
import {
  displayValue,
  lookupKey,
  MAX_INDICATOR_LENGTH,
  parseIndicator,
  type ParseIndicatorOptions,
} from './parse-indicator.ts';
import { urlExpressions } from './url.expressions.ts';

function parsed(raw: string, options?: ParseIndicatorOptions): Indicator {
  const result = parseIndicator(raw, options);
  if (result instanceof IndicatorError) {
    assert.fail(`${JSON.stringify(raw)} was rejected: ${result.message}`);
  }
  return result;
}

function rejection(raw: string, options?: ParseIndicatorOptions): IndicatorError {
  const result = parseIndicator(raw, options);
  assert.ok(
    result instanceof IndicatorError,
    `${JSON.stringify(raw)} gave ${JSON.stringify(result)}`,
  );
  assert.equal(result.value, raw);
  return result;
}

describe('parseIndicator detection', () => {
  const cases: readonly (readonly [string, IndicatorKind, string])[] = [
    ['https://Example.com/a/../b', 'url', 'https://example.com/b'],
    ['example.com/path?q=1', 'url', 'http://example.com/path?q=1'],
    ['example.com:8080', 'url', 'http://example.com/'],
    ['1.2.3.4/admin', 'url', 'http://1.2.3.4/admin'],
    ['1.2.3.4:8080', 'url', 'http://1.2.3.4/'],
    ['10.10.10.10/24', 'url', 'http://10.10.10.10/24'],
    ['Example.COM.', 'domain', 'example.com'],
    ['vietcombánk.vn', 'domain', 'xn--vietcombnk-z4a.vn'],
    ['ab\u3002cd\uff0ecom', 'domain', 'ab.cd.com'],
    ['1.2.3.4', 'ip', '1.2.3.4'],
    ['[2001:DB8::1]', 'ip', '2001:db8::1'],
    ['::ffff:1.2.3.4', 'ip', '1.2.3.4'],
    ['User.Name+tag@Gmail.COM', 'email', 'user.name+tag@gmail.com'],
    ['mailto:a@b.vn', 'email', 'a@b.vn'],
    ['0912 345 678', 'phone', '+84912345678'],
    ['+84 912-345-678', 'phone', '+84912345678'],
    ['tel:0912345678', 'phone', '+84912345678'],
    ['VCB 0011001234567', 'bank_account', '970436:0011001234567'],
    ['Vietcombank:0011001234567', 'bank_account', '970436:0011001234567'],
    ['970436 0011 0012 34567', 'bank_account', '970436:0011001234567'],
    ['bank:970436:0011001234567', 'bank_account', '970436:0011001234567'],
    ['https://www.facebook.com/profile.php?id=1000123', 'social_profile', 'facebook:1000123'],
    ['zalo.me/0912345678', 'social_profile', 'zalo:0912345678'],
    ['facebook:some.name', 'social_profile', 'facebook:some.name'],
    ['play.google.com/store/apps/details?id=com.a.b', 'app', 'android:com.a.b'],
    ['https://apps.apple.com/vn/app/x/id123456789', 'app', 'ios:123456789'],
    ['android:com.example.app', 'app', 'android:com.example.app'],
  ];
  for (const [raw, kind, value] of cases) {
    it(`detects ${raw.slice(0, 40)}`, () => {
      const indicator = parsed(raw);
      assert.equal(indicator.kind, kind);
      assert.equal(indicator.value, value);
    });
  }

  it('keeps non-profile pages as URLs', () => {
    const indicator = parsed('www.facebook.com/groups/chongluadao.net');
    assert.equal(indicator.kind, 'url');
    assert.equal(indicator.value, 'http://www.facebook.com/groups/chongluadao.net');
  });

  it('rejects unrecognized values', () => {
    const reason =
      'not a URL, domain, IP address, e-mail address, phone number, bank account, social profile or app';
    for (const raw of [
      'hello',
      'localhost',
      '<script>alert(1)</script>',
      'javascript:alert(1)',
      '!!!',
      '2021-04-01',
      '01/04/2021',
      'localhost:8080/admin',
    ]) {
      const error = rejection(raw);
      assert.equal(error.reason, reason, raw);
      assert.equal(error.kind, undefined);
    }
  });

  it('names the detected kind', () => {
    assert.equal(rejection('a@localhost').kind, 'email');
    assert.equal(rejection('0123 4567 891 234 567').kind, 'phone');
    assert.equal(rejection('vietcom\u200dbank.vn').kind, 'domain');
    assert.equal(rejection('VCB 123').kind, 'bank_account');
  });
});

describe('parseIndicator hosts', () => {
  it('sets host and registrable domain', () => {
    assert.deepEqual(parsed('https://a.b.x.github.io/login'), {
      kind: 'url',
      value: 'https://a.b.x.github.io/login',
      host: 'a.b.x.github.io',
      registrableDomain: 'x.github.io',
    });
    assert.deepEqual(parsed('shop.b.com.vn'), {
      kind: 'domain',
      value: 'shop.b.com.vn',
      host: 'shop.b.com.vn',
      registrableDomain: 'b.com.vn',
    });
  });

  it('leaves IP hosts without domain', () => {
    assert.deepEqual(parsed('http://1.2.3.4/x'), {
      kind: 'url',
      value: 'http://1.2.3.4/x',
      host: '1.2.3.4',
    });
  });

  it('gives profiles their platform host', () => {
    const indicator = parsed('https://m.facebook.com/some.name');
    assert.equal(indicator.host, 'facebook.com');
    assert.equal(indicator.registrableDomain, 'facebook.com');
  });

  it('drops user info and port', () => {
    assert.equal(parsed('http://user:pass@host.com:8080/').value, 'http://host.com/');
  });

  it('rejects lenient URL hosts', () => {
    const error = rejection('http://a<b>.com/');
    assert.equal(error.kind, 'url');
    assert.equal(error.reason, 'host: host may contain only letters, digits, "-", "_" and "."');
    assert.equal(rejection('http://%20leading.com/').kind, 'url');
  });
});

describe('parseIndicator with a kind', () => {
  it('reads the value as that kind', () => {
    assert.deepEqual(parsed('https://www.facebook.com/some.name', { kind: 'url' }), {
      kind: 'url',
      value: 'https://www.facebook.com/some.name',
      host: 'www.facebook.com',
      registrableDomain: 'facebook.com',
    });
    assert.equal(parsed('localhost', { kind: 'domain' }).value, 'localhost');
    assert.equal(parsed('com.example.app', { kind: 'app' }).value, 'android:com.example.app');
  });

  it('returns IP domains as IPs', () => {
    assert.deepEqual(parsed('0x7f.0.0.1', { kind: 'domain' }), { kind: 'ip', value: '127.0.0.1' });
    assert.deepEqual(parsed('[::1]', { kind: 'domain' }), { kind: 'ip', value: '::1' });
  });

  it('uses the default region', () => {
    assert.equal(
      parsed('(202) 555-0123', { kind: 'phone', defaultRegion: 'US' }).value,
      '+12025550123',
    );
  });

  it('rejects the wrong shape', () => {
    assert.equal(rejection('example.com', { kind: 'ip' }).kind, 'ip');
    assert.equal(rejection('example.com', { kind: 'email' }).reason, 'missing "@"');
  });
});

describe('parseIndicator hostile input', () => {
  it('rejects empty values', () => {
    assert.equal(rejection('').reason, 'empty value');
    assert.equal(rejection(' \t\u3000\n').reason, 'empty value');
    assert.equal(rejection('', { kind: 'url' }).kind, 'url');
  });

  it('rejects a megabyte at once', () => {
    const error = rejection('a'.repeat(1024 * 1024));
    assert.equal(error.reason, `longer than ${MAX_INDICATOR_LENGTH} characters`);
    assert.ok(error.message.length < 300);
  });

  it('handles odd Unicode', () => {
    assert.equal(parsed('exa\u200bmple.com').value, 'example.com');
    assert.equal(rejection('example.com\u200f').reason, 'invalid internationalized domain name');
    assert.equal(rejection('\u202egoogle.com').reason, 'invalid internationalized domain name');
    assert.equal(parsed('www.cốccốc.vn').value, 'www.xn--cccc-0x5ac.vn');
  });
});

describe('parseIndicator stability', () => {
  it('never throws on noise', () => {
    const alphabet = 'aZ09.:/@?#%+-_ \\[]<>()\u00fc\u3002\u200d\u202e\ud800\ufeff';
    let seed = 5;
    for (let round = 0; round < 20000; round++) {
      let input = '';
      for (let index = 0; index < 1 + (round % 24); index++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        input += alphabet[seed % alphabet.length];
      }
      const result = parseIndicator(input);
      assert.ok(result instanceof IndicatorError || typeof result.value === 'string');
    }
  });

  it('reparses values to themselves', () => {
    const samples = [
      'https://Example.com/a/../b?q',
      'vietcombánk.vn',
      '::FFFF:1.2.3.4',
      '[2001:DB8::1]',
      'User@Example.COM',
      '0912 345 678',
      'VCB 0011001234567',
      'https://m.facebook.com/Some.Name',
      'youtube.com/channel/UC5rpGxIdqpwVLIZAFwqMdpg',
      'play.google.com/store/apps/details?id=com.A.b',
    ];
    for (const raw of samples) {
      const first = parsed(raw);
      const again = parsed(first.value, { kind: first.kind });
      assert.equal(again.value, first.value, raw);
      assert.equal(parsed(first.value).kind, first.kind, raw);
    }
  });
});

describe('lookupKey', () => {
  it('keys each kind', () => {
    assert.equal(lookupKey({ kind: 'url', value: 'http://a.b/c?d' }), 'a.b/c?d');
    assert.equal(lookupKey({ kind: 'domain', value: 'a.b' }), 'a.b/');
    assert.equal(lookupKey({ kind: 'ip', value: '1.2.3.4' }), '1.2.3.4/');
    assert.equal(lookupKey({ kind: 'ip', value: '2001:db8::1' }), '[2001:db8::1]/');
    assert.equal(lookupKey({ kind: 'phone', value: '+84912345678' }), 'phone:+84912345678');
  });

  it('matches URL expressions on the host', () => {
    const pairs: readonly (readonly [string, string])[] = [
      ['evil.com', 'http://www.evil.com/a/b?c'],
      ['1.2.3.4', 'http://1.2.3.4:8080/x'],
      ['[2001:db8::1]', 'http://[2001:db8:0::1]/x'],
      ['http://evil.com/a/', 'https://evil.com/a/b.html'],
    ];
    for (const [listed, visited] of pairs) {
      const key = lookupKey(parsed(listed));
      assert.ok(urlExpressions(parsed(visited).value).includes(key), `${key} for ${visited}`);
    }
  });
});

describe('displayValue', () => {
  it('shows hosts in Unicode', () => {
    assert.equal(displayValue(parsed('http://vietcombánk.vn/a?b')), 'http://vietcombánk.vn/a?b');
    assert.equal(displayValue(parsed('xn--vietcombnk-z4a.vn')), 'vietcombánk.vn');
    assert.equal(displayValue(parsed('hotro@vietcombánk.vn')), 'hotro@vietcombánk.vn');
    assert.equal(displayValue(parsed('0912 345 678')), '+84912345678');
  });
});

const CHONGLUADAO = samplePath('lists/chongluadao/urls.txt');

describe('parseIndicator on ChongLuaDao', { skip: SKIP_WITHOUT_SAMPLES }, () => {
  it('reads 99% of lines', () => {
    const lines = readFileSync(CHONGLUADAO!, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    const kinds = new Map<string, number>();
    const rejects: string[] = [];
    for (const line of lines) {
      const result = parseIndicator(line);
      if (result instanceof IndicatorError) {
        rejects.push(result.message);
      } else {
        kinds.set(result.kind, (kinds.get(result.kind) ?? 0) + 1);
      }
    }

    assert.ok(lines.length > 20000, `only ${lines.length} lines read`);
    assert.ok(rejects.length <= lines.length * 0.01, `rejected:\n${rejects.join('\n')}`);
    assert.ok((kinds.get('domain') ?? 0) > lines.length * 0.9);
    assert.ok((kinds.get('social_profile') ?? 0) > 0);
    assert.ok((kinds.get('app') ?? 0) > 0);
  });
});
