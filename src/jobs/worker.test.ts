import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';

import { sql } from 'kysely';

import {
  createCaptureLogger,
  createRunsTable,
  findDuplicates,
  type LogLine,
  recordRun,
  selectRuns,
  waitFor,
  waitForJobStatus,
  waitForStatusCount,
} from '../../test/jobs/support.ts';
import { createTestDatabase } from '../../test/support/database.ts';
import { enqueue, LEASE_EXPIRED_ERROR, notifyWorkers } from '../services/job-queue.service.ts';
import { type Database, openDatabase } from '../store/database.ts';
import { PermanentJobError } from './job-error.ts';
import type { JobContext, JobHandlers } from './job-handler.ts';
import { startWorker, type WorkerOptions } from './worker.ts';

const FAST = { pollIntervalMs: 20, leaseMs: 5000, backoff: { baseMs: 10, capMs: 20 } };

function finishedLines(lines: readonly LogLine[]): LogLine[] {
  return lines.filter((line) => line.msg === 'job finished');
}

function outcomes(lines: readonly LogLine[]): unknown[] {
  return finishedLines(lines).map((line) => line.outcome);
}

describe('startWorker', async () => {
  const database = await createTestDatabase();
  const { db } = database;
  await createRunsTable(db);
  after(() => database.close());
  beforeEach(async () => {
    await db.deleteFrom('jobs').execute();
    await sql`delete from job_runs`.execute(db);
  });

  // On PostgreSQL each worker gets a pool of its own. On SQLite both share the
  // test's connection, because better-sqlite3 blocks the thread for the whole
  // busy_timeout when a second connection in the same process meets an open
  // transaction of the first (test/jobs runs SQLite workers in child processes).
  const openWorkerConnections = async () => {
    if (database.dialect === 'sqlite') {
      return [database, database];
    }
    const open = () => openDatabase(database.url, { migrate: false, poolSize: 4 });
    return Promise.all([open(), open()]);
  };
  const closeWorkerConnections = async (connections: readonly Database[]) => {
    const own = connections.filter((connection) => connection !== database);
    await Promise.all(own.map((connection) => connection.close()));
  };

  const start = (handlers: JobHandlers, options: Partial<WorkerOptions> = {}) => {
    const { logger, lines } = createCaptureLogger();
    const worker = startWorker({ database, handlers, logger, ...FAST, ...options });
    return { worker, lines };
  };

  it('runs a job to success', async () => {
    const calls: { payload: unknown; context: JobContext }[] = [];
    const id = await enqueue(db, { name: 'report.enrich', payload: { reportId: 7 } });
    const { worker, lines } = start({
      'report.enrich': (payload, context) => {
        calls.push({ payload, context });
        context.logger.info('enriching');
        return Promise.resolve();
      },
    });

    const row = await waitForJobStatus(db, id, 'succeeded');
    await worker.stop();

    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0]?.payload, { reportId: 7 });
    assert.equal(calls[0]?.context.jobId, id);
    assert.equal(calls[0]?.context.attempt, 1);
    assert.equal(calls[0]?.context.signal.aborted, false);
    assert.equal(row.attempts, 1);
    assert.equal(row.locked_by, null);
    assert.equal(row.locked_until, null);
    assert.notEqual(row.finished_at, null);
    assert.equal(row.last_error, null);

    const jobFields = {
      jobName: 'report.enrich',
      jobId: id,
      attempt: 1,
      workerId: worker.workerId,
    };
    const startLine = lines.find((line) => line.msg === 'job started');
    const handlerLine = lines.find((line) => line.msg === 'enriching');
    const [endLine] = finishedLines(lines);
    assert.deepEqual(pick(startLine, Object.keys(jobFields)), jobFields);
    assert.deepEqual(pick(handlerLine, Object.keys(jobFields)), jobFields);
    assert.deepEqual(pick(endLine, Object.keys(jobFields)), jobFields);
    assert.equal(endLine?.outcome, 'succeeded');
    assert.equal(typeof endLine?.durationMs, 'number');
    assert.equal(finishedLines(lines).length, 1);
  });

  it('retries then succeeds', async () => {
    const attempts: number[] = [];
    const id = await enqueue(db, { name: 'flaky', payload: {}, maxAttempts: 3 });
    const { worker, lines } = start({
      flaky: (_payload, context) => {
        attempts.push(context.attempt);
        const failure = new Error('first try fails');
        return context.attempt === 1 ? Promise.reject(failure) : Promise.resolve();
      },
    });

    const row = await waitForJobStatus(db, id, 'succeeded');
    await worker.stop();

    assert.deepEqual(attempts, [1, 2]);
    assert.equal(row.attempts, 2);
    assert.equal(row.last_error, 'Error: first try fails');
    assert.deepEqual(outcomes(lines), ['retrying', 'succeeded']);
    assert.equal(typeof finishedLines(lines)[0]?.retryAt, 'string');
  });

  it('buries a job after max attempts', async () => {
    let calls = 0;
    const id = await enqueue(db, { name: 'broken', payload: {}, maxAttempts: 3 });
    const { worker, lines } = start({
      broken: () => {
        calls += 1;
        return Promise.reject(new RangeError(`attempt ${calls} failed`));
      },
    });

    const row = await waitForJobStatus(db, id, 'dead');
    await worker.stop();

    assert.equal(calls, 3);
    assert.equal(row.attempts, 3);
    assert.equal(row.last_error, 'RangeError: attempt 3 failed');
    assert.notEqual(row.finished_at, null);
    assert.deepEqual(outcomes(lines), ['retrying', 'retrying', 'dead']);
    assert.equal(finishedLines(lines)[2]?.level, 50);
  });

  it('buries an unknown job name', async () => {
    const id = await enqueue(db, { name: 'no.such.job', payload: {}, maxAttempts: 5 });
    const { worker, lines } = start({});

    const row = await waitForJobStatus(db, id, 'dead');
    await worker.stop();

    assert.equal(row.attempts, 1);
    assert.equal(
      row.last_error,
      'UnknownJobError: no handler is registered for job name "no.such.job"',
    );
    assert.deepEqual(outcomes(lines), ['dead']);
  });

  it('buries on a permanent error', async () => {
    const id = await enqueue(db, { name: 'strict', payload: { reportId: 'x' }, maxAttempts: 5 });
    const { worker } = start({
      strict: () => Promise.reject(new PermanentJobError('reportId: expected a number')),
    });

    const row = await waitForJobStatus(db, id, 'dead');
    await worker.stop();

    assert.equal(row.attempts, 1);
    assert.equal(row.last_error, 'PermanentJobError: reportId: expected a number');
  });

  it('buries invalid payload JSON', async () => {
    const now = new Date().toISOString();
    const { id } = await db
      .insertInto('jobs')
      .values({
        name: 'strict',
        payload: '{not json',
        status: 'queued',
        max_attempts: 5,
        run_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { worker } = start({ strict: () => Promise.resolve() });

    const row = await waitForJobStatus(db, id, 'dead');
    await worker.stop();

    assert.equal(row.last_error, 'PermanentJobError: payload: invalid JSON');
  });

  it('buries a spent expired lease', async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const { id } = await db
      .insertInto('jobs')
      .values({
        name: 'crashy',
        payload: '{}',
        status: 'running',
        attempts: 2,
        max_attempts: 2,
        run_at: past,
        locked_by: 'gone',
        locked_until: past,
        created_at: past,
        updated_at: past,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    let calls = 0;
    const { worker, lines } = start({
      crashy: () => {
        calls += 1;
        return Promise.resolve();
      },
    });

    const row = await waitForJobStatus(db, id, 'dead');
    await worker.stop();

    assert.equal(calls, 0);
    assert.equal(row.attempts, 2);
    assert.equal(row.last_error, LEASE_EXPIRED_ERROR);
    assert.equal(row.locked_by, null);
    const sweepLine = lines.find((line) => line.msg === 'expired jobs marked dead');
    assert.equal(sweepLine?.count, 1);
  });

  it('wakes on notifyWorkers', async () => {
    const first = await enqueue(db, { name: 'noop', payload: {} });
    const { worker, lines } = start({ noop: () => Promise.resolve() }, { pollIntervalMs: 60_000 });
    await waitForJobStatus(db, first, 'succeeded');
    const idleLines = () => lines.filter((line) => line.msg === 'worker idle').length;
    await waitFor('the worker to sleep', () => idleLines() > 0);

    const second = await enqueue(db, { name: 'noop', payload: {} });
    await notifyWorkers(database);
    const row = await waitForJobStatus(db, second, 'succeeded');
    await worker.stop();

    assert.equal(row.attempts, 1);
  });

  it('stop waits for a running job', async () => {
    const events: string[] = [];
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let signal: AbortSignal | undefined;
    const id = await enqueue(db, { name: 'slow', payload: {} });
    const { worker } = start({
      slow: async (_payload, context) => {
        signal = context.signal;
        events.push('started');
        await gate;
        events.push('finished');
      },
    });
    await waitFor('the handler to start', () => events.includes('started'));

    const stopping = worker.stop().then(() => events.push('stopped'));
    await waitFor('the abort signal', () => signal?.aborted);
    await nextTurn();
    assert.deepEqual(events, ['started']);
    release();
    await stopping;

    assert.deepEqual(events, ['started', 'finished', 'stopped']);
    const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    assert.equal(row?.status, 'succeeded');
  });

  it('stop releases an aborted job', async () => {
    const id = await enqueue(db, { name: 'abortable', payload: {} });
    let started = false;
    const { worker, lines } = start({
      abortable: (_payload, context) => {
        started = true;
        return new Promise((_resolve, reject) => {
          context.signal.addEventListener('abort', () => reject(context.signal.reason as Error));
        });
      },
    });
    await waitFor('the handler to start', () => started);

    await worker.stop();

    const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    assert.equal(row?.status, 'queued');
    assert.equal(row?.attempts, 0);
    assert.equal(row?.locked_by, null);
    assert.deepEqual(outcomes(lines), ['released']);
  });

  it('stop leaves a stuck job leased', async () => {
    const id = await enqueue(db, { name: 'stuck', payload: {}, maxAttempts: 3 });
    let started = false;
    const first = start(
      {
        stuck: () => {
          started = true;
          return new Promise(() => undefined);
        },
      },
      { leaseMs: 300, heartbeatMs: 100, shutdownTimeoutMs: 50 },
    );
    await waitFor('the handler to start', () => started);
    await first.worker.stop();

    const leased = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    assert.equal(leased?.status, 'running');
    assert.equal(leased?.locked_by, first.worker.workerId);

    const attempts: number[] = [];
    const second = start({
      stuck: (_payload, context) => {
        attempts.push(context.attempt);
        return Promise.resolve();
      },
    });
    const row = await waitForJobStatus(db, id, 'succeeded');
    await second.worker.stop();

    assert.deepEqual(attempts, [2]);
    assert.equal(row.attempts, 2);
    const stopLine = first.lines.find((line) => line.msg === 'worker stopped');
    assert.equal(stopLine?.unfinishedJobs, 1);
  });

  it('renews the lease of a long job', async () => {
    const id = await enqueue(db, { name: 'long', payload: {} });
    const handler = async (_payload: unknown, context: JobContext) => {
      await recordRun(db, { jobId: context.jobId, workerId: `attempt ${context.attempt}` });
      await sleep(900);
    };
    const lease = { leaseMs: 200, heartbeatMs: 50 };
    const first = start({ long: handler }, lease);
    await waitFor('the first run', async () => (await selectRuns(db)).length > 0);
    const second = start({ long: handler }, lease);

    const row = await waitForJobStatus(db, id, 'succeeded');
    await Promise.all([first.worker.stop(), second.worker.stop()]);

    assert.equal(row.attempts, 1);
    assert.deepEqual(await selectRuns(db), [{ jobId: id, workerId: 'attempt 1' }]);
    assert.deepEqual(outcomes(first.lines), ['succeeded']);
  });

  it('aborts a handler on lost lease', async () => {
    const id = await enqueue(db, { name: 'watched', payload: {} });
    let reason: unknown;
    const { worker, lines } = start(
      {
        watched: (_payload, context) =>
          new Promise((_resolve, reject) => {
            context.signal.addEventListener('abort', () => {
              reason = context.signal.reason;
              reject(context.signal.reason as Error);
            });
          }),
      },
      { leaseMs: 300, heartbeatMs: 30 },
    );
    await waitForJobStatus(db, id, 'running');

    await db.updateTable('jobs').set({ locked_by: 'intruder' }).where('id', '=', id).execute();
    await waitFor('the lease loss', () => outcomes(lines).length > 0);
    await worker.stop();

    assert.equal((reason as Error).name, 'LeaseLostError');
    assert.deepEqual(outcomes(lines), ['leaseLost']);
    const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    assert.equal(row?.locked_by, 'intruder');
  });

  it('two workers run 200 jobs once', async () => {
    const connections = await openWorkerConnections();
    const workers = connections.map((connection) => {
      const { logger } = createCaptureLogger();
      const worker: { workerId: string; stop(): Promise<void> } = startWorker({
        database: connection,
        logger,
        concurrency: 4,
        pollIntervalMs: 10,
        leaseMs: 30_000,
        handlers: {
          count: async (_payload, context) => {
            await recordRun(connection.db, { jobId: context.jobId, workerId: worker.workerId });
          },
        },
      });
      return worker;
    });

    try {
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < 200; i += 1) {
          await enqueue(trx, { name: 'count', payload: { i } });
        }
      });
      await notifyWorkers(database);
      await waitForStatusCount(db, 'succeeded', 200);
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
      await closeWorkerConnections(connections);
    }

    const runs = await selectRuns(db);
    assert.equal(runs.length, 200);
    assert.deepEqual(findDuplicates(runs.map((run) => run.jobId)), []);
    const retried = await db.selectFrom('jobs').select('id').where('attempts', '!=', 1).execute();
    assert.deepEqual(retried, []);
  });

  it('rejects a heartbeat beyond the lease', () => {
    const { logger } = createCaptureLogger();
    const options = { database, handlers: {}, logger, leaseMs: 100, heartbeatMs: 100 };

    assert.throws(() => startWorker(options), /heartbeatMs: must be below leaseMs \(100\)/);
    assert.throws(() => startWorker({ ...options, concurrency: 0 }), /concurrency: expected/);
  });
});

function pick(line: LogLine | undefined, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, line?.[key]]));
}
