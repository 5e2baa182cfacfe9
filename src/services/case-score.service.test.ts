import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { listValues } from '../../test/support/factories.ts';
import { insertTestReport } from '../../test/support/reports.ts';
import { updateCaseScore } from './case-score.service.ts';

let database: TestDatabase;

async function recordImport(source: string): Promise<void> {
  await database.db
    .insertInto('imports')
    .values({
      source,
      format: 'plain',
      file_name: `${source}.txt`,
      status: 'finished',
      started_at: '2026-01-01T00:00:00.000Z',
    })
    .execute();
}

async function caseOf(values: readonly string[]): Promise<number> {
  const at = '2026-02-01T00:00:00.000Z';
  const row = await database.db
    .insertInto('cases')
    .values({ status: 'open', category: 'phishing', title: 'test', created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  const caseId = Number(row.id);
  const indicators = await database.db
    .selectFrom('indicators')
    .select('id')
    .where('value', 'in', [...values])
    .execute();
  await database.db
    .insertInto('case_indicators')
    .values(
      indicators.map((indicator) => ({
        case_id: caseId,
        indicator_id: indicator.id,
        added_at: at,
      })),
    )
    .execute();
  return caseId;
}

async function setReporterHash(reportId: number, hash: string): Promise<void> {
  await database.db
    .updateTable('reports')
    .set({ reporter_hash: hash })
    .where('id', '=', reportId)
    .execute();
}

before(async () => {
  database = await createTestDatabase();
});

after(async () => {
  await database.close();
});

describe('updateCaseScore reporters and feeds', () => {
  test('counts distinct reports and hashes', async () => {
    await insertTestReport(database, { values: ['reporters.example'] });
    await insertTestReport(database, { values: ['http://reporters.example/login'] });
    const hashedOne = await insertTestReport(database, { values: ['reporters.example'] });
    const hashedTwo = await insertTestReport(database, { values: ['reporters.example'] });
    await setReporterHash(hashedOne.reportId, 'same-reporter');
    await setReporterHash(hashedTwo.reportId, 'same-reporter');
    await insertTestReport(database, { values: ['unrelated.example'] });
    const caseId = await caseOf(['reporters.example', 'http://reporters.example/login']);

    const result = await updateCaseScore(database, caseId);

    assert.ok(result !== undefined);
    assert.equal(result.features.independentReporters, 3);
    assert.equal(result.features.feedReliability, 0);
  });

  test('report provenance is not a feed', async () => {
    await insertTestReport(database, { values: ['reported-only.example'] });
    const caseId = await caseOf(['reported-only.example']);
    const result = await updateCaseScore(database, caseId);
    assert.equal(result?.features.independentReporters, 1);
    assert.equal(result?.features.feedReliability, 0);
  });

  test('imported sources count as feeds', async () => {
    await recordImport('urlhaus');
    await recordImport('report-phish-exchange');
    await listValues(database, ['fed.example'], { source: 'urlhaus' });
    await listValues(database, ['fed.example'], { source: 'report-phish-exchange' });
    await listValues(database, ['fed.example'], { source: 'cli:enrich', unlisted: true });
    const caseId = await caseOf(['fed.example']);

    const result = await updateCaseScore(database, caseId);

    assert.equal(result?.features.independentReporters, 0);
    assert.equal(result?.features.feedReliability, 1 - 0.4 ** 2);
  });

  test('reporter history skips the case', async () => {
    const earlier = await insertTestReport(database, { values: ['history-old.example'] });
    await setReporterHash(earlier.reportId, 'returning-reporter');
    await database.db
      .updateTable('reports')
      .set({ status: 'confirmed' })
      .where('id', '=', earlier.reportId)
      .execute();
    const current = await insertTestReport(database, { values: ['history-new.example'] });
    await setReporterHash(current.reportId, 'returning-reporter');
    await database.db
      .updateTable('reports')
      .set({ status: 'rejected' })
      .where('id', '=', current.reportId)
      .execute();
    const caseId = await caseOf(['history-new.example']);

    const result = await updateCaseScore(database, caseId);

    assert.equal(result?.features.independentReporters, 1);
    assert.equal(result?.features.reporterReliability, 1);
  });
});
