import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import { createTestDatabase } from '../../test/support/database.ts';
import { listValues } from '../../test/support/factories.ts';
import { insertTestReport } from '../../test/support/reports.ts';
import type { Database } from '../store/database.ts';
import { clusterIndicators } from './clustering.service.ts';

async function caseOfReport(database: Database, reportId: number): Promise<number | null> {
  const row = await database.db
    .selectFrom('reports')
    .select('case_id')
    .where('id', '=', reportId)
    .executeTakeFirstOrThrow();
  return row.case_id === null ? null : Number(row.case_id);
}

async function indicatorId(database: Database, value: string): Promise<number> {
  const row = await database.db
    .selectFrom('indicators')
    .select('id')
    .where('value', '=', value)
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

const settings = { keyLimit: 3 };

describe('clusterIndicators', async () => {
  const database = await createTestDatabase();
  after(() => database.close());

  it('joins reports naming one domain', async () => {
    const first = await insertTestReport(database, {
      values: ['https://a.vietcombank-login.vn/x'],
    });
    const second = await insertTestReport(database, { values: ['vietcombank-login.vn'] });
    const result = await clusterIndicators(database, [...first.indicatorIds], settings);
    await clusterIndicators(database, [...second.indicatorIds], settings);

    assert.equal(result.casesCreated.length, 1);
    const caseId = await caseOfReport(database, first.reportId);
    assert.notEqual(caseId, null);
    assert.equal(await caseOfReport(database, second.reportId), caseId);
    const row = await database.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', caseId!)
      .executeTakeFirstOrThrow();
    assert.equal(row.title, 'vietcombank-login.vn');
    assert.equal(row.category, 'fraud');
  });

  it('joins a phone number across domains', async () => {
    const first = await insertTestReport(database, { values: ['shop-one.vn', '0901234567'] });
    const second = await insertTestReport(database, { values: ['shop-two.vn', '+84 90 123 4567'] });
    await clusterIndicators(database, first.indicatorIds, settings);
    await clusterIndicators(database, second.indicatorIds, settings);

    assert.equal(
      await caseOfReport(database, first.reportId),
      await caseOfReport(database, second.reportId),
    );
  });

  it('merges cases a new report bridges', async () => {
    const left = await insertTestReport(database, { values: ['left-bridge.vn'] });
    const right = await insertTestReport(database, { values: ['right-bridge.vn'] });
    await clusterIndicators(database, left.indicatorIds, settings);
    await clusterIndicators(database, right.indicatorIds, settings);
    assert.notEqual(
      await caseOfReport(database, left.reportId),
      await caseOfReport(database, right.reportId),
    );

    const bridge = await insertTestReport(database, {
      values: ['https://left-bridge.vn/a', 'https://right-bridge.vn/b'],
    });
    const result = await clusterIndicators(database, bridge.indicatorIds, settings);

    assert.equal(result.merges.length, 1);
    const leftCase = await caseOfReport(database, left.reportId);
    assert.equal(await caseOfReport(database, right.reportId), leftCase);
    assert.equal(await caseOfReport(database, bridge.reportId), leftCase);
    const merged = await database.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', result.merges[0]!.from)
      .executeTakeFirstOrThrow();
    assert.equal(merged.status, 'merged');
    assert.equal(Number(merged.merged_into), leftCase);
  });

  it('ignores the order of arrival', async () => {
    const one = await insertTestReport(database, { values: ['order-x.vn', 'https://order-y.vn/'] });
    const two = await insertTestReport(database, { values: ['order-y.vn'] });
    const three = await insertTestReport(database, { values: ['https://order-x.vn/z'] });
    await clusterIndicators(database, three.indicatorIds, settings);
    await clusterIndicators(database, two.indicatorIds, settings);
    await clusterIndicators(database, one.indicatorIds, settings);

    const caseId = await caseOfReport(database, one.reportId);
    assert.equal(await caseOfReport(database, two.reportId), caseId);
    assert.equal(await caseOfReport(database, three.reportId), caseId);
    const open = await database.db
      .selectFrom('reports')
      .innerJoin('cases', 'cases.id', 'reports.case_id')
      .select('cases.status')
      .where('reports.id', 'in', [one.reportId, two.reportId, three.reportId])
      .execute();
    assert.deepEqual(
      open.map((row) => row.status),
      ['open', 'open', 'open'],
    );
  });

  it('leaves feed-only entries without a case', async () => {
    await listValues(database, ['feed-only.example']);
    const id = await indicatorId(database, 'feed-only.example');
    const result = await clusterIndicators(database, [id], settings);

    assert.deepEqual(result.casesCreated, []);
    const membership = await database.db
      .selectFrom('case_indicators')
      .select('case_id')
      .where('indicator_id', '=', id)
      .executeTakeFirst();
    assert.equal(membership, undefined);
  });

  it('joins a feed entry to a reported case', async () => {
    const report = await insertTestReport(database, { values: ['https://feed-joins.vn/pay'] });
    await clusterIndicators(database, report.indicatorIds, settings);
    await listValues(database, ['https://feed-joins.vn/other']);
    const id = await indicatorId(database, 'https://feed-joins.vn/other');
    const result = await clusterIndicators(database, [id], settings);

    assert.deepEqual(result.casesJoined, [await caseOfReport(database, report.reportId)]);
  });

  it('never joins by a shortener domain', async () => {
    const first = await insertTestReport(database, { values: ['https://bit.ly/abc111'] });
    const second = await insertTestReport(database, { values: ['https://bit.ly/xyz222'] });
    await clusterIndicators(database, first.indicatorIds, settings);
    await clusterIndicators(database, second.indicatorIds, settings);

    assert.notEqual(
      await caseOfReport(database, first.reportId),
      await caseOfReport(database, second.reportId),
    );
  });

  it('never joins by a shared host of a path-hosting service', async () => {
    const pairs = [
      [
        'https://docs.google.com/forms/d/e/aaa111/viewform',
        'https://docs.google.com/forms/d/e/bbb222/viewform',
      ],
      ['https://sites.google.com/view/nhan-qua-one', 'https://sites.google.com/view/nhan-qua-two'],
      ['https://www.dropbox.com/s/aaa/one.apk', 'https://www.dropbox.com/s/bbb/two.apk'],
    ];
    for (const [firstUrl, secondUrl] of pairs) {
      const first = await insertTestReport(database, { values: [firstUrl!] });
      const second = await insertTestReport(database, { values: [secondUrl!] });
      await clusterIndicators(database, first.indicatorIds, settings);
      await clusterIndicators(database, second.indicatorIds, settings);
      assert.notEqual(
        await caseOfReport(database, first.reportId),
        await caseOfReport(database, second.reportId),
        `${firstUrl} and ${secondUrl} are unrelated`,
      );
    }
  });

  it('lists a widely shared key as common', async () => {
    const reports = [];
    for (const name of ['cdn-a', 'cdn-b', 'cdn-c', 'cdn-d']) {
      const report = await insertTestReport(database, { values: [`${name}.vn`] });
      await database.db
        .insertInto('source_keys')
        .values({
          indicator_id: report.indicatorIds[0]!,
          key: 'address:203.0.113.50',
          origin: 'dns',
          created_at: new Date().toISOString(),
        })
        .execute();
      reports.push(report);
    }
    const result = await clusterIndicators(
      database,
      reports.flatMap((report) => report.indicatorIds),
      settings,
    );

    assert.deepEqual(result.newCommonKeys, ['address:203.0.113.50']);
    const caseIds = new Set(
      await Promise.all(reports.map((report) => caseOfReport(database, report.reportId))),
    );
    assert.equal(caseIds.size, 4, 'the shared address joins nothing');
  });

  it('is idempotent', async () => {
    const report = await insertTestReport(database, { values: ['again.vn'] });
    const first = await clusterIndicators(database, report.indicatorIds, settings);
    const second = await clusterIndicators(database, report.indicatorIds, settings);

    assert.equal(first.casesCreated.length, 1);
    assert.deepEqual(second, { casesCreated: [], casesJoined: [], merges: [], newCommonKeys: [] });
  });
});
