import type { Database } from '../../src/store/database.ts';

/** A table that an import writes to. */
export type ImportedTable = 'indicators' | 'provenance' | 'listings';

/** Returns the number of rows in one table. */
export async function countRows(database: Database, table: ImportedTable): Promise<number> {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Returns the row counts of the three tables an import writes to. */
export async function countImportedRows(database: Database) {
  return {
    indicators: await countRows(database, 'indicators'),
    provenance: await countRows(database, 'provenance'),
    listings: await countRows(database, 'listings'),
  };
}
