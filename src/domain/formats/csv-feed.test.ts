import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { splitCsvLine } from './csv-feed.ts';
import { MAX_LINE_LENGTH } from './feed-item.ts';
import { parseAll, streamOf } from './feed-test.support.ts';

describe('generic csv', () => {
  test('value, category and date columns', async () => {
    const text = [
      'first_seen,Domain,threat,note',
      '2024-03-01 10:00:00,bad.example,phishing,x',
      '1709287200,scam.example,scam,y',
      ',plain.example,,',
    ].join('\r\n');
    const { entries, errors, skipped } = await parseAll('csv', text);
    assert.deepEqual(errors, []);
    assert.deepEqual(skipped, []);
    assert.deepEqual(entries, [
      {
        type: 'entry',
        line: 2,
        value: 'bad.example',
        kind: 'domain',
        category: 'phishing',
        seenAt: '2024-03-01T10:00:00.000Z',
      },
      {
        type: 'entry',
        line: 3,
        value: 'scam.example',
        kind: 'domain',
        category: 'fraud',
        seenAt: '2024-03-01T10:00:00.000Z',
      },
      { type: 'entry', line: 4, value: 'plain.example', kind: 'domain' },
    ]);
  });

  test('column preference order', async () => {
    const { entries } = await parseAll('csv', 'ip_address,url\n192.0.2.1,http://a.example/\n');
    assert.deepEqual(entries, [
      { type: 'entry', line: 2, value: 'http://a.example/', kind: 'url' },
    ]);
  });

  test('alias column names', async () => {
    const { entries } = await parseAll('csv', 'id,ip_address\n1,192.0.2.1\n');
    assert.deepEqual(entries, [{ type: 'entry', line: 2, value: '192.0.2.1', kind: 'ip' }]);
  });

  test('indicator column states no kind', async () => {
    const { entries } = await parseAll('csv', 'indicator,type\nevil.example,malware\n');
    assert.deepEqual(entries, [
      { type: 'entry', line: 2, value: 'evil.example', category: 'malware' },
    ]);
  });

  test('header without value column', async () => {
    const { entries, errors, skipped } = await parseAll('csv', 'name,score\na,1\nb,2\n');
    assert.deepEqual(entries, []);
    assert.deepEqual(skipped, []);
    assert.equal(errors.length, 2);
    assert.match(errors[0]?.reason ?? '', /^the header row names no value column/);
  });

  test('empty cell is an error', async () => {
    const { errors, skipped } = await parseAll('csv', 'url,label\n,1\n');
    assert.deepEqual(skipped, []);
    assert.deepEqual(errors, [
      { type: 'invalid', line: 2, text: ',1', reason: 'row has no value in column url' },
    ]);
  });

  test('stray quote stays on its line', async () => {
    const text =
      'url,label\n"http://a.example/,1\nhttp://b.example/,1\n"http://c.example/",1\nhttp://d.example/"x,1\n';
    const { entries, errors, skipped } = await parseAll('csv', text);
    assert.deepEqual(skipped, []);
    assert.deepEqual(
      entries.map((entry) => [entry.line, entry.value]),
      [
        [3, 'http://b.example/'],
        [4, 'http://c.example/'],
        [5, 'http://d.example/"x'],
      ],
    );
    assert.deepEqual(
      errors.map((error) => [error.line, error.reason]),
      [[2, 'line is not valid CSV: a quoted field is not closed on its line']],
    );
  });

  test('5 MB line in csv', async () => {
    function* input() {
      yield 'url\nhttp://a.example/\n"';
      for (let index = 0; index < 80; index++) {
        yield 'y'.repeat(65_536);
      }
      yield '\nhttp://b.example/\n';
    }
    const { entries, errors, skipped } = await parseAll('csv', streamOf(input()));
    assert.deepEqual(skipped, []);
    assert.deepEqual(
      entries.map((entry) => [entry.line, entry.value]),
      [
        [2, 'http://a.example/'],
        [4, 'http://b.example/'],
      ],
    );
    assert.deepEqual(
      errors.map((error) => [error.line, error.reason]),
      [[3, `line is longer than ${MAX_LINE_LENGTH} characters`]],
    );
  });

  test('empty csv gives nothing', async () => {
    const { items } = await parseAll('csv', '');
    assert.deepEqual(items, []);
  });

  test('comment lines are skipped', async () => {
    const { entries } = await parseAll('csv', '# exported by a tool\nurl\nhttp://a.example/\n');
    assert.deepEqual(entries, [
      { type: 'entry', line: 3, value: 'http://a.example/', kind: 'url' },
    ]);
  });
});

describe('urlhaus csv', () => {
  test('header row as data', async () => {
    const text =
      'id,dateadded,url,url_status\n"1","2024-01-02 03:04:05","http://a.example/x","online"\n"2"\n';
    const { entries, errors, skipped } = await parseAll('urlhaus', text);
    assert.deepEqual(skipped, []);
    assert.deepEqual(entries, [
      {
        type: 'entry',
        line: 2,
        value: 'http://a.example/x',
        kind: 'url',
        category: 'malware',
        seenAt: '2024-01-02T03:04:05.000Z',
      },
    ]);
    assert.deepEqual(
      errors.map((error) => [error.line, error.reason]),
      [[3, 'row has fewer than 3 fields, so it has no url']],
    );
  });
});

describe('phishtank csv', () => {
  test('unverified rows are skipped', async () => {
    const text = 'phish_id,url,verified\n1,http://a.example/,yes\n2,http://b.example/,no\n';
    const { entries, errors, skipped } = await parseAll('phishtank-csv', text);
    assert.equal(entries.length, 1);
    assert.deepEqual(errors, []);
    assert.deepEqual(skipped, [
      {
        type: 'skipped',
        line: 3,
        text: 'http://b.example/',
        reason: 'phish is not verified by PhishTank',
      },
    ]);
  });
});

describe('splitCsvLine', () => {
  const cases: [string, string[] | undefined][] = [
    ['a,b,c', ['a', 'b', 'c']],
    ['"a,1","b ""q""",', ['a,1', 'b "q"', '']],
    [',,', ['', '', '']],
    ['x"y,z', ['x"y', 'z']],
    ['"a"tail,b', ['atail', 'b']],
    ['"open,b', undefined],
    ['', ['']],
  ];
  for (const [line, expected] of cases) {
    test(`splits ${JSON.stringify(line)}`, () => {
      assert.deepEqual(splitCsvLine(line), expected);
    });
  }
});
