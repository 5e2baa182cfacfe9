import { performance } from 'node:perf_hooks';

import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

import {
  buryJob,
  completeJob,
  failJob,
  type Job,
  leaseOf,
  releaseClaim,
  renewLease,
} from '../services/job-queue.service.ts';
import type { Schema } from '../store/schema.ts';
import { describeJobError, PermanentJobError, UnknownJobError } from './job-error.ts';
import type { JobContext, JobHandler, JobHandlers } from './job-handler.ts';
import { computeRetryDelay, type RetryBackoff } from './retry.policy.ts';

/**
 * The result of one attempt. `released` means the job went back to the queue
 * because the worker stopped. `leaseLost` means another claim took the job
 * over, so nothing was written. `unsaved` means the result could not be
 * written, so the job runs again once its lease ends.
 */
export type JobOutcome = 'succeeded' | 'retrying' | 'dead' | 'released' | 'leaseLost' | 'unsaved';

export interface RunJobOptions {
  readonly db: Kysely<Schema>;
  readonly handlers: JobHandlers;
  readonly logger: Logger;
  readonly leaseMs: number;
  readonly heartbeatMs: number;
  readonly backoff: RetryBackoff;
  /** Aborted when the worker stops. */
  readonly shutdown: AbortSignal;
}

/** A job being run. `abandon()` stops renewing its lease, so another worker can claim it later. */
export interface RunningJob {
  readonly done: Promise<JobOutcome>;
  abandon(): void;
}

type AttemptResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: unknown; readonly permanent: boolean };

/** The abort reason a handler receives when another claim took over its job. */
class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

/**
 * Runs one claimed job: calls its handler while renewing the lease, then
 * stores the outcome and logs one line at the start and one at the end. The
 * returned `done` promise never rejects.
 */
export function runJob(job: Job, options: RunJobOptions): RunningJob {
  const logger = options.logger.child({ jobName: job.name, jobId: job.id, attempt: job.attempts });
  const controller = new AbortController();
  const heartbeat = startHeartbeat(job, options, logger, controller);
  const onShutdown = () => controller.abort(options.shutdown.reason);
  options.shutdown.addEventListener('abort', onShutdown, { once: true });
  if (options.shutdown.aborted) {
    onShutdown();
  }

  const run = async (): Promise<JobOutcome> => {
    const started = performance.now();
    logger.info('job started');

    const context = { jobId: job.id, attempt: job.attempts, signal: controller.signal, logger };
    const result = await attempt(job, options.handlers, context);
    heartbeat.stop();
    options.shutdown.removeEventListener('abort', onShutdown);

    const { outcome, fields } = await settle(job, result, options);
    const durationMs = Math.round(performance.now() - started);
    logger[levelOf(outcome)]({ ...fields, outcome, durationMs }, 'job finished');
    return outcome;
  };

  return { done: run(), abandon: () => heartbeat.stop() };
}

async function attempt(job: Job, handlers: JobHandlers, context: JobContext) {
  const handler = findHandler(handlers, job.name);
  try {
    if (!handler) {
      throw new UnknownJobError(job.name);
    }
    await handler(parsePayload(job), context);
    return { ok: true } satisfies AttemptResult;
  } catch (error) {
    const permanent = error instanceof PermanentJobError;
    return { ok: false, error, permanent } satisfies AttemptResult;
  }
}

function findHandler(handlers: JobHandlers, name: string): JobHandler | undefined {
  return Object.hasOwn(handlers, name) ? handlers[name] : undefined;
}

function parsePayload(job: Job): unknown {
  try {
    return JSON.parse(job.payload);
  } catch {
    throw new PermanentJobError('payload: invalid JSON');
  }
}

interface Settlement {
  readonly outcome: JobOutcome;
  readonly fields: Record<string, unknown>;
}

async function settle(job: Job, result: AttemptResult, options: RunJobOptions) {
  try {
    return await store(job, result, options);
  } catch (saveError) {
    const fields = failureFields(result);
    return { outcome: 'unsaved', fields: { ...fields, saveErr: saveError } } satisfies Settlement;
  }
}

async function store(job: Job, result: AttemptResult, options: RunJobOptions) {
  if (result.ok) {
    const saved = await completeJob(options.db, leaseOf(job));
    return { outcome: saved ? 'succeeded' : 'leaseLost', fields: {} } satisfies Settlement;
  }

  const fields = failureFields(result);
  const lastError = describeJobError(result.error);
  if (result.permanent) {
    const saved = await buryJob(options.db, job, lastError);
    return { outcome: saved ? 'dead' : 'leaseLost', fields } satisfies Settlement;
  }
  if (options.shutdown.aborted) {
    const saved = await releaseClaim(options.db, job);
    return { outcome: saved ? 'released' : 'leaseLost', fields } satisfies Settlement;
  }

  const retryAt = new Date(Date.now() + computeRetryDelay(job.attempts, options.backoff));
  const outcome = await failJob(options.db, job, { lastError, retryAt });
  const retryFields = outcome === 'retrying' ? { retryAt: retryAt.toISOString() } : {};
  return { outcome, fields: { ...fields, ...retryFields } } satisfies Settlement;
}

function failureFields(result: AttemptResult): Record<string, unknown> {
  return result.ok ? {} : { err: result.error };
}

function levelOf(outcome: JobOutcome): 'info' | 'warn' | 'error' {
  if (outcome === 'succeeded' || outcome === 'released') {
    return 'info';
  }
  return outcome === 'dead' ? 'error' : 'warn';
}

/**
 * Renews the lease every `heartbeatMs` until stopped. When the row shows that
 * the lease is gone, it aborts the handler's signal, because another worker may
 * already be running the job.
 */
function startHeartbeat(
  job: Job,
  options: RunJobOptions,
  logger: Logger,
  controller: AbortController,
) {
  const lease = leaseOf(job);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const beat = async (): Promise<void> => {
    try {
      const leaseHeld = await renewLease(options.db, lease, options.leaseMs);
      if (!leaseHeld && !stopped) {
        logger.warn('job lease lost');
        controller.abort(new LeaseLostError('the job lease was lost to another claim'));
        return;
      }
    } catch (error) {
      logger.warn({ err: error }, 'job lease renewal failed');
    }
    schedule();
  };

  const schedule = (): void => {
    if (stopped) {
      return;
    }
    timer = setTimeout(() => void beat(), options.heartbeatMs);
    timer.unref();
  };

  schedule();
  return {
    stop(): void {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
