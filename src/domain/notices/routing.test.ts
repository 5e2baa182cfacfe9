import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { normalizeRoutingKey, type RoutingRule, routeIndicator } from './routing.ts';
import { telcoOfPhone } from './telco.ts';

const rules: RoutingRule[] = [
  { organisationId: 1, keyType: 'domain', keyValue: 'vn' },
  { organisationId: 2, keyType: 'registrar', keyValue: 'pa vietnam' },
  { organisationId: 3, keyType: 'network', keyValue: '203.0.113.0/24' },
  { organisationId: 4, keyType: 'network', keyValue: 'AS7552' },
  { organisationId: 5, keyType: 'bank', keyValue: '970436' },
  { organisationId: 6, keyType: 'platform', keyValue: 'facebook.com' },
  { organisationId: 7, keyType: 'telco', keyValue: 'viettel' },
  { organisationId: 9, keyType: 'default', keyValue: '' },
];

const route = (
  kind: string,
  value: string,
  host: string | null = null,
  domain: string | null = null,
  facts = {},
) => [...routeIndicator({ kind, value, host, registrableDomain: domain }, rules, facts)].sort();

describe('routeIndicator', () => {
  it('routes by domain suffix and facts', () => {
    assert.deepEqual(route('domain', 'shop.com.vn', 'shop.com.vn', 'shop.com.vn'), [1]);
    assert.deepEqual(
      route('url', 'http://evil.example/', 'evil.example', 'evil.example', {
        registrar: 'PA Vietnam ',
        addresses: ['203.0.113.9', 'not an address'],
        asns: [7552],
      }),
      [2, 3, 4],
    );
    assert.deepEqual(route('domain', 'notvn.com', 'notvn.com', 'notvn.com'), [9]);
  });

  it('routes accounts, profiles and numbers', () => {
    assert.deepEqual(route('bank_account', '970436:0123456789'), [5]);
    assert.deepEqual(route('bank_account', '970415:0123456789'), [9]);
    assert.deepEqual(
      route('social_profile', 'facebook:scam.page', 'facebook.com', 'facebook.com'),
      [6],
    );
    assert.deepEqual(
      route('url', 'https://m.facebook.com/scam', 'm.facebook.com', 'facebook.com'),
      [6],
    );
    assert.deepEqual(route('phone', '+84961234567'), [7]);
    assert.deepEqual(route('phone', '+84912345678'), [9]);
    assert.deepEqual(route('ip', '203.0.113.200'), [3]);
    assert.deepEqual(route('ip', '2001:db8::1'), [9]);
  });

  it('falls back to nobody without a default', () => {
    const noDefault = rules.filter((rule) => rule.keyType !== 'default');
    assert.equal(
      routeIndicator(
        { kind: 'app', value: 'com.fake', host: null, registrableDomain: null },
        noDefault,
      ).size,
      0,
    );
  });
});

describe('normalizeRoutingKey', () => {
  it('normalizes valid keys', () => {
    assert.equal(normalizeRoutingKey('domain', ' .VN. '), 'vn');
    assert.equal(normalizeRoutingKey('network', '203.0.113.7'), '203.0.113.7/32');
    assert.equal(normalizeRoutingKey('network', 'as7552'), 'AS7552');
    assert.equal(normalizeRoutingKey('network', '2001:DB8::/32'), '2001:db8::/32');
    assert.equal(normalizeRoutingKey('default', 'anything'), '');
  });

  it('rejects keys that match nothing', () => {
    for (const [type, value] of [
      ['bank', '97043'],
      ['network', '999.1.1.1/8'],
      ['domain', 'evil .vn'],
      ['platform', '<script>'],
      ['registrar', '   '],
    ] as const) {
      assert.equal(typeof normalizeRoutingKey(type, value), 'object', `${type} ${value}`);
    }
  });
});

describe('telcoOfPhone', () => {
  it('reads Vietnamese mobile prefixes', () => {
    assert.equal(telcoOfPhone('+84961234567'), 'viettel');
    assert.equal(telcoOfPhone('+84321234567'), 'viettel');
    assert.equal(telcoOfPhone('+84912345678'), 'vinaphone');
    assert.equal(telcoOfPhone('+84901234567'), 'mobifone');
    assert.equal(telcoOfPhone('+84921234567'), 'vietnamobile');
    assert.equal(telcoOfPhone('+84281234567'), undefined);
    assert.equal(telcoOfPhone('+6591234567'), undefined);
  });
});
