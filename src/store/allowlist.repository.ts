import type { Kysely } from 'kysely';

import type { Database } from './database.ts';
import type { Schema } from './schema.ts';

/** One registrable domain of the popular-domain list. */
export interface PopularDomainRow {
  readonly domain: string;
  /** Its rank in the source list, when the list is ranked. */
  readonly rank: number | null;
}

/** Rows per insert statement: well under SQLite's 32,766 bound parameters at 4 per row. */
const INSERT_CHUNK = 500;

function kyselyOf(db: Kysely<Schema> | Database): Kysely<Schema> {
  return 'dialect' in db && 'db' in db ? db.db : db;
}

/**
 * Tells whether a registrable domain is on the popular-domain list. Accepts the database or a
 * transaction; the domain must be lowercase ASCII, as `Indicator.registrableDomain` is.
 */
export async function isPopularDomain(
  db: Kysely<Schema> | Database,
  registrableDomain: string,
): Promise<boolean> {
  const row = await kyselyOf(db)
    .selectFrom('popular_domains')
    .select('domain')
    .where('domain', '=', registrableDomain)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Inserts popular domains in one transaction, replacing the rank and source of any already
 * listed. Returns the number of rows written; rows must be unique by domain.
 */
export async function insertPopularDomains(
  database: Database,
  rows: readonly PopularDomainRow[],
  options: { readonly source: string; readonly now: string },
): Promise<number> {
  await database.db.transaction().execute(async (trx) => {
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const chunk = rows.slice(start, start + INSERT_CHUNK).map((row) => ({
        domain: row.domain,
        rank: row.rank,
        source: options.source,
        imported_at: options.now,
      }));
      await trx
        .insertInto('popular_domains')
        .values(chunk)
        .onConflict((conflict) =>
          conflict.column('domain').doUpdateSet((eb) => ({
            rank: eb.ref('excluded.rank'),
            source: eb.ref('excluded.source'),
            imported_at: eb.ref('excluded.imported_at'),
          })),
        )
        .execute();
    }
  });
  return rows.length;
}

/** Returns every popular domain, for checks that run over many domains at once. */
export async function selectPopularDomains(db: Kysely<Schema> | Database): Promise<Set<string>> {
  const rows = await kyselyOf(db).selectFrom('popular_domains').select('domain').execute();
  return new Set(rows.map((row) => row.domain));
}
