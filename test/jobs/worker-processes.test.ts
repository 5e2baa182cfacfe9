import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import { enqueue, notifyWorkers } from '../../src/services/job-queue.service.ts';
import { createTestDatabase } from '../support/database.ts';
import {
  createRunsTable,
  findDuplicates,
  selectRuns,
  spawnWorkerProcess,
  waitForStatusCount,
} from './support.ts';

const JOB_COUNT = 200;

describe('worker processes', async () => {
  const database = await createTestDatabase();
  await createRunsTable(database.db);
  after(() => database.close());

  it('two processes run jobs once', async () => {
    const processes = [
      spawnWorkerProcess('record', database.url),
      spawnWorkerProcess('record', database.url),
    ];
    try {
      const workerIds = await Promise.all(processes.map((worker) => worker.ready));
      await database.db.transaction().execute(async (trx) => {
        for (let i = 0; i < JOB_COUNT; i += 1) {
          await enqueue(trx, { name: 'count', payload: { i } });
        }
      });
      await notifyWorkers(database);
      await waitForStatusCount(database.db, 'succeeded', JOB_COUNT);

      processes.forEach((worker) => worker.child.kill('SIGTERM'));
      const exits = await Promise.all(processes.map((worker) => worker.exited));
      assert.deepEqual(
        exits.map((exit) => exit.code),
        [0, 0],
      );

      const runs = await selectRuns(database.db);
      assert.equal(runs.length, JOB_COUNT);
      assert.deepEqual(findDuplicates(runs.map((run) => run.jobId)), []);
      for (const workerId of workerIds) {
        const share = runs.filter((run) => run.workerId === workerId).length;
        assert.ok(share > 0, `worker ${workerId} ran no job`);
      }
      const retried = await database.db
        .selectFrom('jobs')
        .select('id')
        .where('attempts', '!=', 1)
        .execute();
      assert.deepEqual(retried, []);
    } finally {
      processes.forEach((worker) => worker.child.kill('SIGKILL'));
    }
  });
});
