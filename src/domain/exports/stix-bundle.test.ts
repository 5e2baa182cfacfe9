import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { loadSchemaFolder } from '../../../test/sharing/json-schemas.ts';
import { samplePath } from '../../../test/support/sample-data.ts';
import type { ExportListing } from './export-listing.ts';
import { stixIndicatorId, stixPattern, TLP_MARKING_IDS, writeStixBundle } from './stix-bundle.ts';

const SCHEMAS = samplePath('formats/stix2.1/schemas');
const SCHEMA_BASE =
  'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';

function listing(
  kind: string,
  value: string,
  overrides: Partial<ExportListing> = {},
): ExportListing {
  return {
    indicatorId: 1,
    kind,
    value,
    host: null,
    registrableDomain: null,
    category: 'phishing',
    tlp: 'TLP:GREEN',
    legalBasis: 'law-on-cybersecurity-2018',
    reasons: 'Fake login page',
    listedAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-02T00:00:00.000Z',
    expiresAt: '2026-04-01T00:00:00.000Z',
    decisionId: 7,
    decisionAction: 'listed',
    ...overrides,
  };
}

const OPTIONS = { operatorName: 'VNCERT', publicUrl: 'https://vigil.example.vn/' };

describe('writeStixBundle', () => {
  it(
    'passes the official STIX 2.1 schemas',
    { skip: SCHEMAS === undefined && 'sample data not found' },
    () => {
      const ajv = loadSchemaFolder(SCHEMAS!);
      const { bundle, indicators, skipped } = writeStixBundle(
        [
          listing('url', "http://evil.vn/login?next='x'\\y"),
          listing('domain', 'xn--vitcombank-m7a.vn', {
            tlp: 'TLP:CLEAR',
            decisionId: null,
            decisionAction: null,
          }),
          listing('ip', '203.0.113.7', { tlp: 'TLP:AMBER+STRICT' }),
          listing('ip', '2001:db8::1'),
          listing('email', 'support@evil.vn', { reasons: '<script>alert(1)</script> ☃ \u202e' }),
          listing('phone', '+84912345678'),
        ],
        OPTIONS,
      );
      assert.equal(indicators, 5);
      assert.equal(skipped, 1);

      const validateBundle = ajv.getSchema(`${SCHEMA_BASE}common/bundle.json`)!;
      assert.ok(validateBundle(bundle), JSON.stringify(validateBundle.errors));
      const byType: Record<string, string> = {
        indicator: 'sdos/indicator.json',
        identity: 'sdos/identity.json',
        'marking-definition': 'common/marking-definition.json',
      };
      for (const object of bundle['objects'] as { type: string }[]) {
        const validate = ajv.getSchema(`${SCHEMA_BASE}${byType[object.type]}`)!;
        assert.ok(validate(object), `${object.type}: ${JSON.stringify(validate.errors)}`);
      }
      const broken = { ...(bundle['objects'] as object[]).at(-1), pattern_type: undefined };
      assert.equal(ajv.getSchema(`${SCHEMA_BASE}sdos/indicator.json`)!(broken), false);
    },
  );

  it('marks each indicator with its TLP', () => {
    const { bundle } = writeStixBundle(
      [listing('domain', 'evil.vn', { tlp: 'TLP:AMBER' })],
      OPTIONS,
    );
    const objects = bundle['objects'] as Record<string, unknown>[];
    const indicator = objects.find((object) => object['type'] === 'indicator')!;
    assert.deepEqual(indicator['object_marking_refs'], [TLP_MARKING_IDS['TLP:AMBER']]);
    const marking = objects.find((object) => object['type'] === 'marking-definition')!;
    assert.equal(marking['id'], TLP_MARKING_IDS['TLP:AMBER']);
    assert.equal(marking['name'], 'TLP:AMBER');
    assert.equal(indicator['valid_until'], '2026-04-01T00:00:00.000Z');
    assert.deepEqual(indicator['external_references'], [
      {
        source_name: 'vigil',
        url: 'https://vigil.example.vn/api/v1/lookup?value=evil.vn',
        external_id: 'decision-7',
        description: 'legal basis: law-on-cybersecurity-2018',
      },
    ]);
  });

  it('keeps ids stable across exports', () => {
    assert.equal(
      stixIndicatorId({ kind: 'domain', value: 'evil.vn' }),
      stixIndicatorId({ kind: 'domain', value: 'evil.vn' }),
    );
    assert.notEqual(
      stixIndicatorId({ kind: 'domain', value: 'evil.vn' }),
      stixIndicatorId({ kind: 'url', value: 'evil.vn' }),
    );
  });

  it('escapes quotes in patterns', () => {
    assert.equal(stixPattern('url', "http://a.vn/'\\"), "[url:value = 'http://a.vn/\\'\\\\']");
    assert.equal(stixPattern('bank_account', '970436:0123456789'), undefined);
  });
});
