import { type Kysely, sql } from 'kysely';

import type { ExportListing } from '../domain/exports/export-listing.ts';
import type { Database } from './database.ts';
import type { Dialect } from './dialect.ts';
import type { Schema } from './schema.ts';

/**
 * Returns the status, expiry and kind columns for filters. On SQLite they
 * are written `+column`, which keeps the planner off the (status, expires_at)
 * and (kind, value) indexes. With those, every page of an export sorted all
 * active listings in a temporary B-tree. Without them the primary key or the
 * updated_at index walks the listings in page order.
 */
function filterColumns(dialect: Dialect) {
  return dialect === 'sqlite'
    ? {
        status: sql<string>`+listings.status`,
        expiresAt: sql<string>`+listings.expires_at`,
        kind: sql<string>`+indicators.kind`,
      }
    : {
        status: sql<string>`listings.status`,
        expiresAt: sql<string>`listings.expires_at`,
        kind: sql<string>`indicators.kind`,
      };
}

/** The columns of an ExportListing, in a query joining listings, indicators and decisions. */
const EXPORT_COLUMNS = [
  'indicators.id as indicatorId',
  'indicators.kind',
  'indicators.value',
  'indicators.host',
  'indicators.registrable_domain as registrableDomain',
  'listings.category',
  'listings.tlp',
  'listings.legal_basis as legalBasis',
  'listings.reasons',
  'listings.listed_at as listedAt',
  'listings.updated_at as updatedAt',
  'listings.expires_at as expiresAt',
  'listings.decision_id as decisionId',
  'decisions.action as decisionAction',
] as const;

export interface ExportQuery {
  readonly now: string;
  /** Only listings changed at or after this time. */
  readonly since?: string;
  /** Only these TLP labels. */
  readonly tlps: readonly string[];
  /** Only these indicator kinds, or every kind when absent. */
  readonly kinds?: readonly string[];
}

/**
 * Yields the active, unexpired listings that `query` selects, a page at a
 * time in indicator id order, leaving out false information. Callers apply the
 * remaining rules of `isExportable`, which need the decision's action.
 */
export async function* selectExportListings(
  db: Kysely<Schema>,
  dialect: Dialect,
  query: ExportQuery,
  pageSize = 20_000,
): AsyncGenerator<ExportListing[]> {
  if (query.tlps.length === 0) {
    return;
  }
  const { status, expiresAt, kind } = filterColumns(dialect);
  let afterId = 0;
  for (;;) {
    let select = db
      .selectFrom('listings')
      .innerJoin('indicators', 'indicators.id', 'listings.indicator_id')
      .leftJoin('decisions', 'decisions.id', 'listings.decision_id')
      .select(EXPORT_COLUMNS)
      .where(status, '=', 'active')
      .where(expiresAt, '>', query.now)
      .where('listings.category', '<>', 'false_information')
      .where('listings.tlp', 'in', query.tlps)
      .where('listings.indicator_id', '>', afterId)
      .orderBy('listings.indicator_id')
      .limit(pageSize);
    if (query.since !== undefined) {
      select = select.where('listings.updated_at', '>=', query.since);
    }
    if (query.kinds !== undefined) {
      select = select.where(kind, 'in', query.kinds);
    }
    const rows = await select.execute();
    if (rows.length === 0) {
      return;
    }
    yield rows.map((row) => ({
      ...row,
      indicatorId: Number(row.indicatorId),
      decisionId: row.decisionId === null ? null : Number(row.decisionId),
    }));
    afterId = Number(rows[rows.length - 1]!.indicatorId);
  }
}

/** A position in (updated_at, indicator id) order, as TAXII pages use. */
export interface ChangeCursor {
  readonly updatedAt: string;
  readonly indicatorId: number;
}

/**
 * Selects up to `limit` exportable listings changed after `after` (exclusive),
 * or after the time `addedAfter`, in (updated_at, indicator id) order, so
 * that pages never skip listings that share a time. Times are compared to the
 * millisecond.
 */
export async function selectListingChangesForExport(
  db: Kysely<Schema>,
  dialect: Dialect,
  query: ExportQuery & { readonly after?: ChangeCursor; readonly addedAfter?: string },
  limit: number,
): Promise<ExportListing[]> {
  if (query.tlps.length === 0) {
    return [];
  }
  // PostgreSQL stores microseconds but times travel as milliseconds, so pages
  // compare and sort by the millisecond a cursor can name.
  const changedAt =
    dialect === 'postgres'
      ? sql<string>`date_trunc('milliseconds', listings.updated_at)`
      : sql<string>`listings.updated_at`;
  const { status, expiresAt, kind } = filterColumns(dialect);
  let select = db
    .selectFrom('listings')
    .innerJoin('indicators', 'indicators.id', 'listings.indicator_id')
    .leftJoin('decisions', 'decisions.id', 'listings.decision_id')
    .select(EXPORT_COLUMNS)
    .where(status, '=', 'active')
    .where(expiresAt, '>', query.now)
    .where('listings.category', '<>', 'false_information')
    .where('listings.tlp', 'in', query.tlps)
    .where((eb) =>
      eb.or([eb('decisions.action', 'is', null), eb('decisions.action', '<>', 'warning_label')]),
    )
    .orderBy(changedAt)
    .orderBy('listings.indicator_id')
    .limit(limit);
  if (query.kinds !== undefined) {
    select = select.where(kind, 'in', query.kinds);
  }
  if (query.addedAfter !== undefined) {
    select = select.where(changedAt, '>', query.addedAfter);
  }
  const after = query.after;
  if (after !== undefined) {
    select = select.where((eb) =>
      eb.or([
        eb(changedAt, '>', after.updatedAt),
        eb.and([
          eb(changedAt, '=', after.updatedAt),
          eb('listings.indicator_id', '>', after.indicatorId),
        ]),
      ]),
    );
  }
  const rows = await select.execute();
  return rows.map((row) => ({
    ...row,
    indicatorId: Number(row.indicatorId),
    decisionId: row.decisionId === null ? null : Number(row.decisionId),
  }));
}

