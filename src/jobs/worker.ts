import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import type { Logger } from 'pino';

import {
  buryExpiredJobs,
  claimJob,
  type Job,
  onJobsQueued,
  releaseClaim,
} from '../services/job-queue.service.ts';
import type { Database } from '../store/database.ts';
import { type JobChannelListener, listenOnJobChannel } from '../store/job.repository.ts';
import type { JobHandlers } from './job-handler.ts';
import { type RunningJob, runJob } from './job.runner.ts';
import { DEFAULT_RETRY_BACKOFF, type RetryBackoff } from './retry.policy.ts';

export interface WorkerOptions {
  readonly database: Pick<Database, 'db' | 'dialect' | 'pool'>;
  readonly handlers: JobHandlers;
  readonly logger: Logger;
  /** Jobs run at the same time. Defaults to 1. */
  readonly concurrency?: number;
  /** Sleep between polls when no job is due, in milliseconds. Defaults to 1000. */
  readonly pollIntervalMs?: number;
  /** How long a claim keeps a job without renewal, in milliseconds. Defaults to 30000. */
  readonly leaseMs?: number;
  /** Interval of lease renewals, in milliseconds. Defaults to a third of `leaseMs`. */
  readonly heartbeatMs?: number;
  /** How long `stop()` waits for running jobs, in milliseconds. Defaults to 10000. */
  readonly shutdownTimeoutMs?: number;
  readonly backoff?: Partial<RetryBackoff>;
  /** Stored in `locked_by`. Defaults to host name, process id and a random suffix. */
  readonly workerId?: string;
  /**
   * On PostgreSQL, LISTEN for `notifyWorkers` from other processes, which keeps
   * one pool connection for as long as the worker runs. Defaults to true.
   */
  readonly listen?: boolean;
}

export interface Worker {
  readonly workerId: string;
  /**
   * Stops claiming, aborts the handlers' signal and waits up to
   * `shutdownTimeoutMs` for running jobs. A handler that throws after the abort
   * puts its job back in the queue without using up an attempt. A job still
   * running after the wait keeps its lease, which is no longer renewed, so
   * another worker claims it when the lease ends.
   */
  stop(): Promise<void>;
}

interface WorkerSettings {
  readonly concurrency: number;
  readonly pollIntervalMs: number;
  readonly leaseMs: number;
  readonly heartbeatMs: number;
  readonly shutdownTimeoutMs: number;
  readonly backoff: RetryBackoff;
  readonly workerId: string;
  readonly listen: boolean;
}

const LISTEN_RETRY_MS = 10_000;

/**
 * Starts a worker that claims due jobs from the `jobs` table and runs them with
 * `handlers`, up to `concurrency` at once. It polls every `pollIntervalMs` when
 * idle and wakes early on `notifyWorkers`. Delivery is at least once: a job
 * whose worker died runs again after its lease ends. A job whose name has no
 * handler goes dead at once, so during a rolling upgrade `requeue(id)` may be
 * needed for jobs that an older worker claimed.
 *
 * On SQLite, run the workers of one process on the same `Database` as the rest
 * of that process. better-sqlite3 waits out `busy_timeout` synchronously, so a
 * second connection in the same process that meets an open transaction of the
 * first blocks the whole thread, and with it that transaction.
 */
export function startWorker(options: WorkerOptions): Worker {
  const worker = new JobWorker(options, resolveSettings(options));
  let stopRequest: Promise<void> | undefined;
  return {
    workerId: worker.settings.workerId,
    stop: () => (stopRequest ??= worker.stop()),
  };
}

class JobWorker {
  private readonly logger: Logger;
  private readonly running = new Map<number, RunningJob>();
  private readonly shutdown = new AbortController();
  private readonly wake = createWakeSignal();
  private readonly claims: ReturnType<typeof createClaimTracker>;
  private readonly unsubscribe: () => void;
  private readonly looping: Promise<void>;
  private stopping = false;
  private listener: JobChannelListener | undefined;
  private listenRetryAt = 0;
  private sweptAt = 0;

  private readonly options: WorkerOptions;
  readonly settings: WorkerSettings;

  constructor(options: WorkerOptions, settings: WorkerSettings) {
    this.options = options;
    this.settings = settings;
    this.logger = options.logger.child({ workerId: settings.workerId });
    this.claims = createClaimTracker(this.logger);
    this.unsubscribe = onJobsQueued(this.wake.wake);
    this.looping = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe();
    this.wake.wake();
    await this.looping;
    this.logger.info({ runningJobs: this.running.size }, 'worker stopping');

    this.shutdown.abort(new DOMException('the worker is stopping', 'AbortError'));
    const jobs = [...this.running.values()];
    const finished = await settleWithin(jobs, this.settings.shutdownTimeoutMs);
    if (!finished) {
      this.running.forEach((job) => job.abandon());
    }
    await this.listener?.close();
    this.logger.info({ unfinishedJobs: this.running.size }, 'worker stopped');
  }

