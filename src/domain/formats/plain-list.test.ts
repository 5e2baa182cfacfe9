import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseAll } from './feed-test.support.ts';

describe('plain list', () => {
  test('comments and blank lines', async () => {
    const text = '# title\n\n  a.com  \nb.com # trailing\nhttp://c.com/#frag\n\t#indented\n';
    const { entries, errors, skipped } = await parseAll('plain', text);
    assert.deepEqual(errors, []);
    assert.deepEqual(skipped, []);
    assert.deepEqual(
      entries.map((entry) => [entry.line, entry.value]),
      [
        [3, 'a.com'],
        [4, 'b.com'],
        [5, 'http://c.com/#frag'],
      ],
    );
  });

  test('CRLF without final newline', async () => {
    const { entries } = await parseAll('plain', 'a.com\r\n1.2.3.4\r\nhttp://x.vn/a');
    assert.deepEqual(
      entries.map((entry) => entry.value),
      ['a.com', '1.2.3.4', 'http://x.vn/a'],
    );
  });

  test('empty file gives nothing', async () => {
    const { items, batches } = await parseAll('plain', '');
    assert.deepEqual(items, []);
    assert.equal(batches, 0);
  });

  test('only comments give nothing', async () => {
    const { items } = await parseAll('plain', '# one\n# two\n\n');
    assert.deepEqual(items, []);
  });

  test('two values on a line', async () => {
    const { errors, skipped } = await parseAll('plain', '0.0.0.0 a.com\n');
    assert.deepEqual(skipped, []);
    assert.deepEqual(errors, [
      {
        type: 'invalid',
        line: 1,
        text: '0.0.0.0 a.com',
        reason: 'line contains whitespace, so it is not a single value',
      },
    ]);
  });

  test('control characters rejected', async () => {
    const { errors } = await parseAll('plain', 'a\u0000b.com\n');
    assert.equal(errors[0]?.reason, 'contains control characters or invalid UTF-8');
  });

  test('openphish raw feed', async () => {
    const { entries } = await parseAll('openphish', 'https://a.example/login\nhttp://b.example/\n');
    assert.deepEqual(entries[0], {
      type: 'entry',
      line: 1,
      value: 'https://a.example/login',
      kind: 'url',
      category: 'phishing',
    });
    assert.equal(entries.length, 2);
  });

  test('openphish csv label 0', async () => {
    const { entries, errors, skipped } = await parseAll(
      'openphish',
      'url,label,source\nhttps://a.example/,1,x\nhttps://b.example/,0,x\n',
    );
    assert.equal(entries.length, 1);
    assert.deepEqual(errors, []);
    assert.deepEqual(skipped, [
      {
        type: 'skipped',
        line: 3,
        text: 'https://b.example/',
        reason: 'label 0 marks the URL as legitimate',
      },
    ]);
  });
});
