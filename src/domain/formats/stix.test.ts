import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseAll, retainedHeap, streamOf } from './feed-test.support.ts';
import { MAX_RECORD_VALUES } from './json-records.ts';
import { parseFeed } from './parse-feed.ts';

const NOW = new Date('2024-06-01T00:00:00Z');

function bundle(objects: object[]): string {
  return JSON.stringify({ type: 'bundle', id: 'bundle--1', objects });
}

function indicator(fields: object): object {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: 'indicator--1',
    created: '2024-01-01T00:00:00.000Z',
    modified: '2024-01-01T00:00:00.000Z',
    pattern_type: 'stix',
    valid_from: '2024-01-02T03:04:05Z',
    ...fields,
  };
}

describe('stix bundle', () => {
  test('kinds from object paths', async () => {
    const pattern =
      "[url:value = 'http://a.example/' OR domain-name:value = 'b.example' OR ipv6-addr:value = '2001:db8::1'" +
      " OR email-addr:value = 'x@c.example' OR email-message:from_ref.value = 'y@d.example']";
    const { items } = await parseAll(
      'stix',
      bundle([indicator({ pattern, indicator_types: ['malicious-activity'] })]),
      {
        now: NOW,
      },
    );
    assert.deepEqual(
      items.map((item) => (item.type === 'entry' ? [item.value, item.kind] : [item.reason])),
      [
        ['http://a.example/', 'url'],
        ['b.example', 'domain'],
        ['2001:db8::1', 'ip'],
        ['x@c.example', 'email'],
        ['y@d.example', 'email'],
      ],
    );
    assert.equal(items[0]?.type === 'entry' ? items[0].seenAt : '', '2024-01-02T03:04:05.000Z');
    assert.equal(items[0]?.type === 'entry' ? items[0].category : '', 'unspecified');
  });

  test('labels and types give categories', async () => {
    const pattern = "[url:value = 'http://a.example/']";
    const objects = [
      indicator({ pattern, indicator_types: ['malicious-activity'], labels: ['phishing'] }),
      indicator({ pattern, indicator_types: ['malicious-activity'], labels: ['ransomware'] }),
      indicator({ pattern, indicator_types: ['compromised'] }),
      indicator({ pattern, indicator_types: ['benign'] }),
      indicator({ pattern, indicator_types: ['anonymization'] }),
      indicator({ pattern }),
    ];
    const { items } = await parseAll('stix', bundle(objects), { now: NOW });
    assert.deepEqual(
      items.map((item) => [item.type, item.type === 'entry' ? item.category : item.reason]),
      [
        ['entry', 'phishing'],
        ['entry', 'malware'],
        ['entry', 'unspecified'],
        ['skipped', 'indicator_types marks the indicator benign or anonymization, not harmful'],
        ['skipped', 'indicator_types marks the indicator benign or anonymization, not harmful'],
        ['entry', 'unspecified'],
      ],
    );
  });

  test('revoked, expired and other patterns', async () => {
    const pattern = "[url:value = 'http://a.example/']";
    const objects = [
      indicator({ pattern, revoked: true }),
      indicator({ pattern, valid_until: '2024-05-31T23:59:59Z' }),
      indicator({ pattern, valid_until: '2024-06-02T00:00:00Z' }),
      indicator({ pattern: 'alert tcp any any -> any 80', pattern_type: 'snort' }),
      indicator({ pattern: "[url:value LIKE 'http://%.example/']" }),
      indicator({ pattern: "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']" }),
      indicator({ pattern: "[process:name = 'evil.exe']" }),
      { type: 'malware', id: 'malware--1', name: 'x', is_family: false },
      indicator({ created: '2023-12-31T00:00:00Z', valid_from: undefined, pattern }),
    ];
    const { items } = await parseAll('stix', bundle(objects), { now: NOW });
    assert.deepEqual(
      items.map((item) => [
        item.line,
        item.type,
        item.type === 'entry' ? item.seenAt : item.reason,
      ]),
      [
        [1, 'skipped', 'indicator is revoked'],
        [2, 'skipped', 'expired: valid_until 2024-05-31T23:59:59.000Z has passed'],
        [3, 'entry', '2024-01-02T03:04:05.000Z'],
        [4, 'skipped', 'pattern_type snort is not read, only stix patterns'],
        [5, 'skipped', 'url:value LIKE matches many values, so it names no single indicator'],
        [6, 'skipped', 'file hashes are not stored'],
        [7, 'skipped', 'process:name is not an indicator kind Vigil stores'],
        [9, 'entry', '2023-12-31T00:00:00.000Z'],
      ],
    );
  });

  test('a JSON array is not a bundle', async () => {
    const { items } = await parseAll('stix', '[{"type": "indicator"}]');
    assert.deepEqual(items, [
      {
        type: 'invalid',
        line: 1,
        text: '',
        reason: 'the document is not a STIX 2.1 bundle: its type is not "bundle"',
      },
    ]);
  });

  test('huge arrays stay bounded', async () => {
    // 3 million array elements (about 12 MB of JSON) inside indicator objects, streamed in pieces.
    function* input() {
      yield '{"type":"bundle","id":"bundle--1","objects":[';
      yield `{"type":"indicator","x_bomb":[`;
      for (let index = 0; index < 1000; index++) {
        yield `${index === 0 ? '' : ','}${Array.from({ length: 2000 }, () => '[0]').join(',')}`;
      }
      yield `],"pattern":"[url:value = 'http://kept.example/']"},`;
      yield `{"type":"indicator","pattern":"[url:value = 'http://dropped.example/']","labels":[`;
      for (let index = 0; index < 500; index++) {
        yield `${index === 0 ? '' : ','}${Array.from({ length: 2000 }, () => '"x"').join(',')}`;
      }
      yield ']}]}';
    }
    const before = retainedHeap();
    let peak = before;
    let count = 0;
    async function* sampled(chunks: AsyncIterable<string | Buffer>) {
      for await (const chunk of chunks) {
        count++;
        peak = count % 100 === 0 ? Math.max(peak, retainedHeap()) : peak;
        yield chunk;
      }
    }
    const items = [];
    for await (const batch of parseFeed('stix', sampled(streamOf(input())), { now: NOW })) {
      items.push(...batch);
    }
    assert.deepEqual(
      items.map((item) => (item.type === 'entry' ? item.value : item.reason)),
      [
        'http://kept.example/',
        `object is too large (more than ${MAX_RECORD_VALUES} values), so it was not read`,
      ],
    );
    // Building the arrays would retain well over 100 MB of heap.
    assert.ok(
      peak - before < 20 * 1024 * 1024,
      `heap grew by ${Math.round((peak - before) / 1e6)} MB`,
    );
  });
});
