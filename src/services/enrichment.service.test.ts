import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { type LocalDnsServer, startLocalDnsServer } from '../../test/support/local-dns-server.ts';
import { parseIndicator } from '../domain/indicators/parse-indicator.ts';
import { upsertIndicatorBatch } from '../store/indicator-batch.repository.ts';
import { updateCaseScore } from './case-score.service.ts';
import { DnsService } from './dns.service.ts';
import { type EnrichmentTools, enrichIndicators } from './enrichment.service.ts';
import { SafeFetchService } from './fetch/safe-fetch.service.ts';
import { RdapService } from './rdap.service.ts';

let database: TestDatabase;
let dnsServer: LocalDnsServer;
let tools: EnrichmentTools;

async function storeIndicator(raw: string): Promise<number> {
  const indicator = parseIndicator(raw);
  assert.ok(!(indicator instanceof Error));
  await upsertIndicatorBatch(
    database,
    [
      {
        kind: indicator.kind,
        value: indicator.value,
        host: indicator.host ?? null,
        registrableDomain: indicator.registrableDomain ?? null,
        category: 'phishing',
        seenAt: null,
        reasons: null,
      },
    ],
    { source: 'test-feed', now: '2026-01-01T00:00:00.000Z', tlp: 'TLP:CLEAR' },
  );
  const row = await database.db
    .selectFrom('indicators')
    .select('id')
    .where('value', '=', indicator.value)
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

before(async () => {
  database = await createTestDatabase();
  dnsServer = await startLocalDnsServer({
    'vietcombank-login.example': { A: ['203.0.113.50'], NS: ['ns1.bad-host.example'] },
  });
  const dns = new DnsService({ servers: [dnsServer.address], timeoutMs: 1000, tries: 1 });
  tools = {
    outbound: true,
    dns,
    rdap: new RdapService({ bootstrapDir: '/nonexistent-vigil-rdap' }),
    fetcher: new SafeFetchService({ dns, timeoutMs: 2000 }),
  };
});

after(async () => {
  await dnsServer.close();
  await database.close();
});

describe('enrichIndicators', () => {
  test('outbound off skips network steps', async () => {
    const id = await storeIndicator('http://momo-live.example/login');
    const [result] = await enrichIndicators(database, [id], { ...tools, outbound: false });
    const steps = Object.fromEntries(result!.steps.map((step) => [step.step, step.status]));
    assert.deepEqual(steps, { lookalike: 'ok', dns: 'skipped', rdap: 'skipped', fetch: 'skipped' });
    const hits = await database.db
      .selectFrom('lookalike_hits')
      .selectAll()
      .where('indicator_id', '=', id)
      .execute();
    assert.equal(hits[0]?.brand, 'MoMo');
    assert.equal(hits[0]?.rule, 'combosquatting');
  });

  test('records DNS keys and enqueues clustering', async () => {
    const id = await storeIndicator('vietcombank-login.example');
    const [result] = await enrichIndicators(database, [id], tools);
    const steps = Object.fromEntries(result!.steps.map((step) => [step.step, step.status]));
    assert.equal(steps.dns, 'ok');
    assert.equal(steps.rdap, 'failed');
    const keys = await database.db
      .selectFrom('source_keys')
      .select(['key', 'origin'])
      .where('indicator_id', '=', id)
      .where('origin', '=', 'dns')
      .orderBy('key')
      .execute();
    assert.deepEqual(keys, [
      { key: 'address:203.0.113.50', origin: 'dns' },
      { key: 'ns:ns1.bad-host.example', origin: 'dns' },
    ]);
    const jobs = await database.db
      .selectFrom('jobs')
      .select('payload')
      .where('name', '=', 'cluster.indicators')
      .execute();
    assert.ok(
      jobs.some((job) =>
        (JSON.parse(job.payload) as { indicatorIds: number[] }).indicatorIds.includes(id),
      ),
    );
  });
});

describe('updateCaseScore', () => {
  test('writes score and features', async () => {
    const id = await storeIndicator('http://vietcombank.com.vn-login.example/');
    await enrichIndicators(database, [id], { ...tools, outbound: false });
    const now = '2026-01-02T00:00:00.000Z';
    const caseRow = await database.db
      .insertInto('cases')
      .values({
        status: 'open',
        category: 'phishing',
        title: 'test',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const caseId = Number(caseRow.id);
    await database.db
      .insertInto('case_indicators')
      .values({ indicator_id: id, case_id: caseId, added_at: now })
      .execute();

    const result = await updateCaseScore(database, caseId);
    assert.ok(result !== undefined);
    assert.equal(result.features.lookalikeBrands, 1);
    const stored = await database.db
      .selectFrom('cases')
      .select(['score', 'score_features'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.equal(stored.score, result.score);
    assert.ok(stored.score > 0);
    assert.match(stored.score_features ?? '', /lookalikeBrands/);
    assert.equal(await updateCaseScore(database, 999_999), undefined);
  });
});
