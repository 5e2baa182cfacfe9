import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { chunked, parseAll, streamOf } from './feed-test.support.ts';
import { MAX_DEPTH, MAX_RECORD_VALUES } from './json-records.ts';

/** A small PhishTank `online-valid.json` in the shape of the real dump. */
const PHISHTANK_JSON = JSON.stringify([
  {
    phish_id: 8_412_345,
    url: 'https://secure-login.example-bank.top/signin',
    phish_detail_url: 'http://www.phishtank.com/phish_detail.php?phish_id=8412345',
    submission_time: '2024-02-11T08:15:02+00:00',
    verified: 'yes',
    verification_time: '2024-02-11T08:30:44+00:00',
    online: 'yes',
    details: [
      {
        ip_address: '198.51.100.20',
        cidr_block: '198.51.100.0/24',
        announcing_network: '64500',
        rir: 'arin',
        country: 'US',
        detail_time: '2024-02-11T08:31:00+00:00',
      },
    ],
    target: 'Other',
  },
  {
    phish_id: 8_412_346,
    url: 'http://vietcombank-xacthuc.example.vn/',
    phish_detail_url: 'http://www.phishtank.com/phish_detail.php?phish_id=8412346',
    submission_time: '2024-02-11T09:00:00+07:00',
    verified: 'yes',
    online: 'yes',
    details: [],
    target: 'Vietcombank',
  },
  { phish_id: 8_412_347, url: 'http://unverified.example/', verified: 'no' },
  { phish_id: 8_412_348, verified: 'yes' },
]);

describe('phishtank json', () => {
  test('records become entries', async () => {
    const { items } = await parseAll('phishtank-json', PHISHTANK_JSON);
    assert.deepEqual(items, [
      {
        type: 'entry',
        line: 1,
        value: 'https://secure-login.example-bank.top/signin',
        kind: 'url',
        category: 'phishing',
        seenAt: '2024-02-11T08:15:02.000Z',
      },
      {
        type: 'entry',
        line: 2,
        value: 'http://vietcombank-xacthuc.example.vn/',
        kind: 'url',
        category: 'phishing',
        seenAt: '2024-02-11T02:00:00.000Z',
      },
      {
        type: 'skipped',
        line: 3,
        text: 'http://unverified.example/',
        reason: 'phish is not verified by PhishTank',
      },
      { type: 'invalid', line: 4, text: '{"verified":"yes"}', reason: 'record has no url' },
    ]);
  });

  test('object root is an error', async () => {
    const { items } = await parseAll('phishtank-json', '{"url": "http://a.example/"}');
    assert.deepEqual(items, [
      {
        type: 'invalid',
        line: 1,
        text: '',
        reason: 'the document is a JSON object, not an array of records',
      },
    ]);
  });

  test('non-object records', async () => {
    const { errors, skipped } = await parseAll('phishtank-json', '["http://a.example/", 3]');
    assert.deepEqual(skipped, []);
    assert.deepEqual(
      errors.map((error) => [error.line, error.text, error.reason]),
      [
        [1, '"http://a.example/"', 'record is not a JSON object'],
        [2, '3', 'record is not a JSON object'],
      ],
    );
  });
});

describe('chongluadao json', () => {
  test('types map to categories', async () => {
    const records = [
      { _id: '1', url: 'http://a.vn/*', type: 'scam', level: 'high', meta: {} },
      { _id: '2', url: 'https://b.vn/path/*', type: 'impersonate_fake', level: 'high', meta: {} },
      { _id: '3', url: 'http://c.vn/*', type: 'dangerous_link', level: 'medium', meta: {} },
      { _id: '4', url: 'http://d.vn/*', type: 'bad_sensitive_content', level: 'high', meta: {} },
      { _id: '5', url: 'http://e.vn/page', type: 'phishing', level: 'high', meta: {} },
    ];
    const { items } = await parseAll('chongluadao-json', JSON.stringify(records));
    assert.deepEqual(
      items.map((item) =>
        item.type === 'entry' ? [item.value, item.category] : [item.text, item.type],
      ),
      [
        ['http://a.vn', 'fraud'],
        ['https://b.vn/path', 'impersonation'],
        ['http://c.vn', 'malware'],
        ['http://d.vn/*', 'skipped'],
        ['http://e.vn/page', 'phishing'],
      ],
    );
  });
});

