import type { Kysely } from 'kysely';

import type { Dialect } from '../dialect.ts';

/**
 * Creates appeals and the record of purge runs, and the indexes the public
 * archive pages by: decisions and feed listings newest first.
 */
export function createAccountabilityMigration(dialect: Dialect) {
  const id = dialect === 'postgres' ? 'bigserial' : 'integer';
  const ref = dialect === 'postgres' ? 'bigint' : 'integer';
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('appeals')
        .addColumn('id', id, (col) => col.primaryKey())
        .addColumn('receipt', 'text', (col) => col.notNull().unique())
        .addColumn('indicator_id', ref, (col) => col.notNull().references('indicators.id'))
        .addColumn('decision_id', ref, (col) => col.references('decisions.id'))
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('reasons', 'text', (col) => col.notNull())
        .addColumn('contact_encrypted', 'text')
        .addColumn('language', 'text', (col) => col.notNull())
        .addColumn('due_at', time, (col) => col.notNull())
        .addColumn('reviewer_id', ref, (col) => col.references('users.id'))
        .addColumn('outcome_decision_id', ref, (col) => col.references('decisions.id'))
        .addColumn('outcome_reasons', 'text')
        .addColumn('created_at', time, (col) => col.notNull())
        .addColumn('decided_at', time)
        .execute();
      await db.schema
        .createIndex('appeals_status_due_at_idx')
        .on('appeals')
        .columns(['status', 'due_at', 'id'])
        .execute();
      await db.schema
        .createIndex('appeals_decided_at_idx')
        .on('appeals')
        .columns(['decided_at', 'id'])
        .execute();

      await db.schema
        .createTable('purge_runs')
        .addColumn('id', id, (col) => col.primaryKey())
        .addColumn('actor', 'text', (col) => col.notNull())
        .addColumn('counts', 'text', (col) => col.notNull())
        .addColumn('started_at', time, (col) => col.notNull())
        .addColumn('finished_at', time, (col) => col.notNull())
        .execute();

      await db.schema
        .createIndex('decisions_effective_at_idx')
        .on('decisions')
        .columns(['effective_at', 'id'])
        .execute();
      await db.schema
        .createIndex('listings_decided_by_listed_at_idx')
        .on('listings')
        .columns(['decided_by', 'listed_at', 'indicator_id'])
        .execute();
    },
  };
}
