import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { epochSecondsToIso, toIsoUtc } from './feed-date.ts';

describe('toIsoUtc', () => {
  const cases: [string, string | undefined][] = [
    ['2026-08-18 16:17:08', '2026-08-18T16:17:08.000Z'],
    ['2021-04-01T15:00:47+00:00', '2021-04-01T15:00:47.000Z'],
    ['2014-05-08T09:00:00.000000Z', '2014-05-08T09:00:00.000Z'],
    ['2020-05-18T15:45:24.123456+0000', '2020-05-18T15:45:24.123Z'],
    ['2021-04-01T01:00:00+07:00', '2021-03-31T18:00:00.000Z'],
    ['2021-04-01T23:30:00-05:00', '2021-04-02T04:30:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2023-02-29', undefined],
    ['2021-13-01T00:00:00Z', undefined],
    ['2021-01-01T24:00:00Z', undefined],
    ['01/02/2021', undefined],
    ['', undefined],
  ];
  for (const [text, expected] of cases) {
    test(`reads ${JSON.stringify(text)}`, () => {
      assert.equal(toIsoUtc(text), expected);
    });
  }

  test('repeated input same result', () => {
    assert.equal(toIsoUtc('2026-08-18 16:17:08'), '2026-08-18T16:17:08.000Z');
    assert.equal(toIsoUtc('2026-08-18 16:17:08'), '2026-08-18T16:17:08.000Z');
  });
});

describe('epochSecondsToIso', () => {
  test('MISP timestamps', () => {
    assert.equal(epochSecondsToIso('1590601355'), '2020-05-27T17:42:35.000Z');
    assert.equal(epochSecondsToIso(1_590_601_355), '2020-05-27T17:42:35.000Z');
  });

  test('invalid values', () => {
    assert.equal(epochSecondsToIso(''), undefined);
    assert.equal(epochSecondsToIso('soon'), undefined);
    assert.equal(epochSecondsToIso('1e30'), undefined);
  });
});
