import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';

import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';

import { createTestDatabase, TEST_DIALECT } from '../../test/support/database.ts';
import type { Dialect } from './dialect.ts';
import {
  buildClaimJobQuery,
  claimNextJob,
  countJobsByStatus,
  extendJobLease,
  insertJob,
  markExpiredJobsDead,
  markJobSucceeded,
  type NewJobRow,
  releaseJob,
  requeueDeadJob,
  selectDeadJobs,
} from './job.repository.ts';
import type { Schema } from './schema.ts';

const CLAIM_SQL: Record<Dialect, string> = {
  postgres:
    'update "jobs" set "status" = $1, "attempts" = "attempts" + $2, "locked_by" = $3, ' +
    '"locked_until" = $4, "updated_at" = $5 where "id" = (select "id" from "jobs" where ' +
    '(("status" = $6 and "run_at" <= $7) or ("status" = $8 and "locked_until" <= $9 and ' +
    '"attempts" < "max_attempts")) order by "run_at", "id" limit $10 for update skip locked) ' +
    'returning *',
  sqlite:
    'update "jobs" set "status" = ?, "attempts" = "attempts" + ?, "locked_by" = ?, ' +
    '"locked_until" = ?, "updated_at" = ? where "id" = (select "id" from "jobs" where ' +
    '(("status" = ? and "run_at" <= ?) or ("status" = ? and "locked_until" <= ? and ' +
    '"attempts" < "max_attempts")) order by "run_at", "id" limit ?) returning *',
};

const NOW = '2026-12-04T10:00:00.000Z';
const LATER = '2026-12-04T10:00:30.000Z';
const EARLIER = '2026-12-04T09:59:00.000Z';
const CLAIM = { workerId: 'worker-a', now: NOW, lockedUntil: LATER };
const CLAIM_PARAMETERS = ['running', 1, 'worker-a', LATER, NOW, 'queued', NOW, 'running', NOW, 1];

/** Creates a Kysely instance that compiles for `dialect` without a connection. */
function createCompiler(dialect: Dialect): Kysely<Schema> {
  const postgres = dialect === 'postgres';
  return new Kysely<Schema>({
    dialect: {
      createAdapter: () => (postgres ? new PostgresAdapter() : new SqliteAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) =>
        postgres ? new PostgresIntrospector(db) : new SqliteIntrospector(db),
      createQueryCompiler: () =>
        postgres ? new PostgresQueryCompiler() : new SqliteQueryCompiler(),
    },
  });
}

function jobRow(overrides: Partial<NewJobRow> = {}): NewJobRow {
  return {
    name: 'test.job',
    payload: '{}',
    status: 'queued',
    max_attempts: 3,
    run_at: EARLIER,
    created_at: EARLIER,
    updated_at: EARLIER,
    ...overrides,
  };
}

