import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import { checkFormat, detectFormat } from './detect-format.ts';
import { FEED_FORMATS, type FeedFormat } from './feed-entry.ts';
import { SAMPLES, samplePath } from './feed-test.support.ts';

/** Small heads in each format, written for these tests. */
const HEADS: Readonly<Record<FeedFormat, string>> = {
  plain: '# my list\nbad.example\nhttp://phish.example/login\n192.0.2.1\n',
  urlhaus:
    '################\n# abuse.ch URLhaus Database Dump (CSV)\n# id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter\n' +
    '"1","2024-01-02 03:04:05","http://a.example/x","online","2024-01-02 03:04:05","malware_download","elf","https://urlhaus.abuse.ch/url/1/","r"\n',
  'phishtank-csv':
    'phish_id,url,phish_detail_url,submission_time,verified,verification_time,online,target\n' +
    '1,http://a.example/,http://www.phishtank.com/phish_detail.php?phish_id=1,2024-01-01T00:00:00+00:00,yes,2024-01-01T00:00:00+00:00,yes,Other\n',
  'phishtank-json':
    '[{"phish_id":1,"url":"http://a.example/","phish_detail_url":"http://www.phishtank.com/","verified":"yes"}]',
  'chongluadao-json':
    '[{"_id":"604bb52f6a1161c2e7d8608c","url":"http://a.vn/*","type":"scam","level":"high","meta":{}}]',
  openphish: 'url,label,source\nhttps://a.example/,1,openphish\n',
  stix: '{\n  "type": "bundle",\n  "id": "bundle--1",\n  "objects": [\n',
  misp: '{"Event": {"info": "x", "Attribute": [',
  csv: 'first_seen,domain,category\n2024-01-01,a.example,phishing\n',
  hosts: '# hosts\n127.0.0.1 localhost\n0.0.0.0 bad.example\n0.0.0.0 worse.example\n',
  adblock: '[Adblock Plus 2.0]\n! Title: x\n||bad.example^\n||worse.example/x^$all\n',
  rpz: '; zone\n$TTL 30\n@ IN SOA localhost. root.localhost. 1 86400 3600 604800 30\n NS localhost.\nbad.example CNAME .\n',
};

describe('detectFormat', () => {
  for (const format of FEED_FORMATS) {
    test(`detects ${format}`, () => {
      assert.equal(detectFormat(HEADS[format]), format);
    });
  }

  test('manifest is misp', () => {
    assert.equal(
      detectFormat('{"5ecea68b-9bc0-493b-9c23-7555c0a80102": {"info": "x", "date": "2020-05-27"}}'),
      'misp',
    );
  });

  test('stix with objects first', () => {
    assert.equal(
      detectFormat('{"id": "bundle--44af6c39", "objects": [{"type": "indicator"'),
      'stix',
    );
  });

  test('BOM and CRLF', () => {
    assert.equal(detectFormat('\uFEFF0.0.0.0 a.example\r\n0.0.0.0 b.example\r\n'), 'hosts');
  });

  test('file name marks openphish', () => {
    const urls = 'https://a.example/login\nhttp://b.example/\n';
    assert.equal(detectFormat(urls, 'openphish-feed.txt'), 'openphish');
    assert.equal(detectFormat(urls, 'list.txt'), 'plain');
  });

  test('file name does not override content', () => {
    assert.equal(detectFormat(HEADS.hosts, 'openphish.txt'), 'hosts');
  });

  test('empty and comment-only heads', () => {
    assert.equal(detectFormat(''), 'plain');
    assert.equal(detectFormat('# nothing yet\n'), 'plain');
    assert.equal(detectFormat('! nothing yet\n'), 'adblock');
    assert.equal(detectFormat('; nothing yet\n'), 'rpz');
  });

  test('binary is undefined', () => {
    assert.equal(detectFormat('\u0000\u0001\u0002PK\u0003\u0004'), undefined);
    assert.equal(detectFormat('a\u0000.\u0000c\u0000o\u0000m\u0000'), undefined);
  });

  test('unknown text is undefined', () => {
    assert.equal(detectFormat('Dear customer, your account is locked.\nClick below.\n'), undefined);
    assert.equal(detectFormat('name,score\na,1\n'), undefined);
    assert.equal(detectFormat('{"hello": "world"}'), undefined);
  });

  test('last cut line is ignored', () => {
    assert.equal(detectFormat('0.0.0.0 a.example\n0.0.0.0 b.example\n0.0.0.0 c.exa'), 'hosts');
  });
});

