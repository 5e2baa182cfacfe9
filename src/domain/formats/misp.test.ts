import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseAll } from './feed-test.support.ts';
import { isMispManifest, mispManifestEventFiles } from './misp.ts';

function attribute(type: string, value: string, fields: object = {}): object {
  return {
    type,
    value,
    to_ids: true,
    category: 'Network activity',
    timestamp: '1700000000',
    ...fields,
  };
}

describe('misp event', () => {
  test('attribute types and to_ids', async () => {
    const event = {
      Event: {
        info: 'test',
        Tag: [{ name: 'tlp:white' }],
        Attribute: [
          attribute('url', 'http://a.example/x'),
          attribute('ip-dst|port', '192.0.2.1|8080'),
          attribute('domain|ip', 'b.example|192.0.2.2'),
          attribute('hostname', 'c.example'),
          attribute('email-src', 'x@d.example'),
          attribute('phone-number', '+84901234567', { category: 'Financial fraud' }),
          attribute('url', 'http://e.example/', { to_ids: false }),
          attribute('url', 'http://f.example/', { to_ids: '1' }),
          attribute('url', 'http://g.example/', { deleted: true }),
          attribute('sha256', 'ab'.repeat(32)),
          attribute('url', ''),
        ],
      },
    };
    const { items } = await parseAll('misp', JSON.stringify(event));
    assert.deepEqual(
      items.map((item) =>
        item.type === 'entry'
          ? [item.line, item.value, item.kind, item.category]
          : [item.line, item.type, item.reason],
      ),
      [
        [1, 'http://a.example/x', 'url', 'malware'],
        [2, '192.0.2.1', 'ip', 'malware'],
        [3, 'b.example', 'domain', 'malware'],
        [3, '192.0.2.2', 'ip', 'malware'],
        [4, 'c.example', 'domain', 'malware'],
        [5, 'x@d.example', 'email', 'malware'],
        [6, '+84901234567', 'phone', 'fraud'],
        [7, 'skipped', 'attribute has to_ids false, so MISP does not mark it for detection'],
        [8, 'http://f.example/', 'url', 'malware'],
        [9, 'skipped', 'attribute is deleted'],
        [10, 'skipped', 'attribute type sha256 is not stored'],
        [11, 'invalid', 'attribute has no value'],
      ],
    );
    assert.equal(items[0]?.type === 'entry' ? items[0].seenAt : '', '2023-11-14T22:13:20.000Z');
  });

  test('tags after attributes decide', async () => {
    const event = {
      Event: {
        Attribute: [attribute('url', 'http://a.example/')],
        Object: [
          {
            name: 'url',
            Attribute: [attribute('url', 'http://b.example/', { category: 'Payload delivery' })],
          },
        ],
        Tag: [{ name: 'tlp:green' }, { name: 'circl:incident-classification="phishing"' }],
      },
    };
    const { entries } = await parseAll('misp', JSON.stringify(event));
    assert.deepEqual(
      entries.map((entry) => [entry.line, entry.value, entry.category]),
      [
        [1, 'http://a.example/', 'phishing'],
        [2, 'http://b.example/', 'phishing'],
      ],
    );
  });

  test('attribute tags come first', async () => {
    const event = {
      Event: {
        Tag: [{ name: 'rsit:fraud="phishing"' }],
        Attribute: [
          attribute('domain', 'a.example', { Tag: [{ name: 'ecsirt:abusive-content="spam"' }] }),
        ],
      },
    };
    const { entries } = await parseAll('misp', JSON.stringify(event));
    assert.equal(entries[0]?.category, 'spam');
  });

  test('unknown category gives none', async () => {
    const event = {
      Event: { Attribute: [attribute('domain', 'a.example', { category: 'Other' })] },
    };
    const { entries } = await parseAll('misp', JSON.stringify(event));
    assert.deepEqual(entries, [
      {
        type: 'entry',
        line: 1,
        value: 'a.example',
        kind: 'domain',
        seenAt: '2023-11-14T22:13:20.000Z',
      },
    ]);
  });

  test('truncated event keeps attributes', async () => {
    const text = JSON.stringify({ Event: { Attribute: [attribute('url', 'http://a.example/')] } });
    const { items } = await parseAll('misp', text.slice(0, -3));
    assert.equal(items.length, 2);
    assert.equal(items[0]?.type === 'entry' ? items[0].value : '', 'http://a.example/');
    assert.equal(items[1]?.type, 'invalid');
  });

  test('document without an event', async () => {
    const { items } = await parseAll('misp', '{"type": "bundle", "objects": []}');
    assert.deepEqual(items, [
      {
        type: 'invalid',
        line: 1,
        text: '',
        reason: 'the document has no "Event" object, so it is not a MISP event',
      },
    ]);
  });
});

describe('misp manifest', () => {
  test('detected from the head', () => {
    assert.equal(isMispManifest('{"5ecea68b-9bc0-493b-9c23-7555c0a80102": {"info": "x"'), true);
    assert.equal(
      isMispManifest('{"Event": {"uuid": "5ecea68b-9bc0-493b-9c23-7555c0a80102"}}'),
      false,
    );
  });

  test('rejects keys that are not UUIDs', () => {
    assert.throws(
      () => mispManifestEventFiles('{"../../etc/passwd": {}}'),
      /MISP manifest key "\.\.\/\.\.\/etc\/passwd" is not an event UUID/,
    );
  });

  test('rejects a non-object manifest', () => {
    assert.throws(() => mispManifestEventFiles('[]'), /not a JSON object/);
  });
});
