import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { listValues } from '../../test/support/factories.ts';
import { checkAuditChain } from '../domain/audit/audit-chain.ts';
import { isVigilError } from '../errors.ts';
import { appendAuditEntry, selectAuditEntries } from '../store/audit.repository.ts';
import {
  approveDecision,
  DECISION_EFFECTIVE_JOB,
  recordDecision,
  type RecordDecisionInput,
  refuseDecision,
} from './decision.service.ts';
import { LookupService } from './lookup.service.ts';

const NOW = new Date('2026-12-04T10:00:00.000Z');
const SETTINGS = { legalBases: ['law-on-cybersecurity-2018'], now: NOW };

describe('decision service', () => {
  let database: TestDatabase;
  let analyst: number;
  let supervisor: number;

  before(async () => {
    database = await createTestDatabase();
    const users = await database.db
      .insertInto('users')
      .values([
        { email: 'analyst@cert.example', role: 'analyst', created_at: NOW.toISOString() },
        { email: 'supervisor@cert.example', role: 'supervisor', created_at: NOW.toISOString() },
      ])
      .returning('id')
      .execute();
    analyst = Number(users[0]!.id);
    supervisor = Number(users[1]!.id);
  });
  after(() => database.close());

  async function storeUnlisted(value: string): Promise<number> {
    await listValues(database, [value], { unlisted: true, now: NOW.toISOString() });
    const row = await database.db
      .selectFrom('indicators')
      .select('id')
      .where('value', 'like', `%${value.replace(/^https?:\/\//, '')}%`)
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  function listingOf(indicatorIds: number[]): RecordDecisionInput {
    return {
      verdict: 'confirmed',
      action: 'listed',
      category: 'phishing',
      legalBasis: 'law-on-cybersecurity-2018',
      reasons: 'Imitates the sign-in page of a bank.',
      tlp: 'TLP:CLEAR',
      expiresAt: new Date(Date.now() + 90 * 86_400_000).toISOString(),
      indicatorIds,
      decidedBy: analyst,
      automated: false,
    };
  }

  async function listingRow(indicatorId: number) {
    return database.db
      .selectFrom('listings')
      .selectAll()
      .where('indicator_id', '=', indicatorId)
      .executeTakeFirst();
  }

  it('lists at once, for the lookup too, and queues the effective job', async () => {
    const lookup = await LookupService.load(database);
    const indicatorId = await storeUnlisted('http://vcb-dangnhap.example/login');
    const before = await lookup.lookup('http://vcb-dangnhap.example/login');
    assert.equal(before.listed, false);

    // The lookup follows changes by their time, so this decision is made now.
    const decision = await recordDecision(database, listingOf([indicatorId]), {
      legalBases: SETTINGS.legalBases,
    });

    assert.equal(decision.status, 'effective');
    const listing = await listingRow(indicatorId);
    assert.equal(listing?.status, 'active');
    assert.equal(listing?.decided_by, 'person');
    assert.equal(listing?.decision_id, decision.id);
    await lookup.followChanges();
    const after = await lookup.lookup('http://vcb-dangnhap.example/login');
    assert.equal(after.listed, true);
    const jobs = await database.db
      .selectFrom('jobs')
      .select('payload')
      .where('name', '=', DECISION_EFFECTIVE_JOB)
      .execute();
    assert.ok(
      jobs.some(
        (job) => (JSON.parse(job.payload) as { decisionId: number }).decisionId === decision.id,
      ),
    );
  });

  it('sets the verdict on the case and its reports, with a status event', async () => {
    const at = NOW.toISOString();
    const caseRow = await database.db
      .insertInto('cases')
      .values({
        status: 'open',
        category: 'fraud',
        title: 'Fake shop',
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const caseId = Number(caseRow.id);
    const report = await database.db
      .insertInto('reports')
      .values({
        receipt: 'TEST-0001',
        status: 'received',
        category: 'fraud',
        channel: 'website',
        description: 'Paid and got nothing',
        money_lost: 1,
        language: 'vi',
        case_id: caseId,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    await recordDecision(
      database,
      { ...listingOf([]), caseId, verdict: 'rejected', action: 'none', expiresAt: null },
      SETTINGS,
    );

    const stored = await database.db
      .selectFrom('cases')
      .select('status')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.equal(stored.status, 'rejected');
    const events = await database.db
      .selectFrom('report_events')
      .select('status')
      .where('report_id', '=', Number(report.id))
      .execute();
    assert.deepEqual(
      events.map((event) => event.status),
      ['rejected'],
    );
  });

  it('holds a high-impact decision until a second person approves it', async () => {
    const indicatorId = await storeUnlisted('dichvucong-gov.example');
    const decision = await recordDecision(
      database,
      { ...listingOf([indicatorId]), needsApproval: true },
      SETTINGS,
    );
    assert.equal(decision.status, 'pending_approval');
    assert.equal(await listingRow(indicatorId), undefined);

    await assert.rejects(
      approveDecision(database, decision.id, analyst, 'looks right', NOW),
      (error: unknown) => isVigilError(error) && error.code === 'CONFLICT',
    );
    await approveDecision(database, decision.id, supervisor, 'Checked the evidence', NOW);

    assert.equal((await listingRow(indicatorId))?.status, 'active');
    await assert.rejects(
      approveDecision(database, decision.id, supervisor, 'again', NOW),
      (error: unknown) => isVigilError(error) && error.code === 'CONFLICT',
    );
  });

  it('refuses a held decision with a reason, and it never lists', async () => {
    const indicatorId = await storeUnlisted('truong-hoc.example');
    const decision = await recordDecision(
      database,
      { ...listingOf([indicatorId]), needsApproval: true },
      SETTINGS,
    );
    await assert.rejects(refuseDecision(database, decision.id, supervisor, ' ', NOW));
    await refuseDecision(database, decision.id, supervisor, 'The school site is genuine', NOW);
    assert.equal(await listingRow(indicatorId), undefined);
    await assert.rejects(approveDecision(database, decision.id, supervisor, 'ok', NOW));
  });

  it('delists, and a feed naming the value again does not relist it', async () => {
    const indicatorId = await storeUnlisted('shop-that-was-fine.example');
    const listed = await recordDecision(database, listingOf([indicatorId]), SETTINGS);
    await recordDecision(
      database,
      {
        ...listingOf([indicatorId]),
        verdict: 'rejected',
        action: 'delisted',
        expiresAt: null,
        reasons: 'The owner showed the shop is genuine.',
        supersedes: listed.id,
      },
      SETTINGS,
    );
    assert.equal((await listingRow(indicatorId))?.status, 'delisted');
    await listValues(database, ['shop-that-was-fine.example'], { now: NOW.toISOString() });
    assert.equal((await listingRow(indicatorId))?.status, 'delisted');
  });

  it('writes nothing for an invalid draft and names the field', async () => {
    const count = async () =>
      Number(
        (
          await database.db
            .selectFrom('decisions')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await assert.rejects(
      recordDecision(database, { ...listingOf([]), legalBasis: 'because' }, SETTINGS),
      (error: unknown) => isVigilError(error) && error.field === 'legalBasis',
    );
    await assert.rejects(
      recordDecision(database, { ...listingOf([]), decidedBy: null }, SETTINGS),
      (error: unknown) => isVigilError(error) && error.field === 'decidedBy',
    );
    assert.equal(await count(), before);
  });

  it('keeps one unbroken audit chain, also under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        database.db.transaction().execute((trx) =>
          appendAuditEntry(trx, database.dialect, {
            actor: 'system',
            action: 'test.concurrent',
            targetType: 'test',
            targetId: index,
          }),
        ),
      ),
    );
    let result = checkAuditChain([]);
    for await (const page of selectAuditEntries(database.db, 7)) {
      assert.ok(result.ok);
      result = checkAuditChain(page, result);
    }
    assert.ok(result.ok, result.ok ? '' : result.message);
    assert.ok(result.checked >= 26);
  });
});
