import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import { SKIP_WITHOUT_SAMPLES, samplePath } from '../../../test/support/sample-data.ts';
import { DEFAULT_BRANDS } from './default-brands.ts';
import { findLookalikes } from './lookalike.ts';
import { confusableSkeleton } from './skeleton.ts';

function rulesFor(domain: string, brand: string): string[] {
  return findLookalikes(domain)
    .hits.filter((hit) => hit.brand === brand)
    .map((hit) => hit.rule);
}

describe('findLookalikes', () => {
  const cases: readonly (readonly [string, string, string])[] = [
    ['vietcombank.com.vn-login.example', 'Vietcombank', 'official-domain-embedded'],
    ['techcombank.com.vn.secure-verify.top', 'Techcombank', 'official-domain-embedded'],
    ['momo-live.example', 'MoMo', 'combosquatting'],
    ['vietcombank-khuyen-mai.top', 'Vietcombank', 'combosquatting'],
    ['nhanqua-shopee.xyz', 'Shopee', 'combosquatting'],
    ['acb-login.xyz', 'ACB', 'combosquatting'],
    ['xn--vetcombank-x2i.com', 'Vietcombank', 'idn-homograph'],
    ['vіetcombаnk.com', 'Vietcombank', 'idn-homograph'],
    ['vietcombạnk.com', 'Vietcombank', 'idn-homograph'],
    ['ѕhopee.vn.example', 'Shopee', 'idn-homograph'],
    ['mοmo-vn.com', 'MoMo', 'idn-homograph'],
    ['vietc0mbank.com', 'Vietcombank', 'confusable-skeleton'],
    ['vietcornbank.xyz', 'Vietcombank', 'confusable-skeleton'],
    ['agrlbank.com', 'Agribank', 'edit-distance'],
    ['techcombamk.net', 'Techcombank', 'edit-distance'],
    ['bidv.secure.example', 'BIDV', 'brand-token'],
    ['fakevietcombank.com.vn', 'Vietcombank', 'brand-token'],
    ['evil.example/vietcombank/login', 'Vietcombank', 'brand-in-path'],
  ];
  for (const [domain, brand, rule] of cases) {
    test(`flags ${domain} as ${rule}`, () => {
      assert.ok(rulesFor(domain, brand).includes(rule), JSON.stringify(findLookalikes(domain)));
    });
  }

  test('official domains never count', () => {
    for (const brand of DEFAULT_BRANDS) {
      for (const domain of brand.officialDomains) {
        const result = findLookalikes(`login.${domain}`);
        assert.deepEqual(result.hits, [], domain);
        assert.ok(result.official, domain);
      }
    }
  });

  test('suffix check respects labels', () => {
    const result = findLookalikes('evilvietcombank.com.vn');
    assert.equal(result.official, undefined);
    assert.ok(result.hits.length > 0);
  });

  test('regional shop site is official', () => {
    assert.equal(findLookalikes('shopee.co.th').official?.brand, 'Shopee');
    assert.equal(findLookalikes('www.lazada.com.my').official?.brand, 'Lazada');
  });

  test('popular domain is suppressed', () => {
    const result = findLookalikes('momo-live.example', {
      isPopular: (domain) => domain === 'momo-live.example',
    });
    assert.deepEqual(result.hits, []);
    assert.match(result.suppressed ?? '', /momo-live.example is on the popular-domain list/);
  });

  test('popular host keeps subdomain hits', () => {
    const result = findLookalikes('vietcombank-login.hosting.example', {
      isPopular: (domain) => domain === 'hosting.example',
    });
    assert.deepEqual(
      result.hits.map((hit) => hit.rule),
      ['combosquatting'],
    );
  });

  test('popular host keeps embedded official domain', () => {
    const result = findLookalikes('vietcombank.com.vn.sites.popular.example', {
      isPopular: (domain) => domain === 'popular.example',
    });
    const rules = result.hits.map((hit) => hit.rule);
    assert.ok(rules.includes('official-domain-embedded'), rules.join(', '));
    assert.equal(result.suppressed, undefined);
  });

  test('popular domain drops embedded hit reaching into it', () => {
    const result = findLookalikes('vietcombank.com.vn-login.example', {
      isPopular: (domain) => domain === 'vn-login.example',
    });
    const rules = result.hits.map((hit) => hit.rule);
    assert.ok(!rules.includes('official-domain-embedded'), rules.join(', '));
    assert.match(result.suppressed ?? '', /vn-login.example is on the popular-domain list/);
  });

  test('unrelated domains have no hits', () => {
    for (const domain of ['google.com', 'vnexpress.net', 'mic.com', 'acb.xyz', 'grabbag.com']) {
      assert.deepEqual(findLookalikes(domain).hits, [], domain);
    }
  });

  test('hostile input gives no hits', () => {
    for (const input of [
      '',
      ' ',
      'a'.repeat(5000),
      '<script>alert(1)</script>',
      '\u0000.vn',
      '[::1]',
    ]) {
      assert.deepEqual(findLookalikes(input).hits, []);
    }
  });

  test('brands cover the compiled list', { skip: SKIP_WITHOUT_SAMPLES }, () => {
    const lines = readFileSync(samplePath('vn/vn_brand_official_domains.csv')!, 'utf8')
      .trim()
      .split('\n');
    const official = new Set(DEFAULT_BRANDS.flatMap((brand) => brand.officialDomains));
    const missing = lines
      .slice(1)
      .map((line) => line.split(',')[2]!)
      .filter((domain) => !official.has(domain));
    assert.deepEqual(missing, ['chongluadao.vn', 'vnexpress.net']);
  });
});

describe('confusableSkeleton', () => {
  test('maps lookalike letters', () => {
    assert.equal(confusableSkeleton('vіetcombаnk'), 'vietcombank');
    assert.equal(confusableSkeleton('vietcombạnk'), 'vietcombank');
    assert.equal(confusableSkeleton('đông'), 'dong');
    assert.equal(confusableSkeleton('rnomo'), 'momo');
  });
});
