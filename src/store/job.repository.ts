import {
  type Insertable,
  type Kysely,
  type Selectable,
  sql,
  type Updateable,
  type UpdateQueryBuilder,
  type UpdateResult,
} from 'kysely';
import type pg from 'pg';

import type { Dialect } from './dialect.ts';
import type { JobTable, Schema } from './schema.ts';

/**
 * The states of a job row. A failed attempt that will be retried goes back to
 * `queued` with a later `run_at` and its error in `last_error`.
 */
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'dead'] as const;

export type JobStatus = (typeof JOB_STATUSES)[number];

export type JobRow = Selectable<JobTable>;

export type NewJobRow = Insertable<JobTable>;

/** The PostgreSQL channel that carries a wake-up for workers in other processes. */
export const JOB_CHANNEL = 'vigil_jobs';

/**
 * Identifies one claim of one job. Every write after the claim matches all
 * three values, so a worker whose lease expired and was reclaimed by another
 * worker (or by itself on a later attempt) changes nothing.
 */
export interface JobLease {
  readonly id: number;
  readonly workerId: string;
  readonly attempt: number;
}

export interface ClaimJobOptions {
  readonly workerId: string;
  readonly now: string;
  readonly lockedUntil: string;
}

/** Inserts one job row through `executor`, which may be a transaction, and returns its id. */
export async function insertJob(executor: Kysely<Schema>, row: NewJobRow): Promise<number> {
  const inserted = await executor
    .insertInto('jobs')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/**
 * Builds the claim statement: one UPDATE that picks the oldest due job, or a
 * running job whose lease expired with attempts left, marks it running under
 * `workerId` until `lockedUntil` and counts the attempt. On PostgreSQL the
 * inner SELECT takes `FOR UPDATE SKIP LOCKED`, so concurrent claims skip each
 * other's rows instead of waiting. SQLite runs one writer at a time, so the
 * same statement is atomic there without row locks.
 */
export function buildClaimJobQuery(db: Kysely<Schema>, dialect: Dialect, claim: ClaimJobOptions) {
  const next = db
    .selectFrom('jobs')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', claim.now)]),
        eb.and([
          eb('status', '=', 'running'),
          eb('locked_until', '<=', claim.now),
          eb('attempts', '<', eb.ref('max_attempts')),
        ]),
      ]),
    )
    .orderBy('run_at')
    .orderBy('id')
    .limit(1)
    .$if(dialect === 'postgres', (query) => query.forUpdate().skipLocked());

  return db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      attempts: eb('attempts', '+', 1),
      locked_by: claim.workerId,
      locked_until: claim.lockedUntil,
      updated_at: claim.now,
    }))
    .where('id', '=', next)
    .returningAll();
}

/** Claims the next job for `claim.workerId`, or returns undefined when none is due. */
export async function claimNextJob(
  db: Kysely<Schema>,
  dialect: Dialect,
  claim: ClaimJobOptions,
): Promise<JobRow | undefined> {
  return buildClaimJobQuery(db, dialect, claim).executeTakeFirst();
}

