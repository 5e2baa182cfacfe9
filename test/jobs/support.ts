import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { type Kysely, sql } from 'kysely';
import pino, { type Logger } from 'pino';

import type { Schema } from '../../src/store/schema.ts';

/** A parsed pino line. */
export type LogLine = Record<string, unknown> & { readonly msg?: string };

/** Creates a debug-level pino logger that parses each line into `lines`. */
export function createCaptureLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = {
    write(chunk: string): void {
      lines.push(JSON.parse(chunk) as LogLine);
    },
  };
  return { logger: pino({ level: 'debug' }, stream), lines };
}

/**
 * Polls `check` every 10 ms until it returns a value other than undefined or
 * false, and throws with `what` in the message after `timeoutMs`.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(10);
  }
}

/** Waits until job `id` has `status` and returns its row. */
export function waitForJobStatus(db: Kysely<Schema>, id: number, status: string) {
  return waitFor(`job ${id} to be ${status}`, async () => {
    const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row?.status === status ? row : undefined;
  });
}

/** Waits until `count` jobs have `status`. */
export function waitForStatusCount(db: Kysely<Schema>, status: string, count: number) {
  return waitFor(
    `${count} jobs to be ${status}`,
    async () => {
      const row = await db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('status', '=', status)
        .executeTakeFirstOrThrow();
      return Number(row.count) === count;
    },
    60_000,
  );
}

export interface JobRun {
  readonly jobId: number;
  readonly workerId: string;
}

/** Creates the `job_runs` table in which test handlers record each run. */
export async function createRunsTable(db: Kysely<Schema>): Promise<void> {
  const table = sql`create table if not exists job_runs (
    job_id integer not null,
    worker_id text not null
  )`;
  await table.execute(db);
}

/** Records one run of job `jobId` by `workerId`. */
export async function recordRun(db: Kysely<Schema>, run: JobRun): Promise<void> {
  const insert = sql`insert into job_runs (job_id, worker_id)
    values (${run.jobId}, ${run.workerId})`;
  await insert.execute(db);
}

/** Returns every recorded run. */
export async function selectRuns(db: Kysely<Schema>): Promise<JobRun[]> {
  const result = await sql<{ job_id: number | string; worker_id: string }>`
    select job_id, worker_id from job_runs`.execute(db);
  return result.rows.map((row) => ({ jobId: Number(row.job_id), workerId: row.worker_id }));
}

/** Returns the ids that occur more than once in `ids`. */
export function findDuplicates(ids: readonly number[]): number[] {
  const seen = new Set<number>();
  const duplicates = new Set<number>();
  for (const id of ids) {
    if (seen.has(id)) {
      duplicates.add(id);
    }
    seen.add(id);
  }
  return [...duplicates];
}

/** A worker process started by `spawnWorkerProcess`. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Resolves to the worker id once the worker runs. */
  readonly ready: Promise<string>;
  /** Resolves when the process ends, with its exit code or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORKER_SCRIPT = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

/** Starts `worker-process.ts` in `mode` on the database at `url`. Its stderr passes through. */
export function spawnWorkerProcess(mode: 'block' | 'record', url: string, marker?: string) {
  const args = ['--import', 'tsx', WORKER_SCRIPT, mode, url, ...(marker ? [marker] : [])];
  const child = spawn(process.execPath, args, {
    cwd: REPOSITORY_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });

  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  const ready = new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /^ready (\S+)$/m.exec(output);
      if (match?.[1]) {
        resolve(match[1]);
      }
    });
    void exited.then(({ code, signal }) => {
      reject(
        new Error(`worker process ended before it was ready (code ${code}, signal ${signal})`),
      );
    });
  });
  return { child, ready, exited } satisfies WorkerProcess;
}