describe('job repository', async () => {
  const database = await createTestDatabase();
  const { db } = database;
  after(() => database.close());
  beforeEach(() => db.deleteFrom('jobs').execute());

  it('compiles the PostgreSQL claim', () => {
    const compiled = buildClaimJobQuery(createCompiler('postgres'), 'postgres', CLAIM).compile();

    assert.equal(compiled.sql, CLAIM_SQL.postgres);
    assert.deepEqual(compiled.parameters, CLAIM_PARAMETERS);
  });

  it('compiles the SQLite claim', () => {
    const compiled = buildClaimJobQuery(createCompiler('sqlite'), 'sqlite', CLAIM).compile();

    assert.equal(compiled.sql, CLAIM_SQL.sqlite);
    assert.deepEqual(compiled.parameters, CLAIM_PARAMETERS);
  });

  it('runs the claim query', async () => {
    const id = await insertJob(db, jobRow());
    const query = buildClaimJobQuery(db, database.dialect, CLAIM);

    assert.equal(query.compile().sql, CLAIM_SQL[TEST_DIALECT]);
    const row = await query.executeTakeFirst();

    assert.equal(row?.id, id);
    assert.equal(row?.status, 'running');
    assert.equal(row?.attempts, 1);
    assert.equal(row?.locked_by, 'worker-a');
    assert.equal(row?.locked_until, LATER);
    assert.equal(row?.updated_at, NOW);
  });

  it('claims each job once', async () => {
    await insertJob(db, jobRow());

    const first = await claimNextJob(db, database.dialect, CLAIM);
    const second = await claimNextJob(db, database.dialect, { ...CLAIM, workerId: 'worker-b' });

    assert.ok(first);
    assert.equal(second, undefined);
  });

  it('claims the oldest due job', async () => {
    await insertJob(db, jobRow({ name: 'late', run_at: NOW }));
    await insertJob(db, jobRow({ name: 'early', run_at: EARLIER }));
    await insertJob(db, jobRow({ name: 'future', run_at: LATER }));

    const names = [];
    for (let i = 0; i < 3; i += 1) {
      const row = await claimNextJob(db, database.dialect, CLAIM);
      names.push(row?.name);
    }

    assert.deepEqual(names, ['early', 'late', undefined]);
  });

  it('reclaims an expired lease', async () => {
    const running = { status: 'running', attempts: 1, locked_by: 'gone', locked_until: EARLIER };
    const id = await insertJob(db, jobRow(running));

    const row = await claimNextJob(db, database.dialect, CLAIM);

    assert.equal(row?.id, id);
    assert.equal(row?.attempts, 2);
    assert.equal(row?.locked_by, 'worker-a');
  });

  it('skips a lease still held', async () => {
    const running = { status: 'running', attempts: 1, locked_by: 'alive', locked_until: LATER };
    await insertJob(db, jobRow(running));

    assert.equal(await claimNextJob(db, database.dialect, CLAIM), undefined);
  });

  it('buries expired jobs without attempts', async () => {
    const spent = { status: 'running', attempts: 3, locked_by: 'gone', locked_until: EARLIER };
    const id = await insertJob(db, jobRow(spent));

    assert.equal(await claimNextJob(db, database.dialect, CLAIM), undefined);
    assert.equal(await markExpiredJobsDead(db, 'LeaseExpiredError: gone', NOW), 1);

    const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    assert.equal(row?.status, 'dead');
    assert.equal(row?.last_error, 'LeaseExpiredError: gone');
    assert.equal(row?.finished_at, NOW);
    assert.equal(row?.locked_by, null);
  });

  it('rejects writes without the lease', async () => {
    await insertJob(db, jobRow());
    const row = await claimNextJob(db, database.dialect, CLAIM);
    assert.ok(row);

    const otherWorker = { id: row.id, workerId: 'worker-b', attempt: 1 };
    const oldAttempt = { id: row.id, workerId: 'worker-a', attempt: 0 };
    const held = { id: row.id, workerId: 'worker-a', attempt: 1 };

    assert.equal(await extendJobLease(db, otherWorker, LATER, NOW), false);
    assert.equal(await markJobSucceeded(db, oldAttempt, NOW), false);
    assert.equal(await extendJobLease(db, held, LATER, NOW), true);
    assert.equal(await markJobSucceeded(db, held, NOW), true);
    assert.equal(await markJobSucceeded(db, held, NOW), false);
  });

  it('releases a claim uncounted', async () => {
    const id = await insertJob(db, jobRow());
    await claimNextJob(db, database.dialect, CLAIM);

    assert.equal(await releaseJob(db, { id, workerId: 'worker-a', attempt: 1 }, NOW), true);

    const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    assert.equal(row?.status, 'queued');
    assert.equal(row?.attempts, 0);
    assert.equal(row?.locked_by, null);
    assert.equal(row?.locked_until, null);
  });

  it('counts jobs by status', async () => {
    await insertJob(db, jobRow());
    await insertJob(db, jobRow());
    await insertJob(db, jobRow({ status: 'dead', last_error: 'Error: boom' }));

    const counts = await countJobsByStatus(db);

    assert.deepEqual([...counts].sort(), [
      ['dead', 1],
      ['queued', 2],
    ]);
  });

  it('pages dead jobs newest first', async () => {
    const ids = [];
    for (let i = 0; i < 3; i += 1) {
      ids.push(await insertJob(db, jobRow({ status: 'dead', last_error: `Error: ${i}` })));
    }
    await insertJob(db, jobRow());

    const firstPage = await selectDeadJobs(db, { limit: 2 });
    const secondPage = await selectDeadJobs(db, { limit: 2, beforeId: firstPage.at(-1)?.id });

    assert.deepEqual(
      firstPage.map((row) => row.id),
      [ids[2], ids[1]],
    );
    assert.deepEqual(
      secondPage.map((row) => row.id),
      [ids[0]],
    );
  });

  it('requeues only dead jobs', async () => {
    const dead = { status: 'dead', attempts: 3, last_error: 'Error: boom', finished_at: NOW };
    const deadId = await insertJob(db, jobRow(dead));
    const queuedId = await insertJob(db, jobRow());

    assert.equal(await requeueDeadJob(db, queuedId, LATER), false);
    assert.equal(await requeueDeadJob(db, deadId, LATER), true);

    const row = await db.selectFrom('jobs').selectAll().where('id', '=', deadId).executeTakeFirst();
    assert.equal(row?.status, 'queued');
    assert.equal(row?.attempts, 0);
    assert.equal(row?.run_at, LATER);
    assert.equal(row?.finished_at, null);
    assert.equal(row?.last_error, 'Error: boom');
  });
});
