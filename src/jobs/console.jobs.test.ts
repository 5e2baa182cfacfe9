import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import pino from 'pino';

import { createTestDatabase } from '../../test/support/database.ts';
import { insertTestReport } from '../../test/support/reports.ts';
import { loadConfig } from '../config.ts';
import { consoleJobHandlers } from './console.jobs.ts';
import { PermanentJobError } from './job-error.ts';
import type { JobContext } from './job-handler.ts';
import { JOB_NAMES } from './job-names.ts';

const context: JobContext = {
  jobId: 1,
  attempt: 1,
  signal: new AbortController().signal,
  logger: pino({ level: 'silent' }),
};

describe('cluster.indicators job', async () => {
  const database = await createTestDatabase();
  const handlers = consoleJobHandlers({ database, config: loadConfig({}) });
  const handle = handlers[JOB_NAMES.clusterIndicators]!;
  after(() => database.close());

  it('puts reported indicators in a case', async () => {
    const report = await insertTestReport(database, { values: ['job-case.vn'] });
    await handle({ indicatorIds: report.indicatorIds }, context);

    const row = await database.db
      .selectFrom('reports')
      .select('case_id')
      .where('id', '=', report.reportId)
      .executeTakeFirstOrThrow();
    assert.notEqual(row.case_id, null);
  });

  it('rejects a malformed payload', async () => {
    for (const payload of [null, {}, { indicatorIds: 'x' }, { indicatorIds: [1, -2] }]) {
      await assert.rejects(handle(payload, context), PermanentJobError);
    }
  });
});