/** Moves the lease end of a running job. Returns false when the lease is no longer held. */
export async function extendJobLease(
  db: Kysely<Schema>,
  lease: JobLease,
  lockedUntil: string,
  now: string,
): Promise<boolean> {
  const result = await whereLeaseHeld(
    db.updateTable('jobs').set({ locked_until: lockedUntil, updated_at: now }),
    lease,
  ).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Marks a running job succeeded. Returns false when the lease is no longer held. */
export async function markJobSucceeded(
  db: Kysely<Schema>,
  lease: JobLease,
  now: string,
): Promise<boolean> {
  return finishLease(db, lease, { status: 'succeeded', updated_at: now, finished_at: now });
}

/** Marks a running job dead with its error. Returns false when the lease is no longer held. */
export async function markJobDead(
  db: Kysely<Schema>,
  lease: JobLease,
  lastError: string,
  now: string,
): Promise<boolean> {
  return finishLease(db, lease, {
    status: 'dead',
    last_error: lastError,
    updated_at: now,
    finished_at: now,
  });
}

/** Puts a running job back in the queue to run at `runAt`, keeping its error and attempt count. */
export async function scheduleJobRetry(
  db: Kysely<Schema>,
  lease: JobLease,
  retry: { readonly runAt: string; readonly lastError: string; readonly now: string },
): Promise<boolean> {
  return finishLease(db, lease, {
    status: 'queued',
    run_at: retry.runAt,
    last_error: retry.lastError,
    updated_at: retry.now,
  });
}

/**
 * Puts a running job back in the queue without counting the attempt it was
 * given. Returns false when the lease is no longer held.
 */
export async function releaseJob(
  db: Kysely<Schema>,
  lease: JobLease,
  now: string,
): Promise<boolean> {
  const result = await whereLeaseHeld(
    db.updateTable('jobs').set((eb) => ({
      status: 'queued',
      attempts: eb('attempts', '-', 1),
      locked_by: null,
      locked_until: null,
      updated_at: now,
    })),
    lease,
  ).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Marks dead every running job whose lease ended at or before `now` and that
 * has no attempts left, so the claim query, which skips them, does not leave
 * them running forever. Returns how many rows changed.
 */
export async function markExpiredJobsDead(
  db: Kysely<Schema>,
  lastError: string,
  now: string,
): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({
      status: 'dead',
      last_error: lastError,
      locked_by: null,
      locked_until: null,
      updated_at: now,
      finished_at: now,
    })
    .where('status', '=', 'running')
    .where('locked_until', '<=', now)
    .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Counts jobs per status value found in the table. */
export async function countJobsByStatus(db: Kysely<Schema>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('jobs')
    .select(['status', (eb) => eb.fn.countAll<number | string | bigint>().as('count')])
    .groupBy('status')
    .execute();
  return new Map(rows.map((row) => [row.status, Number(row.count)]));
}

/** Selects dead jobs, newest id first, with ids below `beforeId` when given. */
export async function selectDeadJobs(
  db: Kysely<Schema>,
  page: { readonly limit: number; readonly beforeId?: number },
): Promise<JobRow[]> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('status', '=', 'dead')
    .$if(page.beforeId !== undefined, (query) => query.where('id', '<', page.beforeId ?? 0))
    .orderBy('id', 'desc')
    .limit(page.limit)
    .execute();
}

/**
 * Puts a dead job back in the queue, due at `now`, with its attempt count at
 * zero. Keeps `last_error`. Returns false when no dead job has this id.
 */
export async function requeueDeadJob(
  db: Kysely<Schema>,
  id: number,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({
      status: 'queued',
      attempts: 0,
      run_at: now,
      locked_by: null,
      locked_until: null,
      updated_at: now,
      finished_at: null,
    })
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Sends a wake-up on `JOB_CHANNEL`, on PostgreSQL only. Inside a transaction
 * PostgreSQL delivers it on commit.
 */
export async function notifyJobChannel(db: Kysely<Schema>): Promise<void> {
  await sql`select pg_notify(${JOB_CHANNEL}, '')`.execute(db);
}

/** A connection held for LISTEN. `close()` returns it to the pool. */
export interface JobChannelListener {
  close(): Promise<void>;
}

/**
 * Takes a connection from `pool` and listens on `JOB_CHANNEL`, calling
 * `onNotify` for each wake-up. `onError` receives connection failures, after
 * which the listener is closed and the caller may listen again.
 */
export async function listenOnJobChannel(
  pool: pg.Pool,
  onNotify: () => void,
  onError: (error: Error) => void,
): Promise<JobChannelListener> {
  const client = await pool.connect();
  let closed = false;

  const onNotification = (message: pg.Notification): void => {
    if (message.channel === JOB_CHANNEL) {
      onNotify();
    }
  };
  const onClientError = (error: Error): void => {
    void close(error);
    onError(error);
  };
  // The pool hands this client out again after release, so the listeners must go.
  const close = async (failure?: Error): Promise<void> => {
    if (closed) {
      return;
    }
    closed = true;
    client.off('notification', onNotification);
    client.off('error', onClientError);
    if (failure) {
      client.release(failure);
      return;
    }
    try {
      await client.query(`UNLISTEN ${JOB_CHANNEL}`);
      client.release();
    } catch (error) {
      client.release(error instanceof Error ? error : true);
    }
  };

  client.on('notification', onNotification);
  client.on('error', onClientError);
  try {
    await client.query(`LISTEN ${JOB_CHANNEL}`);
  } catch (error) {
    await close(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
  return { close: () => close() };
}

async function finishLease(db: Kysely<Schema>, lease: JobLease, values: Updateable<JobTable>) {
  const result = await whereLeaseHeld(
    db.updateTable('jobs').set({ ...values, locked_by: null, locked_until: null }),
    lease,
  ).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

type JobUpdateQuery = UpdateQueryBuilder<Schema, 'jobs', 'jobs', UpdateResult>;

function whereLeaseHeld(query: JobUpdateQuery, lease: JobLease): JobUpdateQuery {
  return query
    .where('id', '=', lease.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', lease.workerId)
    .where('attempts', '=', lease.attempt);
}
