import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parsePhoneNumberFromString as parseWithMax } from 'libphonenumber-js/max';
import { parsePhoneNumberFromString as parseWithMin } from 'libphonenumber-js/min';

import { IndicatorError } from './indicator.ts';
import { canonicalizePhone } from './phone.ts';

function phone(raw: string, region?: string): string {
  const result = canonicalizePhone(raw, region);
  if (result instanceof IndicatorError) {
    assert.fail(`${JSON.stringify(raw)} was rejected: ${result.reason}`);
  }
  return result;
}

function rejection(raw: string, region?: string): string {
  const result = canonicalizePhone(raw, region);
  assert.ok(result instanceof IndicatorError, `${JSON.stringify(raw)} gave ${String(result)}`);
  assert.equal(result.kind, 'phone');
  return result.reason;
}

describe('canonicalizePhone', () => {
  it('reads Vietnamese national numbers', () => {
    assert.equal(phone('0912 345 678'), '+84912345678');
    assert.equal(phone('0912.345.678'), '+84912345678');
    assert.equal(phone('(028) 3822-1234'), '+842838221234');
    assert.equal(phone('1900 1234'), '+8419001234');
  });

  it('reads international forms', () => {
    assert.equal(phone('+84 912-345-678'), '+84912345678');
    assert.equal(phone('0084912345678'), '+84912345678');
    assert.equal(phone('84912345678'), '+84912345678');
    assert.equal(phone('tel:+1-202-555-0123'), '+12025550123');
  });

  it('uses the default region', () => {
    assert.equal(phone('(202) 555-0123', 'US'), '+12025550123');
    assert.equal(phone('+84912345678', 'us'), '+84912345678');
  });

  it('reads full-width digits', () => {
    assert.equal(phone('＋８４ ９１２ ３４５ ６７８'), '+84912345678');
  });

  it('rejects impossible numbers', () => {
    assert.equal(rejection('0123'), 'not a possible number for country code +84');
    assert.equal(rejection('091234567890123'), 'not a possible number for country code +84');
    assert.equal(rejection('+1 555'), 'not a possible number for country code +1');
  });

  it('rejects letters and extensions', () => {
    const reason = 'may contain only digits, a leading "+" and separators';
    assert.equal(rejection('0912345678abc'), reason);
    assert.equal(rejection('+84 912 345 678 ext 12'), reason);
    assert.equal(rejection('<script>0912345678'), reason);
    assert.equal(rejection('091+2345678'), reason);
  });

  it('rejects bad input', () => {
    assert.equal(rejection('   '), 'may contain only digits, a leading "+" and separators');
    assert.equal(rejection('0912345678', 'XX'), 'unknown default region "XX"');
    assert.equal(rejection('1'.repeat(1024 * 1024)), 'longer than 64 characters');
  });
});

describe('libphonenumber metadata', () => {
  it('min agrees with max', () => {
    const regions = ['VN', 'US', 'GB', 'TH', 'CN', 'KH', 'LA', 'SG', 'JP', 'KR', 'IN', 'FR', 'DE'];
    let seed = 20240601;
    const differences: string[] = [];
    for (let index = 0; index < 20000; index++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const digits = String(seed)
        .padStart(10, '0')
        .slice(0, 6 + (seed % 9));
      const region = regions[index % regions.length] as 'VN';
      const min = parseWithMin(digits, region)?.isPossible() ?? false;
      const max = parseWithMax(digits, region)?.isPossible() ?? false;
      if (min !== max) {
        differences.push(`${region} ${digits}: min ${min}, max ${max}`);
      }
    }
    assert.deepEqual(differences, []);
  });
});
