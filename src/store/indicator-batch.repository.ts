import { sql } from 'kysely';

import type { Database } from './database.ts';

/** One canonical indicator to store, as an import batch carries it. */
export interface IndicatorRow {
  readonly kind: string;
  readonly value: string;
  readonly host: string | null;
  readonly registrableDomain: string | null;
  readonly category: string;
  /** When the source reports seeing the value; the batch time when it does not. */
  readonly seenAt: string | null;
  /** The statement of reasons for an automated listing, when the batch lists. */
  readonly reasons: string | null;
}

/** Options shared by every row of one batch. */
export interface IndicatorBatchOptions {
  /** The provenance name: a feed, file, report or partner. */
  readonly source: string;
  readonly now: string;
  /** The TLP marking of the source's data, kept on its provenance and on new listings. */
  readonly tlp: string;
  /** Set to list every row; absent to record indicators and provenance only. */
  readonly listing?: {
    readonly legalBasis: string;
    readonly expiresAt: string;
  };
}

export interface IndicatorBatchResult {
  /** Rows whose indicator did not exist before. */
  readonly inserted: number;
  /** Rows whose indicator existed and had its last-seen time updated. */
  readonly updated: number;
}

/**
 * Upserts a batch of distinct indicators with their provenance and, when
 * asked, their automated listings, in one transaction. A listing that a
 * person decided or that was delisted is never changed by a feed.
 * Rows must be unique by (kind, value) within the batch.
 */
export async function upsertIndicatorBatch(
  database: Database,
  rows: readonly IndicatorRow[],
  options: IndicatorBatchOptions,
): Promise<IndicatorBatchResult> {
  if (rows.length === 0) {
    return { inserted: 0, updated: 0 };
  }
  const { sqlite } = database;
  if (sqlite === undefined) {
    return upsertOnPostgres(database, rows, options);
  }
  // Kysely's connection lock keeps this batch out of a transaction open on the same
  // connection, which would take it in as a savepoint and could roll it back after it returned.
  return database.db
    .connection()
    .execute(() => Promise.resolve(upsertOnSqlite(sqlite, rows, options)));
}

const SQLITE_INSERT_INDICATOR = `
  insert into indicators (kind, value, host, registrable_domain, first_seen, last_seen)
  values (?, ?, ?, ?, ?, ?)
  on conflict (kind, value) do nothing`;

const SQLITE_TOUCH_INDICATOR = `
  update indicators set last_seen = ?, first_seen = min(first_seen, ?)
  where kind = ? and value = ?
  returning id`;

const SQLITE_UPSERT_PROVENANCE = `
  insert into provenance (indicator_id, name, category, tlp, first_seen, last_seen)
  values (?, ?, ?, ?, ?, ?)
  on conflict (indicator_id, name) do update set
    last_seen = excluded.last_seen,
    first_seen = min(provenance.first_seen, excluded.first_seen),
    category = excluded.category,
    tlp = excluded.tlp`;

// A listing is live while it is active and unexpired. Renaming a live listing
// only extends it, keeping its marking and origin. Renaming one that lapsed,
// by status or by time, lists it afresh under the new source's marking, basis
// and reasons, and records the change in updated_at, which lookup nodes follow.
const SQLITE_LIVE = `(listings.status = 'active' and listings.expires_at > excluded.updated_at)`;

const SQLITE_UPSERT_LISTING = `
  insert into listings (indicator_id, category, status, decided_by, origin, legal_basis, reasons,
    tlp, listed_at, expires_at, updated_at)
  values (?, ?, 'active', 'feed', ?, ?, ?, ?, ?, ?, ?)
  on conflict (indicator_id) do update set
    category = iif(${SQLITE_LIVE}, listings.category, excluded.category),
    tlp = iif(${SQLITE_LIVE}, listings.tlp, excluded.tlp),
    origin = iif(${SQLITE_LIVE}, listings.origin, excluded.origin),
    legal_basis = iif(${SQLITE_LIVE}, listings.legal_basis, excluded.legal_basis),
    reasons = iif(${SQLITE_LIVE}, listings.reasons, excluded.reasons),
    listed_at = iif(${SQLITE_LIVE}, listings.listed_at, excluded.listed_at),
    updated_at = iif(${SQLITE_LIVE}, listings.updated_at, excluded.updated_at),
    expires_at = iif(${SQLITE_LIVE}, max(listings.expires_at, excluded.expires_at),
      excluded.expires_at),
    status = 'active'
  where listings.decided_by = 'feed' and listings.status <> 'delisted'`;

type SqliteHandle = NonNullable<Database['sqlite']>;

const sqliteStatements = new WeakMap<SqliteHandle, ReturnType<typeof prepareSqlite>>();

function prepareSqlite(sqlite: SqliteHandle) {
  return {
    insertIndicator: sqlite.prepare(SQLITE_INSERT_INDICATOR),
    touchIndicator: sqlite.prepare<unknown[], { id: number }>(SQLITE_TOUCH_INDICATOR),
    upsertProvenance: sqlite.prepare(SQLITE_UPSERT_PROVENANCE),
    upsertListing: sqlite.prepare(SQLITE_UPSERT_LISTING),
  };
}

