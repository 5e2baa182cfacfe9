import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import { detectFormat } from './detect-format.ts';
import { FEED_FORMATS, type FeedFormat } from './feed-entry.ts';
import { countAll, parseAll, SAMPLES, samplePath, sampleStream } from './feed-test.support.ts';
import { mispManifestEventFiles } from './misp.ts';

/**
 * Expected counts for every sample file, computed from the files with
 * standard tools rather than with the parsers. Paths are under the data folder.
 */
interface SampleCase {
  readonly path: string;
  readonly format: FeedFormat;
  readonly entries: number;
  readonly errors: number;
  readonly skipped: number;
  /** How the expected counts were computed. */
  readonly counted: string;
}

const CASES: readonly SampleCase[] = [
  {
    path: 'lists/chongluadao/urls.txt',
    format: 'plain',
    entries: 25_863,
    errors: 0,
    skipped: 0,
    counted: "grep -cv '^\\s*$' (no comment lines in the file)",
  },
  {
    path: 'lists/chongluadao/ips.txt',
    format: 'plain',
    entries: 4,
    errors: 0,
    skipped: 0,
    counted: "awk 'END{print NR}' (4 lines, the last without a line break)",
  },
  {
    path: 'lists/chongluadao/urls-ABP.txt',
    format: 'adblock',
    entries: 25_736,
    errors: 0,
    skipped: 0,
    counted: "grep -c '^||.*\\^$' (every line is a ||host^ rule)",
  },
  {
    path: 'lists/chongluadao/blacklist.json',
    format: 'chongluadao-json',
    entries: 509,
    errors: 0,
    skipped: 105,
    counted: 'python json: 614 records, 105 of type bad_sensitive_content, which are skipped',
  },
  {
    path: 'goodlists/chongluadao_whitelist.json',
    format: 'chongluadao-json',
    entries: 1360,
    errors: 0,
    skipped: 0,
    counted: 'python json: len() of the array',
  },
  {
    path: 'lists/phishtank/verified_online.csv',
    format: 'phishtank-csv',
    entries: 8840,
    errors: 1,
    skipped: 0,
    counted:
      "python csv.reader: 8841 rows after the header, all verified=yes; grep -c $'\\xef\\xbf\\xbd' " +
      'finds 1 line with U+FFFD, which is an error',
  },
  {
    path: 'lists/openphish/openphish.csv',
    format: 'openphish',
    entries: 218,
    errors: 0,
    skipped: 0,
    counted: "awk 'END{print NR-1}' (all rows have label 1)",
  },
  {
    path: 'lists/urlhaus/urlhaus_csv_online_sample.csv',
    format: 'urlhaus',
    entries: 78,
    errors: 0,
    skipped: 0,
    counted: "grep -c '^\"' (data rows are quoted; the 9 header lines start with #)",
  },
  {
    path: 'lists/urlhaus-filter/urlhaus-filter-online.txt',
    format: 'adblock',
    entries: 4744,
    errors: 0,
    skipped: 0,
    counted: "grep -vc '^!' (2126 bare hosts and 2618 ||...^$all rules)",
  },
  {
    path: 'lists/urlhaus-filter/urlhaus-filter-domains-online.txt',
    format: 'plain',
    entries: 2126,
    errors: 0,
    skipped: 0,
    counted: "grep -vc '^#'",
  },
  {
    path: 'lists/urlhaus-filter/urlhaus-filter-hosts-online.txt',
    format: 'hosts',
    entries: 450,
    errors: 0,
    skipped: 0,
    counted: "grep -c '^0\\.0\\.0\\.0 '",
  },
  {
    path: 'goodlists/tranco_top100k_urls.csv',
    format: 'csv',
    entries: 74_831,
    errors: 0,
    skipped: 0,
    counted: "awk 'END{print NR-1}'",
  },
  {
    path: 'goodlists/alexa_top10000_domains_2016.txt',
    format: 'plain',
    entries: 7543,
    errors: 0,
    skipped: 0,
    counted: 'wc -l',
  },
  {
    path: 'formats/rpz/urlhaus-filter-rpz-online.zone',
    format: 'rpz',
    entries: 619,
    errors: 0,
    skipped: 0,
    counted: "grep -c ' CNAME \\.$' (the SOA and NS records give no item)",
  },
  {
    path: 'formats/misp-feed/5ecea68b-9bc0-493b-9c23-7555c0a80102.json',
    format: 'misp',
    entries: 32,
    errors: 0,
    skipped: 8,
    counted:
      'python json: 40 attributes in Attribute and Object[].Attribute; 32 are url or ip-dst ' +
      'with to_ids true; the 8 others are skipped, because their types (filename, md5, sha1, ' +
      'sha256, mime-type, link, datetime, text) are not stored',
  },
  {
    path: 'formats/misp-feed/5ecea6bd-b044-4f83-a02a-0961c0a80102.json',
    format: 'misp',
    entries: 30,
    errors: 0,
    skipped: 8,
    counted:
      'python json: 38 attributes, 30 url or ip-dst with to_ids true; the 8 others are skipped, ' +
      'with the same unstored types as the other event',
  },
  {
    path: 'formats/misp-feed/manifest.json',
    format: 'misp',
    entries: 0,
    errors: 1,
    skipped: 0,
    counted: 'a manifest holds no attributes; one error says to import its event files',
  },
  {
    path: 'formats/stix2.1/indicator-for-c2-ip-address.json',
    format: 'stix',
    entries: 1,
    errors: 0,
    skipped: 0,
    counted: 'grep -c \'"type": "indicator"\' gives 1, an ipv4-addr pattern',
  },
  {
    path: 'formats/stix2.1/indicator-for-malicious-url.json',
    format: 'stix',
    entries: 1,
    errors: 0,
    skipped: 0,
    counted: '1 indicator, a url pattern',
  },
  {
    path: 'formats/stix2.1/indicators-for-C2-with-COA.json',
    format: 'stix',
    entries: 1,
    errors: 0,
    skipped: 1,
    counted: '2 indicators: an ipv4-addr pattern and a file hash, which is skipped',
  },
  {
    path: 'formats/stix2.1/malicious-email-indicator-with-attachment.json',
    format: 'stix',
    entries: 0,
    errors: 0,
    skipped: 2,
    counted:
      '2 indicators, both MATCHES on e-mail subject and attachment name, which are skipped ' +
      'because neither is a stored kind',
  },
  {
    path: 'formats/stix2.1/malware-indicator-for-file-hash.json',
    format: 'stix',
    entries: 0,
    errors: 0,
    skipped: 1,
    counted: '1 indicator, a file hash, which is skipped',
  },
  {
    path: 'formats/stix2.1/using-marking-definitions.json',
    format: 'stix',
    entries: 1,
    errors: 0,
    skipped: 0,
    counted: '1 indicator, an ipv4-addr pattern',
  },
];

