import { type Kysely, sql } from 'kysely';

import type { Dialect } from '../dialect.ts';

/**
 * Creates indicators with their provenance, listings, import runs and the job
 * queue. An indicator has at most one listing, keyed by the indicator id; on
 * SQLite, provenance is stored in its primary key's B-tree alone.
 */
export function createCoreMigration(dialect: Dialect) {
  const id = dialect === 'postgres' ? 'bigserial' : 'integer';
  const ref = dialect === 'postgres' ? 'bigint' : 'integer';
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('indicators')
        .addColumn('id', id, (col) => col.primaryKey())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('value', 'text', (col) => col.notNull())
        .addColumn('host', 'text')
        .addColumn('registrable_domain', 'text')
        .addColumn('first_seen', time, (col) => col.notNull())
        .addColumn('last_seen', time, (col) => col.notNull())
        .addUniqueConstraint('indicators_kind_value_key', ['kind', 'value'])
        .execute();
      await db.schema
        .createIndex('indicators_registrable_domain_idx')
        .on('indicators')
        .column('registrable_domain')
        .execute();

      await db.schema
        .createTable('provenance')
        .addColumn('indicator_id', ref, (col) =>
          col.notNull().references('indicators.id').onDelete('cascade'),
        )
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('category', 'text')
        .addColumn('tlp', 'text', (col) => col.notNull())
        .addColumn('first_seen', time, (col) => col.notNull())
        .addColumn('last_seen', time, (col) => col.notNull())
        .addPrimaryKeyConstraint('provenance_pkey', ['indicator_id', 'name'])
        .$call((builder) =>
          dialect === 'sqlite' ? builder.modifyEnd(sql`without rowid`) : builder,
        )
        .execute();

      await db.schema
        .createTable('listings')
        .addColumn('indicator_id', ref, (col) =>
          col.primaryKey().references('indicators.id').onDelete('cascade'),
        )
        .addColumn('category', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('decided_by', 'text', (col) => col.notNull())
        .addColumn('origin', 'text', (col) => col.notNull())
        .addColumn('legal_basis', 'text', (col) => col.notNull())
        .addColumn('reasons', 'text', (col) => col.notNull())
        .addColumn('tlp', 'text', (col) => col.notNull())
        .addColumn('listed_at', time, (col) => col.notNull())
        .addColumn('expires_at', time, (col) => col.notNull())
        .addColumn('updated_at', time, (col) => col.notNull())
        .addColumn('delisted_at', time)
        .execute();
      await db.schema
        .createIndex('listings_updated_at_idx')
        .on('listings')
        .column('updated_at')
        .execute();
      await db.schema
        .createIndex('listings_status_expires_at_idx')
        .on('listings')
        .columns(['status', 'expires_at'])
        .execute();

      await db.schema
        .createTable('imports')
        .addColumn('id', id, (col) => col.primaryKey())
        .addColumn('source', 'text', (col) => col.notNull())
        .addColumn('format', 'text', (col) => col.notNull())
        .addColumn('file_name', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('started_at', time, (col) => col.notNull())
        .addColumn('finished_at', time)
        .addColumn('read_count', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('valid_count', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('invalid_count', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('new_count', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('duplicate_count', 'integer', (col) => col.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('jobs')
        .addColumn('id', id, (col) => col.primaryKey())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('payload', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('max_attempts', 'integer', (col) => col.notNull())
        .addColumn('run_at', time, (col) => col.notNull())
        .addColumn('locked_by', 'text')
        .addColumn('locked_until', time)
        .addColumn('last_error', 'text')
        .addColumn('created_at', time, (col) => col.notNull())
        .addColumn('updated_at', time, (col) => col.notNull())
        .addColumn('finished_at', time)
        .execute();
      await db.schema
        .createIndex('jobs_status_run_at_idx')
        .on('jobs')
        .columns(['status', 'run_at'])
        .execute();
    },
  };
}
