// A worker in a process of its own, for the process-level tests.
//
//   node --import tsx test/jobs/worker-process.ts <mode> <database url> [marker file]
//
// In mode `block`, a `crash.block` job writes the marker file and then never
// finishes, so the test can kill the process mid-job. In mode `record`, a
// `count` job inserts a row into `job_runs`. The script prints
// `ready <worker id>` on stdout once the worker runs, and stops on SIGTERM.
import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import pino from 'pino';

import type { JobHandlers } from '../../src/jobs/job-handler.ts';
import { startWorker, type WorkerOptions } from '../../src/jobs/worker.ts';
import { openDatabase } from '../../src/store/database.ts';
import { recordRun } from './support.ts';

const [mode, url, markerPath] = process.argv.slice(2);
const validMode = mode === 'record' || (mode === 'block' && markerPath !== undefined);
if (!validMode || !url) {
  console.error('usage: worker-process.ts <block|record> <database url> [marker file]');
  process.exit(2);
}

const database = await openDatabase(url, { migrate: false, poolSize: 6 });
const logger = pino({ level: 'warn' }, pino.destination(2));
const workerId = `${mode}-${process.pid}`;

const handlers: JobHandlers =
  mode === 'block'
    ? {
        'crash.block': (_payload, context) => {
          const marker = { jobId: context.jobId, attempt: context.attempt };
          writeFileSync(markerPath ?? '', JSON.stringify(marker));
          return new Promise(() => undefined);
        },
      }
    : {
        count: async (_payload, context) => {
          await recordRun(database.db, { jobId: context.jobId, workerId });
          await sleep(2);
        },
      };

const options: WorkerOptions =
  mode === 'block'
    ? { database, handlers, logger, workerId, leaseMs: 500, heartbeatMs: 100, pollIntervalMs: 20 }
    : { database, handlers, logger, workerId, concurrency: 4, pollIntervalMs: 20 };

const worker = startWorker(options);
process.stdout.write(`ready ${worker.workerId}\n`);

process.once('SIGTERM', () => {
  void worker
    .stop()
    .then(() => database.close())
    .then(() => process.exit(0));
});
