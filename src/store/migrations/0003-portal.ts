import type { Kysely } from 'kysely';

import type { Dialect } from '../dialect.ts';

/** Creates the tables of the public portal: warnings, rate-limit counters. */
export function createPortalMigration(_dialect: Dialect) {
  return {
    async up(_db: Kysely<unknown>): Promise<void> {},
  };
}
