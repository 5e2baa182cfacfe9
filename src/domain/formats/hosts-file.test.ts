import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseAll } from './feed-test.support.ts';

describe('hosts file', () => {
  test('several names per line', async () => {
    const { entries } = await parseAll('hosts', '127.0.0.1 a.example b.example\t# both\n');
    assert.deepEqual(entries, [
      { type: 'entry', line: 1, value: 'a.example', kind: 'domain' },
      { type: 'entry', line: 1, value: 'b.example', kind: 'domain' },
    ]);
  });

  test('local names are skipped', async () => {
    const text = [
      '127.0.0.1 localhost',
      '::1 localhost ip6-localhost ip6-loopback',
      '255.255.255.255 broadcasthost',
      '0.0.0.0 0.0.0.0',
      '127.0.0.1 local',
      'fe80::1%lo0 localhost',
      '0.0.0.0 bad.example',
    ].join('\n');
    const { items } = await parseAll('hosts', text);
    assert.deepEqual(items, [{ type: 'entry', line: 7, value: 'bad.example', kind: 'domain' }]);
  });

  test('address names have no kind', async () => {
    const { entries } = await parseAll('hosts', '0.0.0.0 203.0.113.9\n');
    assert.deepEqual(entries, [{ type: 'entry', line: 1, value: '203.0.113.9' }]);
  });

  test('lines without an address', async () => {
    const { errors, skipped } = await parseAll('hosts', 'bad.example\n0.0.0.0\n');
    assert.deepEqual(skipped, []);
    assert.deepEqual(
      errors.map((error) => [error.line, error.reason]),
      [
        [1, 'hosts line does not start with an IP address'],
        [2, 'hosts line has no host name'],
      ],
    );
  });
});
