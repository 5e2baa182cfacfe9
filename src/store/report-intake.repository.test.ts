import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import { createTestDatabase } from '../../test/support/database.ts';
import { upsertIndicatorBatch } from './indicator-batch.repository.ts';
import { runReportTransaction } from './report-intake.repository.ts';

describe('runReportTransaction', async () => {
  const database = await createTestDatabase();
  after(() => database.close());

  it('keeps an import out of a rolled-back report', async () => {
    let imported: ReturnType<typeof upsertIndicatorBatch> | undefined;
    await assert.rejects(
      runReportTransaction(database, async () => {
        imported = upsertIndicatorBatch(
          database,
          [
            {
              kind: 'domain',
              value: 'imported.example.vn',
              host: 'imported.example.vn',
              registrableDomain: 'example.vn',
              category: 'phishing',
              seenAt: null,
              reasons: null,
            },
          ],
          { source: 'feed-a', now: new Date().toISOString(), tlp: 'TLP:CLEAR' },
        );
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error('rolled back on purpose');
      }),
      /rolled back on purpose/,
    );

    assert.deepEqual(await imported, { inserted: 1, updated: 0 });
    const stored = await database.db
      .selectFrom('indicators')
      .select('value')
      .where('value', '=', 'imported.example.vn')
      .execute();
    assert.deepEqual(stored, [{ value: 'imported.example.vn' }]);
  });
});