function head(path: string): string {
  return readFileSync(samplePath(path))
    .subarray(0, 64 * 1024)
    .toString('utf8');
}

describe('parseFeed on sample files', SAMPLES, () => {
  for (const sample of CASES) {
    const name = sample.path.split('/').at(-1) ?? sample.path;

    test(`${name} detected as ${sample.format}`, () => {
      assert.equal(detectFormat(head(sample.path), name), sample.format);
    });

    test(`${name} entry, error and skip counts`, async () => {
      const counts = await countAll(sample.format, sampleStream(sample.path));
      assert.equal(counts.entries, sample.entries, `entries (${sample.counted})`);
      assert.equal(
        counts.errors,
        sample.errors,
        `errors: ${JSON.stringify([...counts.errorReasons])}`,
      );
      assert.equal(
        counts.skipped,
        sample.skipped,
        `skipped: ${JSON.stringify([...counts.skipReasons])}`,
      );
    });
  }
});

describe('parseFeed sample values', SAMPLES, () => {
  test('chongluadao urls.txt lines', async () => {
    const { entries } = await parseAll('plain', sampleStream('lists/chongluadao/urls.txt'));
    assert.deepEqual(entries[0], { type: 'entry', line: 1, value: '000000.live' });
    // grep -n finds the raw Unicode host on line 2783 and host:port on line 9462.
    assert.equal(entries.find((entry) => entry.line === 2783)?.value, 'cốccốc.vn');
    assert.equal(entries.find((entry) => entry.line === 9462)?.value, 'sn99.cc:100');
  });

  test('chongluadao ips.txt last line', async () => {
    const { entries } = await parseAll('plain', sampleStream('lists/chongluadao/ips.txt'));
    assert.deepEqual(entries.at(-1), { type: 'entry', line: 4, value: '207.148.115.161' });
  });

  test('chongluadao blacklist categories', async () => {
    const { entries, errors, skipped } = await parseAll(
      'chongluadao-json',
      sampleStream('lists/chongluadao/blacklist.json'),
    );
    assert.deepEqual(entries[0], {
      type: 'entry',
      line: 1,
      value: 'http://2021-lmht.gq',
      kind: 'url',
      category: 'fraud',
    });
    const byCategory = new Map<string, number>();
    for (const entry of entries) {
      byCategory.set(entry.category ?? 'none', (byCategory.get(entry.category ?? 'none') ?? 0) + 1);
    }
    // python: Counter of type: scam 233, phishing 145, impersonate_fake 76, dangerous_link 55.
    assert.deepEqual(Object.fromEntries(byCategory), {
      fraud: 233,
      phishing: 145,
      impersonation: 76,
      malware: 55,
    });
    assert.equal(entries.filter((entry) => entry.value.endsWith('/*')).length, 0);
    assert.deepEqual(errors, []);
    assert.equal(skipped.length, 105);
    assert.equal(skipped[0]?.type, 'skipped');
    assert.equal(skipped[0]?.line, 9);
    assert.equal(skipped[0]?.text, 'http://bongda12h.com/*');
    assert.match(skipped[0]?.reason ?? '', /bad_sensitive_content is outside/);
  });

  test('chongluadao whitelist keeps paths', async () => {
    const { entries } = await parseAll(
      'chongluadao-json',
      sampleStream('goodlists/chongluadao_whitelist.json'),
    );
    assert.equal(entries[0]?.value, 'http://tvnet.gov.vn');
    assert.equal(entries[0]?.category, undefined);
    assert.equal(entries[5]?.value, 'https://drive.google.com/');
  });

  test('phishtank csv first row', async () => {
    const { entries, errors } = await parseAll(
      'phishtank-csv',
      sampleStream('lists/phishtank/verified_online.csv'),
    );
    assert.deepEqual(entries[0], {
      type: 'entry',
      line: 2,
      value: 'https://applepoem.com/verify/outlook.office.com/',
      kind: 'url',
      category: 'phishing',
      seenAt: '2021-04-01T15:00:47.000Z',
    });
    // Line 462 has a quoted URL with commas.
    assert.equal(
      entries.find((entry) => entry.line === 462)?.value,
      'https://services.runescape.com-vc.ru/m=weblogin/loginform715,468,538,37172337,2167',
    );
    assert.equal(errors[0]?.line, 7495);
  });

  test('openphish csv rows', async () => {
    const { entries } = await parseAll('openphish', sampleStream('lists/openphish/openphish.csv'));
    assert.deepEqual(entries[0], {
      type: 'entry',
      line: 2,
      value: 'https://netiflix.vercel.app/',
      kind: 'url',
      category: 'phishing',
    });
  });

  test('urlhaus rows and dates', async () => {
    const { entries } = await parseAll(
      'urlhaus',
      sampleStream('lists/urlhaus/urlhaus_csv_online_sample.csv'),
    );
    assert.deepEqual(entries[0], {
      type: 'entry',
      line: 10,
      value: 'http://120.84.215.27:44835/i',
      kind: 'url',
      category: 'malware',
      seenAt: '2026-08-18T16:17:08.000Z',
    });
    // The last of the 87 lines.
    assert.equal(entries.at(-1)?.line, 87);
    assert.equal(entries.at(-1)?.value, 'http://138.204.196.254:46255/bin.sh');
    assert.equal(entries.at(-1)?.seenAt, '2026-08-18T12:46:22.000Z');
  });

  test('urlhaus-filter adblock rules', async () => {
    const { entries } = await parseAll(
      'adblock',
      sampleStream('lists/urlhaus-filter/urlhaus-filter-online.txt'),
    );
    assert.deepEqual(entries[0], { type: 'entry', line: 7, value: '0022a601.pphost.net' });
    // grep -n: ||wegrowcoaching.com^$all on 4748, ||xemhang.vn/website1/hue2/view.exe^$all on 4749.
    assert.equal(entries.find((entry) => entry.line === 4748)?.value, 'wegrowcoaching.com');
    assert.equal(
      entries.find((entry) => entry.line === 4749)?.value,
      'xemhang.vn/website1/hue2/view.exe',
    );
  });

  test('urlhaus-filter hosts file', async () => {
    const { entries } = await parseAll(
      'hosts',
      sampleStream('lists/urlhaus-filter/urlhaus-filter-hosts-online.txt'),
    );
    assert.deepEqual(entries[0], {
      type: 'entry',
      line: 7,
      value: '0022a601.pphost.net',
      kind: 'domain',
    });
  });

  test('tranco csv rows', async () => {
    const { entries } = await parseAll('csv', sampleStream('goodlists/tranco_top100k_urls.csv'));
    assert.deepEqual(entries[0], {
      type: 'entry',
      line: 2,
      value: 'https://google.com',
      kind: 'url',
    });
    assert.equal(entries.at(-1)?.value, 'https://server24x24.com');
    assert.equal(entries.at(-1)?.line, 74_832);
  });

  test('rpz zone records', async () => {
    const { entries } = await parseAll(
      'rpz',
      sampleStream('formats/rpz/urlhaus-filter-rpz-online.zone'),
    );
    // Lines 1-11 are comments, $TTL, SOA, NS and a blank line.
    assert.deepEqual(entries[0], {
      type: 'entry',
      line: 12,
      value: '0022a601.pphost.net',
      kind: 'domain',
    });
    assert.deepEqual(entries.at(-1), {
      type: 'entry',
      line: 630,
      value: 'zotzed.deborahjulene.com',
      kind: 'domain',
    });
  });

  test('misp event attributes', async () => {
    const path = 'formats/misp-feed/5ecea68b-9bc0-493b-9c23-7555c0a80102.json';
    const { entries, errors, skipped } = await parseAll('misp', sampleStream(path));
    // Attribute 6 is the first url: timestamp 1590601355, category Network activity.
    assert.deepEqual(entries[0], {
      type: 'entry',
      line: 6,
      value: 'http://98.159.99.222/3306',
      kind: 'url',
      category: 'malware',
      seenAt: '2020-05-27T17:42:35.000Z',
    });
    assert.deepEqual(entries[1], { ...entries[0], line: 7, value: '98.159.99.222', kind: 'ip' });
    assert.deepEqual(errors, []);
    assert.deepEqual(
      skipped.map((skip) => [skip.line, skip.type, skip.reason]),
      [
        [1, 'skipped', 'attribute type filename is not stored'],
        [2, 'skipped', 'attribute type md5 is not stored'],
        [3, 'skipped', 'attribute type sha1 is not stored'],
        [4, 'skipped', 'attribute type sha256 is not stored'],
        [5, 'skipped', 'attribute type mime-type is not stored'],
        [38, 'skipped', 'attribute type link is not stored'],
        [39, 'skipped', 'attribute type datetime is not stored'],
        [40, 'skipped', 'attribute type text is not stored'],
      ],
    );
  });

  test('misp manifest event files', () => {
    const files = mispManifestEventFiles(
      readFileSync(samplePath('formats/misp-feed/manifest.json'), 'utf8'),
    );
    assert.deepEqual(files, [
      '5ecea68b-9bc0-493b-9c23-7555c0a80102.json',
      '5ecea6bd-b044-4f83-a02a-0961c0a80102.json',
    ]);
  });

  test('misp manifest as an event', async () => {
    const { errors } = await parseAll('misp', sampleStream('formats/misp-feed/manifest.json'));
    assert.match(errors[0]?.reason ?? '', /MISP manifest.*import the event files/);
  });

  test('stix url indicator', async () => {
    const { entries } = await parseAll(
      'stix',
      sampleStream('formats/stix2.1/indicator-for-malicious-url.json'),
    );
    assert.deepEqual(entries, [
      {
        type: 'entry',
        line: 1,
        value: 'http://x4z9arb.cn/4712/',
        kind: 'url',
        category: 'unspecified',
        seenAt: '2014-06-29T13:49:37.079Z',
      },
    ]);
  });

  test('stix file hash skipped', async () => {
    const { errors, skipped } = await parseAll(
      'stix',
      sampleStream('formats/stix2.1/indicators-for-C2-with-COA.json'),
    );
    assert.deepEqual(errors, []);
    assert.equal(skipped.length, 1);
    assert.equal(skipped[0]?.type, 'skipped');
    assert.equal(skipped[0]?.line, 4);
    assert.equal(skipped[0]?.reason, 'file hashes are not stored');
  });
});

