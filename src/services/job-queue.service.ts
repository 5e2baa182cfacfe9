import { EventEmitter } from 'node:events';

import type { Kysely } from 'kysely';

import type { Database } from '../store/database.ts';
import {
  claimNextJob,
  countJobsByStatus,
  extendJobLease,
  insertJob,
  JOB_STATUSES,
  type JobLease,
  type JobRow,
  type JobStatus,
  markExpiredJobsDead,
  type NewJobRow,
  markJobDead,
  markJobSucceeded,
  notifyJobChannel,
  releaseJob,
  requeueDeadJob,
  scheduleJobRetry,
  selectDeadJobs,
} from '../store/job.repository.ts';
import type { Schema } from '../store/schema.ts';

export type { JobLease, JobStatus } from '../store/job.repository.ts';

/** Attempts a job gets unless `enqueue` sets `maxAttempts`. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/** Page size of `listDeadJobs` unless the caller sets `limit`. */
export const DEFAULT_DEAD_JOB_PAGE = 100;

/** The last error stored for a job whose final lease ran out while it was running. */
export const LEASE_EXPIRED_ERROR =
  'LeaseExpiredError: the worker running the last attempt stopped before the job finished';

/** A Kysely instance or a transaction: whatever the calling service writes through. */
export type JobExecutor = Kysely<Schema>;

/** A job as the queue hands it out. `payload` is the stored JSON text. */
export interface Job {
  readonly id: number;
  readonly name: string;
  readonly payload: string;
  readonly status: JobStatus;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly runAt: string;
  readonly lockedBy: string | null;
  readonly lockedUntil: string | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
}

export interface EnqueueOptions {
  readonly name: string;
  /** Any value that `JSON.stringify` turns into text. */
  readonly payload: unknown;
  /** The earliest time the job may run. Defaults to now. */
  readonly runAt?: Date;
  readonly maxAttempts?: number;
}

export type JobCounts = Readonly<Record<JobStatus, number>>;

/** The stored result of a failed attempt. */
export type FailureOutcome = 'retrying' | 'dead' | 'leaseLost';

const queueEvents = new EventEmitter();
queueEvents.setMaxListeners(0);

/**
 * Writes a queued job through `executor` and returns its id. Pass the
 * transaction that makes the change causing the job, so the job exists if and
 * only if the change commits. Call `notifyWorkers` after the commit to start it
 * without waiting for the next poll.
 */
export async function enqueue(executor: JobExecutor, options: EnqueueOptions): Promise<number> {
  return insertJob(executor, newJobRow(options));
}

/**
 * Checks `options` and returns the row `enqueue` writes, for a caller that
 * inserts it through a statement of its own inside its transaction.
 */
export function newJobRow(options: EnqueueOptions): NewJobRow {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  assertEnqueueOptions(options, maxAttempts);

  const now = new Date().toISOString();
  return {
    name: options.name,
    payload: serializePayload(options.payload),
    status: 'queued',
    max_attempts: maxAttempts,
    run_at: (options.runAt ?? new Date()).toISOString(),
    created_at: now,
    updated_at: now,
  };
}

/**
 * Wakes the workers in this process at once and, on PostgreSQL, sends a NOTIFY
 * that wakes listening workers in other processes. A rejection only means the
 * other processes find the job at their next poll.
 */
export async function notifyWorkers(database: Pick<Database, 'db' | 'dialect'>): Promise<void> {
  queueEvents.emit('queued');
  if (database.dialect === 'postgres') {
    await notifyJobChannel(database.db);
  }
}

/** Calls `listener` on every `notifyWorkers` in this process. Returns the unsubscribe function. */
export function onJobsQueued(listener: () => void): () => void {
  queueEvents.on('queued', listener);
  return () => queueEvents.off('queued', listener);
}

/**
 * Claims the next due job for `workerId` with a lease of `leaseMs`, or returns
 * undefined. NOTE: lease times come from this host's clock, so hosts sharing
 * a PostgreSQL queue need clocks that differ by much less than `leaseMs`.
 */
export async function claimJob(
  database: Pick<Database, 'db' | 'dialect'>,
  workerId: string,
  leaseMs: number,
): Promise<Job | undefined> {
  const now = Date.now();
  const row = await claimNextJob(database.db, database.dialect, {
    workerId,
    now: new Date(now).toISOString(),
    lockedUntil: new Date(now + leaseMs).toISOString(),
  });
  return row && toJob(row);
}

