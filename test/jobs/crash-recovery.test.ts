import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { startWorker } from '../../src/jobs/worker.ts';
import { enqueue } from '../../src/services/job-queue.service.ts';
import { createTestDatabase } from '../support/database.ts';
import { createCaptureLogger, spawnWorkerProcess, waitFor, waitForJobStatus } from './support.ts';

describe('worker crash recovery', async () => {
  const database = await createTestDatabase();
  const folder = mkdtempSync(join(tmpdir(), 'vigil-crash-'));
  after(async () => {
    await database.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('reruns a job once after SIGKILL', async () => {
    const marker = join(folder, 'started.json');
    const id = await enqueue(database.db, { name: 'crash.block', payload: {}, maxAttempts: 3 });

    const crashing = spawnWorkerProcess('block', database.url, marker);
    const crashedWorkerId = await crashing.ready;
    await waitFor('the child to start the job', () => existsSync(marker));
    const claimed = await database.db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    crashing.child.kill('SIGKILL');
    const { signal } = await crashing.exited;

    assert.equal(signal, 'SIGKILL');
    assert.deepEqual(JSON.parse(readFileSync(marker, 'utf8')), { jobId: id, attempt: 1 });
    assert.equal(claimed.status, 'running');
    assert.equal(claimed.locked_by, crashedWorkerId);
    assert.equal(claimed.attempts, 1);

    const attempts: number[] = [];
    const { logger } = createCaptureLogger();
    const worker = startWorker({
      database,
      logger,
      leaseMs: 500,
      pollIntervalMs: 20,
      handlers: {
        'crash.block': (_payload, context) => {
          attempts.push(context.attempt);
          return Promise.resolve();
        },
      },
    });
    const row = await waitForJobStatus(database.db, id, 'succeeded');
    await worker.stop();

    assert.deepEqual(attempts, [2]);
    assert.equal(row.attempts, 2);
    assert.equal(row.locked_by, null);
    assert.notEqual(row.finished_at, null);
  });
});
