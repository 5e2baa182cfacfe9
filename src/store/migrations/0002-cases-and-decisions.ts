import type { Kysely } from 'kysely';

import type { Dialect } from '../dialect.ts';

/**
 * Creates the tables that intake, the console, sharing and accountability all
 * read: staff users, reports with their indicators, status history and
 * evidence, cases joined by source keys, decisions, and the hash-chained audit
 * log. Listings learn which decision made them.
 */
export function createCasesAndDecisionsMigration(dialect: Dialect) {
  const id = dialect === 'postgres' ? 'bigserial' : 'integer';
  const ref = dialect === 'postgres' ? 'bigint' : 'integer';
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';
  // Flags are 0 or 1 on both dialects, so rows read the same everywhere.
  const flag = 'integer';

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('users')
        .addColumn('id', id, (col) => col.primaryKey())
        .addColumn('email', 'text', (col) => col.notNull().unique())
        .addColumn('display_name', 'text')
        .addColumn('role', 'text', (col) => col.notNull())
        .addColumn('organisation_id', ref)
        .addColumn('password_hash', 'text')
        .addColumn('created_at', time, (col) => col.notNull())
        .addColumn('disabled_at', time)
        .execute();

      await db.schema
        .createTable('cases')
        .addColumn('id', id, (col) => col.primaryKey())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('category', 'text', (col) => col.notNull())
        .addColumn('title', 'text', (col) => col.notNull())
        .addColumn('score', 'real', (col) => col.notNull().defaultTo(0))
        .addColumn('score_features', 'text')
        .addColumn('assignee_id', ref, (col) => col.references('users.id'))
        .addColumn('merged_into', ref, (col) => col.references('cases.id'))
        .addColumn('created_at', time, (col) => col.notNull())
        .addColumn('updated_at', time, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('cases_status_score_idx')
        .on('cases')
        .columns(['status', 'score', 'id'])
        .execute();

      await db.schema
        .createTable('case_indicators')
        .addColumn('indicator_id', ref, (col) =>
          col.primaryKey().references('indicators.id').onDelete('cascade'),
        )
        .addColumn('case_id', ref, (col) => col.notNull().references('cases.id'))
        .addColumn('added_at', time, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('case_indicators_case_id_idx')
        .on('case_indicators')
        .column('case_id')
        .execute();

      await db.schema
        .createTable('source_keys')
        .addColumn('indicator_id', ref, (col) =>
          col.notNull().references('indicators.id').onDelete('cascade'),
        )
        .addColumn('key', 'text', (col) => col.notNull())
        .addColumn('origin', 'text', (col) => col.notNull())
        .addColumn('created_at', time, (col) => col.notNull())
        .addPrimaryKeyConstraint('source_keys_pkey', ['indicator_id', 'key'])
        .execute();
      await db.schema.createIndex('source_keys_key_idx').on('source_keys').column('key').execute();

      await db.schema
        .createTable('reports')
        .addColumn('id', id, (col) => col.primaryKey())
        .addColumn('receipt', 'text', (col) => col.notNull().unique())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('category', 'text', (col) => col.notNull())
        .addColumn('channel', 'text', (col) => col.notNull())
        .addColumn('seen_at', time)
        .addColumn('description', 'text', (col) => col.notNull())
        .addColumn('message_text', 'text')
        .addColumn('money_lost', flag, (col) => col.notNull())
        .addColumn('amount_lost', 'real')
        .addColumn('language', 'text', (col) => col.notNull())
        .addColumn('contact_encrypted', 'text')
        .addColumn('reporter_hash', 'text')
        .addColumn('reporter_hash_expires_at', time)
        .addColumn('case_id', ref, (col) => col.references('cases.id'))
        .addColumn('created_at', time, (col) => col.notNull())
        .addColumn('updated_at', time, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('reports_status_created_at_idx')
        .on('reports')
        .columns(['status', 'created_at', 'id'])
        .execute();
      await db.schema.createIndex('reports_case_id_idx').on('reports').column('case_id').execute();
      await db.schema
        .createIndex('reports_reporter_hash_idx')
        .on('reports')
        .column('reporter_hash')
        .execute();

      await db.schema
        .createTable('report_indicators')
        .addColumn('report_id', ref, (col) =>
          col.notNull().references('reports.id').onDelete('cascade'),
        )
        .addColumn('indicator_id', ref, (col) => col.notNull().references('indicators.id'))
        .addColumn('entered', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('report_indicators_pkey', ['report_id', 'indicator_id'])
        .execute();
      await db.schema
        .createIndex('report_indicators_indicator_id_idx')
        .on('report_indicators')
        .column('indicator_id')
        .execute();

      await db.schema
        .createTable('report_events')
        .addColumn('id', id, (col) => col.primaryKey())
        .addColumn('report_id', ref, (col) =>
          col.notNull().references('reports.id').onDelete('cascade'),
        )
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('public_note', 'text')
        .addColumn('created_at', time, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('report_events_report_id_idx')
        .on('report_events')
        .column('report_id')
        .execute();

      await db.schema
        .createTable('evidence')
        .addColumn('id', id, (col) => col.primaryKey())
        .addColumn('owner_type', 'text', (col) => col.notNull())
        .addColumn('owner_id', ref, (col) => col.notNull())
        .addColumn('storage_key', 'text', (col) => col.notNull())
        .addColumn('media_type', 'text', (col) => col.notNull())
        .addColumn('bytes', 'integer', (col) => col.notNull())
        .addColumn('sha256', 'text', (col) => col.notNull())
        .addColumn('width', 'integer')
        .addColumn('height', 'integer')
        .addColumn('created_at', time, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('evidence_owner_idx')
        .on('evidence')
        .columns(['owner_type', 'owner_id'])
        .execute();

      await db.schema
        .createTable('decisions')
        .addColumn('id', id, (col) => col.primaryKey())
        .addColumn('case_id', ref, (col) => col.references('cases.id'))
        .addColumn('verdict', 'text', (col) => col.notNull())
        .addColumn('action', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('category', 'text', (col) => col.notNull())
        .addColumn('legal_basis', 'text', (col) => col.notNull())
        .addColumn('reasons', 'text', (col) => col.notNull())
        .addColumn('tlp', 'text', (col) => col.notNull())
        .addColumn('expires_at', time)
        .addColumn('automated', flag, (col) => col.notNull())
        .addColumn('decided_by', ref, (col) => col.references('users.id'))
        .addColumn('approved_by', ref, (col) => col.references('users.id'))
        .addColumn('approval_reason', 'text')
        .addColumn('supersedes', ref, (col) => col.references('decisions.id'))
        .addColumn('created_at', time, (col) => col.notNull())
        .addColumn('effective_at', time)
        .execute();
      await db.schema
        .createIndex('decisions_status_created_at_idx')
        .on('decisions')
        .columns(['status', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('decisions_case_id_idx')
        .on('decisions')
        .column('case_id')
        .execute();

      await db.schema
        .createTable('decision_indicators')
        .addColumn('decision_id', ref, (col) =>
          col.notNull().references('decisions.id').onDelete('cascade'),
        )
        .addColumn('indicator_id', ref, (col) => col.notNull().references('indicators.id'))
        .addPrimaryKeyConstraint('decision_indicators_pkey', ['decision_id', 'indicator_id'])
        .execute();
      await db.schema
        .createIndex('decision_indicators_indicator_id_idx')
        .on('decision_indicators')
        .column('indicator_id')
        .execute();

      await db.schema
        .alterTable('listings')
        .addColumn('decision_id', ref, (col) => col.references('decisions.id'))
        .execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('id', id, (col) => col.primaryKey())
        .addColumn('at', time, (col) => col.notNull())
        .addColumn('actor', 'text', (col) => col.notNull())
        .addColumn('action', 'text', (col) => col.notNull())
        .addColumn('target_type', 'text', (col) => col.notNull())
        .addColumn('target_id', 'text', (col) => col.notNull())
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('prev_hash', 'text', (col) => col.notNull())
        .addColumn('hash', 'text', (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('audit_log_target_idx')
        .on('audit_log')
        .columns(['target_type', 'target_id'])
        .execute();
    },
  };
}