  private async loop(): Promise<void> {
    const { concurrency, pollIntervalMs } = this.settings;
    this.logger.info({ concurrency, pollIntervalMs }, 'worker started');

    while (!this.stopping) {
      await this.ensureListener();
      await this.sweepExpired();
      await this.fillSlots();
      if (this.stopping) {
        break;
      }
      if (this.running.size < concurrency) {
        this.logger.debug({ runningJobs: this.running.size }, 'worker idle');
      }
      await this.wake.wait(pollIntervalMs);
    }
  }

  private async fillSlots(): Promise<void> {
    const { database } = this.options;
    const { workerId, leaseMs, concurrency } = this.settings;

    while (!this.stopping && this.running.size < concurrency) {
      const job = await this.claims.track(() => claimJob(database, workerId, leaseMs));
      if (!job) {
        return;
      }
      if (this.stopping) {
        await this.giveBack(job);
        return;
      }
      this.start(job);
    }
  }

  private start(job: Job): void {
    const runningJob = runJob(job, {
      db: this.options.database.db,
      handlers: this.options.handlers,
      logger: this.logger,
      leaseMs: this.settings.leaseMs,
      heartbeatMs: this.settings.heartbeatMs,
      backoff: this.settings.backoff,
      shutdown: this.shutdown.signal,
    });
    this.running.set(job.id, runningJob);
    void runningJob.done.finally(() => {
      this.running.delete(job.id);
      this.wake.wake();
    });
  }

  private async giveBack(job: Job): Promise<void> {
    try {
      await releaseClaim(this.options.database.db, job);
    } catch (error) {
      this.logger.warn({ err: error, jobId: job.id }, 'job release failed');
    }
  }

  /** Runs at most once per `leaseMs`, which keeps this UPDATE off most polls. */
  private async sweepExpired(): Promise<void> {
    if (Date.now() - this.sweptAt < this.settings.leaseMs) {
      return;
    }
    this.sweptAt = Date.now();
    try {
      const count = await buryExpiredJobs(this.options.database.db);
      if (count > 0) {
        this.logger.warn({ count }, 'expired jobs marked dead');
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'expired job sweep failed');
    }
  }

  /** Listens on PostgreSQL, and listens again at most every `LISTEN_RETRY_MS` after a failure. */
  private async ensureListener(): Promise<void> {
    const pool = this.options.database.pool;
    if (!this.settings.listen || !pool || this.listener || Date.now() < this.listenRetryAt) {
      return;
    }
    this.listenRetryAt = Date.now() + LISTEN_RETRY_MS;
    try {
      this.listener = await listenOnJobChannel(pool, this.wake.wake, (error) => {
        this.logger.warn({ err: error }, 'job channel listener failed');
        this.listener = undefined;
      });
    } catch (error) {
      this.logger.warn({ err: error }, 'job channel listen failed');
    }
  }
}

function resolveSettings(options: WorkerOptions): WorkerSettings {
  const leaseMs = options.leaseMs ?? 30_000;
  const settings: WorkerSettings = {
    concurrency: options.concurrency ?? 1,
    pollIntervalMs: options.pollIntervalMs ?? 1000,
    leaseMs,
    heartbeatMs: options.heartbeatMs ?? Math.max(1, Math.floor(leaseMs / 3)),
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? 10_000,
    backoff: { ...DEFAULT_RETRY_BACKOFF, ...options.backoff },
    workerId: options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    listen: options.listen ?? true,
  };

  assertPositiveInteger('concurrency', settings.concurrency);
  assertPositiveInteger('pollIntervalMs', settings.pollIntervalMs);
  assertPositiveInteger('leaseMs', settings.leaseMs);
  assertPositiveInteger('heartbeatMs', settings.heartbeatMs);
  if (settings.heartbeatMs >= settings.leaseMs) {
    throw new RangeError(`heartbeatMs: must be below leaseMs (${settings.leaseMs})`);
  }
  return settings;
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name}: expected a positive integer, got ${value}`);
  }
}

/**
 * Creates a sleep that `wake()` ends early. A wake while no wait is pending
 * makes the next `wait` return at once, so a notification between two polls
 * is not lost.
 */
function createWakeSignal() {
  let pending = false;
  let resolveWait: (() => void) | undefined;

  const wake = (): void => {
    if (!resolveWait) {
      pending = true;
      return;
    }
    resolveWait();
  };

  const wait = (ms: number): Promise<void> => {
    if (pending) {
      pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolveWait = undefined;
        resolve();
      }
      resolveWait = done;
    });
  };

  return { wake, wait };
}

/**
 * Runs claims and logs their failures without flooding the log while the
 * database is down: the 1st, 2nd, 4th, 8th and so on failure in a row.
 */
function createClaimTracker(logger: Logger) {
  let failures = 0;

  return {
    async track(claim: () => Promise<Job | undefined>): Promise<Job | undefined> {
      try {
        const job = await claim();
        if (failures > 0) {
          logger.info({ consecutiveFailures: failures }, 'job claim recovered');
        }
        failures = 0;
        return job;
      } catch (error) {
        failures += 1;
        if ((failures & (failures - 1)) === 0) {
          logger.error({ err: error, consecutiveFailures: failures }, 'job claim failed');
        }
        return undefined;
      }
    },
  };
}

async function settleWithin(jobs: readonly RunningJob[], timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const all = Promise.all(jobs.map((job) => job.done)).then(() => true as const);
  try {
    return await Promise.race([all, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