describe('checkFormat', () => {
  test('plain on urlhaus csv', () => {
    assert.equal(
      checkFormat('plain', HEADS.urlhaus),
      'the file looks like URLhaus CSV, not a plain list; pass --format urlhaus or --format auto',
    );
  });

  test('each head passes its own format', () => {
    for (const format of FEED_FORMATS) {
      assert.equal(checkFormat(format, HEADS[format]), undefined, format);
    }
  });

  /** Every requested format against every head, with the pairs that must pass. */
  const PASSING: Readonly<Record<FeedFormat, readonly FeedFormat[]>> = {
    plain: ['plain'],
    urlhaus: ['urlhaus'],
    'phishtank-csv': ['phishtank-csv', 'csv'],
    'phishtank-json': ['phishtank-json'],
    'chongluadao-json': ['chongluadao-json'],
    openphish: ['openphish', 'csv'],
    stix: ['stix'],
    misp: ['misp'],
    csv: ['csv', 'openphish'],
    hosts: ['hosts', 'adblock'],
    adblock: ['adblock'],
    rpz: ['rpz'],
  };

  for (const head of FEED_FORMATS) {
    test(`formats accepted for ${head}`, () => {
      const accepted = FEED_FORMATS.filter(
        (format) => checkFormat(format, HEADS[head]) === undefined,
      );
      const expected = head === 'plain' ? ['plain', 'openphish', 'adblock'] : PASSING[head];
      assert.deepEqual([...accepted].sort(), [...expected].sort());
    });
  }

  test('mismatch names the detected format', () => {
    assert.equal(
      checkFormat('misp', HEADS.stix),
      'the file looks like a STIX 2.1 bundle, not a MISP event or manifest; pass --format stix or --format auto',
    );
    assert.equal(
      checkFormat('phishtank-json', HEADS['chongluadao-json']),
      'the file looks like ChongLuaDao JSON, not PhishTank JSON; pass --format chongluadao-json or --format auto',
    );
    assert.equal(
      checkFormat('csv', HEADS.urlhaus),
      'the file looks like URLhaus CSV, not CSV with a header row; pass --format urlhaus or --format auto',
    );
    assert.equal(
      checkFormat('hosts', HEADS.rpz),
      'the file looks like a DNS RPZ zone, not a hosts file; pass --format rpz or --format auto',
    );
  });

  test('JSON against text formats', () => {
    assert.equal(
      checkFormat('plain', '{"hello": 1}'),
      'the file looks like JSON, not a plain list',
    );
    assert.equal(
      checkFormat('stix', 'a.example\n'),
      'the file looks like a plain list, not a STIX 2.1 bundle; pass --format plain or --format auto',
    );
    assert.equal(
      checkFormat('stix', 'hello there, friend\n'),
      'the file is not JSON, so it is not a STIX 2.1 bundle',
    );
  });

  test('undetected content lacks structure', () => {
    assert.equal(
      checkFormat('misp', '{"hello": 1}'),
      'the file does not look like a MISP event or manifest: it has no "Event" object',
    );
    assert.equal(
      checkFormat('stix', '{"hello": 1}'),
      'the file does not look like a STIX 2.1 bundle: it has no "type": "bundle"',
    );
    assert.equal(
      checkFormat('phishtank-json', '{"hello": 1}'),
      'the file does not look like PhishTank JSON: it is a JSON object, not an array of records',
    );
    assert.equal(checkFormat('chongluadao-json', '[{"url": "http://a.vn/"}]'), undefined);
    assert.equal(
      checkFormat('hosts', 'hello there, friend\n'),
      'the file does not look like a hosts file: its lines do not start with an IP address',
    );
    assert.equal(
      checkFormat('plain', 'hello there, friend\nhow are you\n'),
      'the file does not look like a plain list: most lines contain several values separated by spaces or commas',
    );
  });

  test('binary for any format', () => {
    for (const format of FEED_FORMATS) {
      assert.equal(
        checkFormat(format, '\u0000\u0001\u0002\u0003binary'),
        `the file looks binary (or is not UTF-8 text), not ${checkFormatDescription(format)}`,
      );
    }
  });

  test('empty head passes', () => {
    for (const format of FEED_FORMATS) {
      assert.equal(checkFormat(format, ''), undefined, format);
    }
  });
});

function checkFormatDescription(format: FeedFormat): string {
  const message = checkFormat(format, '\u0000');
  return message?.replace('the file looks binary (or is not UTF-8 text), not ', '') ?? '';
}

/** The formats that accept each sample file, reviewed by hand. */
const SAMPLE_ACCEPTS: readonly [string, readonly FeedFormat[]][] = [
  ['lists/chongluadao/urls.txt', ['plain', 'openphish', 'adblock']],
  ['lists/chongluadao/urls-ABP.txt', ['adblock']],
  ['lists/chongluadao/blacklist.json', ['chongluadao-json']],
  ['lists/phishtank/verified_online.csv', ['phishtank-csv', 'csv']],
  ['lists/openphish/openphish.csv', ['openphish', 'csv']],
  ['lists/urlhaus/urlhaus_csv_online_sample.csv', ['urlhaus']],
  ['lists/urlhaus-filter/urlhaus-filter-online.txt', ['adblock']],
  ['lists/urlhaus-filter/urlhaus-filter-hosts-online.txt', ['hosts', 'adblock']],
  ['goodlists/tranco_top100k_urls.csv', ['csv', 'openphish']],
  ['formats/rpz/urlhaus-filter-rpz-online.zone', ['rpz']],
  ['formats/misp-feed/manifest.json', ['misp']],
  ['formats/stix2.1/indicator-for-c2-ip-address.json', ['stix']],
  ['vn/sms_smishing_vi.csv', []],
];

describe('checkFormat on sample files', SAMPLES, () => {
  for (const [path, expected] of SAMPLE_ACCEPTS) {
    test(`formats accepted for ${path.split('/').at(-1)}`, () => {
      const head = readFileSync(samplePath(path))
        .subarray(0, 64 * 1024)
        .toString('utf8');
      const accepted = FEED_FORMATS.filter((format) => checkFormat(format, head) === undefined);
      assert.deepEqual([...accepted].sort(), [...expected].sort());
    });
  }
});