/** Returns the lease that the claim of `job` created. */
export function leaseOf(job: Job): JobLease {
  if (job.lockedBy === null) {
    throw new Error(`job ${job.id} is not claimed`);
  }
  return { id: job.id, workerId: job.lockedBy, attempt: job.attempts };
}

/** Extends a lease to `leaseMs` from now. Returns false when the lease was lost. */
export async function renewLease(db: Kysely<Schema>, lease: JobLease, leaseMs: number) {
  const now = Date.now();
  const lockedUntil = new Date(now + leaseMs).toISOString();
  return extendJobLease(db, lease, lockedUntil, new Date(now).toISOString());
}

/** Records success. Returns false when the lease was lost and nothing was written. */
export async function completeJob(db: Kysely<Schema>, lease: JobLease): Promise<boolean> {
  return markJobSucceeded(db, lease, new Date().toISOString());
}

/**
 * Records a failed attempt: the job is queued again at `retryAt` while it has
 * attempts left, else it goes dead. `lastError` stays visible either way.
 */
export async function failJob(
  db: Kysely<Schema>,
  job: Job,
  failure: { readonly lastError: string; readonly retryAt: Date },
): Promise<FailureOutcome> {
  const lease = leaseOf(job);
  const now = new Date().toISOString();

  if (job.attempts >= job.maxAttempts) {
    return (await markJobDead(db, lease, failure.lastError, now)) ? 'dead' : 'leaseLost';
  }
  const runAt = failure.retryAt.toISOString();
  const saved = await scheduleJobRetry(db, lease, { runAt, lastError: failure.lastError, now });
  return saved ? 'retrying' : 'leaseLost';
}

/** Marks a job dead without further attempts, for failures that a retry cannot fix. */
export async function buryJob(db: Kysely<Schema>, job: Job, lastError: string): Promise<boolean> {
  return markJobDead(db, leaseOf(job), lastError, new Date().toISOString());
}

/** Queues a claimed job again at once and gives back the attempt its claim counted. */
export async function releaseClaim(db: Kysely<Schema>, job: Job): Promise<boolean> {
  return releaseJob(db, leaseOf(job), new Date().toISOString());
}

/** Marks dead the jobs whose last allowed attempt lost its worker. Returns how many. */
export async function buryExpiredJobs(db: Kysely<Schema>): Promise<number> {
  return markExpiredJobsDead(db, LEASE_EXPIRED_ERROR, new Date().toISOString());
}

/** Counts jobs per status, with zero for statuses that have no rows. */
export async function countJobs(db: Kysely<Schema>): Promise<JobCounts> {
  const counts = await countJobsByStatus(db);
  const entries = JOB_STATUSES.map((status) => [status, counts.get(status) ?? 0] as const);
  return Object.fromEntries(entries) as Record<JobStatus, number>;
}

/** Lists dead jobs, newest first. Pass the last id of a page as `beforeId` for the next. */
export async function listDeadJobs(
  db: Kysely<Schema>,
  page: { readonly limit?: number; readonly beforeId?: number } = {},
): Promise<Job[]> {
  const rows = await selectDeadJobs(db, {
    limit: page.limit ?? DEFAULT_DEAD_JOB_PAGE,
    beforeId: page.beforeId,
  });
  return rows.map(toJob);
}

/**
 * Queues a dead job again, due now, with a fresh set of attempts. Returns false
 * when no dead job has this id.
 */
export async function requeue(db: Kysely<Schema>, id: number): Promise<boolean> {
  return requeueDeadJob(db, id, new Date().toISOString());
}

function assertEnqueueOptions(options: EnqueueOptions, maxAttempts: number): void {
  if (options.name.trim() === '') {
    throw new TypeError('job name: must not be empty');
  }
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`maxAttempts: expected a positive integer, got ${maxAttempts}`);
  }
  if (options.runAt && Number.isNaN(options.runAt.getTime())) {
    throw new RangeError('runAt: invalid date');
  }
}

function serializePayload(payload: unknown): string {
  const text: string | undefined = JSON.stringify(payload);
  if (text === undefined) {
    throw new TypeError(`job payload: ${typeof payload} has no JSON form`);
  }
  return text;
}

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    name: row.name,
    payload: row.payload,
    status: row.status as JobStatus,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: row.run_at,
    lockedBy: row.locked_by,
    lockedUntil: row.locked_until,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}
