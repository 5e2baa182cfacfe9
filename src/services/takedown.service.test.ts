import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { listValues } from '../../test/support/factories.ts';
import { listTakedowns } from './takedown.service.ts';

let database: TestDatabase;

async function listedId(value: string, listedAt: string, takenDownAt: string | null) {
  await listValues(database, [value], { now: listedAt, expiresAt: '2099-01-01T00:00:00.000Z' });
  const row = await database.db
    .selectFrom('indicators')
    .select('id')
    .where('value', '=', value)
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  await database.db
    .updateTable('listings')
    .set({ taken_down_at: takenDownAt })
    .where('indicator_id', '=', id)
    .execute();
  return id;
}

async function insertCase(indicatorIds: readonly number[]): Promise<number> {
  const at = '2026-01-01T00:00:00.000Z';
  const row = await database.db
    .insertInto('cases')
    .values({
      status: 'confirmed',
      category: 'phishing',
      title: 'test',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const caseId = Number(row.id);
  for (const indicatorId of indicatorIds) {
    await database.db
      .insertInto('case_indicators')
      .values({ case_id: caseId, indicator_id: indicatorId, added_at: at })
      .execute();
  }
  return caseId;
}

async function insertDecision(caseId: number): Promise<number> {
  const at = '2026-01-01T00:00:00.000Z';
  const row = await database.db
    .insertInto('decisions')
    .values({
      case_id: caseId,
      verdict: 'confirmed',
      action: 'listed',
      status: 'effective',
      category: 'phishing',
      legal_basis: 'law-on-cybersecurity-2018',
      reasons: 'Test decision',
      tlp: 'TLP:CLEAR',
      expires_at: null,
      automated: 0,
      decided_by: null,
      approved_by: null,
      approval_reason: null,
      supersedes: null,
      created_at: at,
      effective_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

async function insertOrganisation(name: string, kind: string): Promise<number> {
  const row = await database.db
    .insertInto('organisations')
    .values({
      name,
      kind,
      language: 'vi',
      tlp_clearance: 'TLP:AMBER',
      contact_email: null,
      webhook_url: null,
      webhook_secret: null,
      created_at: '2026-01-01T00:00:00.000Z',
      disabled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

async function insertNotice(
  decisionId: number,
  organisationId: number,
  sentAt: string | null,
  indicatorIds: readonly number[] = [],
): Promise<number> {
  const at = sentAt ?? '2026-01-01T00:00:00.000Z';
  const row = await database.db
    .insertInto('notices')
    .values({
      uuid: crypto.randomUUID(),
      decision_id: decisionId,
      organisation_id: organisationId,
      status: sentAt === null ? 'queued' : 'sent',
      action_requested: 'take_down',
      tlp: 'TLP:AMBER',
      due_at: at,
      sent_at: sentAt,
      acknowledged_at: null,
      actioned_at: null,
      declined_at: null,
      response_note: null,
      reminded_at: null,
      follow_up_of: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  for (const indicatorId of indicatorIds) {
    await database.db
      .insertInto('notice_indicators')
      .values({ notice_id: id, indicator_id: indicatorId })
      .execute();
  }
  return id;
}

/** Ids of the seeded rows. */
let seeded: {
  fast: number;
  slow: number;
  feedOnly: number;
  caseId: number;
  host: number;
  registrar: number;
};

before(async () => {
  database = await createTestDatabase();
  const fast = await listedId(
    'fast-down.example',
    '2026-03-01T00:00:00.000Z',
    '2026-03-01T06:00:00.000Z',
  );
  const slow = await listedId(
    'slow-down.example',
    '2026-03-01T00:00:00.000Z',
    '2026-03-03T00:00:00.000Z',
  );
  const feedOnly = await listedId(
    'feed-down.example',
    '2026-03-02T00:00:00.000Z',
    '2026-03-02T12:00:00.000Z',
  );
  await listedId('still-up.example', '2026-03-01T00:00:00.000Z', null);
  await listedId('down-later.example', '2026-03-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z');

  const caseId = await insertCase([fast, slow]);
  const decisionId = await insertDecision(caseId);
  await database.db
    .updateTable('listings')
    .set({ decision_id: decisionId })
    .where('indicator_id', 'in', [fast, slow])
    .execute();
  const host = await insertOrganisation('Hosting <b>Co</b>', 'hosting');
  const registrar = await insertOrganisation('Registrar VN', 'registrar');
  const unsent = await insertOrganisation('Queued ISP', 'isp');
  // The host hears through the decision, twice; the registrar through notice_indicators.
  await insertNotice(decisionId, host, '2026-03-01T02:00:00.000Z');
  const followUp = await insertDecision(caseId);
  await insertNotice(followUp, host, '2026-03-01T04:00:00.000Z', [fast]);
  await insertNotice(followUp, registrar, '2026-03-01T01:00:00.000Z', [slow]);
  await insertNotice(decisionId, unsent, null);
  seeded = { fast, slow, feedOnly, caseId, host, registrar };
});

after(async () => {
  await database.close();
});

describe('listTakedowns', () => {
  test('lists takedowns in the period', async () => {
    const report = await listTakedowns(database, {
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
    });
    assert.deepEqual(
      report.takedowns.map((takedown) => [
        takedown.value,
        takedown.hoursToTakedown,
        takedown.caseId,
      ]),
      [
        ['fast-down.example', 6, seeded.caseId],
        ['feed-down.example', 12, null],
        ['slow-down.example', 48, seeded.caseId],
      ],
    );
    const fast = report.takedowns[0]!;
    assert.equal(fast.listedAt, '2026-03-01T00:00:00.000Z');
    assert.equal(fast.takenDownAt, '2026-03-01T06:00:00.000Z');
  });

  test('names organisations sent notices', async () => {
    const report = await listTakedowns(database, {
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
    });
    const byValue = new Map(report.takedowns.map((takedown) => [takedown.value, takedown]));
    assert.deepEqual(
      byValue
        .get('fast-down.example')!
        .organisations.map((org) => [org.name, org.sentAt, org.hoursFromNotice]),
      [['Hosting <b>Co</b>', '2026-03-01T02:00:00.000Z', 4]],
    );
    assert.deepEqual(
      byValue.get('slow-down.example')!.organisations.map((org) => [org.name, org.hoursFromNotice]),
      [
        ['Hosting <b>Co</b>', 46],
        ['Registrar VN', 47],
      ],
    );
    assert.deepEqual(byValue.get('feed-down.example')!.organisations, []);
  });

  test('groups by case and organisation', async () => {
    const report = await listTakedowns(database, {
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
    });
    assert.deepEqual(report.byCase, [
      { caseId: seeded.caseId, takedowns: 2, medianHoursToTakedown: 27, maxHoursToTakedown: 48 },
    ]);
    assert.deepEqual(report.byOrganisation, [
      {
        organisationId: seeded.host,
        name: 'Hosting <b>Co</b>',
        kind: 'hosting',
        takedowns: 2,
        medianHoursToTakedown: 27,
        medianHoursFromNotice: 25,
      },
      {
        organisationId: seeded.registrar,
        name: 'Registrar VN',
        kind: 'registrar',
        takedowns: 1,
        medianHoursToTakedown: 48,
        medianHoursFromNotice: 47,
      },
    ]);
  });

  test('empty period lists nothing', async () => {
    const report = await listTakedowns(database, { from: '2025-01-01', to: '2025-02-01' });
    assert.deepEqual(report.takedowns, []);
    assert.deepEqual(report.byCase, []);
    assert.deepEqual(report.byOrganisation, []);
    assert.equal(report.period.from, '2025-01-01T00:00:00.000Z');
  });

  test('rejects a malformed period', async () => {
    await assert.rejects(listTakedowns(database, { from: 'yesterday', to: '2026-01-01' }), {
      code: 'INVALID_INPUT',
      field: 'from',
    });
    await assert.rejects(listTakedowns(database, { from: '2026-02-01', to: '2026-01-01' }), {
      code: 'INVALID_INPUT',
      field: 'to',
    });
    await assert.rejects(
      listTakedowns(database, { from: '2026-01-01<script>', to: '2026-02-01' }),
      { code: 'INVALID_INPUT', field: 'from' },
    );
  });
});