describe('parseJsonFeed errors', () => {
  test('truncated JSON ends with an error', async () => {
    const text = '[{"_id":"1","url":"http://a.vn/*","type":"scam"},{"_id":"2","url":"http://b.v';
    const { items } = await parseAll('chongluadao-json', text);
    assert.equal(items.length, 2);
    assert.equal(items[0]?.type, 'entry');
    assert.equal(items[1]?.type, 'invalid');
    assert.equal(items[1]?.line, 2);
    assert.match(
      items[1]?.type === 'invalid' ? items[1].reason : '',
      /^JSON is invalid or ends early/,
    );
  });

  test('truncated STIX bundle', async () => {
    const text =
      '{"type":"bundle","objects":[{"type":"indicator","pattern":"[url:value = \'http://a.example/\']"}';
    const { items } = await parseAll('stix', text);
    assert.equal(items.at(-1)?.type, 'invalid');
    assert.equal(items.filter((item) => item.type === 'entry').length, 1);
  });

  test('empty input gives nothing', async () => {
    for (const format of ['phishtank-json', 'chongluadao-json', 'stix', 'misp'] as const) {
      const { items } = await parseAll(format, '  \n');
      assert.deepEqual(items, [], format);
    }
  });

  test('garbage gives one error', async () => {
    const bytes = Buffer.from([0x00, 0xff, 0x13, 0x37, 0x80, 0x7b, 0x22, 0x0a, 0xfe]);
    const { items } = await parseAll('stix', chunked(bytes, 3));
    assert.equal(items.length, 1);
    assert.equal(items[0]?.type, 'invalid');
  });

  test('deep nesting stops reading', async () => {
    const depth = 100_000;
    const text = `{"type":"bundle","objects":[{"type":"indicator","pattern":"[url:value = 'http://a.example/']"},${'['.repeat(depth)}${']'.repeat(depth)}]}`;
    const { items } = await parseAll('stix', chunked(text, 4096));
    assert.equal(items.length, 2);
    assert.equal(items[0]?.type, 'entry');
    assert.deepEqual(items[1], {
      type: 'invalid',
      line: 2,
      text: '',
      reason: `JSON is nested deeper than ${MAX_DEPTH} levels, so the rest of the file was not read`,
    });
  });

  test('oversized record is an error', async () => {
    const labels = JSON.stringify(Array.from({ length: MAX_RECORD_VALUES + 1 }, () => 'x'));
    const text = `[{"url":"http://a.example/","verified":${labels}},{"url":"http://b.example/"}]`;
    const { items } = await parseAll('phishtank-json', chunked(text, 1000));
    assert.deepEqual(items, [
      {
        type: 'invalid',
        line: 1,
        text: '',
        reason: `record is too large (more than ${MAX_RECORD_VALUES} values), so it was not read`,
      },
      { type: 'entry', line: 2, value: 'http://b.example/', kind: 'url', category: 'phishing' },
    ]);
  });

  test('huge string is an error', async () => {
    function* input() {
      yield '[{"url":"http://';
      for (let index = 0; index < 40; index++) {
        yield 'a'.repeat(65_536);
      }
      yield '"},{"url":"http://b.example/"}]';
    }
    const { items } = await parseAll('phishtank-json', streamOf(input()));
    assert.equal(items.length, 2);
    assert.match(items[0]?.type === 'invalid' ? items[0].reason : '', /characters of text/);
    assert.equal(items[1]?.type === 'entry' ? items[1].value : '', 'http://b.example/');
  });
});
