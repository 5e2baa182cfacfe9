import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseAll } from './feed-test.support.ts';

describe('rpz zone', () => {
  test('records, directives and wildcards', async () => {
    const text = [
      '$TTL 300',
      '$ORIGIN rpz.example.',
      '@ IN SOA ns.example. admin.example. (',
      '    2024010101 ; serial',
      '    3600 900 604800 300 )',
      '  IN NS ns.example.',
      'bad.example CNAME . ; nxdomain',
      '*.bad.example CNAME .',
      'drop.example 60 IN CNAME rpz-drop.',
      'walled.example IN 60 A 192.0.2.1',
      '  IN AAAA 2001:db8::1',
      'abs.example.rpz.example. CNAME *.',
      'ok.example CNAME rpz-passthru.',
      '32.1.2.0.192.rpz-ip CNAME .',
      '24.0.2.0.192.rpz-ip CNAME .',
      '128.1.zz.db8.2001.rpz-ip CNAME .',
      'ns.bad.example.rpz-nsdname CNAME .',
    ].join('\n');
    const { items } = await parseAll('rpz', text);
    assert.deepEqual(
      items.map((item) =>
        item.type === 'entry'
          ? [item.line, item.value, item.kind]
          : [item.line, item.type, item.reason],
      ),
      [
        [7, 'bad.example', 'domain'],
        [8, 'bad.example', 'domain'],
        [9, 'drop.example', 'domain'],
        [10, 'walled.example', 'domain'],
        [12, 'abs.example', 'domain'],
        [13, 'skipped', 'rpz-passthru rule exempts the name, it does not block it'],
        [14, '192.0.2.1', 'ip'],
        [15, 'skipped', 'rpz-ip trigger for a /24 range is not stored'],
        [16, '2001:db8::1', 'ip'],
        [17, 'invalid', 'rpz-nsdname trigger names no blocked host or address'],
      ],
    );
  });

  test('only comments give nothing', async () => {
    const { items } = await parseAll('rpz', '; a zone\n; with no records\n');
    assert.deepEqual(items, []);
  });
});
