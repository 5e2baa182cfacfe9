import type { Logger } from 'pino';

/** The attempt a handler runs, and the tools it gets for it. */
export interface JobContext {
  readonly jobId: number;
  /** 1 on the first attempt. A crashed attempt counts too, so handlers must be idempotent. */
  readonly attempt: number;
  /** Aborted when the worker stops or loses the job's lease. Long handlers should watch it. */
  readonly signal: AbortSignal;
  /** The worker's logger, bound to `jobName`, `jobId` and `attempt`. */
  readonly logger: Logger;
}

/**
 * Runs one job. `payload` is the parsed JSON that `enqueue` stored, from
 * whichever version of the code enqueued it, so a handler validates it first.
 * A rejection counts as a failed attempt, and `PermanentJobError` makes the job
 * dead at once.
 */
export type JobHandler = (payload: unknown, context: JobContext) => Promise<void>;

/** Handlers by job name. */
export type JobHandlers = Readonly<Record<string, JobHandler>>;
