import type { Kysely } from 'kysely';

import type { Dialect } from '../dialect.ts';

/**
 * Creates the tables of sharing: organisations with their API keys and
 * routing rules, notices with the indicators they name and their deliveries,
 * partner feeds that Vigil polls, and the SOA serials of exported zones.
 */
export function createSharingMigration(dialect: Dialect) {
  const id = dialect === 'postgres' ? 'bigserial' : 'integer';
  const ref = dialect === 'postgres' ? 'bigint' : 'integer';
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('organisations')
        .addColumn('id', id, (col) => col.primaryKey())
        .addColumn('name', 'text', (col) => col.notNull().unique())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('language', 'text', (col) => col.notNull())
        .addColumn('tlp_clearance', 'text', (col) => col.notNull())
        .addColumn('contact_email', 'text')
        .addColumn('webhook_url', 'text')
        .addColumn('webhook_secret', 'text')
        .addColumn('created_at', time, (col) => col.notNull())
        .addColumn('disabled_at', time)
        .execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', id, (col) => col.primaryKey())
        .addColumn('organisation_id', ref, (col) =>
          col.notNull().references('organisations.id').onDelete('cascade'),
        )
        .addColumn('prefix', 'text', (col) => col.notNull().unique())
        .addColumn('secret_hash', 'text', (col) => col.notNull())
        .addColumn('scopes', 'text', (col) => col.notNull())
        .addColumn('label', 'text', (col) => col.notNull())
        .addColumn('created_at', time, (col) => col.notNull())
        .addColumn('last_used_at', time)
        .addColumn('expires_at', time)
        .addColumn('replaces', ref, (col) => col.references('api_keys.id'))
        .execute();
      await db.schema
        .createIndex('api_keys_organisation_id_idx')
        .on('api_keys')
        .column('organisation_id')
        .execute();

      await db.schema
        .createTable('routing_rules')
        .addColumn('id', id, (col) => col.primaryKey())
        .addColumn('organisation_id', ref, (col) =>
          col.notNull().references('organisations.id').onDelete('cascade'),
        )
        .addColumn('key_type', 'text', (col) => col.notNull())
        .addColumn('key_value', 'text', (col) => col.notNull())
        .addColumn('created_at', time, (col) => col.notNull())
        .addUniqueConstraint('routing_rules_key_organisation_key', [
          'key_type',
          'key_value',
          'organisation_id',
        ])
        .execute();

      await db.schema
        .createTable('notices')
        .addColumn('id', id, (col) => col.primaryKey())
        .addColumn('uuid', 'text', (col) => col.notNull().unique())
        .addColumn('decision_id', ref, (col) => col.notNull().references('decisions.id'))
        .addColumn('organisation_id', ref, (col) => col.notNull().references('organisations.id'))
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('action_requested', 'text', (col) => col.notNull())
        .addColumn('tlp', 'text', (col) => col.notNull())
        .addColumn('due_at', time, (col) => col.notNull())
        .addColumn('sent_at', time)
        .addColumn('acknowledged_at', time)
        .addColumn('actioned_at', time)
        .addColumn('declined_at', time)
        .addColumn('response_note', 'text')
        .addColumn('reminded_at', time)
        .addColumn('follow_up_of', ref, (col) => col.references('notices.id'))
        .addColumn('created_at', time, (col) => col.notNull())
        .addColumn('updated_at', time, (col) => col.notNull())
        .addUniqueConstraint('notices_decision_organisation_key', [
          'decision_id',
          'organisation_id',
        ])
        .execute();
      await db.schema
        .createIndex('notices_organisation_created_at_idx')
        .on('notices')
        .columns(['organisation_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('notices_status_due_at_idx')
        .on('notices')
        .columns(['status', 'due_at'])
        .execute();

      await db.schema
        .createTable('notice_indicators')
        .addColumn('notice_id', ref, (col) =>
          col.notNull().references('notices.id').onDelete('cascade'),
        )
        .addColumn('indicator_id', ref, (col) => col.notNull().references('indicators.id'))
        .addPrimaryKeyConstraint('notice_indicators_pkey', ['notice_id', 'indicator_id'])
        .execute();

      await db.schema
        .createTable('notice_deliveries')
        .addColumn('id', id, (col) => col.primaryKey())
        .addColumn('notice_id', ref, (col) =>
          col.notNull().references('notices.id').onDelete('cascade'),
        )
        .addColumn('channel', 'text', (col) => col.notNull())
        .addColumn('purpose', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('delivered_at', time)
        .addColumn('created_at', time, (col) => col.notNull())
        .addUniqueConstraint('notice_deliveries_notice_channel_purpose_key', [
          'notice_id',
          'channel',
          'purpose',
        ])
        .execute();

      await db.schema
        .createTable('partner_feeds')
        .addColumn('id', id, (col) => col.primaryKey())
        .addColumn('organisation_id', ref, (col) =>
          col.notNull().references('organisations.id').onDelete('cascade'),
        )
        .addColumn('protocol', 'text', (col) => col.notNull())
        .addColumn('url', 'text', (col) => col.notNull())
        .addColumn('authorization', 'text')
        .addColumn('tlp', 'text', (col) => col.notNull())
        .addColumn('interval_minutes', 'integer', (col) => col.notNull())
        .addColumn('next_poll_at', time, (col) => col.notNull())
        .addColumn('cursor', 'text')
        .addColumn('last_polled_at', time)
        .addColumn('last_error', 'text')
        .addColumn('created_at', time, (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('export_serials')
        .addColumn('name', 'text', (col) => col.primaryKey())
        .addColumn('serial', 'bigint', (col) => col.notNull())
        .addColumn('content_hash', 'text', (col) => col.notNull())
        .addColumn('updated_at', time, (col) => col.notNull())
        .execute();
    },
  };
}
