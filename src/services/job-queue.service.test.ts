import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';

import { createTestDatabase, TEST_DIALECT } from '../../test/support/database.ts';
import { listenOnJobChannel } from '../store/job.repository.ts';
import {
  claimJob,
  countJobs,
  enqueue,
  failJob,
  listDeadJobs,
  notifyWorkers,
  onJobsQueued,
  requeue,
} from './job-queue.service.ts';

class RollbackError extends Error {}

describe('job queue service', async () => {
  const database = await createTestDatabase();
  const { db } = database;
  after(() => database.close());
  beforeEach(() => db.deleteFrom('jobs').execute());

  const findJob = (id: number) =>
    db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('enqueue rolls back with transaction', async () => {
    const attempt = db.transaction().execute(async (trx) => {
      await enqueue(trx, { name: 'report.enrich', payload: { reportId: 7 } });
      throw new RollbackError('undo');
    });

    await assert.rejects(attempt, RollbackError);
    const rows = await db.selectFrom('jobs').select('id').execute();
    assert.equal(rows.length, 0);
  });

  it('enqueue commits with transaction', async () => {
    const runAt = new Date('2030-01-01T00:00:00.000Z');
    const id = await db
      .transaction()
      .execute((trx) =>
        enqueue(trx, { name: 'report.enrich', payload: { reportId: 7 }, runAt, maxAttempts: 2 }),
      );

    const row = await findJob(id);
    assert.equal(row.name, 'report.enrich');
    assert.deepEqual(JSON.parse(row.payload), { reportId: 7 });
    assert.equal(row.status, 'queued');
    assert.equal(row.attempts, 0);
    assert.equal(row.max_attempts, 2);
    assert.equal(row.run_at, runAt.toISOString());
    assert.equal(row.locked_by, null);
  });

  it('enqueue rejects invalid options', async () => {
    const payload = { reportId: 7 };

    await assert.rejects(enqueue(db, { name: ' ', payload }), /job name: must not be empty/);
    await assert.rejects(enqueue(db, { name: 'a', payload, maxAttempts: 0 }), /maxAttempts/);
    await assert.rejects(enqueue(db, { name: 'a', payload: undefined }), /has no JSON form/);
    const runAt = new Date('not a date');
    await assert.rejects(enqueue(db, { name: 'a', payload, runAt }), /runAt: invalid date/);
  });

  it('failJob retries with attempts left', async () => {
    const id = await enqueue(db, { name: 'a', payload: {}, maxAttempts: 2 });
    const job = await claimJob(database, 'worker-a', 30_000);
    assert.ok(job);
    const retryAt = new Date('2030-01-01T00:00:00.000Z');

    const outcome = await failJob(db, job, { lastError: 'Error: boom', retryAt });

    assert.equal(outcome, 'retrying');
    const row = await findJob(id);
    assert.equal(row.status, 'queued');
    assert.equal(row.attempts, 1);
    assert.equal(row.run_at, retryAt.toISOString());
    assert.equal(row.last_error, 'Error: boom');
    assert.equal(row.locked_by, null);
  });

  it('failJob buries the last attempt', async () => {
    const id = await enqueue(db, { name: 'a', payload: {}, maxAttempts: 1 });
    const job = await claimJob(database, 'worker-a', 30_000);
    assert.ok(job);

    const outcome = await failJob(db, job, { lastError: 'Error: boom', retryAt: new Date() });

    assert.equal(outcome, 'dead');
    const row = await findJob(id);
    assert.equal(row.status, 'dead');
    assert.equal(row.last_error, 'Error: boom');
    assert.notEqual(row.finished_at, null);
  });

  it('countJobs fills missing statuses', async () => {
    await enqueue(db, { name: 'a', payload: {} });
    await enqueue(db, { name: 'a', payload: {} });

    assert.deepEqual(await countJobs(db), { queued: 2, running: 0, succeeded: 0, dead: 0 });
  });

  it('requeue revives a dead job', async () => {
    const id = await enqueue(db, { name: 'a', payload: {}, maxAttempts: 1 });
    const job = await claimJob(database, 'worker-a', 30_000);
    assert.ok(job);
    await failJob(db, job, { lastError: 'Error: boom', retryAt: new Date() });

    const dead = await listDeadJobs(db);
    assert.deepEqual(
      dead.map((entry) => [entry.id, entry.lastError, entry.attempts]),
      [[id, 'Error: boom', 1]],
    );

    assert.equal(await requeue(db, id), true);
    assert.equal(await requeue(db, id), false);
    assert.deepEqual(await listDeadJobs(db), []);
    const row = await findJob(id);
    assert.equal(row.status, 'queued');
    assert.equal(row.attempts, 0);
  });

  it('notifyWorkers wakes local listeners', async () => {
    let calls = 0;
    const unsubscribe = onJobsQueued(() => {
      calls += 1;
    });

    await notifyWorkers(database);
    unsubscribe();
    await notifyWorkers(database);

    assert.equal(calls, 1);
  });

  it('notifyWorkers sends a PostgreSQL NOTIFY', async (t) => {
    if (TEST_DIALECT !== 'postgres' || !database.pool) {
      t.skip('PostgreSQL only');
      return;
    }
    let wake = (): void => undefined;
    const notified = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const listener = await listenOnJobChannel(
      database.pool,
      () => wake(),
      () => undefined,
    );

    try {
      await notifyWorkers(database);
      await notified;
    } finally {
      await listener.close();
    }
  });
});
