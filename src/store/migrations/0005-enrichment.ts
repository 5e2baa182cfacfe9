import type { Kysely } from 'kysely';

import type { Dialect } from '../dialect.ts';

/**
 * Creates the tables of enrichment: the latest fetch, DNS, RDAP and lookalike result of each
 * indicator, lookalike hits, and the operator's popular-domain list. Listings gain the liveness
 * columns that re-checks maintain.
 */
export function createEnrichmentMigration(dialect: Dialect) {
  const ref = dialect === 'postgres' ? 'bigint' : 'integer';
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('enrichment_results')
        .addColumn('indicator_id', ref, (col) =>
          col.notNull().references('indicators.id').onDelete('cascade'),
        )
        .addColumn('step', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('result', 'text')
        .addColumn('error', 'text')
        .addColumn('checked_at', time, (col) => col.notNull())
        .addPrimaryKeyConstraint('enrichment_results_pkey', ['indicator_id', 'step'])
        .execute();

      await db.schema
        .createTable('lookalike_hits')
        .addColumn('indicator_id', ref, (col) =>
          col.notNull().references('indicators.id').onDelete('cascade'),
        )
        .addColumn('brand', 'text', (col) => col.notNull())
        .addColumn('rule', 'text', (col) => col.notNull())
        .addColumn('evidence', 'text', (col) => col.notNull())
        .addColumn('created_at', time, (col) => col.notNull())
        .addPrimaryKeyConstraint('lookalike_hits_pkey', ['indicator_id', 'brand', 'rule'])
        .execute();
      await db.schema
        .createIndex('lookalike_hits_brand_idx')
        .on('lookalike_hits')
        .column('brand')
        .execute();

      await db.schema
        .createTable('popular_domains')
        .addColumn('domain', 'text', (col) => col.primaryKey())
        .addColumn('rank', 'integer')
        .addColumn('source', 'text', (col) => col.notNull())
        .addColumn('imported_at', time, (col) => col.notNull())
        .execute();

      await db.schema.alterTable('listings').addColumn('taken_down_at', time).execute();
      await db.schema.alterTable('listings').addColumn('last_checked_at', time).execute();
      await db.schema
        .alterTable('listings')
        .addColumn('check_failures', 'integer', (col) => col.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('listings').addColumn('next_check_at', time).execute();
      await db.schema
        .createIndex('listings_next_check_at_idx')
        .on('listings')
        .columns(['status', 'next_check_at'])
        .execute();
    },
  };
}
