import type { Kysely } from 'kysely';

import type { Dialect } from '../dialect.ts';

/** Creates the tables of accountability: appeals, retention runs. */
export function createAccountabilityMigration(_dialect: Dialect) {
  return {
    async up(_db: Kysely<unknown>): Promise<void> {},
  };
}