function upsertOnSqlite(
  sqlite: SqliteHandle,
  rows: readonly IndicatorRow[],
  options: IndicatorBatchOptions,
): IndicatorBatchResult {
  let statements = sqliteStatements.get(sqlite);
  if (!statements) {
    statements = prepareSqlite(sqlite);
    sqliteStatements.set(sqlite, statements);
  }
  const { insertIndicator, touchIndicator, upsertProvenance, upsertListing } = statements;
  const { source, now, listing } = options;
  let inserted = 0;

  const write = sqlite.transaction(() => {
    // Stamped once the write lock is held, so that the change time is at most
    // the length of this transaction before its commit (SQLite has one writer).
    const changedAt = new Date().toISOString();
    for (const row of rows) {
      const seen = row.seenAt ?? now;
      // run() rather than RETURNING: the row id comes back without building an object.
      const insert = insertIndicator.run(
        row.kind,
        row.value,
        row.host,
        row.registrableDomain,
        seen,
        now,
      );
      let id: number | bigint;
      if (insert.changes === 1) {
        id = insert.lastInsertRowid;
        inserted++;
      } else {
        id = touchIndicator.get(now, seen, row.kind, row.value)!.id;
      }
      upsertProvenance.run(id, source, row.category, options.tlp, seen, now);
      if (listing) {
        upsertListing.run(
          id,
          row.category,
          source,
          listing.legalBasis,
          row.reasons ?? '',
          options.tlp,
          now,
          listing.expiresAt,
          changedAt,
        );
      }
    }
  });
  write.immediate();
  return { inserted, updated: rows.length - inserted };
}

async function upsertOnPostgres(
  database: Database,
  rows: readonly IndicatorRow[],
  options: IndicatorBatchOptions,
): Promise<IndicatorBatchResult> {
  const { source, now, listing } = options;
  const sorted = [...rows].sort(compareRows);
  const column = <T>(pick: (row: IndicatorRow) => T) => sorted.map(pick);

  return database.db.transaction().execute(async (trx) => {
    const written = await sql<{ id: number; kind: string; value: string; inserted: boolean }>`
      insert into indicators (kind, value, host, registrable_domain, first_seen, last_seen)
      select kind, value, host, registrable_domain, seen, ${now}::timestamptz
      from unnest(
        ${column((r) => r.kind)}::text[], ${column((r) => r.value)}::text[],
        ${column((r) => r.host)}::text[], ${column((r) => r.registrableDomain)}::text[],
        ${column((r) => r.seenAt ?? now)}::timestamptz[]
      ) as input(kind, value, host, registrable_domain, seen)
      on conflict (kind, value) do update set
        last_seen = excluded.last_seen,
        first_seen = least(indicators.first_seen, excluded.first_seen)
      returning id, kind, value, (xmax = 0) as inserted`.execute(trx);

    // PostgreSQL does not promise RETURNING order, so ids are matched by key.
    const idByKey = new Map(written.rows.map((row) => [`${row.kind}\n${row.value}`, row.id]));
    const ids = sorted.map((row) => idByKey.get(`${row.kind}\n${row.value}`)!);
    await sql`
      insert into provenance (indicator_id, name, category, tlp, first_seen, last_seen)
      select id, ${source}, category, ${options.tlp}, seen, ${now}::timestamptz
      from unnest(${ids}::bigint[], ${column((r) => r.category)}::text[],
        ${column((r) => r.seenAt ?? now)}::timestamptz[]) as input(id, category, seen)
      on conflict (indicator_id, name) do update set
        last_seen = excluded.last_seen,
        first_seen = least(provenance.first_seen, excluded.first_seen),
        category = excluded.category,
        tlp = excluded.tlp`.execute(trx);

    if (listing) {
      const live = sql`(listings.status = 'active' and listings.expires_at > statement_timestamp())`;
      const upserted = await sql<{ indicator_id: number; changed: boolean }>`
        insert into listings (indicator_id, category, status, decided_by, origin, legal_basis,
          reasons, tlp, listed_at, expires_at, updated_at)
        select id, category, 'active', 'feed', ${source}, ${listing.legalBasis}, reasons,
          ${options.tlp}, ${now}::timestamptz, ${listing.expiresAt}::timestamptz,
          ${now}::timestamptz
        from unnest(${ids}::bigint[], ${column((r) => r.category)}::text[],
          ${column((r) => r.reasons ?? '')}::text[]) as input(id, category, reasons)
        on conflict (indicator_id) do update set
          category = case when ${live} then listings.category else excluded.category end,
          tlp = case when ${live} then listings.tlp else excluded.tlp end,
          origin = case when ${live} then listings.origin else excluded.origin end,
          legal_basis = case when ${live} then listings.legal_basis else excluded.legal_basis end,
          reasons = case when ${live} then listings.reasons else excluded.reasons end,
          listed_at = case when ${live} then listings.listed_at else excluded.listed_at end,
          updated_at = case when ${live} then listings.updated_at else excluded.updated_at end,
          expires_at = case when ${live}
            then greatest(listings.expires_at, excluded.expires_at) else excluded.expires_at end,
          status = 'active'
        where listings.decided_by = 'feed' and listings.status <> 'delisted'
        returning indicator_id, updated_at = ${now}::timestamptz as changed`.execute(trx);

      // Lookup nodes follow updated_at, and this transaction may have waited
      // for row locks since `now`. Stamping the changed rows last keeps the
      // change time within moments of the commit.
      const changed = upserted.rows.filter((row) => row.changed).map((row) => row.indicator_id);
      if (changed.length > 0) {
        await sql`update listings set updated_at = clock_timestamp()
          where indicator_id = any(${changed}::bigint[])`.execute(trx);
      }
    }

    const inserted = written.rows.filter((row) => row.inserted).length;
    return { inserted, updated: rows.length - inserted };
  });
}

function compareRows(a: IndicatorRow, b: IndicatorRow): number {
  if (a.kind !== b.kind) {
    return a.kind < b.kind ? -1 : 1;
  }
  if (a.value === b.value) {
    return 0;
  }
  return a.value < b.value ? -1 : 1;
}
