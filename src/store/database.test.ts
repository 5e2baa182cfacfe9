import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import { sql } from 'kysely';

import { createTestDatabase } from '../../test/support/database.ts';

describe('openDatabase', async () => {
  const database = await createTestDatabase();
  after(() => database.close());

  it('applies the migrations', async () => {
    const tables = await database.db.introspection.getTables();
    const names = tables.map((table) => table.name);

    for (const table of ['indicators', 'listings', 'reports', 'cases', 'decisions', 'audit_log']) {
      assert.ok(names.includes(table), `table ${table} is missing from ${names.join(', ')}`);
    }
  });

  it('returns timestamps as ISO strings', async () => {
    const now = '2026-12-04T10:00:00.000Z';
    await database.db
      .insertInto('indicators')
      .values({ kind: 'domain', value: 'example.vn', first_seen: now, last_seen: now })
      .execute();

    const row = await database.db
      .selectFrom('indicators')
      .select(['id', 'first_seen'])
      .executeTakeFirstOrThrow();

    assert.equal(row.first_seen, now);
    assert.equal(typeof row.id, 'number');
  });

  it('rejects a duplicate kind and value', async () => {
    const now = '2026-12-04T10:00:00.000Z';
    const insert = sql`insert into indicators (kind, value, first_seen, last_seen)
      values ('domain', 'dup.vn', ${now}, ${now})`;
    await insert.execute(database.db);

    await assert.rejects(insert.execute(database.db));
  });
});
