import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseAll } from './feed-test.support.ts';

describe('adblock list', () => {
  test('blocking rules become entries', async () => {
    const text = [
      '[Adblock Plus 2.0]',
      '! Title: test',
      '||bad.example^',
      '||evil.example/path/file.exe^$all',
      '|http://phish.example/login|',
      'bare.example',
      '203.0.113.7',
      '||*.wild.example^',
      '||opts.example^$third-party,domain=a.com|b.com',
      '0.0.0.0 hosts.example',
    ].join('\n');
    const { entries, errors, skipped } = await parseAll('adblock', text);
    assert.deepEqual(errors, []);
    assert.deepEqual(skipped, []);
    assert.deepEqual(entries, [
      { type: 'entry', line: 3, value: 'bad.example' },
      { type: 'entry', line: 4, value: 'evil.example/path/file.exe' },
      { type: 'entry', line: 5, value: 'http://phish.example/login', kind: 'url' },
      { type: 'entry', line: 6, value: 'bare.example' },
      { type: 'entry', line: 7, value: '203.0.113.7' },
      { type: 'entry', line: 8, value: 'wild.example' },
      { type: 'entry', line: 9, value: 'opts.example' },
      { type: 'entry', line: 10, value: 'hosts.example', kind: 'domain' },
    ]);
  });

  test('non-address rules are errors', async () => {
    const text = [
      '@@||allowed.example^',
      'example.com##.banner',
      '##.ad',
      '/ads[0-9]+/',
      '||ads*.example^',
      '/banner.gif',
      '# AdGuard DNS comment',
    ].join('\n');
    const { entries, errors, skipped } = await parseAll('adblock', text);
    assert.deepEqual(entries, []);
    assert.deepEqual(skipped, []);
    assert.deepEqual(
      errors.map((error) => [error.line, error.reason]),
      [
        [1, 'exception rule (@@) allows an address, it does not block one'],
        [2, 'cosmetic rule (##) hides page content, it names no address'],
        [3, 'cosmetic rule (##) hides page content, it names no address'],
        [4, 'regular expression rule names no single address'],
        [5, 'wildcard pattern names no single address'],
        [6, 'pattern rule names no host'],
      ],
    );
  });
});