describe('parseFeed edge input', () => {
  test('empty input in every format', async () => {
    for (const format of FEED_FORMATS) {
      const { items, batches } = await parseAll(format, '');
      assert.deepEqual(items, [], format);
      assert.equal(batches, 0, format);
    }
  });

  test('comments only in text formats', async () => {
    const comments: [FeedFormat, string][] = [
      ['plain', '# a\n# b\n'],
      ['hosts', '# a\n\n# b'],
      ['adblock', '[Adblock Plus 2.0]\n! a\n'],
      ['rpz', '; a\n$TTL 30\n'],
      ['urlhaus', '# id,dateadded,url\n#\n'],
      ['csv', '# only a comment\n'],
    ];
    for (const [format, text] of comments) {
      const { items } = await parseAll(format, text);
      assert.deepEqual(items, [], format);
    }
  });

  test('BOM and CRLF in csv formats', async () => {
    const urlhaus = '\uFEFF# header\r\n"1","2024-01-02 03:04:05","http://a.example/","online"\r\n';
    const { entries } = await parseAll('urlhaus', urlhaus);
    assert.deepEqual(
      entries.map((entry) => [entry.line, entry.value]),
      [[2, 'http://a.example/']],
    );
    const generic = await parseAll('csv', '\uFEFFurl,label\r\nhttp://b.example/,1\r\n');
    assert.deepEqual(
      generic.entries.map((entry) => [entry.line, entry.value]),
      [[2, 'http://b.example/']],
    );
  });

  test('BOM before JSON', async () => {
    const { entries } = await parseAll(
      'chongluadao-json',
      '\uFEFF[{"_id":"1","url":"http://a.vn/*"}]',
    );
    assert.equal(entries[0]?.value, 'http://a.vn');
  });
});
