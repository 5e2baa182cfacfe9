import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  insertDecision,
  insertNotice,
  insertOrganisation,
} from '../../test/accountability/seed.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import type { Period } from '../domain/transparency/period.ts';
import { getFigures, getNoticeResponseTimes } from './transparency.service.ts';

const MARCH: Period = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };

const day = (n: number) => `2026-03-${String(n).padStart(2, '0')}T08:00:00.000Z`;

describe('getNoticeResponseTimes', () => {
  let database: TestDatabase;
  const orgs = { fpt: 0, viettel: 0, matbao: 0 };

  before(async () => {
    database = await createTestDatabase();
    orgs.viettel = await insertOrganisation(database, 'Viettel', 'isp');
    orgs.fpt = await insertOrganisation(database, 'FPT Telecom', 'isp');
    orgs.matbao = await insertOrganisation(database, 'Mắt Bão', 'registrar');
    // One decision per notice, because an organisation gets one notice per decision.
    const notice = async (organisationId: number, sentAt: string | null, times = {}) => {
      const decisionId = await insertDecision(database, { at: day(1) });
      await insertNotice(database, { decisionId, organisationId, sentAt, ...times });
    };

    await notice(orgs.fpt, day(1), { acknowledgedAfter: 1, actionedAfter: 4 });
    await notice(orgs.fpt, day(2), { acknowledgedAfter: 2, actionedAfter: 20 });
    await notice(orgs.fpt, day(3), { acknowledgedAfter: 3 });
    await notice(orgs.fpt, day(4), { acknowledgedAfter: 10 });
    await notice(orgs.fpt, '2026-04-02T00:00:00.000Z', { acknowledgedAfter: 100 });
    await notice(orgs.viettel, day(5), { acknowledgedAfter: 5 });
    await notice(orgs.viettel, day(6), { declinedAfter: 6 });
    await notice(orgs.viettel, day(7));
    await notice(orgs.matbao, day(8), { acknowledgedAfter: 0.5, actionedAfter: 0.75 });
    await notice(orgs.matbao, null);
  });

  after(async () => {
    await database.close();
  });

  it('computes figures per organisation', async () => {
    const times = await getNoticeResponseTimes(database, MARCH);
    assert.deepEqual(times.period, MARCH);
    assert.deepEqual(times.by_organisation, [
      {
        organisation_id: orgs.fpt,
        name: 'FPT Telecom',
        kind: 'isp',
        sent: 4,
        acknowledged: 4,
        actioned: 2,
        declined: 0,
        time_to_acknowledge: { count: 4, median_hours: 2.5, p90_hours: 10 },
        time_to_act: { count: 2, median_hours: 12, p90_hours: 20 },
      },
      {
        organisation_id: orgs.matbao,
        name: 'Mắt Bão',
        kind: 'registrar',
        sent: 1,
        acknowledged: 1,
        actioned: 1,
        declined: 0,
        time_to_acknowledge: { count: 1, median_hours: 0.5, p90_hours: 0.5 },
        time_to_act: { count: 1, median_hours: 0.8, p90_hours: 0.8 },
      },
      {
        organisation_id: orgs.viettel,
        name: 'Viettel',
        kind: 'isp',
        sent: 3,
        acknowledged: 1,
        actioned: 0,
        declined: 1,
        time_to_acknowledge: { count: 1, median_hours: 5, p90_hours: 5 },
        time_to_act: { count: 0, median_hours: null, p90_hours: null },
      },
    ]);
  });

  it('computes figures per organisation kind', async () => {
    const times = await getNoticeResponseTimes(database, MARCH);
    assert.deepEqual(Object.keys(times.by_organisation_kind), ['isp', 'registrar']);
    assert.deepEqual(times.by_organisation_kind.isp, {
      sent: 7,
      acknowledged: 5,
      actioned: 2,
      declined: 1,
      time_to_acknowledge: { count: 5, median_hours: 3, p90_hours: 10 },
      time_to_act: { count: 2, median_hours: 12, p90_hours: 20 },
    });
  });

  it('agrees with the transparency report', async () => {
    const times = await getNoticeResponseTimes(database, MARCH);
    const report = await getFigures(database, MARCH);
    assert.deepEqual(times.by_organisation_kind, report.notices.by_organisation_kind);
    const sent = times.by_organisation.reduce((total, row) => total + row.sent, 0);
    assert.equal(sent, report.notices.sent);
  });

  it('returns nothing for an empty period', async () => {
    const period = { from: '2025-01-01T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z' };
    const times = await getNoticeResponseTimes(database, period);
    assert.deepEqual(times.by_organisation, []);
    assert.deepEqual(times.by_organisation_kind, {});
  });
});
