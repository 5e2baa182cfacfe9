import { type Kysely, sql } from 'kysely';

import {
  type AuditEntryContent,
  auditEntryHash,
  GENESIS_HASH,
  type StoredAuditEntry,
} from '../domain/audit/audit-chain.ts';
import type { Dialect } from './dialect.ts';
import type { Schema } from './schema.ts';

export interface AuditEntryInput {
  readonly actor: string;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | number;
  /** Any JSON value, stored as text. */
  readonly before?: unknown;
  readonly after?: unknown;
  readonly at?: string;
}

/**
 * Appends one entry to the audit chain through `trx`, which must be the
 * transaction making the change the entry records. On PostgreSQL a
 * transaction-scoped advisory lock orders concurrent writers, so two entries
 * never chain to the same predecessor. SQLite has one writer at a time.
 */
export async function appendAuditEntry(
  trx: Kysely<Schema>,
  dialect: Dialect,
  input: AuditEntryInput,
): Promise<number> {
  if (dialect === 'postgres') {
    await sql`select pg_advisory_xact_lock(hashtext('vigil.audit_log'))`.execute(trx);
  }
  const last = await trx
    .selectFrom('audit_log')
    .select('hash')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const row = await trx
    .insertInto('audit_log')
    .values(auditEntryRow(last?.hash, input))
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Returns the audit row for `input` chained to the entry whose hash is `lastHash`. */
export function auditEntryRow(lastHash: string | undefined, input: AuditEntryInput) {
  const content: AuditEntryContent = {
    at: input.at ?? new Date().toISOString(),
    actor: input.actor,
    action: input.action,
    target_type: input.targetType,
    target_id: String(input.targetId),
    before: input.before === undefined ? null : JSON.stringify(input.before),
    after: input.after === undefined ? null : JSON.stringify(input.after),
  };
  const prevHash = lastHash ?? GENESIS_HASH;
  return { ...content, prev_hash: prevHash, hash: auditEntryHash(prevHash, content) };
}

/** Yields the chain in id order, a page at a time. */
export async function* selectAuditEntries(
  db: Kysely<Schema>,
  pageSize = 1000,
): AsyncGenerator<StoredAuditEntry[]> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) {
      return;
    }
    yield rows.map((row) => ({ ...row, id: Number(row.id) }));
    after = Number(rows[rows.length - 1]!.id);
  }
}
