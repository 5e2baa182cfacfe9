import type { Kysely } from 'kysely';

import { seededCommonKeys } from '../../domain/clustering/common-infrastructure.ts';
import type { Dialect } from '../dialect.ts';
import type { Schema } from '../schema.ts';

/**
 * Creates the tables of the staff console: server-side sessions, each
 * account's login state (failed attempts, lockout, one-time password, TOTP
 * secret), the history of each case, and the source keys listed as common
 * infrastructure, seeded with shorteners and free hosting. Adds the indexes the queue pages through.
 */
export function createConsoleMigration(dialect: Dialect) {
  const id = dialect === 'postgres' ? 'bigserial' : 'integer';
  const ref = dialect === 'postgres' ? 'bigint' : 'integer';
  const time = dialect === 'postgres' ? 'timestamptz' : 'text';
  const flag = 'integer';

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('user_id', ref, (col) =>
          col.notNull().references('users.id').onDelete('cascade'),
        )
        .addColumn('stage', 'text', (col) => col.notNull())
        .addColumn('created_at', time, (col) => col.notNull())
        .addColumn('last_seen_at', time, (col) => col.notNull())
        .addColumn('expires_at', time, (col) => col.notNull())
        .execute();
      await db.schema
        .createIndex('sessions_user_id_idx')
        .on('sessions')
        .column('user_id')
        .execute();

      await db.schema
        .createTable('user_accounts')
        .addColumn('user_id', ref, (col) =>
          col.primaryKey().references('users.id').onDelete('cascade'),
        )
        .addColumn('failed_logins', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('locked_until', time)
        .addColumn('password_temporary', flag, (col) => col.notNull().defaultTo(0))
        .addColumn('totp_secret', 'text')
        .addColumn('totp_confirmed_at', time)
        .addColumn('totp_last_step', 'integer')
        .addColumn('last_login_at', time)
        .execute();

      await db.schema
        .createTable('case_events')
        .addColumn('id', id, (col) => col.primaryKey())
        .addColumn('case_id', ref, (col) => col.notNull().references('cases.id'))
        .addColumn('at', time, (col) => col.notNull())
        .addColumn('actor', 'text', (col) => col.notNull())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('detail', 'text')
        .execute();
      await db.schema
        .createIndex('case_events_case_id_idx')
        .on('case_events')
        .columns(['case_id', 'id'])
        .execute();

      await db.schema
        .createTable('common_keys')
        .addColumn('key', 'text', (col) => col.primaryKey())
        .addColumn('reason', 'text', (col) => col.notNull())
        .addColumn('case_count', 'integer', (col) => col.notNull())
        .addColumn('created_at', time, (col) => col.notNull())
        .execute();
      const seededAt = new Date().toISOString();
      await (db as Kysely<Schema>)
        .insertInto('common_keys')
        .values(
          seededCommonKeys().map((key) => ({
            key,
            reason: 'seed',
            case_count: 0,
            created_at: seededAt,
          })),
        )
        .execute();

      await db.schema
        .createIndex('cases_status_created_at_idx')
        .on('cases')
        .columns(['status', 'created_at', 'id'])
        .execute();
      // The queue lists reports that no case contains yet, newest first or by id.
      await db.schema
        .createIndex('reports_unclustered_created_at_idx')
        .on('reports')
        .columns(['case_id', 'status', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('reports_unclustered_id_idx')
        .on('reports')
        .columns(['case_id', 'status', 'id'])
        .execute();
      await db.schema
        .createIndex('cases_assignee_id_idx')
        .on('cases')
        .columns(['assignee_id', 'status'])
        .execute();
    },
  };
}
