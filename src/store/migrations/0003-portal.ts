import type { Kysely } from 'kysely';

import type { Dialect } from '../dialect.ts';

/**
 * Creates the tables of the public portal: official warnings with their
 * related indicators, and the proof-of-work challenges already spent, so a
 * solved challenge cannot be replayed on another process.
 */
export function createPortalMigration(dialect: Dialect) {
  const id = dialect === 'postgres' ? 'bigserial' : 'integer';
  const ref = dialect === 'postgres' ? 'bigint' : 'integer';
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('warnings')
        .addColumn('id', id, (col) => col.primaryKey())
        .addColumn('slug', 'text', (col) => col.notNull().unique())
        .addColumn('title_vi', 'text', (col) => col.notNull())
        .addColumn('title_en', 'text', (col) => col.notNull())
        .addColumn('body_vi', 'text', (col) => col.notNull())
        .addColumn('body_en', 'text', (col) => col.notNull())
        .addColumn('category', 'text', (col) => col.notNull())
        .addColumn('published_at', time, (col) => col.notNull())
        .addColumn('created_by', 'text', (col) => col.notNull())
        .addColumn('created_at', time, (col) => col.notNull())
        .addColumn('updated_at', time, (col) => col.notNull())
        .addColumn('withdrawn_at', time)
        .execute();
      await db.schema
        .createIndex('warnings_published_at_idx')
        .on('warnings')
        .columns(['published_at', 'id'])
        .execute();

      await db.schema
        .createTable('warning_indicators')
        .addColumn('warning_id', ref, (col) =>
          col.notNull().references('warnings.id').onDelete('cascade'),
        )
        .addColumn('indicator_id', ref, (col) => col.notNull().references('indicators.id'))
        .addPrimaryKeyConstraint('warning_indicators_pkey', ['warning_id', 'indicator_id'])
        .execute();

      await db.schema
        .createTable('spent_challenges')
        .addColumn('signature', 'text', (col) => col.primaryKey())
        .addColumn('expires_at', time, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('spent_challenges_expires_at_idx')
        .on('spent_challenges')
        .column('expires_at')
        .execute();
    },
  };
}
