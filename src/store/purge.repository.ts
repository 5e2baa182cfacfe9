import type { Kysely, SelectQueryBuilder } from 'kysely';

import {
  DECIDED_APPEAL_STATUSES,
  FINISHED_REPORT_STATUSES,
  type RetentionCutoffs,
} from '../domain/retention/retention-rules.ts';
import type { Schema } from './schema.ts';

type Db = Kysely<Schema>;

/**
 * Each rule of the purge, as a pair of queries: `count` for a dry run and
 * `apply` for a real one, over exactly the same rows. Nothing here touches
 * the audit log, decisions, decision indicators, notices or indicators,
 * which the audit chain and the public archive need.
 */

export async function countReportContacts(db: Db, cutoffs: RetentionCutoffs): Promise<number> {
  return count(
    db
      .selectFrom('reports')
      .where('contact_encrypted', 'is not', null)
      .where('updated_at', '<', cutoffs.contact),
  );
}

export async function clearReportContacts(db: Db, cutoffs: RetentionCutoffs): Promise<number> {
  const result = await db
    .updateTable('reports')
    .set({ contact_encrypted: null })
    .where('contact_encrypted', 'is not', null)
    .where('updated_at', '<', cutoffs.contact)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Appellants' contacts go only once the appeal is decided, counted from the decision. */
export async function countAppealContacts(db: Db, cutoffs: RetentionCutoffs): Promise<number> {
  return count(
    db
      .selectFrom('appeals')
      .where('contact_encrypted', 'is not', null)
      .where('status', 'in', DECIDED_APPEAL_STATUSES)
      .where('decided_at', '<', cutoffs.contact),
  );
}

export async function clearAppealContacts(db: Db, cutoffs: RetentionCutoffs): Promise<number> {
  const result = await db
    .updateTable('appeals')
    .set({ contact_encrypted: null })
    .where('contact_encrypted', 'is not', null)
    .where('status', 'in', DECIDED_APPEAL_STATUSES)
    .where('decided_at', '<', cutoffs.contact)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function countReporterHashes(db: Db, now: string): Promise<number> {
  return count(
    db
      .selectFrom('reports')
      .where('reporter_hash', 'is not', null)
      .where('reporter_hash_expires_at', '<', now),
  );
}

export async function clearReporterHashes(db: Db, now: string): Promise<number> {
  const result = await db
    .updateTable('reports')
    .set({ reporter_hash: null, reporter_hash_expires_at: null })
    .where('reporter_hash', 'is not', null)
    .where('reporter_hash_expires_at', '<', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Selects evidence past retention: of reports finished before the evidence
 * cutoff or rejected before the rejected-report cutoff (those reports go
 * too), and of appeals decided before the evidence cutoff.
 */
export async function selectExpiredEvidence(
  db: Db,
  cutoffs: RetentionCutoffs,
): Promise<{ id: number; storageKey: string }[]> {
  const rows = await db
    .selectFrom('evidence')
    .select(['id', 'storage_key'])
    .where((eb) =>
      eb.or([
        eb.and([
          eb('owner_type', '=', 'report'),
          eb('owner_id', 'in', (sub) =>
            sub
              .selectFrom('reports')
              .select('id')
              .where((inner) =>
                inner.or([
                  inner.and([
                    inner('status', 'in', FINISHED_REPORT_STATUSES),
                    inner('updated_at', '<', cutoffs.evidence),
                  ]),
                  inner.and([
                    inner('status', '=', 'rejected'),
                    inner('updated_at', '<', cutoffs.rejectedReport),
                  ]),
                ]),
              ),
          ),
        ]),
        eb.and([
          eb('owner_type', '=', 'appeal'),
          eb('owner_id', 'in', (sub) =>
            sub
              .selectFrom('appeals')
              .select('id')
              .where('status', 'in', DECIDED_APPEAL_STATUSES)
              .where('decided_at', '<', cutoffs.evidence),
          ),
        ]),
      ]),
    )
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: Number(row.id), storageKey: row.storage_key }));
}

export async function deleteEvidenceRows(db: Db, ids: readonly number[]): Promise<number> {
  let deleted = 0;
  // Chunks keep each statement under SQLite's limit on bound parameters.
  for (let start = 0; start < ids.length; start += 500) {
    const result = await db
      .deleteFrom('evidence')
      .where('id', 'in', ids.slice(start, start + 500))
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}

/** Returns which of `storageKeys` no evidence row names any more, so their files can go. */
export async function selectUnreferencedKeys(
  db: Db,
  storageKeys: readonly string[],
): Promise<string[]> {
  const unique = [...new Set(storageKeys)];
  const referenced = new Set<string>();
  for (let start = 0; start < unique.length; start += 500) {
    const rows = await db
      .selectFrom('evidence')
      .select('storage_key')
      .where('storage_key', 'in', unique.slice(start, start + 500))
      .execute();
    for (const row of rows) {
      referenced.add(row.storage_key);
    }
  }
  return unique.filter((key) => !referenced.has(key));
}

export async function countRejectedReports(db: Db, cutoffs: RetentionCutoffs): Promise<number> {
  return count(
    db
      .selectFrom('reports')
      .where('status', '=', 'rejected')
      .where('updated_at', '<', cutoffs.rejectedReport),
  );
}

/** Deletes rejected reports; their indicators and status history go with them by cascade. */
export async function deleteRejectedReports(db: Db, cutoffs: RetentionCutoffs): Promise<number> {
  const result = await db
    .deleteFrom('reports')
    .where('status', '=', 'rejected')
    .where('updated_at', '<', cutoffs.rejectedReport)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Counts listings expired before the cutoff, split by whether a decision row
 * carries their statement of reasons (those may go) or the listing row
 * itself does, as for feed listings (those stay for the archive).
 */
export async function countExpiredListings(
  db: Db,
  cutoffs: RetentionCutoffs,
): Promise<{ removable: number; kept: number }> {
  const rows = await db
    .selectFrom('listings')
    .select([
      (eb) => eb.fn.countAll<number>().as('total'),
      (eb) => eb.fn.count<number>('decision_id').as('removable'),
    ])
    .where('status', '<>', 'delisted')
    .where('expires_at', '<', cutoffs.expiredListing)
    .executeTakeFirstOrThrow();
  const removable = Number(rows.removable);
  return { removable, kept: Number(rows.total) - removable };
}

export async function deleteExpiredListings(db: Db, cutoffs: RetentionCutoffs): Promise<number> {
  const result = await db
    .deleteFrom('listings')
    .where('status', '<>', 'delisted')
    .where('expires_at', '<', cutoffs.expiredListing)
    .where('decision_id', 'is not', null)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertPurgeRun(
  db: Db,
  run: { actor: string; counts: unknown; startedAt: string; finishedAt: string },
): Promise<number> {
  const row = await db
    .insertInto('purge_runs')
    .values({
      actor: run.actor,
      counts: JSON.stringify(run.counts),
      started_at: run.startedAt,
      finished_at: run.finishedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

async function count<TB extends keyof Schema>(
  query: SelectQueryBuilder<Schema, TB, object>,
): Promise<number> {
  const row = await query
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
