import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import { parse } from 'csv-parse/sync';

import {
  insertAppealRow,
  insertDecision,
  insertIndicator,
  insertListing,
  insertNotice,
  insertOrganisation,
  insertReport,
} from '../../test/accountability/seed.ts';
import { createTestDatabase } from '../../test/support/database.ts';
import { figuresToCsv } from '../domain/transparency/figures-csv.ts';
import { VigilError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { getTransparencyReport } from './transparency.service.ts';

/** Seeds a data set whose figures for March 2026 are known by hand. */
async function seedMarch(database: Database): Promise<void> {
  for (const at of [
    '2026-03-01T00:00:00.000Z',
    '2026-03-10T10:00:00.000Z',
    '2026-03-31T23:59:59.999Z',
  ]) {
    await insertReport(database, { at, category: 'phishing', channel: 'sms' });
  }
  for (const at of ['2026-03-05T00:00:00.000Z', '2026-03-06T00:00:00.000Z']) {
    await insertReport(database, { at, category: 'fraud', channel: 'zalo' });
  }
  await insertReport(database, {
    at: '2026-02-28T23:59:59.999Z',
    category: 'phishing',
    channel: 'sms',
  });
  await insertReport(database, {
    at: '2026-04-01T00:00:00.000Z',
    category: 'spam',
    channel: 'sms',
  });

  const d1 = await insertDecision(database, { at: '2026-03-02T00:00:00.000Z' });
  await insertDecision(database, { at: '2026-03-03T00:00:00.000Z' });
  await insertDecision(database, {
    at: '2026-03-04T00:00:00.000Z',
    automated: true,
    basis: 'trusted-feed',
  });
  await insertDecision(database, {
    at: '2026-03-05T00:00:00.000Z',
    verdict: 'rejected',
    action: 'none',
  });
  await insertDecision(database, { at: '2026-03-06T00:00:00.000Z', status: 'pending_approval' });
  await insertDecision(database, { at: '2026-04-06T00:00:00.000Z' });

  const ids: number[] = [];
  for (const value of ['l1.vn', 'l2.vn', 'l3.vn', 'l4.vn', 'l5.vn']) {
    ids.push(await insertIndicator(database, 'domain', value, value));
  }
  await insertListing(database, {
    indicatorId: ids[0]!,
    listedAt: '2026-03-05T00:00:00.000Z',
    expiresAt: '2026-05-01T00:00:00.000Z',
  });
  await insertListing(database, {
    indicatorId: ids[1]!,
    listedAt: '2026-02-01T00:00:00.000Z',
    expiresAt: '2026-03-10T00:00:00.000Z',
    status: 'expired',
  });
  await insertListing(database, {
    indicatorId: ids[2]!,
    listedAt: '2026-03-02T00:00:00.000Z',
    expiresAt: '2026-06-01T00:00:00.000Z',
    status: 'delisted',
    decidedBy: 'person',
    delistedAt: '2026-03-20T00:00:00.000Z',
  });
  await insertListing(database, {
    indicatorId: ids[3]!,
    listedAt: '2026-03-03T00:00:00.000Z',
    expiresAt: '2026-06-01T00:00:00.000Z',
    takenDownAt: '2026-03-15T00:00:00.000Z',
  });
  await insertListing(database, {
    indicatorId: ids[4]!,
    listedAt: '2026-04-02T00:00:00.000Z',
    expiresAt: '2026-06-01T00:00:00.000Z',
  });

  // Notices are unique per decision and organisation, so each gets a decision
  // of its own, made before the period so that it adds to no decision count.
  const noticeDecisions: number[] = [];
  for (let day = 1; day <= 6; day += 1) {
    noticeDecisions.push(await insertDecision(database, { at: `2025-01-0${day}T00:00:00.000Z` }));
  }
  const isp = await insertOrganisation(database, 'Example ISP', 'isp');
  const bank = await insertOrganisation(database, 'Example Bank', 'bank');
  await insertNotice(database, {
    decisionId: noticeDecisions[0]!,
    organisationId: isp,
    sentAt: '2026-03-02T00:00:00.000Z',
    acknowledgedAfter: 1,
    actionedAfter: 5,
  });
  await insertNotice(database, {
    decisionId: noticeDecisions[1]!,
    organisationId: isp,
    sentAt: '2026-03-03T00:00:00.000Z',
    acknowledgedAfter: 3,
    actionedAfter: 9,
  });
  await insertNotice(database, {
    decisionId: noticeDecisions[2]!,
    organisationId: isp,
    sentAt: '2026-03-04T00:00:00.000Z',
    acknowledgedAfter: 2,
  });
  await insertNotice(database, {
    decisionId: noticeDecisions[3]!,
    organisationId: bank,
    sentAt: '2026-03-05T00:00:00.000Z',
    declinedAfter: 4,
  });
  await insertNotice(database, {
    decisionId: noticeDecisions[4]!,
    organisationId: isp,
    sentAt: null,
  });
  await insertNotice(database, {
    decisionId: noticeDecisions[5]!,
    organisationId: isp,
    sentAt: '2026-04-05T00:00:00.000Z',
    acknowledgedAfter: 1,
  });

  await insertAppealRow(database, {
    indicatorId: ids[0]!,
    decisionId: null,
    at: '2026-03-01T00:00:00.000Z',
    status: 'delisted',
    decidedAfterHours: 48,
  });
  await insertAppealRow(database, {
    indicatorId: ids[0]!,
    decisionId: null,
    at: '2026-03-10T00:00:00.000Z',
    status: 'upheld',
    decidedAfterHours: 24,
  });
  await insertAppealRow(database, {
    indicatorId: ids[0]!,
    decisionId: null,
    at: '2026-03-20T00:00:00.000Z',
  });
  await insertAppealRow(database, {
    indicatorId: ids[0]!,
    decisionId: d1,
    at: '2026-02-25T00:00:00.000Z',
    status: 'changed',
    decidedAfterHours: 120,
  });
}

describe('getTransparencyReport', async () => {
  const database = await createTestDatabase();
  await seedMarch(database);
  after(() => database.close());

  it('counts the seeded month', async () => {
    const figures = await getTransparencyReport(database, '2026-03-01', '2026-03-31');

    assert.deepEqual(figures.period, {
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
    });
    assert.deepEqual(figures.reports, {
      total: 5,
      by_category: { fraud: 2, phishing: 3 },
      by_channel: { sms: 3, zalo: 2 },
    });
    assert.deepEqual(figures.decisions, {
      total: 4,
      by_verdict: { confirmed: 3, rejected: 1 },
      by_legal_basis: { 'law-on-cybersecurity-2018': 3, 'trusted-feed': 1 },
      automated: 1,
      by_person: 3,
    });
    assert.deepEqual(figures.listings, { by_feed: 2, active_at_end: 2, expired: 1, delisted: 1 });
    assert.equal(figures.takedowns, 1);
  });

  it('computes notice times', async () => {
    const { notices } = await getTransparencyReport(database, '2026-03-01', '2026-03-31');

    assert.equal(notices.sent, 4);
    assert.equal(notices.acknowledged, 3);
    assert.equal(notices.actioned, 2);
    assert.equal(notices.declined, 1);
    assert.deepEqual(notices.time_to_acknowledge, { count: 3, median_hours: 2, p90_hours: 3 });
    assert.deepEqual(notices.time_to_act, { count: 2, median_hours: 7, p90_hours: 9 });
    assert.deepEqual(Object.keys(notices.by_organisation_kind), ['bank', 'isp']);
    assert.equal(notices.by_organisation_kind.isp?.sent, 3);
    assert.equal(notices.by_organisation_kind.bank?.declined, 1);
    assert.deepEqual(notices.by_organisation_kind.bank?.time_to_acknowledge, {
      count: 0,
      median_hours: null,
      p90_hours: null,
    });
  });

  it('computes appeal outcomes', async () => {
    const { appeals } = await getTransparencyReport(database, '2026-03-01', '2026-03-31');

    assert.deepEqual(appeals, {
      received: 3,
      decided: 3,
      by_outcome: { changed: 1, delisted: 1, upheld: 1 },
      time_to_decide: { count: 3, median_hours: 48, p90_hours: 120 },
    });
  });

  it('writes the same figures as CSV', async () => {
    const figures = await getTransparencyReport(database, '2026-03-01', '2026-03-31');
    const rows = parse<{ figure: string; key: string; value: string }>(figuresToCsv(figures), {
      columns: true,
    });
    const value = (figure: string, key: string) =>
      rows.find((row) => row.figure === figure && row.key === key)?.value;

    assert.equal(value('reports.by_category', 'phishing'), '3');
    assert.equal(value('notices.by_organisation_kind.isp.time_to_act', 'median_hours'), '7');
    assert.equal(value('appeals', 'received'), '3');
    assert.equal(value('notices.by_organisation_kind.bank.time_to_act', 'median_hours'), '');
  });

  it('counts nothing in an empty period', async () => {
    const figures = await getTransparencyReport(database, '2020-01-01', '2020-01-31');

    assert.equal(figures.reports.total, 0);
    assert.equal(figures.notices.sent, 0);
    assert.deepEqual(figures.appeals.time_to_decide, {
      count: 0,
      median_hours: null,
      p90_hours: null,
    });
  });

  it('rejects a bad period', async () => {
    for (const [from, to, field] of [
      ['yesterday', '2026-03-31', 'from'],
      ['2026-03-01', '2026-02-01', 'to'],
      ['2026-03-01', '2026-03-01T00:00:00', 'to'],
      ['2000-01-01', '2026-01-01', 'to'],
    ] as const) {
      await assert.rejects(
        getTransparencyReport(database, from, to),
        (error: unknown) => error instanceof VigilError && error.field === field,
        `${from} to ${to}`,
      );
    }
  });
});
