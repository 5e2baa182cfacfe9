import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { listValues } from '../../test/support/factories.ts';
import { decide, seedIndicators, testConfig } from '../../test/sharing/seed.ts';
import { VigilError } from '../errors.ts';
import { runExport } from './export.service.ts';
import { importFile } from './import.service.ts';

const config = testConfig();
const body = (result: Awaited<ReturnType<typeof runExport>>) => [...result.files.values()][0]!.body;

describe('runExport', () => {
  let database: TestDatabase;

  before(async () => {
    database = await createTestDatabase();
    const now = '2026-03-01T00:00:00.000Z';
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    await listValues(database, ['clear-shop.vn', 'http://clear-host.vn/'], { now, expiresAt });
    await listValues(database, ['green.vn'], { now, expiresAt, tlp: 'TLP:GREEN' });
    await listValues(database, ['amber.vn'], { now, expiresAt, tlp: 'TLP:AMBER' });
    await listValues(database, ['strict.vn'], { now, expiresAt, tlp: 'TLP:AMBER+STRICT' });
    await listValues(database, ['red.vn'], { now, expiresAt, tlp: 'TLP:RED' });
    await listValues(database, ['label.vn'], { now, expiresAt, category: 'false_information' });
    await listValues(database, ['gone.vn'], {
      now: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-01-02T00:00:00.000Z',
    });
    await listValues(database, ['+84912345678', 'vcb:0123456789'], {
      now,
      expiresAt,
      category: 'fraud',
    });
  });

  after(async () => {
    await database.close();
  });

  it('filters by the reader’s clearance', async () => {
    const names = async (
      clearance: 'TLP:CLEAR' | 'TLP:GREEN' | 'TLP:AMBER' | 'TLP:AMBER+STRICT',
    ) => {
      const result = await runExport(database, config, { format: 'json', reader: { clearance } });
      return (JSON.parse(body(result)) as { listings: { value: string }[] }).listings
        .map((l) => l.value)
        .sort();
    };
    const clear = ['+84912345678', '970436:0123456789', 'clear-shop.vn', 'http://clear-host.vn/'];
    assert.deepEqual(await names('TLP:CLEAR'), clear);
    assert.deepEqual(await names('TLP:GREEN'), [...clear, 'green.vn'].sort());
    assert.deepEqual(await names('TLP:AMBER'), [...clear, 'amber.vn', 'green.vn'].sort());
    assert.deepEqual(
      await names('TLP:AMBER+STRICT'),
      [...clear, 'amber.vn', 'green.vn', 'strict.vn'].sort(),
    );
  });

  it('leaves out warning-label decisions', async () => {
    const [id] = await seedIndicators(database, ['labelled-post.vn']);
    await decide(database, [id!], { action: 'warning_label', category: 'fraud', tlp: 'TLP:CLEAR' });
    const result = await runExport(database, config, {
      format: 'csv',
      reader: { clearance: 'TLP:CLEAR' },
    });
    assert.doesNotMatch(body(result), /labelled-post\.vn/);
  });

  it('keeps the serial until the zone changes', async () => {
    const first = await runExport(database, config, {
      format: 'rpz',
      reader: { clearance: 'TLP:CLEAR' },
    });
    const again = await runExport(database, config, {
      format: 'rpz',
      reader: { clearance: 'TLP:CLEAR' },
    });
    assert.equal(again.serial, first.serial);
    assert.match(
      body(first),
      new RegExp(`SOA localhost\\. hostmaster\\.localhost\\. ${first.serial} `),
    );
    assert.deepEqual(
      body(first)
        .split('\n')
        .filter((line) => line.includes('CNAME')),
      ['clear-shop.vn CNAME .', '*.clear-shop.vn CNAME .', 'clear-host.vn CNAME .'],
    );

    await listValues(database, ['new-scam.vn']);
    const changed = await runExport(database, config, {
      format: 'rpz',
      reader: { clearance: 'TLP:CLEAR' },
    });
    assert.ok(changed.serial! > first.serial!);
    assert.match(body(changed), /^new-scam\.vn CNAME \.$/m);
  });

  it('exports changes since a time', async () => {
    const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
    await pause();
    const since = new Date().toISOString();
    await pause();
    await listValues(database, ['fresh.vn']);
    const result = await runExport(database, config, {
      format: 'csv',
      since,
      reader: { clearance: 'TLP:CLEAR' },
    });
    const lines = body(result).trim().split('\r\n');
    assert.equal(
      lines[0],
      'kind,value,category,tlp,listed_at,updated_at,expires_at,decision_id,legal_basis,reasons',
    );
    assert.deepEqual(
      lines.slice(1).map((line) => line.split(',').slice(0, 2).join(',')),
      ['domain,fresh.vn'],
    );
  });

  it('neutralizes formulas in CSV reasons', async () => {
    const [id] = await seedIndicators(database, ['formula.vn']);
    await decide(database, [id!], {
      tlp: 'TLP:CLEAR',
      reasons: '=HYPERLINK("http://x","click"),\n"quoted"',
    });
    const result = await runExport(database, config, {
      format: 'csv',
      reader: { clearance: 'TLP:CLEAR' },
    });
    assert.match(
      body(result),
      /formula\.vn,.*,"'=HYPERLINK\(""http:\/\/x"",""click""\),\n""quoted"""\r\n/,
    );
  });

  it('rejects bad requests', async () => {
    const reader = { clearance: 'TLP:CLEAR' as const };
    const cases: [Parameters<typeof runExport>[2], string][] = [
      [{ format: 'xml', reader }, 'format'],
      [{ format: 'rpz', since: '2026-01-01', reader }, 'since'],
      [{ format: 'json', since: 'yesterday', reader }, 'since'],
      [{ format: 'csv', since: '<script>', reader }, 'since'],
    ];
    for (const [request, field] of cases) {
      await assert.rejects(runExport(database, config, request), (error: unknown) => {
        return (
          error instanceof VigilError && error.code === 'INVALID_INPUT' && error.field === field
        );
      });
    }
  });

  it('writes a MISP feed that imports again', async () => {
    const result = await runExport(database, config, {
      format: 'misp',
      reader: { clearance: 'TLP:CLEAR' },
    });
    const folder = mkdtempSync(join(tmpdir(), 'vigil-misp-'));
    try {
      for (const [name, file] of result.files) {
        writeFileSync(join(folder, name), file.body);
      }
      const hashes = result.files.get('hashes.csv')!.body.trim().split('\n');
      assert.equal(hashes.length, result.count);
      assert.ok(hashes.every((line) => /^[0-9a-f]{32},[0-9a-f-]{36}$/.test(line)));

      const target = await createTestDatabase();
      try {
        const summary = await importFile(target, join(folder, 'manifest.json'), {
          format: 'misp',
          source: 'partner:self',
          listingPolicy: config.feedListing,
        });
        assert.equal(summary.invalid, 0);
        const values = await target.db.selectFrom('indicators').select('value').execute();
        const imported = values.map((row) => row.value);
        assert.ok(imported.includes('clear-shop.vn'));
        assert.ok(imported.includes('http://clear-host.vn/'));
        assert.ok(imported.includes('+84912345678'));
        assert.ok(!imported.includes('green.vn'));
      } finally {
        await target.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