/**
 * Returns the SOA serial of zone `name` for records with `contentHash`. While
 * the records stay the same it is the stored serial. Otherwise it is one more
 * than that, or the current Unix time in seconds when that is larger, so
 * serials increase even across a restored database. Runs in the caller's
 * transaction.
 */
export async function exportSerial(
  db: Kysely<Schema>,
  dialect: Dialect,
  name: string,
  contentHash: string,
  now: Date,
): Promise<number> {
  if (dialect === 'postgres') {
    await sql`select pg_advisory_xact_lock(hashtext(${`vigil.export_serial.${name}`}))`.execute(db);
  }
  const row = await db
    .selectFrom('export_serials')
    .select(['serial', 'content_hash'])
    .where('name', '=', name)
    .executeTakeFirst();
  if (row !== undefined && row.content_hash === contentHash) {
    return Number(row.serial);
  }
  const previous = row === undefined ? 0 : Number(row.serial);
  // SOA serials are 32-bit; Unix seconds fit until 2106.
  const serial = Math.max(previous + 1, Math.floor(now.getTime() / 1000)) % 2 ** 32;
  const at = now.toISOString();
  await db
    .insertInto('export_serials')
    .values({ name, serial, content_hash: contentHash, updated_at: at })
    .onConflict((conflict) =>
      conflict.column('name').doUpdateSet({ serial, content_hash: contentHash, updated_at: at }),
    )
    .execute();
  return serial;
}

/**
 * A trigger name of the RPZ export: the listing's indicator id, the name (a
 * listed domain, or the host of a listed root URL), and 1 when it is a domain
 * whose subdomains are blocked too.
 */
export type RpzCandidate = readonly [indicatorId: number, name: string, wildcard: number];

/**
 * Yields the trigger names of active, unexpired listings that a reader of
 * `tlps` may receive, in pages in indicator id order. The SQL applies the
 * rules of `rpzNames` and `isExportable`, so that only names travel: domains
 * and URLs that are a host's root page, and no false information or warning
 * labels. On SQLite the compiled query runs as a raw better-sqlite3
 * statement, because building a row object for each of a million listings
 * took most of the export's time.
 */
export async function* selectRpzCandidates(
  database: Pick<Database, 'db' | 'dialect' | 'sqlite'>,
  now: string,
  tlps: readonly string[],
  pageSize = 50_000,
): AsyncGenerator<RpzCandidate[]> {
  if (tlps.length === 0) {
    return;
  }
  let afterId = 0;
  for (;;) {
    const query = rpzCandidateQuery(database.db, database.dialect, now, tlps, afterId, pageSize);
    let rows: RpzCandidate[];
    const { sqlite } = database;
    if (sqlite) {
      const compiled = query.compile();
      // Under Kysely's connection lock, so the read never sees the rows of a
      // transaction still open on the same connection.
      rows = await database.db.connection().execute(() =>
        Promise.resolve(
          sqlite
            .prepare(compiled.sql)
            .raw(true)
            .all(...compiled.parameters) as RpzCandidate[],
        ),
      );
    } else {
      const objects = await query.execute();
      rows = objects.map((row) => [Number(row.id), row.name, Number(row.wildcard)] as const);
    }
    if (rows.length === 0) {
      return;
    }
    yield rows;
    afterId = Number(rows[rows.length - 1]![0]);
  }
}

function rpzCandidateQuery(
  db: Kysely<Schema>,
  dialect: Dialect,
  now: string,
  tlps: readonly string[],
  afterId: number,
  pageSize: number,
) {
  const { status, expiresAt, kind } = filterColumns(dialect);
  return db
    .selectFrom('listings')
    .innerJoin('indicators', 'indicators.id', 'listings.indicator_id')
    .select([
      'listings.indicator_id as id',
      sql<string>`case when indicators.kind = 'domain' then indicators.value else indicators.host end`.as(
        'name',
      ),
      sql<number>`case when indicators.kind = 'domain' then 1 else 0 end`.as('wildcard'),
    ])
    .where(status, '=', 'active')
    .where(expiresAt, '>', now)
    .where('listings.tlp', 'in', tlps)
    .where('listings.category', '<>', 'false_information')
    .where((eb) =>
      eb.or([
        eb('listings.decision_id', 'is', null),
        eb.not(
          eb.exists(
            eb
              .selectFrom('decisions')
              .select('decisions.id')
              .whereRef('decisions.id', '=', 'listings.decision_id')
              .where('decisions.action', '=', 'warning_label'),
          ),
        ),
      ]),
    )
    .where((eb) =>
      eb.or([
        eb(kind, '=', 'domain'),
        eb.and([
          eb(kind, '=', 'url'),
          eb('indicators.value', 'in', [
            sql<string>`'http://' || indicators.host || '/'`,
            sql<string>`'https://' || indicators.host || '/'`,
          ]),
        ]),
      ]),
    )
    .where('listings.indicator_id', '>', afterId)
    .orderBy('listings.indicator_id')
    .limit(pageSize);
}
