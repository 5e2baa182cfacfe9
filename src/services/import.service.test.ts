import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { loadConfig } from '../config.ts';
import { VigilError } from '../errors.ts';
import { createTestDatabase } from '../../test/support/database.ts';
import { countImportedRows } from '../../test/support/row-counts.ts';
import { samplePath, SKIP_WITHOUT_SAMPLES } from '../../test/support/sample-data.ts';
import { importFile, type ImportOptions } from './import.service.ts';
import { LookupService } from './lookup.service.ts';

const listingPolicy = loadConfig({}).feedListing;
const folder = mkdtempSync(join(tmpdir(), 'vigil-import-'));

function writeFeed(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

function options(overrides: Partial<ImportOptions> = {}): ImportOptions {
  return { listingPolicy, ...overrides };
}

describe('importFile', async () => {
  const database = await createTestDatabase();
  after(() => database.close());

  it('summarizes a plain list', async () => {
    const path = writeFeed(
      'plain.txt',
      '# a comment\nhttp://bad-one.example/login\n\nbad-two.example\nhttp://bad-one.example/login\n',
    );

    const summary = await importFile(database, path, options({ source: 'plain-test' }));

    assert.equal(summary.format, 'plain');
    assert.equal(summary.source, 'plain-test');
    assert.equal(summary.read, 3);
    assert.equal(summary.valid, 3);
    assert.equal(summary.invalid, 0);
    assert.equal(summary.new, 2);
    assert.equal(summary.duplicates, 1);
    assert.ok(summary.seconds >= 0);
  });

  it('adds nothing on a second import', async () => {
    const path = writeFeed('twice.txt', 'twice-a.example\ntwice-b.example\n');
    await importFile(database, path, options({ source: 'twice' }));
    const before = await countImportedRows(database);

    const summary = await importFile(database, path, options({ source: 'twice' }));

    assert.equal(summary.new, 0);
    assert.equal(summary.duplicates, 2);
    assert.deepEqual(await countImportedRows(database), before);
  });

  it('reports invalid lines with numbers', async () => {
    const lines = ['ok-1.example'];
    for (let i = 0; i < 25; i++) {
      lines.push('http://exa%00mple.example/');
    }
    lines.push('<script>alert(1)</script>', 'ok-2.example');
    const path = writeFeed('invalid.txt', `${lines.join('\n')}\n`);

    const summary = await importFile(database, path, options({ format: 'plain' }));

    assert.equal(summary.read, 28);
    assert.equal(summary.valid, 2);
    assert.equal(summary.invalid, 26);
    assert.equal(summary.invalid_lines.length, 20);
    assert.equal(summary.invalid_lines[0]?.line, 2);
    assert.equal(summary.invalid_lines[0]?.text, 'http://exa%00mple.example/');
    assert.match(summary.invalid_lines[0]?.reason ?? '', /host/);
    assert.equal(summary.invalid_lines[19]?.line, 21);
  });

  it('treats a future feed date as now', async () => {
    const path = writeFeed(
      'future.csv',
      '# header\n"1","2099-01-01 00:00:00","http://future-date.example/x","online","","malware_download","","https://urlhaus.abuse.ch/url/1/","test"\n',
    );

    const summary = await importFile(database, path, options({ format: 'urlhaus' }));
    const row = await database.db
      .selectFrom('indicators')
      .select(['first_seen', 'last_seen'])
      .where('value', '=', 'http://future-date.example/x')
      .executeTakeFirstOrThrow();

    assert.equal(summary.valid, 1);
    assert.ok(row.first_seen <= row.last_seen, `${row.first_seen} after ${row.last_seen}`);
    assert.ok(row.first_seen < '2099-01-01', row.first_seen);
  });

  it('imports an empty file', async () => {
    const path = writeFeed('empty.txt', '');

    const summary = await importFile(database, path, options({ format: 'plain' }));

    assert.equal(summary.read, 0);
    assert.equal(summary.new, 0);
  });

  it('rejects a missing file', async () => {
    await assert.rejects(importFile(database, join(folder, 'nope.txt'), options()), {
      name: 'VigilError',
      code: 'FILE_NOT_FOUND',
    });
  });

  it('rejects an unknown category', async () => {
    const path = writeFeed('category.txt', 'cat.example\n');

    await assert.rejects(importFile(database, path, options({ category: 'opinions' })), {
      code: 'INVALID_INPUT',
      field: 'category',
    });
  });

  it('lists with the stated category', async () => {
    const path = writeFeed('shop.txt', 'fake-shop.example\n');
    await importFile(database, path, options({ category: 'fake_shop', source: 'shops' }));

    const lookup = await LookupService.load(database);
    const result = await lookup.lookup('https://fake-shop.example/checkout');

    assert.equal(result.listed, true);
    assert.equal(result.category, 'fake_shop');
    assert.equal(result.sources[0]?.name, 'shops');
  });

  it('records without listing when asked', async () => {
    const path = writeFeed('watch.txt', 'watch-only.example\n');
    await importFile(database, path, options({ list: false }));

    const lookup = await LookupService.load(database);

    assert.equal((await lookup.lookup('watch-only.example')).listed, false);
  });

  it('rejects a mismatched format before writing', { skip: SKIP_WITHOUT_SAMPLES }, async () => {
    const before = await countImportedRows(database);

    await assert.rejects(
      importFile(
        database,
        samplePath('lists/urlhaus/urlhaus_csv_online_sample.csv')!,
        options({ format: 'plain' }),
      ),
      (error: unknown) => {
        assert.ok(error instanceof VigilError);
        assert.equal(error.code, 'FORMAT_MISMATCH');
        assert.equal(error.field, 'format');
        return true;
      },
    );
    assert.deepEqual(await countImportedRows(database), before);
  });
});

/** Sample files that hold indicators, with the format detection must pick. */
const SAMPLE_FEEDS: readonly (readonly [string, string])[] = [
  ['lists/chongluadao/urls.txt', 'plain'],
  ['lists/chongluadao/urls-ABP.txt', 'adblock'],
  ['lists/chongluadao/ips.txt', 'plain'],
  ['lists/chongluadao/blacklist.json', 'chongluadao-json'],
  ['lists/phishtank/verified_online.csv', 'phishtank-csv'],
  ['lists/openphish/openphish.csv', 'openphish'],
  ['lists/urlhaus/urlhaus_csv_online_sample.csv', 'urlhaus'],
  ['lists/urlhaus-filter/urlhaus-filter-online.txt', 'adblock'],
  ['lists/urlhaus-filter/urlhaus-filter-domains-online.txt', 'plain'],
  ['lists/urlhaus-filter/urlhaus-filter-hosts-online.txt', 'hosts'],
  ['formats/stix2.1/indicator-for-malicious-url.json', 'stix'],
  ['formats/stix2.1/indicator-for-c2-ip-address.json', 'stix'],
  ['formats/stix2.1/indicators-for-C2-with-COA.json', 'stix'],
  ['formats/misp-feed/5ecea68b-9bc0-493b-9c23-7555c0a80102.json', 'misp'],
  ['formats/misp-feed/manifest.json', 'misp'],
  ['formats/rpz/urlhaus-filter-rpz-online.zone', 'rpz'],
];

describe('importFile on sample feeds', { skip: SKIP_WITHOUT_SAMPLES }, async () => {
  const database = await createTestDatabase();
  after(() => database.close());

  for (const [file, format] of SAMPLE_FEEDS) {
    it(`imports ${file}`, async () => {
      const summary = await importFile(database, samplePath(file)!, options());

      assert.equal(summary.format, format);
      assert.ok(summary.valid > 0, `no valid entries in ${file}`);
      assert.ok(
        summary.invalid <= summary.read * 0.01,
        `${summary.invalid} of ${summary.read} invalid: ${JSON.stringify(summary.invalid_lines)}`,
      );
      assert.equal(summary.valid + summary.invalid + summary.skipped, summary.read);
      assert.equal(summary.new + summary.duplicates, summary.valid);
    });
  }

  for (const file of [
    'formats/stix2.1/malware-indicator-for-file-hash.json',
    'formats/stix2.1/malicious-email-indicator-with-attachment.json',
  ]) {
    it(`skips what ${file} holds`, async () => {
      const summary = await importFile(database, samplePath(file)!, options());

      assert.equal(summary.valid, 0);
      assert.equal(summary.invalid, 0);
      assert.ok(summary.skipped > 0);
      assert.equal(summary.skipped, summary.read);
    });
  }

  it('names a MISP feed by its folder', async () => {
    const summary = await importFile(
      database,
      samplePath('formats/misp-feed/manifest.json')!,
      options(),
    );

    assert.equal(summary.source, 'misp:misp-feed');
  });

  it('finds a PhishTank URL listed', async () => {
    const csv = samplePath('lists/phishtank/verified_online.csv')!;
    const url = readFileSync(csv, 'utf8').split('\n')[1]!.split(',')[1]!;

    const result = await (await LookupService.load(database)).lookup(url);

    assert.equal(result.listed, true);
    assert.equal(result.category, 'phishing');
    assert.ok(result.sources.some((source) => source.name === 'phishtank'));
  });
});
